"""Races with real transactions on PostgreSQL: threads started together, exactly one winner.

SQLite serialises every write, so these races only mean something on PostgreSQL (CI runs them there).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections

from accounts.models import Membership
from listings.models import Listing
from orders.models import Order
from orders.services import orders as services
from platform_site.errors import ApplicationError
from tests.factories import EnterpriseFactory, ListingFactory, MembershipFactory, OrderFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("loaded_regions"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
]


def race(*attempts: Callable[[], Any]) -> list[Any]:
    """Run the attempts in threads released at the same moment; each result or the error it raised."""
    barrier = threading.Barrier(len(attempts))
    results: list[Any] = [None] * len(attempts)

    def run(index: int, attempt: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = attempt()
        except ApplicationError as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_orders_for_the_last_units_cannot_both_be_accepted() -> None:
    seller = MembershipFactory(role=Membership.Role.OWNER)
    other_seller_member = MembershipFactory(enterprise=seller.enterprise, role=Membership.Role.ADMIN)
    listing = ListingFactory(enterprise=seller.enterprise, quantity=Decimal("500"), min_order_quantity=None)
    first = OrderFactory(listing=listing, quantity=Decimal("300"))
    second = OrderFactory(listing=listing, quantity=Decimal("300"))

    results = race(
        lambda: services.order_accept(order=first, actor=seller.user),
        lambda: services.order_accept(order=second, actor=other_seller_member.user),
    )

    winners = [r for r in results if isinstance(r, Order)]
    losers = [r for r in results if isinstance(r, ApplicationError)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].code == "insufficient_quantity"
    listing.refresh_from_db()
    assert listing.quantity_committed == Decimal("300")
    assert Order.objects.filter(status=Order.Status.ACCEPTED).count() == 1


def test_many_sellers_clicks_never_oversell() -> None:
    seller = MembershipFactory(role=Membership.Role.OWNER)
    listing = ListingFactory(enterprise=seller.enterprise, quantity=Decimal("1000"), min_order_quantity=None)
    orders = [OrderFactory(listing=listing, quantity=Decimal("150")) for _ in range(8)]

    race(*[lambda o=o: services.order_accept(order=o, actor=seller.user) for o in orders])

    listing.refresh_from_db()
    accepted = Order.objects.filter(listing=listing, status=Order.Status.ACCEPTED).count()
    assert accepted == 6  # 6 x 150 = 900 <= 1000 < 7 x 150
    assert listing.quantity_committed == Decimal("900")
    assert Listing.objects.get(pk=listing.pk).quantity_available == Decimal("100")


def test_accept_against_cancel_has_exactly_one_winner() -> None:
    seller = MembershipFactory(role=Membership.Role.OWNER)
    buyer = MembershipFactory(enterprise=EnterpriseFactory(), role=Membership.Role.OWNER)
    listing = ListingFactory(enterprise=seller.enterprise)
    order = OrderFactory(listing=listing, buyer=buyer.enterprise)

    results = race(
        lambda: services.order_accept(order=order, actor=seller.user),
        lambda: services.order_cancel(order=order, actor=buyer.user),
    )

    assert sum(isinstance(r, Order) for r in results) == 1
    assert sum(isinstance(r, ApplicationError) and r.status_code == 409 for r in results) == 1
    order.refresh_from_db()
    listing.refresh_from_db()
    assert order.events.count() == 1  # the factory wrote none; only the winner's event
    committed = Decimal("200") if order.status == Order.Status.ACCEPTED else Decimal("0")
    assert order.status in (Order.Status.ACCEPTED, Order.Status.CANCELLED)
    assert listing.quantity_committed == committed
