"""Order services: placing, every allowed and refused transition per role, quantity, expiry."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Membership, Notification
from listings.choices import Kind
from listings.models import Listing
from matching.models import Match
from orders.models import Order, OrderEvent
from orders.services import orders as services
from orders.services.orders import OrderTerms
from platform_site.errors import ApplicationError, NotPermitted, TransitionNotAllowed
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    MatchFactory,
    MembershipFactory,
    OrderFactory,
    PendingEnterpriseFactory,
    StaffFactory,
    region,
)

pytestmark = pytest.mark.django_db

Status = Order.Status


def terms(**changes: Any) -> OrderTerms:
    values: dict[str, Any] = {
        "quantity": Decimal("200"),
        "unit_price": Decimal("400"),
        "delivery_region": region(),
        "delivery_address": "合肥市包河区繁华大道 1 号",
        "requested_delivery_date": timezone.localdate() + datetime.timedelta(days=20),
    }
    values.update(changes)
    return OrderTerms(**values)


@pytest.fixture
def seller() -> Membership:
    return MembershipFactory(role=Membership.Role.OWNER)


@pytest.fixture
def buyer() -> Membership:
    return MembershipFactory(enterprise=EnterpriseFactory(), role=Membership.Role.OWNER)


@pytest.fixture
def listing(seller: Membership) -> Listing:
    return ListingFactory(enterprise=seller.enterprise)  # 10,000 件 at 380-420, MOQ 100


def place(buyer: Membership, listing: Listing, **changes: Any) -> Order:
    return services.order_place(actor=buyer.user, listing=listing, terms=terms(**changes))


def test_placing_an_order_records_it_and_tells_the_seller(buyer: Any, seller: Any, listing: Listing) -> None:
    order = place(buyer, listing)

    assert order.status == Status.PLACED
    assert (order.buyer, order.seller) == (buyer.enterprise, seller.enterprise)
    assert order.total == Decimal("80000.00")
    assert order.unit == "件"
    assert list(order.events.values_list("action", flat=True)) == [OrderEvent.Action.PLACED]
    notice = Notification.objects.get(recipient=seller.user)
    assert notice.kind == "order.placed" and f"#{order.pk}" in notice.title
    assert not Notification.objects.filter(recipient=buyer.user).exists()
    listing.refresh_from_db()
    assert listing.quantity_committed == 0  # nothing is reserved before the seller accepts


def test_the_listings_single_price_is_taken_when_none_is_given(buyer: Any, seller: Any) -> None:
    listing = ListingFactory(enterprise=seller.enterprise, price_min=Decimal("50"), price_max=Decimal("50"))
    order = place(buyer, listing, unit_price=None)
    assert order.unit_price == Decimal("50") and order.total == Decimal("10000.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": Decimal("0")}, "quantity"),
        ({"quantity": Decimal("-5")}, "quantity"),
        ({"quantity": Decimal("99")}, "quantity"),  # below the minimum order of 100
        ({"quantity": Decimal("10001")}, "quantity"),  # more than is available
        ({"unit_price": Decimal("300")}, "unit_price"),  # below the fixed range 380-420
        ({"unit_price": None}, "unit_price"),  # a range needs a proposal
        ({"unit_price": Decimal("-1")}, "unit_price"),
        ({"delivery_address": "  "}, "delivery_address"),
        (
            {"requested_delivery_date": timezone.localdate() - datetime.timedelta(days=1)},
            "requested_delivery_date",
        ),
    ],
)
def test_bad_terms_name_the_field_and_write_nothing(
    buyer: Any, listing: Listing, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        place(buyer, listing, **changes)
    assert field in caught.value.message_dict
    assert not Order.objects.exists() and not Notification.objects.exists()


def test_a_negotiable_price_may_be_below_the_range(buyer: Any, seller: Any) -> None:
    listing = ListingFactory(enterprise=seller.enterprise, price_negotiable=True)
    assert place(buyer, listing, unit_price=Decimal("300")).unit_price == Decimal("300")


def test_orders_are_refused_on_the_wrong_listings(buyer: Any, seller: Any, listing: Listing) -> None:
    closed = ListingFactory(enterprise=seller.enterprise, status=Listing.Status.CLOSED)
    with pytest.raises(TransitionNotAllowed):
        place(buyer, closed)
    with pytest.raises(ApplicationError) as own:
        services.order_place(actor=seller.user, listing=listing, terms=terms())
    assert own.value.code == "own_listing"
    with pytest.raises(ApplicationError) as demand:
        place(buyer, DemandListingFactory())
    assert demand.value.code == "not_orderable"
    technology = ListingFactory(
        enterprise=seller.enterprise,
        kind=Kind.TECHNOLOGY,
        quantity=None,
        unit="",
        min_order_quantity=None,
        lead_time_days=None,
    )
    with pytest.raises(ApplicationError):
        place(buyer, technology)
    assert not Order.objects.exists()


def test_an_unverified_enterprise_cannot_order(listing: Listing) -> None:
    pending = MembershipFactory(enterprise=PendingEnterpriseFactory())
    with pytest.raises(NotPermitted):
        place(pending, listing)


def test_an_order_from_an_approved_match_moves_its_funnel(buyer: Any, seller: Any, listing: Listing) -> None:
    match = MatchFactory(
        supply=listing,
        demand=DemandListingFactory(enterprise=buyer.enterprise),
        status=Match.Status.APPROVED,
        reviewed_at=timezone.now(),
    )
    order = services.order_place(actor=buyer.user, listing=listing, terms=terms(), match=match)
    match.refresh_from_db()
    assert order.match == match and match.ordered_at is not None
    someone_elses = MatchFactory(supply=listing, status=Match.Status.APPROVED, reviewed_at=timezone.now())
    with pytest.raises(NotPermitted):
        services.order_place(actor=buyer.user, listing=listing, terms=terms(), match=someone_elses)


# ---------------------------------------------------------------------------------------------------
# Transitions: who may take which, from which status


@pytest.fixture
def order(buyer: Any, listing: Listing) -> Order:
    return place(buyer, listing)


def test_the_full_journey_and_its_timeline(buyer: Any, seller: Any, order: Order) -> None:
    services.order_accept(order=order, actor=seller.user)
    services.order_ship(order=order, actor=seller.user, note="顺丰 SF123")
    services.order_mark_delivered(order=order, actor=seller.user)
    order = services.order_confirm_receipt(order=order, actor=buyer.user)

    assert order.status == Status.COMPLETED
    assert all((order.accepted_at, order.shipped_at, order.delivered_at, order.completed_at))
    assert [(e.action, e.from_status, e.to_status) for e in order.events.order_by("created_at", "id")] == [
        ("placed", "", "placed"),
        ("accepted", "placed", "accepted"),
        ("shipped", "accepted", "shipped"),
        ("delivered", "shipped", "delivered"),
        ("completed", "delivered", "completed"),
    ]
    assert order.events.get(action="shipped").note == "顺丰 SF123"
    assert set(Notification.objects.filter(recipient=buyer.user).values_list("kind", flat=True)) == {
        "order.accepted",
        "order.shipped",
        "order.delivered",
    }


def test_receipt_of_a_shipped_order_completes_it(buyer: Any, seller: Any, order: Order) -> None:
    services.order_accept(order=order, actor=seller.user)
    services.order_ship(order=order, actor=seller.user)
    order = services.order_confirm_receipt(order=order, actor=buyer.user)
    assert order.status == Status.COMPLETED and order.delivered_at is not None


def test_accepting_commits_the_quantity(seller: Any, order: Order, listing: Listing) -> None:
    services.order_accept(order=order, actor=seller.user)
    listing.refresh_from_db()
    assert listing.quantity_committed == Decimal("200")
    assert listing.quantity_available == Decimal("9800")


def test_accepting_more_than_is_left_is_refused(buyer: Any, seller: Any, listing: Listing) -> None:
    first, second = (
        place(buyer, listing, quantity=Decimal("6000")),
        place(buyer, listing, quantity=Decimal("6000")),
    )
    services.order_accept(order=first, actor=seller.user)
    with pytest.raises(ApplicationError) as caught:
        services.order_accept(order=second, actor=seller.user)
    assert caught.value.status_code == 409 and caught.value.code == "insufficient_quantity"
    second.refresh_from_db()
    listing.refresh_from_db()
    assert second.status == Status.PLACED and listing.quantity_committed == Decimal("6000")


@pytest.mark.parametrize(
    ("who", "service", "params"),
    [
        ("buyer", services.order_accept, {}),
        ("buyer", services.order_reject, {"reason": "no"}),
        ("buyer", services.order_ship, {}),
        ("seller", services.order_cancel, {}),
        ("outsider", services.order_accept, {}),
        ("outsider", services.order_cancel, {}),
        ("staff", services.order_accept, {}),
    ],
)
def test_only_the_right_side_takes_each_step(
    buyer: Any, seller: Any, order: Order, who: str, service: Any, params: dict[str, Any]
) -> None:
    actor = {
        "buyer": buyer.user,
        "seller": seller.user,
        "outsider": MembershipFactory(enterprise=EnterpriseFactory()).user,
        "staff": StaffFactory(),
    }[who]
    with pytest.raises(NotPermitted):
        service(order=order, actor=actor, **params)
    order.refresh_from_db()
    assert order.status == Status.PLACED and order.events.count() == 1


def test_steps_out_of_order_are_refused(buyer: Any, seller: Any, order: Order) -> None:
    for service, actor in (
        (services.order_ship, seller.user),
        (services.order_mark_delivered, seller.user),
        (services.order_confirm_receipt, buyer.user),
    ):
        with pytest.raises(TransitionNotAllowed):
            service(order=order, actor=actor)
    services.order_accept(order=order, actor=seller.user)
    with pytest.raises(TransitionNotAllowed):
        services.order_accept(order=order, actor=seller.user)
    with pytest.raises(TransitionNotAllowed):
        services.order_cancel(order=order, actor=buyer.user)


def test_rejection_needs_a_reason_and_tells_the_buyer(buyer: Any, seller: Any, order: Order) -> None:
    with pytest.raises(ValidationError):
        services.order_reject(order=order, actor=seller.user, reason="  ")
    order = services.order_reject(order=order, actor=seller.user, reason="产能已满")
    assert order.status == Status.REJECTED and order.reject_reason == "产能已满"
    assert Notification.objects.filter(recipient=buyer.user, kind="order.rejected").exists()


def test_the_buyer_cancels_a_placed_order(buyer: Any, seller: Any, order: Order) -> None:
    order = services.order_cancel(order=order, actor=buyer.user, reason="需求变更")
    assert order.status == Status.CANCELLED
    assert Notification.objects.filter(recipient=seller.user, kind="order.cancelled").exists()


def test_cancelling_an_accepted_order_takes_both_sides(
    buyer: Any, seller: Any, order: Order, listing: Listing
) -> None:
    services.order_accept(order=order, actor=seller.user)
    with pytest.raises(ValidationError):
        services.order_request_cancellation(order=order, actor=buyer.user, reason="")
    services.order_request_cancellation(order=order, actor=buyer.user, reason="项目推迟")
    with pytest.raises(TransitionNotAllowed):  # the asking side cannot answer itself
        services.order_confirm_cancellation(order=order, actor=buyer.user)
    with pytest.raises(TransitionNotAllowed):  # nor ship while the request waits
        services.order_ship(order=order, actor=seller.user)

    order = services.order_confirm_cancellation(order=order, actor=seller.user)

    listing.refresh_from_db()
    assert order.status == Status.CANCELLED and order.cancel_reason == "项目推迟"
    assert listing.quantity_committed == 0  # the reserved units are released


def test_a_declined_cancellation_leaves_the_order_accepted(buyer: Any, seller: Any, order: Order) -> None:
    services.order_accept(order=order, actor=seller.user)
    services.order_request_cancellation(order=order, actor=seller.user, reason="原料短缺")
    order = services.order_decline_cancellation(order=order, actor=buyer.user, note="请按期交付")
    assert order.status == Status.ACCEPTED and order.cancel_requested_by is None
    assert services.order_ship(order=order, actor=seller.user).status == Status.SHIPPED


def test_unanswered_orders_expire(settings: Any, buyer: Any, seller: Any, listing: Listing) -> None:
    settings.ORDER_ACCEPT_WITHIN_DAYS = 7
    old = OrderFactory(listing=listing, buyer=buyer.enterprise)
    Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    recent = OrderFactory(listing=listing, buyer=buyer.enterprise)
    accepted = OrderFactory(listing=listing, buyer=buyer.enterprise, status=Status.ACCEPTED)
    Order.objects.filter(pk=accepted.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))

    assert services.orders_expire() == 1
    assert services.orders_expire() == 0  # idempotent

    old.refresh_from_db(), recent.refresh_from_db(), accepted.refresh_from_db()
    assert (old.status, recent.status, accepted.status) == (Status.EXPIRED, Status.PLACED, Status.ACCEPTED)
    assert Notification.objects.filter(recipient=seller.user, kind="order.expired").count() == 1
    with pytest.raises(TransitionNotAllowed):
        services.order_accept(order=old, actor=seller.user)


def test_the_actions_offered_follow_the_status_and_the_side(buyer: Any, seller: Any, order: Order) -> None:
    assert services.order_actions(order, seller.enterprise.pk) == ["accept", "reject"]
    assert services.order_actions(order, buyer.enterprise.pk) == ["cancel"]
    assert services.order_actions(order, EnterpriseFactory().pk) == []
    order = services.order_accept(order=order, actor=seller.user)
    assert services.order_actions(order, seller.enterprise.pk) == ["request_cancellation", "ship"]


def test_the_listing_cannot_shrink_below_what_is_committed(
    seller: Any, order: Order, listing: Listing
) -> None:
    from listings.services import listing_update

    services.order_accept(order=order, actor=seller.user)
    with pytest.raises(ValidationError) as caught:
        listing_update(listing=listing, actor=seller.user, quantity=Decimal("150"))
    assert "quantity" in caught.value.message_dict


def test_a_total_too_large_to_store_is_a_field_error(buyer: Any, seller: Any) -> None:
    listing = ListingFactory(
        enterprise=seller.enterprise, quantity=None, min_order_quantity=None, price_negotiable=True
    )
    with pytest.raises(ValidationError) as caught:
        place(buyer, listing, quantity=Decimal("99999999999"), unit_price=Decimal("9999999999999999"))
    assert "quantity" in caught.value.message_dict
    assert not Order.objects.exists()
