"""The access table of the API (/api/v1/ and the schema): a row per route, method and variant.

Cells in the order anonymous, other (owner of enterprise B), member (plain member of A), staff; then the
allowed caller. See tests/access/table.py for the conventions.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from stats.tables import TABLES
from tests.access.table import (
    DELETE,
    GET,
    PATCH,
    POST,
    PUBLIC,
    PUT,
    Row,
    in_days,
    kw,
    none,
    obj,
    pk,
    row,
)
from tests.access.world import ADMIN, ANONYMOUS, BANK, MEMBER, OWNER, REJECTED, STAFF, World
from tests.factories import PASSWORD, make_credit_code
from tests.uploads import pdf, png

PUBLIC_TABLE = next(table.slug for table in TABLES if not table.staff_only)
STAFF_TABLE = next(table.slug for table in TABLES if table.staff_only)

# Party only: another enterprise does not know the object exists, staff read it but take no step.
PARTY_READ = (401, 404, 200, 200)
PARTY_WRITE = (401, 404, 200, 403)
PARTY_CREATE = (401, 404, 201, 403)
# Staff only, refused before the object is looked up.
STAFF_ONLY = (401, 403, 403, 200)
# Any signed-in user, about themselves (the inbox, their token, their saved searches).
SIGNED_IN = (401, 200, 200, 200)
# An enterprise-scoped endpoint for any member (staff, in no enterprise, is refused).
MEMBERS = (401, 200, 200, 403)


def registration(world: World) -> dict[str, Any]:
    return {
        "email": "founder@example.com",
        "password": PASSWORD,
        "full_name": "王芳",
        "name_zh": "芜湖示范汽车零部件有限公司",
        "name_en": "Wuhu Demo Auto Parts Co., Ltd.",
        "credit_code": make_credit_code(999_999),
        "theme": "component_maker",
        "segments": ["chassis_body"],
        "region": "340200",
    }


def listing_body(world: World) -> dict[str, Any]:
    return {
        "side": "supply",
        "kind": "product",
        "title": "方形磷酸铁锂电芯 280Ah",
        "description": "循环寿命 6000 次。",
        "segment": "power_battery",
        "category": "电芯",
        "region": "340100",
        "quantity": "50000",
        "unit": "件",
        "price_min": "380.00",
        "price_max": "420.00",
        "lead_time_days": 30,
    }


def import_file(world: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = "side,kind,title,segment,category,region,quantity,unit,price_min,price_max,lead_time_days\n"
    line = "supply,product,方形磷酸铁锂电芯 280Ah,power_battery,电芯,340100,50000,件,380,420,30\n"
    content = (header + line).encode()
    return {"file": SimpleUploadedFile("listings.csv", content, content_type="text/csv")}


def order_body(world: World) -> dict[str, Any]:
    return {
        "listing": world.pk("partner_supply"),
        "quantity": "250",
        "unit_price": "400.00",
        "delivery_region": "340100",
        "delivery_address": "合肥市蜀山区长江西路 100 号",
    }


def quote_body(world: World) -> dict[str, Any]:
    return {
        "request": world.pk("open_rfq"),
        "unit_price": "390.00",
        "quantity": "1000",
        "lead_time_days": 30,
        "valid_until": in_days(30),
    }


def licence_body(world: World) -> dict[str, Any]:
    return {
        "listing": world.pk("technology"),
        "mode": "licence",
        "proposed_fee": "500000.00",
        "field_of_use": "乘用车动力电池",
        "term_months": 36,
    }


def talent_body(world: World) -> dict[str, Any]:
    return {
        "listing": world.pk("partner_talent"),
        "mode": "secondment",
        "headcount": 2,
        "start_date": in_days(14),
    }


def meeting_body(world: World) -> dict[str, Any]:
    event = world["event"]
    return {
        "event": event.pk,
        "invitee": world.pk("attendee"),
        "listing": world.pk("published"),
        "proposed_slot": (event.starts_at + datetime.timedelta(hours=3)).isoformat(),
    }


def application_body(world: World) -> dict[str, Any]:
    return {
        "institution": world.pk("bank"),
        "amount": "500000.00",
        "term_months": 24,
        "purpose": "采购原材料",
        "consent": True,
    }


def attachment(world: World) -> dict[str, Any]:
    return {"file": png(), "confidential": "false"}


def document(world: World) -> dict[str, Any]:
    return {"file": pdf(), "kind": "financial_statements"}


def a_file(world: World) -> dict[str, Any]:
    return {"file": pdf()}


ACCOUNTS = [
    row("auth-token", POST, none, PUBLIC, (ANONYMOUS, 200),
        data=lambda w: {"email": w.users[MEMBER].email, "password": PASSWORD}),
    row("auth-token", DELETE, none, (401, 204, 204, 204), (MEMBER, 204), writes=True),
    row("auth-me", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("registration", POST, none, (201, 201, 201, 201), (ANONYMOUS, 201), data=registration, writes=True),
    # The token of the e-mail is the secret: anyone holding it may accept (a member of an enterprise
    # cannot join a second one).
    row("invitation-accept", POST, none, (201, 400, 400, 403), (ANONYMOUS, 201), writes=True,
        data=lambda w: {"token": w.invitation_token, "full_name": "李雷", "password": PASSWORD}),
    row("region-list", GET, none, PUBLIC, (ANONYMOUS, 200)),
    row("region-detail", GET, kw(pk=lambda w: w["enterprise"].region_id), PUBLIC, (ANONYMOUS, 200)),
    row("enterprise-list", GET, none, PUBLIC, (ANONYMOUS, 200)),
    row("enterprise-detail", GET, pk("enterprise"), PUBLIC, (ANONYMOUS, 200), variant="verified"),
    row("enterprise-detail", GET, pk("pending"), (404, 404, 404, 200), (STAFF, 200), variant="pending"),
    # `me` is the caller's own enterprise: B's owner edits B.
    row("enterprise-me", GET, none, MEMBERS, (MEMBER, 200)),
    row("enterprise-me", PATCH, none, (401, 200, 403, 403), (ADMIN, 200), data={"address": "合肥"},
        writes=True),
    # B is verified: allowed to ask, nothing to resubmit.
    row("enterprise-resubmit", POST, none, (401, 409, 403, 403), (REJECTED, 200), writes=True),
    row("enterprise-verify", POST, pk("pending"), STAFF_ONLY, (STAFF, 200), writes=True),
    row("enterprise-reject", POST, pk("pending"), STAFF_ONLY, (STAFF, 200), data={"reason": "资料不全"},
        writes=True),
    row("certification-list", GET, none, MEMBERS, (MEMBER, 200)),
    row("certification-list", POST, none, (401, 201, 403, 403), (ADMIN, 201), data={"standard": "ISO 9001"},
        writes=True),
    row("certification-detail", GET, pk("certification"), (401, 404, 200, 403), (MEMBER, 200)),
    row("certification-detail", DELETE, pk("certification"), (401, 404, 403, 403), (OWNER, 204), writes=True),
    row("member-list", GET, none, MEMBERS, (MEMBER, 200)),
    row("member-detail", GET, pk("member"), (401, 404, 200, 403), (MEMBER, 200)),
    row("member-detail", DELETE, pk("member"), (401, 404, 403, 403), (ADMIN, 204), writes=True),
    row("invitation-list", GET, none, (401, 200, 403, 403), (ADMIN, 200)),
    row("invitation-list", POST, none, (401, 201, 403, 403), (OWNER, 201),
        data={"email": "colleague@example.com", "role": "member"}, writes=True),
    row("invitation-detail", GET, pk("invitation"), (401, 404, 403, 403), (ADMIN, 200)),
    row("invitation-detail", DELETE, pk("invitation"), (401, 404, 403, 403), (OWNER, 200), writes=True),
    row("notification-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("notification-unread-count", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("notification-read-all", POST, none, SIGNED_IN, (OWNER, 200), writes=True),
    row("notification-detail", GET, pk("notification"), (401, 404, 404, 404), (OWNER, 200)),
    row("notification-read", POST, pk("notification"), (401, 404, 404, 404), (OWNER, 200), writes=True),
]  # fmt: skip

# Listings: the catalogue is public; drafts are another enterprise's secret (404); a published listing
# is visible to all but changed only by its enterprise (403).
LISTINGS = [
    row("listing-list", GET, none, PUBLIC, (ANONYMOUS, 200)),
    row("listing-list", GET, none, MEMBERS, (MEMBER, 200), variant="mine", query="?mine=true"),
    row("listing-list", POST, none, (401, 201, 201, 403), (MEMBER, 201), data=listing_body, writes=True),
    row("listing-facets", GET, none, PUBLIC, (ANONYMOUS, 200)),
    row("listing-export", GET, kw(file_format="csv"), MEMBERS, (MEMBER, 200)),
    row("listing-import", POST, none, (401, 201, 201, 403), (MEMBER, 201), data=import_file, multipart=True,
        writes=True),
    row("listing-import-template", GET, kw(file_format="csv"), SIGNED_IN, (MEMBER, 200)),
    row("listing-detail", GET, pk("published"), PUBLIC, (ANONYMOUS, 200), variant="published"),
    row("listing-detail", GET, pk("draft"), (404, 404, 200, 200), (MEMBER, 200), variant="draft"),
    row("listing-detail", PATCH, pk("draft"), (401, 404, 200, 403), (MEMBER, 200), variant="draft",
        data={"price_min": "390.00"}, writes=True),
    row("listing-detail", PATCH, pk("published"), (401, 403, 200, 403), (MEMBER, 200), variant="published",
        data={"price_min": "390.00"}, writes=True),
    row("listing-detail", PUT, pk("draft"), (401, 404, 200, 403), (MEMBER, 200), data=listing_body,
        writes=True),
    row("listing-detail", DELETE, pk("draft"), (401, 404, 204, 403), (MEMBER, 204), writes=True),
    row("listing-submit", POST, pk("draft"), (401, 404, 200, 403), (MEMBER, 200), writes=True),
    row("listing-close", POST, pk("published"), (401, 403, 200, 403), (MEMBER, 200), writes=True),
    row("listing-approve", POST, pk("under_review"), STAFF_ONLY, (STAFF, 200), writes=True),
    row("listing-reject", POST, pk("under_review"), STAFF_ONLY, (STAFF, 200), data={"reason": "描述不清"},
        writes=True),
    # Reading a published listing's files is public (the confidential drawing is left out).
    row("listing-attachments", GET, pk("published"), PUBLIC, (ANONYMOUS, 200)),
    row("listing-attachments", POST, pk("published"), (401, 403, 201, 403), (MEMBER, 201), data=attachment,
        multipart=True, writes=True),
    row("listing-attachment-download", GET, pk("published", attachment_id="drawing"), (404, 404, 200, 200),
        (MEMBER, 200)),
    row("listing-attachment-delete", DELETE, pk("published", attachment_id="drawing"), (401, 404, 204, 403),
        (MEMBER, 204), writes=True),
    row("saved-search-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("saved-search-list", POST, none, (401, 201, 201, 403), (MEMBER, 201),
        data={"name": "电芯", "query": "电芯", "filters": {}}, writes=True),
    row("saved-search-detail", GET, pk("saved_search"), (401, 404, 404, 404), (OWNER, 200)),
    row("saved-search-detail", DELETE, pk("saved_search"), (401, 404, 404, 404), (OWNER, 204), writes=True),
]  # fmt: skip

# Matches: a member sees the approved matches of the enterprise's listings and records contact;
# reviewing is for staff only (403 before anything is looked up).
MATCHING = [
    row("match-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("match-detail", GET, pk("approved_match"), PARTY_READ, (MEMBER, 200), variant="approved"),
    row("match-detail", GET, pk("proposed_match"), (401, 404, 404, 200), (STAFF, 200), variant="proposed"),
    # Staff may record a follow-up step too (matching.services.review._require_party).
    row("match-contact", POST, pk("approved_match"), PARTY_READ, (MEMBER, 200), writes=True),
    row("match-approve", POST, pk("proposed_match"), STAFF_ONLY, (STAFF, 200), writes=True),
    row("match-reject", POST, pk("proposed_match"), STAFF_ONLY, (STAFF, 200), data={"note": "不匹配"},
        writes=True),
    row("match-approve-above", POST, none, STAFF_ONLY, (STAFF, 200), data={"min_score": 0.5}, writes=True),
    row("listing-matches", GET, kw(listing_id=obj("published")), PARTY_READ, (MEMBER, 200)),
]  # fmt: skip

# Orders, quotes, licence and talent requests and their threads: only the two parties see them (anyone
# else: 404); staff read them but take no party's step (403). Each step is taken by A on an object in
# the status it needs (A sells `order*`, buys `order_bought*`).
REASON = {"reason": "产能已满"}
ORDERS = [
    row("order-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("order-list", POST, none, (401, 201, 201, 403), (MEMBER, 201), data=order_body, writes=True),
    row("order-detail", GET, pk("order"), PARTY_READ, (MEMBER, 200)),
    row("order-accept", POST, pk("order"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("order-reject", POST, pk("order"), PARTY_WRITE, (MEMBER, 200), data=REASON, writes=True),
    row("order-cancel", POST, pk("order_bought"), PARTY_WRITE, (MEMBER, 200), data=REASON, writes=True),
    row("order-request-cancellation", POST, pk("order_accepted"), PARTY_WRITE, (MEMBER, 200), data=REASON,
        writes=True),
    row("order-confirm-cancellation", POST, pk("order_cancelling"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("order-decline-cancellation", POST, pk("order_cancelling"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("order-ship", POST, pk("order_accepted"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("order-mark-delivered", POST, pk("order_shipped"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("order-confirm-receipt", POST, pk("order_bought_shipped"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("order-thread", GET, pk("order"), PARTY_READ, (MEMBER, 200)),
    row("order-thread", POST, pk("order"), PARTY_CREATE, (MEMBER, 201), data={"body": "已排产"}, writes=True),
    row("message-file", GET, pk("order_message"), PARTY_READ, (MEMBER, 200)),
    # An open request on a published listing is visible to every member (suppliers find it); only its
    # buyer compares the quotes and cancels it.
    row("quote-request-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("quote-request-list", POST, none, (401, 403, 201, 403), (MEMBER, 201),
        data=lambda w: {"listing": w.pk("demand"), "deadline": (timezone.now() + datetime.timedelta(days=7))
                        .isoformat()}, writes=True),
    row("quote-request-detail", GET, pk("rfq"), SIGNED_IN, (MEMBER, 200)),
    row("quote-request-quotes", GET, pk("rfq"), (401, 403, 200, 200), (MEMBER, 200)),
    row("quote-request-cancel", POST, pk("rfq"), (401, 403, 200, 403), (MEMBER, 200), writes=True),
    row("quote-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("quote-list", POST, none, (401, 201, 201, 403), (MEMBER, 201), data=quote_body, writes=True),
    row("quote-detail", GET, pk("quote"), PARTY_READ, (MEMBER, 200)),
    row("quote-shortlist", POST, pk("quote"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("quote-unshortlist", POST, pk("quote_shortlisted"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("quote-request-reprice", POST, pk("quote"), PARTY_WRITE, (MEMBER, 200), data={"note": "请再优惠"},
        writes=True),
    row("quote-award", POST, pk("quote"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("quote-revise", POST, pk("my_quote"), PARTY_WRITE, (MEMBER, 200), data={"unit_price": "385.00"},
        writes=True),
    row("quote-reprice", POST, pk("my_quote_reprice"), PARTY_WRITE, (MEMBER, 200),
        data={"unit_price": "380.00"}, writes=True),
    row("quote-withdraw", POST, pk("my_quote"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("quote-attachments", GET, pk("my_quote"), PARTY_READ, (MEMBER, 200)),
    row("quote-attachments", POST, pk("my_quote"), PARTY_CREATE, (MEMBER, 201), data=a_file, multipart=True,
        writes=True),
    row("quote-attachment-download", GET, pk("my_quote", attachment_id="quote_attachment"), PARTY_READ,
        (MEMBER, 200)),
    row("quote-thread", GET, pk("quote"), PARTY_READ, (MEMBER, 200)),
    row("quote-thread", POST, pk("quote"), PARTY_CREATE, (MEMBER, 201), data={"body": "可以"}, writes=True),
    row("licence-request-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("licence-request-list", POST, none, (401, 201, 201, 403), (MEMBER, 201), data=licence_body,
        writes=True),
    row("licence-request-detail", GET, pk("licence"), PARTY_READ, (MEMBER, 200)),
    row("licence-request-withdraw", POST, pk("licence"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("licence-request-accept", POST, pk("licence_received"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("licence-request-decline", POST, pk("licence_received"), PARTY_WRITE, (MEMBER, 200), data=REASON,
        writes=True),
    row("licence-request-thread", GET, pk("licence"), PARTY_READ, (MEMBER, 200)),
    row("licence-request-thread", POST, pk("licence"), PARTY_CREATE, (MEMBER, 201), data={"body": "好的"},
        writes=True),
    row("talent-request-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("talent-request-list", POST, none, (401, 201, 201, 403), (MEMBER, 201), data=talent_body,
        writes=True),
    row("talent-request-detail", GET, pk("talent"), PARTY_READ, (MEMBER, 200)),
    row("talent-request-withdraw", POST, pk("talent"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("talent-request-accept", POST, pk("talent_received"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("talent-request-decline", POST, pk("talent_received"), PARTY_WRITE, (MEMBER, 200), data=REASON,
        writes=True),
    row("talent-request-thread", GET, pk("talent"), PARTY_READ, (MEMBER, 200)),
    row("talent-request-thread", POST, pk("talent"), PARTY_CREATE, (MEMBER, 201), data={"body": "好的"},
        writes=True),
]  # fmt: skip

# Financing: offers are public; an application is seen only by the applicant (A) and the institution (K);
# each side takes its own steps (the other side: 403); staff read but take no step.
INSTITUTION_STEP = (401, 404, 403, 403)
FINANCING = [
    row("financing-offer-list", GET, none, PUBLIC, (ANONYMOUS, 200)),
    row("financing-offer-detail", GET, pk("offer"), PUBLIC, (ANONYMOUS, 200)),
    row("financing-application-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("financing-application-list", POST, none, (401, 201, 201, 403), (MEMBER, 201), data=application_body,
        writes=True),
    row("financing-application-detail", GET, pk("application"), PARTY_READ, (MEMBER, 200)),
    row("financing-application-withdraw", POST, pk("application"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("financing-application-answer-info", POST, pk("application_asked"), PARTY_WRITE, (MEMBER, 200),
        data={"answer": "已上传"}, writes=True),
    row("financing-application-documents", GET, pk("application"), PARTY_READ, (MEMBER, 200)),
    row("financing-application-documents", POST, pk("application"), PARTY_CREATE, (MEMBER, 201),
        data=document, multipart=True, writes=True),
    row("financing-application-document-download", GET, pk("application", document_id="application_document"),
        PARTY_READ, (MEMBER, 200)),
    row("financing-application-messages", GET, pk("application"), PARTY_READ, (MEMBER, 200)),
    row("financing-application-messages", POST, pk("application"), PARTY_CREATE, (MEMBER, 201),
        data={"body": "请问需要哪些材料？"}, writes=True),
    row("financing-application-message-file", GET, pk("application", message_id="application_message"),
        PARTY_READ, (MEMBER, 200)),
    row("financing-application-start-review", POST, pk("application"), INSTITUTION_STEP, (BANK, 200),
        writes=True),
    row("financing-application-request-info", POST, pk("application_reviewing"), INSTITUTION_STEP,
        (BANK, 200), data={"question": "请提供审计报告。"}, writes=True),
    row("financing-application-approve", POST, pk("application_reviewing"), INSTITUTION_STEP, (BANK, 200),
        data={"amount": "1000000", "rate": "4.50", "term_months": 12}, writes=True),
    row("financing-application-decline", POST, pk("application"), INSTITUTION_STEP, (BANK, 200),
        data={"reason": "不符合条件"}, writes=True),
    row("financing-application-disburse", POST, pk("application_approved"), INSTITUTION_STEP, (BANK, 200),
        writes=True),
]  # fmt: skip

# Information: anyone reads live announcements and published events; staff write announcements and
# read drafts and the meeting schedule; attendees register, read the attendees and meet.
INFORMATION = [
    row("announcement-list", GET, none, PUBLIC, (ANONYMOUS, 200)),
    row("announcement-list", POST, none, (401, 403, 403, 201), (STAFF, 201),
        data={"category": "news", "title_zh": "标题", "body_zh": "<p>正文</p>"}, writes=True),
    row("announcement-detail", GET, pk("announcement"), PUBLIC, (ANONYMOUS, 200), variant="live"),
    row("announcement-detail", GET, pk("announcement_draft"), (404, 404, 404, 200), (STAFF, 200),
        variant="draft"),
    row("announcement-detail", PATCH, pk("announcement"), STAFF_ONLY, (STAFF, 200),
        data={"title_zh": "新标题"}, writes=True),
    row("announcement-publish", POST, pk("announcement_draft"), STAFF_ONLY, (STAFF, 200), writes=True),
    row("announcement-unpublish", POST, pk("announcement"), STAFF_ONLY, (STAFF, 200), writes=True),
    row("announcement-attachments", POST, pk("announcement"), (401, 403, 403, 201), (STAFF, 201),
        data=a_file, multipart=True, writes=True),
    row("event-list", GET, none, PUBLIC, (ANONYMOUS, 200)),
    row("event-detail", GET, pk("event"), PUBLIC, (ANONYMOUS, 200), variant="published"),
    row("event-detail", GET, pk("event_draft"), (404, 404, 404, 200), (STAFF, 200), variant="draft"),
    row("event-attendees", GET, pk("event"), (401, 403, 200, 200), (MEMBER, 200)),
    row("event-schedule", GET, pk("event"), STAFF_ONLY, (STAFF, 200)),
    row("event-register", POST, pk("event_open"), (401, 200, 200, 403), (MEMBER, 200), writes=True),
    # B is not registered: allowed to ask, nothing to cancel.
    row("event-cancel-registration", POST, pk("event"), (401, 409, 200, 403), (MEMBER, 200), writes=True),
    row("meeting-list", GET, none, SIGNED_IN, (MEMBER, 200)),
    # B is not an attendee of the event (400, nothing created); staff attend nothing.
    row("meeting-list", POST, none, (401, 400, 201, 403), (MEMBER, 201), data=meeting_body, writes=True),
    row("meeting-detail", GET, pk("meeting_in"), PARTY_READ, (MEMBER, 200)),
    row("meeting-accept", POST, pk("meeting_in"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("meeting-decline", POST, pk("meeting_in"), PARTY_WRITE, (MEMBER, 200), writes=True),
    row("meeting-cancel", POST, pk("meeting_out"), PARTY_WRITE, (MEMBER, 200), writes=True),
]  # fmt: skip

# Statistics: the figures and the public tables are open data; some tables are for staff only.
STATS = [
    row("stats-figures", GET, none, PUBLIC, (ANONYMOUS, 200)),
    row("stats-table", GET, kw(figure=PUBLIC_TABLE), PUBLIC, (ANONYMOUS, 200), variant="public"),
    row("stats-table", GET, kw(figure=STAFF_TABLE), (401, 403, 403, 200), (STAFF, 200), variant="staff"),
    row("stats-table-csv", GET, kw(figure=PUBLIC_TABLE), PUBLIC, (ANONYMOUS, 200), variant="public"),
    row("stats-table-csv", GET, kw(figure=STAFF_TABLE), (401, 403, 403, 200), (STAFF, 200), variant="staff"),
]  # fmt: skip

SCHEMA = [
    row("api-root", GET, none, SIGNED_IN, (MEMBER, 200)),
    row("api-schema", GET, none, PUBLIC, (ANONYMOUS, 200)),
    row("api-docs", GET, none, PUBLIC, (ANONYMOUS, 200)),
]

API_ROWS: list[Row] = ACCOUNTS + LISTINGS + MATCHING + ORDERS + FINANCING + INFORMATION + STATS + SCHEMA
