"""Platform staff read orders, requests for quotes, quotes, licence requests and messages in the Django
admin: lists with filters and search, detail pages with the trail and the conversation, and nothing
they could add, change or delete."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Enterprise, Membership, User
from accounts.taxonomy import Segment
from orders.models import (
    LicenceRequest,
    LicenceRequestEvent,
    Message,
    Order,
    OrderEvent,
    Quote,
    QuoteEvent,
)
from tests.factories import (
    EnterpriseFactory,
    LicenceRequestFactory,
    ListingFactory,
    OrderFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/orders/"
ORDERS = f"{ADMIN}order/"
RFQS = f"{ADMIN}quoterequest/"
QUOTES = f"{ADMIN}quote/"
LICENCES = f"{ADMIN}licencerequest/"
MESSAGES = f"{ADMIN}message/"
CHANGELISTS = [ORDERS, RFQS, QUOTES, LICENCES, MESSAGES]


@pytest.fixture
def admin_client(staff: User) -> Client:
    staff.is_superuser = True
    staff.save()
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(staff)
    return client


def enterprise(name_zh: str, name_en: str) -> Enterprise:
    """An enterprise with names free of digits, so a search for an id never matches them."""
    return EnterpriseFactory(name_zh=name_zh, name_en=name_en)


def order(title: str, buyer: Enterprise, **fields: Any) -> Order:
    listing = ListingFactory(title=title, **fields.pop("listing", {}))
    return OrderFactory(listing=listing, buyer=buyer, **fields)


def shown(response: Any) -> set[int]:
    """The ids of the rows of a change list page."""
    assert response.status_code == 200, response.status_code
    return {row.pk for row in response.context["cl"].result_list}


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def business() -> dict[str, Any]:
    """An order with its trail and conversation, a quote on a request for quotes, a licence request."""
    buyer = enterprise("江淮新能源汽车有限公司", "Jianghuai New Energy Vehicles")
    placed = order("方形铝壳电芯", buyer)
    OrderEvent.objects.create(
        order=placed, action=OrderEvent.Action.PLACED, to_status="placed", note="首批试产订单"
    )
    Message.objects.create(order=placed, sender_enterprise=buyer, body="请确认交货日期")
    quote = QuoteFactory(unit_price=Decimal("385.50"))
    QuoteEvent.objects.create(
        request=quote.request, quote=quote, action=QuoteEvent.Action.SUBMITTED, to_status="submitted"
    )
    licence = LicenceRequestFactory()
    LicenceRequestEvent.objects.create(
        licence_request=licence, action=LicenceRequestEvent.Action.REQUESTED, to_status="requested"
    )
    Message.objects.create(
        licence_request=licence,
        sender_enterprise=licence.requester,
        file="orders/messages/x.pdf",
        file_name="许可条款.pdf",
    )
    return {"order": placed, "buyer": buyer, "quote": quote, "licence": licence}


# --- lists and detail pages ------------------------------------------------------------------------


def test_the_order_list_shows_listing_parties_quantity_total_and_status(
    admin_client: Client, business: dict[str, Any]
) -> None:
    placed: Order = business["order"]
    page = html(admin_client.get(ORDERS))
    expected = ("方形铝壳电芯", "江淮新能源汽车有限公司", placed.seller.name_zh, "200 件", "80,000", "Placed")
    for text in expected:
        assert text in page, text


def test_every_list_shows_its_rows(admin_client: Client, business: dict[str, Any]) -> None:
    quote: Quote = business["quote"]
    licence: LicenceRequest = business["licence"]
    assert shown(admin_client.get(ORDERS)) == {business["order"].pk}
    assert shown(admin_client.get(RFQS)) == {quote.request_id}
    assert shown(admin_client.get(QUOTES)) == {quote.pk}
    assert shown(admin_client.get(LICENCES)) == {licence.pk}
    assert len(shown(admin_client.get(MESSAGES))) == 2

    quotes = html(admin_client.get(QUOTES))
    assert quote.request.listing.title in quotes and quote.supplier.name_zh in quotes and "385.50" in quotes
    licences = html(admin_client.get(LICENCES))
    assert licence.listing.title in licences and "Licence" in licences and "500,000" in licences
    messages = html(admin_client.get(MESSAGES))
    assert "请确认交货日期" in messages and "许可条款.pdf" in messages
    assert f"Order #{business['order'].pk}" in messages


def test_the_order_page_shows_every_field_read_only_with_its_trail_and_conversation(
    admin_client: Client, business: dict[str, Any]
) -> None:
    placed: Order = business["order"]
    page = html(admin_client.get(f"{ORDERS}{placed.pk}/change/"))

    assert "方形铝壳电芯" in page and placed.delivery_address in page
    assert "首批试产订单" in page and "Order placed" in page  # the trail
    assert "请确认交货日期" in page  # the conversation
    # Nothing to type into or save, and no way to add or remove a row of the trail
    assert 'name="status"' not in page and 'name="quantity"' not in page
    assert 'name="_save"' not in page
    assert 'name="events-MAX_NUM_FORMS" value="0"' in page  # the inline offers no new row
    assert 'name="messages-MAX_NUM_FORMS" value="0"' in page
    assert 'name="events-0-DELETE"' not in page


def test_the_other_detail_pages_show_their_inlines(admin_client: Client, business: dict[str, Any]) -> None:
    quote: Quote = business["quote"]
    licence: LicenceRequest = business["licence"]

    rfq = html(admin_client.get(f"{RFQS}{quote.request_id}/change/"))
    assert quote.supplier.name_zh in rfq and "Quote submitted" in rfq and 'name="_save"' not in rfq

    quote_page = html(admin_client.get(f"{QUOTES}{quote.pk}/change/"))
    assert "385.50" in quote_page and "Quote submitted" in quote_page

    licence_page = html(admin_client.get(f"{LICENCES}{licence.pk}/change/"))
    assert "乘用车动力电池" in licence_page and "Requested" in licence_page
    assert f"/messages/{licence.messages.get().pk}/file/" in licence_page  # the file, through its view

    message = Message.objects.get(order=business["order"])
    message_page = html(admin_client.get(f"{MESSAGES}{message.pk}/change/"))
    assert "请确认交货日期" in message_page and f"{ORDERS}{business['order'].pk}/change/" in message_page


# --- filters and search ----------------------------------------------------------------------------


def test_orders_filter_by_status_segment_and_creation_date(admin_client: Client) -> None:
    buyer = enterprise("一汽解放", "FAW Jiefang")
    cells = order("磷酸铁锂电芯", buyer)
    motor = order(
        "扁线电机", buyer, status=Order.Status.ACCEPTED, listing={"segment": Segment.ELECTRIC_DRIVE}
    )
    old = order("旧的电芯订单", buyer, status=Order.Status.COMPLETED)
    Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))

    assert shown(admin_client.get(ORDERS, {"status__exact": "accepted"})) == {motor.pk}
    assert shown(admin_client.get(ORDERS, {"segment": Segment.POWER_BATTERY})) == {cells.pk, old.pk}
    week_ago = (timezone.now() - datetime.timedelta(days=7)).isoformat()
    assert shown(admin_client.get(ORDERS, {"created_at__gte": week_ago})) == {cells.pk, motor.pk}
    # and the date hierarchy
    this_year = shown(admin_client.get(ORDERS, {"created_at__year": timezone.localdate().year}))
    assert this_year == {cells.pk, motor.pk}


def test_quotes_licence_requests_and_messages_filter(admin_client: Client, business: dict[str, Any]) -> None:
    quote: Quote = business["quote"]
    awarded = QuoteFactory(request=quote.request, status=Quote.Status.AWARDED)
    engagement = LicenceRequestFactory(
        kind=LicenceRequest.Kind.ENGAGEMENT, mode="project", status=LicenceRequest.Status.WITHDRAWN
    )

    assert shown(admin_client.get(QUOTES, {"status__exact": "awarded"})) == {awarded.pk}
    assert shown(admin_client.get(LICENCES, {"kind__exact": "engagement"})) == {engagement.pk}
    assert shown(admin_client.get(LICENCES, {"status__exact": "requested"})) == {business["licence"].pk}
    order_messages = shown(admin_client.get(MESSAGES, {"thread": "order"}))
    assert order_messages == {business["order"].messages.get().pk}


def test_orders_are_found_by_listing_title_party_name_and_id(admin_client: Client) -> None:
    byd = enterprise("比亚迪汽车工业有限公司", "BYD Auto Industry")
    nio = enterprise("蔚来汽车科技有限公司", "NIO Technology")
    cells = order("方形铝壳电芯", byd)
    motor = order("扁线电机", nio, listing={"enterprise": enterprise("精进电动", "Jing Jin Electric")})

    assert shown(admin_client.get(ORDERS, {"q": "铝壳"})) == {cells.pk}
    assert shown(admin_client.get(ORDERS, {"q": "蔚来"})) == {motor.pk}  # buyer
    assert shown(admin_client.get(ORDERS, {"q": "Jing Jin"})) == {motor.pk}  # seller, in English
    assert shown(admin_client.get(ORDERS, {"q": str(cells.pk)})) == {cells.pk}


def test_quotes_and_licence_requests_are_found_by_party_name(admin_client: Client) -> None:
    quote = QuoteFactory(supplier=enterprise("宁德时代", "CATL"))
    QuoteFactory(supplier=enterprise("国轩高科", "Gotion"))
    licence = LicenceRequestFactory(requester=enterprise("长安汽车", "Changan"))
    LicenceRequestFactory(requester=enterprise("吉利汽车", "Geely"))

    assert shown(admin_client.get(QUOTES, {"q": "宁德"})) == {quote.pk}
    assert shown(admin_client.get(LICENCES, {"q": "Changan"})) == {licence.pk}


# --- nothing to add, change or delete ---------------------------------------------------------------


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_nothing_can_be_added(admin_client: Client, changelist: str) -> None:
    assert admin_client.get(f"{changelist}add/").status_code == 403


def test_a_post_to_the_order_page_changes_nothing(admin_client: Client, business: dict[str, Any]) -> None:
    placed: Order = business["order"]
    response = admin_client.post(
        f"{ORDERS}{placed.pk}/change/", {"status": "completed", "total": "1.00", "_save": "Save"}
    )
    assert response.status_code == 403
    placed.refresh_from_db()
    assert placed.status == Order.Status.PLACED and placed.total == 80000
    assert not placed.events.exclude(action=OrderEvent.Action.PLACED).exists()


def test_a_post_to_a_licence_request_page_changes_nothing(
    admin_client: Client, business: dict[str, Any]
) -> None:
    licence: LicenceRequest = business["licence"]
    response = admin_client.post(f"{LICENCES}{licence.pk}/change/", {"status": "accepted"})
    assert response.status_code == 403
    licence.refresh_from_db()
    assert licence.status == LicenceRequest.Status.REQUESTED


def test_nothing_can_be_deleted(admin_client: Client, business: dict[str, Any]) -> None:
    placed: Order = business["order"]
    assert admin_client.get(f"{ORDERS}{placed.pk}/delete/").status_code == 403
    response = admin_client.post(
        ORDERS, {"action": "delete_selected", "_selected_action": [placed.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert Order.objects.filter(pk=placed.pk).exists()


# --- who may look ----------------------------------------------------------------------------------


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_a_member_is_sent_to_the_admin_login(owner: Membership, changelist: str) -> None:
    client = Client()
    client.force_login(owner.user)
    response = client.get(changelist)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/admin/login/?next={changelist}")


def test_staff_with_view_permission_only_can_read(staff: User, business: dict[str, Any]) -> None:
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="orders"))
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(staff)
    placed: Order = business["order"]

    assert shown(client.get(ORDERS)) == {placed.pk}
    assert "请确认交货日期" in html(client.get(f"{ORDERS}{placed.pk}/change/"))
    assert client.post(f"{ORDERS}{placed.pk}/change/", {"status": "completed"}).status_code == 403


# --- efficient lists -------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_rows() -> None:
    for _ in range(6):
        placed = OrderFactory()
        Message.objects.create(order=placed, sender_enterprise=placed.buyer, body="到货了吗")
        quote = QuoteFactory()
        licence = LicenceRequestFactory()
        Message.objects.create(quote=quote, sender_enterprise=quote.supplier, body="交期可以缩短")
        Message.objects.create(licence_request=licence, sender_enterprise=licence.holder, body="可以")


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_each_list_runs_the_same_few_queries_however_many_rows(
    admin_client: Client, business: dict[str, Any], changelist: str, django_assert_max_num_queries: Any
) -> None:
    few = _queries(admin_client, changelist)
    _more_rows()
    with django_assert_max_num_queries(10):
        many = admin_client.get(changelist)
    assert shown(many)
    assert _queries(admin_client, changelist) == few
