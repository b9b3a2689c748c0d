"""The orders API and pages: placing with an Idempotency-Key, actions, errors, who sees what."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import IdempotencyKey, Membership
from listings.models import Listing
from orders.models import Order
from tests.conftest import client_for
from tests.factories import (
    EnterpriseFactory,
    ListingFactory,
    MembershipFactory,
    OrderFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders/"


@pytest.fixture
def seller() -> Membership:
    return MembershipFactory(role=Membership.Role.OWNER)


@pytest.fixture
def buyer() -> Membership:
    return MembershipFactory(enterprise=EnterpriseFactory(), role=Membership.Role.MEMBER)


@pytest.fixture
def listing(seller: Membership) -> Listing:
    return ListingFactory(enterprise=seller.enterprise)


def body(of: Listing, **changes: Any) -> dict[str, Any]:
    data = {
        "listing": of.pk,
        "quantity": "250",
        "unit_price": "400.00",
        "delivery_region": "340100",
        "delivery_address": "合肥市蜀山区长江西路 100 号",
        "requested_delivery_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return data


def test_a_buyer_places_an_order(buyer: Any, listing: Listing) -> None:
    response = client_for(buyer.user).post(URL, body(listing, status="completed"), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "placed"  # status is never taken from the body
    assert data["total"] == "100000.00" and data["your_side"] == "buyer"
    assert data["actions"] == ["cancel"]
    assert [e["action"] for e in data["events"]] == ["placed"]
    assert Order.objects.get().buyer == buyer.enterprise


def test_the_same_key_and_body_replay_the_first_response(buyer: Any, listing: Listing) -> None:
    client = client_for(buyer.user)
    first = client.post(URL, body(listing), format="json", HTTP_IDEMPOTENCY_KEY="order-1")
    again = client.post(URL, body(listing), format="json", HTTP_IDEMPOTENCY_KEY="order-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Order.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(buyer: Any, listing: Listing) -> None:
    client = client_for(buyer.user)
    client.post(URL, body(listing), format="json", HTTP_IDEMPOTENCY_KEY="order-2")
    changed = client.post(URL, body(listing, quantity="300"), format="json", HTTP_IDEMPOTENCY_KEY="order-2")

    assert changed.status_code == 422
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_a_refused_request_does_not_use_up_its_key(buyer: Any, listing: Listing) -> None:
    client = client_for(buyer.user)
    bad = client.post(URL, body(listing, quantity="0"), format="json", HTTP_IDEMPOTENCY_KEY="order-3")
    good = client.post(URL, body(listing), format="json", HTTP_IDEMPOTENCY_KEY="order-3")
    assert (bad.status_code, good.status_code) == (400, 201)


def test_keys_are_per_enterprise_and_expire(settings: Any, buyer: Any, listing: Listing) -> None:
    client_for(buyer.user).post(URL, body(listing), format="json", HTTP_IDEMPOTENCY_KEY="shared")
    other = MembershipFactory(enterprise=EnterpriseFactory())
    response = client_for(other.user).post(URL, body(listing), format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert response.status_code == 201 and Order.objects.count() == 2

    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    again = client_for(buyer.user).post(URL, body(listing), format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert again.status_code == 201 and Order.objects.count() == 3

    from accounts.services import idempotency_keys_purge

    assert idempotency_keys_purge() == 1  # the other enterprise's, 25 hours old too


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"quantity": "0"}, 400, "quantity"),
        ({"quantity": "-3"}, 400, "quantity"),
        ({"quantity": "50"}, 400, "quantity"),  # below the minimum of 100
        ({"quantity": "20000"}, 400, "quantity"),  # over availability
        ({"quantity": "abc"}, 400, "quantity"),
        ({"requested_delivery_date": "2020-01-01"}, 400, "requested_delivery_date"),
        ({"listing": 999999}, 400, "listing"),
        ({"delivery_region": "999999"}, 400, "delivery_region"),
        ({"delivery_address": ""}, 400, "delivery_address"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    buyer: Any, listing: Listing, changes: dict[str, Any], status: int, field: str
) -> None:
    response = client_for(buyer.user).post(URL, body(listing, **changes), format="json")
    assert response.status_code == status
    assert field in response.json()["error"]["fields"]
    assert not Order.objects.exists()


def test_closed_and_own_listings_are_refused_with_a_clear_message(buyer: Any, seller: Any) -> None:
    closed = ListingFactory(enterprise=seller.enterprise, status=Listing.Status.CLOSED)
    response = client_for(buyer.user).post(URL, body(closed), format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "listing_not_published"

    own = client_for(seller.user).post(URL, body(ListingFactory(enterprise=seller.enterprise)), format="json")
    assert own.status_code == 400 and "listing" in own.json()["error"]["fields"]
    draft = ListingFactory(enterprise=seller.enterprise, status=Listing.Status.DRAFT)
    assert client_for(buyer.user).post(URL, body(draft), format="json").status_code == 400  # unknown
    assert not Order.objects.exists()


def test_the_seller_accepts_and_the_buyer_confirms_through_actions(
    buyer: Any, seller: Any, listing: Listing
) -> None:
    order_id = client_for(buyer.user).post(URL, body(listing), format="json").json()["id"]
    sell = client_for(seller.user)

    accepted = sell.post(f"{URL}{order_id}/accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert sell.post(f"{URL}{order_id}/ship/", {"note": "SF1"}, format="json").json()["status"] == "shipped"
    done = client_for(buyer.user).post(f"{URL}{order_id}/confirm-receipt/", {}, format="json")
    assert done.json()["status"] == "completed"
    again = sell.post(f"{URL}{order_id}/accept/", {}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"


def test_reject_needs_a_reason(buyer: Any, seller: Any, listing: Listing) -> None:
    order = OrderFactory(listing=listing, buyer=buyer.enterprise)
    response = client_for(seller.user).post(f"{URL}{order.pk}/reject/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    assert client_for(buyer.user).post(f"{URL}{order.pk}/reject/", {"reason": "x"}).status_code == 403


def test_only_the_parties_and_staff_see_an_order(buyer: Any, seller: Any, listing: Listing) -> None:
    order = OrderFactory(listing=listing, buyer=buyer.enterprise)
    outsider = client_for(MembershipFactory(enterprise=EnterpriseFactory()).user)

    assert outsider.get(f"{URL}{order.pk}/").status_code == 404
    assert outsider.post(f"{URL}{order.pk}/accept/", {}).status_code == 404
    assert outsider.get(URL).json()["count"] == 0
    assert APIClient().get(URL).status_code == 401
    for party in (buyer, seller):
        assert client_for(party.user).get(f"{URL}{order.pk}/").status_code == 200
    staff = client_for(StaffFactory())
    assert staff.get(f"{URL}{order.pk}/").status_code == 200
    assert staff.post(f"{URL}{order.pk}/accept/", {}).status_code == 403


def test_the_list_filters_by_role_and_status(buyer: Any, seller: Any, listing: Listing) -> None:
    OrderFactory(listing=listing, buyer=buyer.enterprise)
    OrderFactory(listing=ListingFactory(enterprise=buyer.enterprise), buyer=seller.enterprise)
    client = client_for(buyer.user)
    assert client.get(URL).json()["count"] == 2
    assert [o["your_side"] for o in client.get(f"{URL}?role=buyer").json()["results"]] == ["buyer"]
    assert [o["your_side"] for o in client.get(f"{URL}?role=seller").json()["results"]] == ["seller"]
    assert client.get(f"{URL}?status=accepted").json()["count"] == 0


def test_the_schema_documents_orders_and_the_idempotency_header(api: APIClient) -> None:
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    create = schema["paths"]["/api/v1/orders/"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
    assert "/api/v1/orders/{id}/confirm-receipt/" in schema["paths"]


# ---------------------------------------------------------------------------------------------------
# Pages


def test_checkout_reviews_the_total_then_places_the_order(client: Any, buyer: Any, listing: Listing) -> None:
    client.force_login(buyer.user)
    client.cookies["django_language"] = "en"
    form = {
        "quantity": "300",
        "unit_price": "400",
        "delivery_region": "340100",
        "delivery_address": "合肥市高新区 8 号",
        "requested_delivery_date": "",
        "note": "",
    }
    assert client.get(f"/listings/{listing.pk}/order/").status_code == 200
    review = client.post(f"/listings/{listing.pk}/order/", {**form, "step": "review"})
    assert review.status_code == 200 and "¥120,000" in review.content.decode()
    assert not Order.objects.exists()

    placed = client.post(f"/listings/{listing.pk}/order/", {**form, "step": "place"})
    order = Order.objects.get()
    assert placed.status_code == 302 and placed["Location"] == f"/orders/{order.pk}/"
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert "¥120,000" in page and listing.title in page


def test_checkout_shows_field_errors(client: Any, buyer: Any, listing: Listing) -> None:
    client.force_login(buyer.user)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/listings/{listing.pk}/order/",
        {
            "quantity": "5",
            "unit_price": "400",
            "delivery_region": "340100",
            "delivery_address": "x",
            "step": "place",
        },
    )
    assert response.status_code == 200
    assert "The minimum order is 100" in response.content.decode()
    assert not Order.objects.exists()


def test_the_seller_accepts_from_the_order_page(
    client: Any, buyer: Any, seller: Any, listing: Listing
) -> None:
    order = OrderFactory(listing=listing, buyer=buyer.enterprise)
    client.force_login(seller.user)
    client.cookies["django_language"] = "en"
    assert "Accept the order" in client.get(f"/orders/{order.pk}/").content.decode()
    client.post(f"/orders/{order.pk}/accept/")
    order.refresh_from_db()
    assert order.status == Order.Status.ACCEPTED
    mine = client.get("/orders/?role=seller").content.decode()
    assert f"#{order.pk}" in mine


def test_another_enterprise_cannot_open_an_order_page(client: Any, buyer: Any, listing: Listing) -> None:
    order = OrderFactory(listing=listing, buyer=buyer.enterprise)
    client.force_login(MembershipFactory(enterprise=EnterpriseFactory()).user)
    assert client.get(f"/orders/{order.pk}/").status_code == 404
    assert client.post(f"/orders/{order.pk}/accept/").status_code == 404
    order.refresh_from_db()
    assert order.status == Order.Status.PLACED


def test_the_listing_page_offers_to_order(client: Any, buyer: Any, listing: Listing) -> None:
    client.force_login(buyer.user)
    assert f"/listings/{listing.pk}/order/" in client.get(f"/listings/{listing.pk}/").content.decode()
    quantity_left = Decimal("10000")
    assert listing.quantity_available == quantity_left
