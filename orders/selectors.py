"""Reads of orders: who sees which (the two parties and staff), and the confidential-attachment grant."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet

from accounts.services import membership_of
from listings.models import Listing
from orders.models import Order

# Orders that make their parties business partners: not turned down, not withdrawn before acceptance.
PARTNERED = ~Q(status__in=[Order.Status.REJECTED, Order.Status.EXPIRED]) & ~Q(
    status=Order.Status.CANCELLED, accepted_at__isnull=True
)


def order_queryset() -> QuerySet[Order]:
    """Orders with what their pages and the API show; the listing without its long texts (a wide join
    costs PostgreSQL more to plan than to run)."""
    return Order.objects.select_related("listing", "buyer", "seller", "delivery_region").defer(
        "listing__description", "listing__search_title", "listing__search_body", "listing__tech_patents"
    )


def orders_visible_to(user: Any) -> QuerySet[Order]:
    """Every order for staff; the orders an enterprise placed or received for its members; else none."""
    if getattr(user, "is_staff", False):
        return order_queryset()
    membership = membership_of(user)
    if membership is None:
        return Order.objects.none()
    mine = membership.enterprise_id
    return order_queryset().filter(Q(buyer_id=mine) | Q(seller_id=mine))


def is_party_of_order(listing: Listing, user: Any) -> bool:
    """Whether the user's enterprise is a party of an order on this listing (a grant rule for the
    listing's confidential attachments: buyers of a supply, the awarded supplier of a demand)."""
    membership = membership_of(user)
    if membership is None:
        return False
    mine = membership.enterprise_id
    return (
        Order.objects.filter(PARTNERED, listing=listing).filter(Q(buyer_id=mine) | Q(seller_id=mine)).exists()
    )


def parties_of_orders(listings: Sequence[Listing], user: Any) -> set[int]:
    """`is_party_of_order` for a page of listings, in one query."""
    membership = membership_of(user)
    if membership is None or not listings:
        return set()
    mine = membership.enterprise_id
    rows = (
        Order.objects.filter(PARTNERED, listing_id__in=[listing.pk for listing in listings])
        .filter(Q(buyer_id=mine) | Q(seller_id=mine))
        .values_list("listing_id", flat=True)
    )
    return set(rows)
