"""Orders on supply listings: place, accept or reject, ship, deliver, confirm receipt, cancel, expire.

Every transition locks the order (and, when quantity moves, the listing after it: always in that order,
so two transitions never wait on each other), checks the actor and `Order.TRANSITIONS`, writes an
`OrderEvent` and notifies the other side after commit. Accepting commits the ordered quantity against
the listing; the check here and the `listing_not_oversold` constraint make sure that two orders racing
for the last units cannot both be accepted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Enterprise, Region, User
from accounts.notifications import Notice, notify
from accounts.services import require_verified_enterprise
from listings.choices import Kind, Side
from listings.models import Listing
from matching.models import Match
from orders import notices
from orders.models import Order, OrderEvent, Quote
from orders.services.common import (
    ORDERED,
    acting_enterprise,
    people_of,
    record_match_step,
    require_match_of,
    transition,
)
from platform_site.errors import ApplicationError, Conflict, TransitionNotAllowed
from platform_site.formats import number

Status = Order.Status
CENT = Decimal("0.01")
# The largest total a money column (18 digits, 2 decimals) holds.
MAX_TOTAL = Decimal("9999999999999999.99")


def order_total(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return (quantity * unit_price).quantize(CENT, rounding=ROUND_HALF_UP)


def _link(order: Order) -> str:
    return reverse("orders:order_detail", args=[order.pk])


def _record(order: Order, actor: User | None, action: str, *, from_status: str = "", note: str = "") -> None:
    OrderEvent.objects.create(
        order=order, actor=actor, action=action, from_status=from_status, to_status=order.status, note=note
    )


def _tell(
    order: Order, enterprise_id: int, notice: Notice, *, also: User | None = None, **params: str
) -> None:
    notify(
        recipients=people_of(enterprise_id, also),
        notice=notice,
        link=_link(order),
        number=str(order.pk),
        title=order.listing.title,
        **params,
    )


def _lock(order: Order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("listing", "buyer", "seller", "placed_by")
        .get(pk=order.pk)
    )


def _as_seller(order: Order, actor: User) -> Enterprise:
    return acting_enterprise(
        actor, order.seller_id, message=_("Only the seller's members may do this with the order.")
    )


def _as_buyer(order: Order, actor: User) -> Enterprise:
    return acting_enterprise(
        actor, order.buyer_id, message=_("Only the buyer's members may do this with the order.")
    )


def _as_party(order: Order, actor: User) -> Enterprise:
    return acting_enterprise(
        actor, order.buyer_id, order.seller_id, message=_("Only the buyer and the seller may do this.")
    )


def _other_side(order: Order, enterprise: Enterprise) -> int:
    return order.seller_id if enterprise.pk == order.buyer_id else order.buyer_id


def _required_text(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


# ---------------------------------------------------------------------------------------------------
# Placing an order


@dataclass(frozen=True)
class OrderTerms:
    """What a buyer asks for; checked against the listing by `check_terms`."""

    quantity: Decimal
    unit_price: Decimal | None
    delivery_region: Region
    delivery_address: str
    requested_delivery_date: datetime.date | None = None
    note: str = ""


def default_unit_price(listing: Listing) -> Decimal | None:
    """The listing's price when it states one price (not a range); the buyer gives one otherwise."""
    if listing.price_min is not None and listing.price_max is not None:
        return listing.price_min if listing.price_min == listing.price_max else None
    return listing.price_min if listing.price_min is not None else listing.price_max


def check_orderable(listing: Listing, buyer: Enterprise) -> None:
    """The listing must be a published product supply of another enterprise."""
    if listing.side != Side.SUPPLY or listing.kind != Kind.PRODUCT:
        raise ApplicationError(
            _("Orders are placed on product supply listings; quote on a demand or request a licence."),
            code="not_orderable",
            fields={"listing": [_("Not a product supply listing.")]},
        )
    if listing.enterprise_id == buyer.pk:
        raise ApplicationError(
            _("You cannot order from your own enterprise's listing."),
            code="own_listing",
            fields={"listing": [_("This is your own listing.")]},
        )
    if listing.status != Listing.Status.PUBLISHED:
        raise TransitionNotAllowed(
            _("This listing is not published, so it takes no orders."),
            code="listing_not_published",
        )


def check_terms(listing: Listing, terms: OrderTerms) -> Decimal:
    """The unit price the order will carry; every field error at once if the terms do not fit."""
    errors: dict[str, list[str]] = {}
    quantity = terms.quantity
    if quantity is None or quantity <= 0:
        errors["quantity"] = [_("Order more than zero.")]
    elif listing.min_order_quantity is not None and quantity < listing.min_order_quantity:
        errors["quantity"] = [
            _("The minimum order is %(moq)s %(unit)s.")
            % {"moq": number(listing.min_order_quantity), "unit": listing.unit}
        ]
    elif (available := listing.quantity_available) is not None and quantity > available:
        errors["quantity"] = [
            _("Only %(available)s %(unit)s are available.")
            % {"available": number(available), "unit": listing.unit}
        ]

    unit_price = terms.unit_price if terms.unit_price is not None else default_unit_price(listing)
    if unit_price is None:
        errors["unit_price"] = [_("The listing gives a price range or none; propose a unit price.")]
    elif unit_price < 0:
        errors["unit_price"] = [_("Must not be negative.")]
    elif not listing.price_negotiable and (
        (listing.price_min is not None and unit_price < listing.price_min)
        or (listing.price_max is not None and unit_price > listing.price_max)
    ):
        errors["unit_price"] = [
            _("The listing's price is %(low)s–%(high)s CNY and not negotiable.")
            % {"low": listing.price_min or listing.price_max, "high": listing.price_max or listing.price_min}
        ]

    if unit_price is not None and quantity and quantity * unit_price > MAX_TOTAL:
        errors.setdefault("quantity", [_("The order's total is too large; order fewer units.")])
    if not (terms.delivery_address or "").strip():
        errors["delivery_address"] = [_("Give the delivery address.")]
    if terms.requested_delivery_date is not None and terms.requested_delivery_date < timezone.localdate():
        errors["requested_delivery_date"] = [_("The date has passed; choose today or later.")]
    if errors:
        raise ValidationError(errors)
    assert unit_price is not None  # noqa: S101 - an error was raised otherwise
    return unit_price


@transaction.atomic
def order_place(*, actor: User, listing: Listing, terms: OrderTerms, match: Match | None = None) -> Order:
    """A member of a verified enterprise orders from a published product listing of another one.

    From an approved match, the match's funnel moves to "ordered".
    """
    buyer = require_verified_enterprise(actor)
    listing = Listing.objects.select_related("enterprise").get(pk=listing.pk)
    check_orderable(listing, buyer)
    require_match_of(match, listing_id=listing.pk, enterprise_id=buyer.pk)
    unit_price = check_terms(listing, terms)
    order = Order.objects.create(
        listing=listing,
        buyer=buyer,
        seller_id=listing.enterprise_id,
        placed_by=actor,
        match=match,
        quantity=terms.quantity,
        unit=listing.unit,
        unit_price=unit_price,
        total=order_total(terms.quantity, unit_price),
        delivery_region=terms.delivery_region,
        delivery_address=terms.delivery_address.strip(),
        requested_delivery_date=terms.requested_delivery_date,
        note=(terms.note or "").strip(),
    )
    _record(order, actor, OrderEvent.Action.PLACED)
    _tell(
        order,
        order.seller_id,
        notices.ORDER_PLACED,
        buyer=buyer.display_name,
        quantity=f"{number(order.quantity)} {order.unit}".strip(),
        total=f"{order.total:,.2f}",
        days=str(settings.ORDER_ACCEPT_WITHIN_DAYS),
    )
    record_match_step(match, actor, ORDERED)
    return order


@transaction.atomic
def order_create_from_quote(*, quote: Quote, actor: User, delivery_address: str = "") -> Order:
    """The accepted order an awarded quote becomes (called by the award, inside its transaction)."""
    rfq = quote.request
    listing = rfq.listing
    buyer = rfq.buyer
    order = Order.objects.create(
        listing=listing,
        buyer=buyer,
        seller=quote.supplier,
        placed_by=actor,
        match=quote.match,
        quote=quote,
        quantity=quote.quantity,
        unit=listing.unit,
        unit_price=quote.unit_price,
        total=quote.total,
        delivery_region=listing.region,
        delivery_address=(delivery_address or buyer.address or listing.region.name_zh).strip(),
        requested_delivery_date=listing.deadline,
        status=Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    _record(order, actor, OrderEvent.Action.AWARDED)
    record_match_step(quote.match, actor, ORDERED)
    return order


# ---------------------------------------------------------------------------------------------------
# The seller's answer


def _commit_quantity(order: Order, sign: int) -> None:
    """Add (sign 1) or release (sign -1) the order's quantity on its supply listing, under the listing's
    lock; refuse to commit more than is left."""
    if order.listing.side != Side.SUPPLY:
        return
    listing = (
        Listing.objects.select_for_update()
        .only("pk", "quantity", "quantity_committed", "unit")
        .get(pk=order.listing_id)
    )
    available = listing.quantity_available
    if sign > 0 and available is not None and order.quantity > available:
        raise Conflict(
            _("Only %(available)s %(unit)s are left, fewer than this order's %(quantity)s.")
            % {
                "available": number(available),
                "unit": listing.unit,
                "quantity": number(order.quantity),
            },
            code="insufficient_quantity",
        )
    Listing.objects.filter(pk=listing.pk).update(
        quantity_committed=F("quantity_committed") + sign * order.quantity
    )


@transaction.atomic
def order_accept(*, order: Order, actor: User, note: str = "") -> Order:
    """The seller accepts a placed order; its quantity is committed against the listing."""
    order = _lock(order)
    _as_seller(order, actor)
    from_status = transition(order, Status.ACCEPTED, Status)
    _commit_quantity(order, 1)
    order.accepted_at = timezone.now()
    order.save(update_fields=["status", "accepted_at", "updated_at"])
    _record(order, actor, OrderEvent.Action.ACCEPTED, from_status=from_status, note=note)
    _tell(order, order.buyer_id, notices.ORDER_ACCEPTED, also=order.placed_by)
    return order


@transaction.atomic
def order_reject(*, order: Order, actor: User, reason: str) -> Order:
    """The seller turns a placed order down, with a reason the buyer reads."""
    reason = _required_text("reason", reason, _("Tell the buyer why."))
    order = _lock(order)
    _as_seller(order, actor)
    from_status = transition(order, Status.REJECTED, Status)
    order.reject_reason, order.closed_at = reason, timezone.now()
    order.save(update_fields=["status", "reject_reason", "closed_at", "updated_at"])
    _record(order, actor, OrderEvent.Action.REJECTED, from_status=from_status, note=reason)
    _tell(order, order.buyer_id, notices.ORDER_REJECTED, also=order.placed_by, reason=reason)
    return order


# ---------------------------------------------------------------------------------------------------
# Cancellation


def _cancel(order: Order, actor: User, reason: str, *, tell: int) -> Order:
    from_status = transition(order, Status.CANCELLED, Status)
    if from_status in Order.COMMITTED:
        _commit_quantity(order, -1)
    order.closed_at = timezone.now()
    order.cancel_reason = reason or order.cancel_reason
    order.save(update_fields=["status", "closed_at", "cancel_reason", "updated_at"])
    _record(order, actor, OrderEvent.Action.CANCELLED, from_status=from_status, note=order.cancel_reason)
    _tell(order, tell, notices.ORDER_CANCELLED, also=order.placed_by, reason=order.cancel_reason or "-")
    return order


@transaction.atomic
def order_cancel(*, order: Order, actor: User, reason: str = "") -> Order:
    """The buyer withdraws an order the seller has not answered yet."""
    order = _lock(order)
    _as_buyer(order, actor)
    if order.status != Status.PLACED:
        raise TransitionNotAllowed(
            _("Only an order not yet accepted can be cancelled at once; request a cancellation instead.")
        )
    return _cancel(order, actor, (reason or "").strip(), tell=order.seller_id)


@transaction.atomic
def order_request_cancellation(*, order: Order, actor: User, reason: str) -> Order:
    """Either side asks to cancel an accepted order; the other side confirms or declines."""
    reason = _required_text("reason", reason, _("Say why the order should be cancelled."))
    order = _lock(order)
    enterprise = _as_party(order, actor)
    if order.status != Status.ACCEPTED:
        raise TransitionNotAllowed(_("Only an accepted order that has not shipped can be cancelled."))
    if order.cancel_requested_by_id is not None:
        raise TransitionNotAllowed(_("A cancellation request is already waiting for an answer."))
    order.cancel_requested_by, order.cancel_requested_at = enterprise, timezone.now()
    order.cancel_reason = reason
    order.save(update_fields=["cancel_requested_by", "cancel_requested_at", "cancel_reason", "updated_at"])
    _record(order, actor, OrderEvent.Action.CANCELLATION_REQUESTED, from_status=order.status, note=reason)
    _tell(
        order,
        _other_side(order, enterprise),
        notices.ORDER_CANCELLATION_REQUESTED,
        who=enterprise.display_name,
        reason=reason,
    )
    return order


def _answering_side(order: Order, actor: User) -> Enterprise:
    enterprise = _as_party(order, actor)
    if order.cancel_requested_by_id is None:
        raise TransitionNotAllowed(_("No cancellation has been requested."))
    if order.cancel_requested_by_id == enterprise.pk:
        raise TransitionNotAllowed(_("The other side answers your cancellation request."))
    return enterprise


@transaction.atomic
def order_confirm_cancellation(*, order: Order, actor: User) -> Order:
    """The other side agrees to cancel: the order is cancelled and its quantity released."""
    order = _lock(order)
    enterprise = _answering_side(order, actor)
    return _cancel(order, actor, "", tell=_other_side(order, enterprise))


@transaction.atomic
def order_decline_cancellation(*, order: Order, actor: User, note: str = "") -> Order:
    """The other side refuses to cancel; the order goes on as accepted."""
    order = _lock(order)
    enterprise = _answering_side(order, actor)
    order.cancel_requested_by, order.cancel_requested_at = None, None
    order.save(update_fields=["cancel_requested_by", "cancel_requested_at", "updated_at"])
    _record(order, actor, OrderEvent.Action.CANCELLATION_DECLINED, from_status=order.status, note=note)
    _tell(order, _other_side(order, enterprise), notices.ORDER_CANCELLATION_DECLINED)
    return order


# ---------------------------------------------------------------------------------------------------
# Fulfilment


@transaction.atomic
def order_ship(*, order: Order, actor: User, note: str = "") -> Order:
    """The seller ships an accepted order (the note carries the carrier and tracking number)."""
    order = _lock(order)
    _as_seller(order, actor)
    if order.cancel_requested_by_id is not None:
        raise TransitionNotAllowed(_("Answer the cancellation request before shipping."))
    from_status = transition(order, Status.SHIPPED, Status)
    order.shipped_at = timezone.now()
    order.save(update_fields=["status", "shipped_at", "updated_at"])
    _record(order, actor, OrderEvent.Action.SHIPPED, from_status=from_status, note=note)
    _tell(order, order.buyer_id, notices.ORDER_SHIPPED, also=order.placed_by, note=note)
    return order


@transaction.atomic
def order_mark_delivered(*, order: Order, actor: User, note: str = "") -> Order:
    """The seller records delivery; the buyer then confirms receipt."""
    order = _lock(order)
    _as_seller(order, actor)
    from_status = transition(order, Status.DELIVERED, Status)
    order.delivered_at = timezone.now()
    order.save(update_fields=["status", "delivered_at", "updated_at"])
    _record(order, actor, OrderEvent.Action.DELIVERED, from_status=from_status, note=note)
    _tell(order, order.buyer_id, notices.ORDER_DELIVERED, also=order.placed_by)
    return order


@transaction.atomic
def order_confirm_receipt(*, order: Order, actor: User, note: str = "") -> Order:
    """The buyer confirms receipt of a shipped or delivered order, which completes it."""
    order = _lock(order)
    _as_buyer(order, actor)
    from_status = transition(order, Status.COMPLETED, Status)
    now = timezone.now()
    order.delivered_at = order.delivered_at or now
    order.completed_at = now
    order.save(update_fields=["status", "delivered_at", "completed_at", "updated_at"])
    _record(order, actor, OrderEvent.Action.COMPLETED, from_status=from_status, note=note)
    _tell(order, order.seller_id, notices.ORDER_COMPLETED)
    return order


# ---------------------------------------------------------------------------------------------------
# Expiry (periodic)


def orders_expire(*, now: datetime.datetime | None = None) -> int:
    """Expire placed orders the seller left unanswered for `ORDER_ACCEPT_WITHIN_DAYS`; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.ORDER_ACCEPT_WITHIN_DAYS)
    due = Order.objects.filter(status=Status.PLACED, created_at__lt=cutoff).values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        with transaction.atomic():
            order = (
                Order.objects.select_for_update(of=("self",))
                .select_related("listing", "placed_by")
                .filter(pk=pk, status=Status.PLACED)
                .first()
            )
            if order is None:  # Answered since the list was read.
                continue
            from_status = transition(order, Status.EXPIRED, Status)
            order.closed_at = timezone.now()
            order.save(update_fields=["status", "closed_at", "updated_at"])
            _record(order, None, OrderEvent.Action.EXPIRED, from_status=from_status)
            for enterprise_id, also in ((order.buyer_id, order.placed_by), (order.seller_id, None)):
                _tell(order, enterprise_id, notices.ORDER_EXPIRED, also=also)
            expired += 1
    return expired


def order_actions(order: Order, enterprise_id: int | None) -> list[str]:
    """The transitions the enterprise may take on the order now (for buttons and the API)."""
    side = order.party_of(enterprise_id)
    if not side:
        return []
    status, pending = order.status, order.cancel_requested_by_id
    actions: dict[str, Any] = {
        "accept": side == "seller" and status == Status.PLACED,
        "reject": side == "seller" and status == Status.PLACED,
        "cancel": side == "buyer" and status == Status.PLACED,
        "request_cancellation": status == Status.ACCEPTED and pending is None,
        "confirm_cancellation": pending is not None and pending != enterprise_id,
        "decline_cancellation": pending is not None and pending != enterprise_id,
        "ship": side == "seller" and status == Status.ACCEPTED and pending is None,
        "mark_delivered": side == "seller" and status == Status.SHIPPED,
        "confirm_receipt": side == "buyer" and status in (Status.SHIPPED, Status.DELIVERED),
    }
    return [name for name, allowed in actions.items() if allowed]
