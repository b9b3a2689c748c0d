"""The access table of the pages: a row per route, method and variant.

Cells in the order anonymous, other (owner of enterprise B), member (plain member of A), staff; then the
allowed caller. See tests/access/table.py for the conventions. A function view that does not declare its
methods answers GET and POST (tests/access/routes.py); a read-only page answers a POST as a GET, and its
POST row says so.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.access.table import (
    BOUNCED,
    GET,
    LOGIN,
    POST,
    PUBLIC,
    PUT,
    WORKSPACE,
    Cells,
    Expect,
    Kwargs,
    Refused,
    Row,
    in_days,
    kw,
    none,
    obj,
    pk,
    row,
)
from tests.access.world import (
    ADMIN,
    ANONYMOUS,
    BANK,
    MEMBER,
    OWNER,
    REJECTED,
    STAFF,
    World,
    png,
)
from tests.factories import PASSWORD, make_credit_code

# A page for any member of an enterprise (B's owner sees B's); staff belong to none.
MEMBER_PAGE = (LOGIN, 200, 200, WORKSPACE)
# A page of A's object: another enterprise does not know it exists.
OWN_PAGE = (LOGIN, 404, 200, WORKSPACE)
# A page of an object of A's and its partner's (order, quote, request, application): staff read it.
PARTY_PAGE = (LOGIN, 404, 200, 200)
# A button of A's on its own object: another enterprise gets 404, staff are no member.
OWN_BUTTON = (LOGIN, 404, 302, WORKSPACE)
# A button of a party (staff read the object, the service refuses them).
PARTY_BUTTON = (LOGIN, 404, 302, BOUNCED)
# An owner's or administrator's page or button: a plain member gets 403.
MANAGER_BUTTON = (LOGIN, 404, 403, WORKSPACE)
SIGNED_IN_PAGE = (LOGIN, 200, 200, 200)
STAFF_BUTTON = (LOGIN, 403, 403, 302)


def both(route: str, kwargs: Kwargs, cells: Cells, allowed: tuple[str, Expect], **options: Any) -> list[Row]:
    """A read-only page: the same answers to GET and to POST."""
    return [row(route, method, kwargs, cells, allowed, **options) for method in (GET, POST)]


def registration(world: World) -> dict[str, Any]:
    return {
        "email": "li.ming@example.com",
        "full_name": "李明",
        "phone": "13800000000",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "name_zh": "安徽智驾科技有限公司",
        "name_en": "Anhui Smart Drive Technology",
        "credit_code": make_credit_code(4242),
        "theme": "component_maker",
        "segments": ["intelligent_connected"],
        "region": "340100",
        "address": "合肥市高新区创新大道 1 号",
        "contact_name": "李明",
        "contact_phone": "0551-65000000",
        "contact_email": "bd@example.com",
    }


def product_form(world: World) -> dict[str, Any]:
    return {
        "form": "listing",
        "title": "方形磷酸铁锂电芯 280Ah",
        "category": "电芯",
        "segment": "power_battery",
        "region": "340100",
        "description": "循环寿命 6000 次。",
        "price_min": "380",
        "price_max": "420",
        "quantity": "50000",
        "unit": "件",
        "min_order_quantity": "500",
        "lead_time_days": "30",
        "certifications": "IATF 16949",
        "action": "draft",
    }


def import_form(world: World) -> dict[str, Any]:
    header = "side,kind,title,segment,category,region,quantity,unit,price_min,price_max,lead_time_days\n"
    line = "supply,product,方形磷酸铁锂电芯 280Ah,power_battery,电芯,340100,50000,件,380,420,30\n"
    content = (header + line).encode()
    return {"file": SimpleUploadedFile("listings.csv", content, content_type="text/csv")}


def order_form(world: World) -> dict[str, Any]:
    return {
        "quantity": "250",
        "unit_price": "400.00",
        "delivery_region": "340100",
        "delivery_address": "合肥市蜀山区长江西路 100 号",
    }


def meeting_form(world: World) -> dict[str, Any]:
    return {f"m{world.pk('attendee')}-subject": "", f"m{world.pk('attendee')}-message": "想了解贵司产品"}


def deadline(world: World) -> dict[str, Any]:
    soon = timezone.localtime() + datetime.timedelta(days=7)
    return {"deadline": soon.strftime("%Y-%m-%dT%H:%M"), "max_quotes": "10"}


ACCOUNTS = [
    *both("home", none, PUBLIC, (ANONYMOUS, 200)),
    *both("healthz", none, PUBLIC, (ANONYMOUS, 200)),
    row("set_language", GET, none, (302, 302, 302, 302), (ANONYMOUS, 302)),
    row("set_language", POST, none, (302, 302, 302, 302), (MEMBER, 302), data={"language": "en", "next": "/"},
        writes=True),
    row("accounts:register", GET, none, (200, WORKSPACE, WORKSPACE, 200), (ANONYMOUS, 200)),
    row("accounts:register", POST, none, (302, WORKSPACE, WORKSPACE, 302), (ANONYMOUS, 302),
        data=registration, writes=True),
    row("accounts:login", GET, none, (200, WORKSPACE, WORKSPACE, WORKSPACE), (ANONYMOUS, 200)),
    row("accounts:login", POST, none, (302, WORKSPACE, WORKSPACE, WORKSPACE), (ANONYMOUS, 302),
        data=lambda w: {"username": w.users[MEMBER].email, "password": PASSWORD}, writes=True),
    # A PUT is a POST to Django's login view, whose form reads no data from it.
    row("accounts:login", PUT, none, (200, WORKSPACE, WORKSPACE, WORKSPACE), (ANONYMOUS, 200)),
    row("accounts:logout", POST, none, (302, 302, 302, 302), (MEMBER, 302)),
    *both("accounts:dashboard", none, SIGNED_IN_PAGE, (MEMBER, 200)),
    row("accounts:profile_edit", GET, none, MEMBER_PAGE, (MEMBER, 200)),
    # B's owner adds a certificate to B.
    row("accounts:profile_edit", POST, none, (LOGIN, 302, 403, WORKSPACE), (ADMIN, 302),
        data={"form": "certification", "cert-standard": "ISO 9001"}, writes=True),
    # B is verified: its owner may ask, nothing to resubmit.
    row("accounts:resubmit", POST, none, (LOGIN, BOUNCED, 403, WORKSPACE), (REJECTED, 302), writes=True),
    row("accounts:certification_delete", POST, pk("certification"), MANAGER_BUTTON, (OWNER, 302),
        writes=True),
    row("accounts:members", GET, none, MEMBER_PAGE, (MEMBER, 200)),
    row("accounts:members", POST, none, (LOGIN, 302, 403, WORKSPACE), (OWNER, 302),
        data={"email": "colleague@example.com", "role": "member"}, writes=True),
    row("accounts:member_remove", POST, pk("member"), MANAGER_BUTTON, (ADMIN, 302), writes=True),
    row("accounts:invitation_revoke", POST, pk("invitation"), MANAGER_BUTTON, (OWNER, 302), writes=True),
    # The link's token is the secret; a member of an enterprise cannot join a second one, staff are not
    # the invited e-mail.
    row("accounts:invitation_accept", GET, kw(token=lambda w: w.invitation_token), PUBLIC, (ANONYMOUS, 200)),
    row("accounts:invitation_accept", POST, kw(token=lambda w: w.invitation_token),
        (302, Refused(200), Refused(200), Refused(200)), (ANONYMOUS, 302),
        data={"full_name": "李雷", "password": PASSWORD, "password_confirm": PASSWORD}, writes=True),
    *both("accounts:directory", none, PUBLIC, (ANONYMOUS, 200)),
    *both("accounts:enterprise_detail", pk("enterprise"), PUBLIC, (ANONYMOUS, 200), variant="verified"),
    row("accounts:enterprise_detail", GET, pk("pending"), (404, 404, 404, 200), (STAFF, 200),
        variant="pending"),
    *both("accounts:notifications", none, SIGNED_IN_PAGE, (MEMBER, 200)),
    row("accounts:notification_read", POST, pk("notification"), (LOGIN, 404, 404, 404), (OWNER, 302),
        writes=True),
    row("accounts:notification_read_all", POST, none, (LOGIN, 302, 302, 302), (OWNER, 302), writes=True),
]  # fmt: skip

LISTINGS = [
    *both("listings:catalogue", none, PUBLIC, (ANONYMOUS, 200)),
    *both("listings:detail", pk("published"), PUBLIC, (ANONYMOUS, 200), variant="published"),
    *both("listings:detail", pk("draft"), (404, 404, 200, 200), (MEMBER, 200), variant="draft"),
    # The confidential drawing: for A (and staff) only, whoever asks.
    *both("listings:attachment", pk("published", attachment_id="drawing"), (404, 404, 200, 200),
          (MEMBER, 200)),
    row("listings:approve", POST, pk("under_review"), STAFF_BUTTON, (STAFF, 302), writes=True),
    row("listings:reject", POST, pk("under_review"), STAFF_BUTTON, (STAFF, 302), data={"reason": "描述不清"},
        writes=True),
    *both("listings:mine", none, MEMBER_PAGE, (MEMBER, 200)),
    *both("listings:export", kw(file_format="csv"), MEMBER_PAGE, (MEMBER, 200)),
    *both("listings:create_choose", none, MEMBER_PAGE, (MEMBER, 200)),
    row("listings:create", GET, kw(side="supply", kind="product"), MEMBER_PAGE, (MEMBER, 200)),
    row("listings:create", POST, kw(side="supply", kind="product"), (LOGIN, 302, 302, WORKSPACE),
        (MEMBER, 302), data=product_form, writes=True),
    row("listings:import", GET, none, MEMBER_PAGE, (MEMBER, 200)),
    row("listings:import", POST, none, (LOGIN, 302, 302, WORKSPACE), (MEMBER, 302), data=import_form,
        writes=True),
    *both("listings:import_template", kw(file_format="csv"), MEMBER_PAGE, (MEMBER, 200)),
    row("listings:edit", GET, pk("draft"), OWN_PAGE, (MEMBER, 200)),
    row("listings:edit", POST, pk("draft"), OWN_BUTTON, (MEMBER, 302),
        data=lambda w: {"form": "attachment", "attachment-file": png()}, writes=True),
    row("listings:submit", POST, pk("draft"), OWN_BUTTON, (MEMBER, 302), writes=True),
    row("listings:close", POST, pk("published"), OWN_BUTTON, (MEMBER, 302), writes=True),
    row("listings:delete", POST, pk("draft"), OWN_BUTTON, (MEMBER, 302), writes=True),
    row("listings:attachment_delete", POST, pk("published", attachment_id="drawing"), OWN_BUTTON,
        (MEMBER, 302), writes=True),
    *both("listings:saved_searches", none, MEMBER_PAGE, (MEMBER, 200)),
    row("listings:saved_search_new", POST, none, (LOGIN, 302, 302, WORKSPACE), (MEMBER, 302),
        data={"name": "电芯", "params": "q=电芯"}, writes=True),
    # The owner's saved search: anyone else's is unknown to them.
    row("listings:saved_search_delete", POST, pk("saved_search"), (LOGIN, 404, 404, WORKSPACE), (OWNER, 302),
        writes=True),
    *both("matching:mine", none, MEMBER_PAGE, (MEMBER, 200)),
    row("matching:contact", POST, pk("approved_match"), OWN_BUTTON, (MEMBER, 302), writes=True),
]  # fmt: skip

ORDERS = [
    *both("orders:orders_mine", none, MEMBER_PAGE, (MEMBER, 200)),
    *both("orders:order_detail", pk("order"), OWN_PAGE, (MEMBER, 200)),
    row("orders:order_transition", POST, kw(pk=obj("order"), action="accept"), OWN_BUTTON, (MEMBER, 302),
        variant="accept", writes=True),
    row("orders:order_transition", POST, kw(pk=obj("order_bought"), action="cancel"), OWN_BUTTON,
        (MEMBER, 302), variant="cancel", writes=True),
    row("orders:order_place", GET, kw(listing_id=obj("partner_supply")), MEMBER_PAGE, (MEMBER, 200)),
    row("orders:order_place", POST, kw(listing_id=obj("partner_supply")), (LOGIN, 302, 302, WORKSPACE),
        (MEMBER, 302), data=order_form, writes=True),
    row("orders:thread_post", POST, kw(kind="order", pk=obj("order")), PARTY_BUTTON, (MEMBER, 302),
        data={"body": "已排产"}, writes=True),
    row("orders:message_file", GET, pk("order_message"), PARTY_PAGE, (MEMBER, 200)),
    row("orders:licence_new", GET, kw(listing_id=obj("technology")), MEMBER_PAGE, (MEMBER, 200)),
    row("orders:licence_new", POST, kw(listing_id=obj("technology")), (LOGIN, 302, 302, WORKSPACE),
        (MEMBER, 302), writes=True,
        data={"mode": "licence", "proposed_fee": "500000", "field_of_use": "储能", "term_months": "36"}),
    *both("orders:licence_list", none, MEMBER_PAGE, (MEMBER, 200)),
    *both("orders:licence_detail", pk("licence"), PARTY_PAGE, (MEMBER, 200)),
    row("orders:licence_action", POST, kw(pk=obj("licence"), action="withdraw"), PARTY_BUTTON, (MEMBER, 302),
        variant="withdraw", writes=True),
    row("orders:licence_action", POST, kw(pk=obj("licence_received"), action="accept"), PARTY_BUTTON,
        (MEMBER, 302), variant="accept", writes=True),
    *both("orders:rfq_mine", none, MEMBER_PAGE, (MEMBER, 200)),
    # An open request is visible to every member, so that suppliers find it.
    *both("orders:rfq_detail", pk("rfq"), SIGNED_IN_PAGE, (MEMBER, 200)),
    row("orders:rfq_action", POST, kw(pk=obj("rfq"), action="cancel"), (LOGIN, BOUNCED, 302, WORKSPACE),
        (MEMBER, 302), writes=True),
    row("orders:rfq_open", GET, kw(listing_id=obj("demand")), OWN_PAGE, (MEMBER, 200)),
    row("orders:rfq_open", POST, kw(listing_id=obj("demand")), OWN_BUTTON, (MEMBER, 302), data=deadline,
        writes=True),
    row("orders:quote_submit", GET, kw(listing_id=lambda w: w["open_rfq"].listing_id), MEMBER_PAGE,
        (MEMBER, 200)),
    row("orders:quote_submit", POST, kw(listing_id=lambda w: w["open_rfq"].listing_id),
        (LOGIN, 302, 302, WORKSPACE), (MEMBER, 302),
        data={"unit_price": "390", "quantity": "1000", "lead_time_days": "30", "valid_until": in_days(30)},
        writes=True),
    *both("orders:quote_mine", none, MEMBER_PAGE, (MEMBER, 200)),
    *both("orders:quote_detail", pk("quote"), PARTY_PAGE, (MEMBER, 200)),
    *both("orders:quote_attachment", pk("my_quote", attachment_id="quote_attachment"), PARTY_PAGE,
          (MEMBER, 200)),
    # The award asks for confirmation on a GET; every other button is a POST.
    row("orders:quote_action", GET, kw(pk=obj("quote"), action="award"), OWN_PAGE, (MEMBER, 200)),
    row("orders:quote_action", POST, kw(pk=obj("quote"), action="shortlist"), OWN_BUTTON, (MEMBER, 302),
        variant="shortlist", writes=True),
    row("orders:quote_action", POST, kw(pk=obj("my_quote"), action="withdraw"), OWN_BUTTON, (MEMBER, 302),
        variant="withdraw", writes=True),
]  # fmt: skip

FINANCING = [
    *both("financing:offers", none, PUBLIC, (ANONYMOUS, 200)),
    row("financing:apply", GET, none, MEMBER_PAGE, (MEMBER, 200)),
    # `?order=` names an order of the member's enterprise as evidence; another's is unknown.
    row("financing:apply", GET, none, OWN_PAGE, (MEMBER, 200), variant="order",
        query="?order={order}"),
    row("financing:apply", POST, none, (LOGIN, 302, 302, WORKSPACE), (MEMBER, 302),
        query="?institution={bank}", writes=True,
        data={"amount": "500000", "term_months": "24", "purpose": "采购原材料", "consent": "on"}),
    *both("financing:applications", none, MEMBER_PAGE, (MEMBER, 200)),
    *both("financing:application_detail", pk("application"), PARTY_PAGE, (MEMBER, 200)),
    row("financing:application_message_post", GET, pk("application"), (LOGIN, 404, 302, 302), (MEMBER, 302)),
    row("financing:application_message_post", POST, pk("application"), PARTY_BUTTON, (MEMBER, 302),
        data={"body": "请问需要哪些材料？"}, writes=True),
    row("financing:application_message_file", GET, pk("application", message_id="application_message"),
        PARTY_PAGE, (MEMBER, 200)),
    row("financing:application_document", GET, pk("application", document_id="application_document"),
        PARTY_PAGE, (MEMBER, 200)),
    row("financing:application_action", POST, kw(pk=obj("application"), action="withdraw"), PARTY_BUTTON,
        (MEMBER, 302), variant="withdraw", writes=True),
    # The institution's step: the applicant's member and staff are refused by the service.
    row("financing:application_action", POST, kw(pk=obj("application"), action="start_review"),
        (LOGIN, 404, BOUNCED, BOUNCED), (BANK, 302), variant="start_review", writes=True),
    *both("financing:workspace", none, (LOGIN, 403, 403, WORKSPACE), (BANK, 200)),
    *both("financing:recommended", none, MEMBER_PAGE, (MEMBER, 200)),
]  # fmt: skip

INFORMATION = [
    *both("information:news", none, PUBLIC, (ANONYMOUS, 200)),
    *both("information:news_feed", none, PUBLIC, (ANONYMOUS, 200)),
    *both("information:news_detail", pk("announcement"), PUBLIC, (ANONYMOUS, 200), variant="live"),
    row("information:news_detail", GET, pk("announcement_draft"), (404, 404, 404, 200), (STAFF, 200),
        variant="draft"),
    *both("information:news_attachment", pk("announcement", attachment_id="announcement_attachment"), PUBLIC,
          (ANONYMOUS, 200)),
    *both("information:events", none, PUBLIC, (ANONYMOUS, 200)),
    *both("information:event_detail", pk("event"), PUBLIC, (ANONYMOUS, 200), variant="published"),
    row("information:event_detail", GET, pk("event_draft"), (404, 404, 404, 200), (STAFF, 200),
        variant="draft"),
    row("information:event_register", POST, pk("event_open"), (LOGIN, 302, 302, BOUNCED), (MEMBER, 302),
        data={"attendees": "1"}, writes=True),
    row("information:event_cancel_registration", POST, pk("event"), (LOGIN, BOUNCED, 302, BOUNCED),
        (MEMBER, 302), writes=True),
    # B is no attendee (and staff belong to no enterprise): refused with the reason.
    row("information:meeting_new", POST, pk("event", enterprise_id="attendee"),
        (LOGIN, BOUNCED, 302, BOUNCED), (MEMBER, 302), data=meeting_form, writes=True),
    *both("information:event_schedule", pk("event"), (LOGIN, 403, 403, 200), (STAFF, 200)),
    row("information:meeting_action", POST, kw(pk=obj("meeting_in"), action="accept"), PARTY_BUTTON,
        (MEMBER, 302), variant="accept", writes=True),
    row("information:meeting_action", POST, kw(pk=obj("meeting_out"), action="cancel"), PARTY_BUTTON,
        (MEMBER, 302), variant="cancel", writes=True),
    # The statistics page is public; staff see more charts and tables on it.
    *both("stats:index", none, PUBLIC, (ANONYMOUS, 200)),
]  # fmt: skip

PAGE_ROWS: list[Row] = ACCOUNTS + LISTINGS + ORDERS + FINANCING + INFORMATION
