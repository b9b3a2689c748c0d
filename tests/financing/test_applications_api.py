"""The financing/applications API: applying (multipart with documents, JSON), bad input that writes
nothing, the Idempotency-Key, every action per role, documents, the conversation, filters, and who reads
what (another enterprise and another institution get 404)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import IdempotencyKey
from financing.models import ApplicationDocument, ApplicationMessage, FinancingApplication
from financing.services import applications as services
from listings.models import Listing
from orders.models import Order
from tests.conftest import client_for
from tests.factories import ListingFactory, OrderFactory
from tests.financing.test_applications import (
    PDF,
    PNG,
    World,
    at,
    nothing_written,
    stored_files,
    w,
)

__all__ = ["w"]  # the fixture, shared with the service tests

pytestmark = pytest.mark.django_db

URL = "/api/v1/financing/applications/"
Status = FinancingApplication.Status


def url(application: FinancingApplication, suffix: str = "") -> str:
    return f"{URL}{application.pk}/{suffix}"


def upload(name: str = "licence.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def multipart(w: World, **extra: Any) -> dict[str, Any]:
    """An application on the bank's offer with the two documents it asks for, as form data."""
    data: dict[str, Any] = {
        "offer": w.offer.pk,
        "amount": "3000000",
        "term_months": "12",
        "purpose": "扩充电驱总成产线流动资金",
        "consent": "true",
        "documents": [upload("营业执照.pdf"), upload("2025年报.pdf")],
        "document_kinds": ["business_licence", "financial_statements"],
    }
    data.update(extra)
    return data


def errors(response: Any) -> dict[str, Any]:
    fields: dict[str, Any] = response.json()["error"]["fields"]
    return fields


def as_(w: World, role: str) -> APIClient:
    """The role's API client, reading English (the site's default language is Chinese)."""
    client = client_for(w.user(role))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# ---------------------------------------------------------------------------------------------------
# Applying


def test_a_member_applies_with_documents_in_one_multipart_request(w: World) -> None:
    response = as_(w, "applicant").post(URL, multipart(w), format="multipart")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "submitted" and data["kind"] == "general" and data["your_side"] == "applicant"
    assert data["applicant"]["id"] == w.applicant.enterprise_id
    assert data["institution"] == {"id": w.bank.enterprise_id, "name": "Hefei Industrial Bank"}
    assert data["offer"] == w.offer.pk and data["offer_title"] == w.offer.title
    assert data["amount"] == "3000000.00" and data["term_months"] == 12 and data["consent_at"]
    assert data["actions"] == ["add_document", "withdraw"] and data["age_days"] == 0
    assert [(d["kind"], d["name"]) for d in data["documents"]] == [
        ("business_licence", "营业执照.pdf"),
        ("financial_statements", "2025年报.pdf"),
    ]
    assert [e["action"] for e in data["events"]] == ["submitted"]
    assert data["url"] == f"/financing/applications/{data['id']}/"
    assert data["order_facts"] is None and data["applicant_profile"]["id"] == w.applicant.enterprise_id


def test_json_applies_to_an_institution_directly(w: World) -> None:
    body = {
        "institution": w.other_bank.enterprise_id,
        "amount": "500000.00",
        "term_months": 24,
        "purpose": "采购原材料",
        "consent": True,
    }

    response = as_(w, "applicant").post(URL, body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["institution"]["id"] == w.other_bank.enterprise_id
    assert response.json()["offer"] is None and response.json()["offer_title"] is None


def test_json_cannot_carry_the_documents_an_offer_asks_for(w: World) -> None:
    body = {
        "offer": w.offer.pk,
        "amount": "3000000",
        "term_months": 12,
        "purpose": "流动资金",
        "consent": True,
    }

    response = as_(w, "applicant").post(URL, body, format="json")

    assert response.status_code == 400
    assert "Business licence" in errors(response)["documents"][0]
    assert nothing_written()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"consent": "false"}, "consent"),
        ({"amount": "100"}, "amount"),
        ({"term_months": "48"}, "term_months"),
        ({"documents": [upload()], "document_kinds": ["business_licence"]}, "documents"),
        ({"document_kinds": ["business_licence"]}, "document_kinds"),
        ({"document_kinds": ["business_licence", "passport"]}, "document_kinds"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    w: World, extra: dict[str, Any], field: str
) -> None:
    response = as_(w, "applicant").post(URL, multipart(w, **extra), format="multipart")

    assert response.status_code == 400, response.json()
    assert field in errors(response)
    assert nothing_written()


def test_missing_consent_says_so(w: World) -> None:
    data = multipart(w)
    del data["consent"]

    response = as_(w, "applicant").post(URL, data, format="multipart")

    assert response.status_code == 400
    assert errors(response) == {
        "consent": ["Agree to share your enterprise profile with Hefei Industrial Bank to apply."]
    }


@pytest.mark.parametrize(
    ("content", "text"),
    [(b"GIF89a not allowed", "Only PDF, PNG, JPEG, WebP"), (b"", "empty"), (PDF * 100, "too large")],
    ids=["wrong-type", "empty", "oversize"],
)
def test_a_bad_file_is_a_400_and_no_row_and_no_file_is_written(
    w: World, settings: Any, content: bytes, text: str
) -> None:
    settings.FINANCING_DOCUMENT_MAX_BYTES = 1024
    data = multipart(w, documents=[upload("营业执照.pdf"), upload("年报.pdf", content)])

    response = as_(w, "applicant").post(URL, data, format="multipart")

    assert response.status_code == 400
    assert text in errors(response)["documents"][0] and errors(response)["documents"][0].startswith(
        "年报.pdf"
    )
    assert nothing_written() and not stored_files()


def test_an_offer_that_is_no_longer_published_is_a_conflict(w: World) -> None:
    Listing.objects.filter(pk=w.offer.pk).update(status=Listing.Status.CLOSED)

    response = as_(w, "applicant").post(URL, multipart(w), format="multipart")

    assert response.status_code == 409 and response.json()["error"]["code"] == "offer_not_published"
    assert nothing_written()


def test_a_draft_or_a_product_listing_is_no_offer(w: World) -> None:
    draft = ListingFactory(enterprise=w.bank.enterprise, status=Listing.Status.DRAFT)
    product = ListingFactory(enterprise=w.bank.enterprise)

    for listing in (draft, product):
        response = as_(w, "applicant").post(URL, multipart(w, offer=listing.pk), format="multipart")
        assert response.status_code == 400 and "offer" in errors(response)


@pytest.mark.parametrize(("who", "status"), [("unverified", 403), ("staff", 403)])
def test_only_members_of_verified_enterprises_apply(w: World, who: str, status: int) -> None:
    response = as_(w, who).post(URL, multipart(w), format="multipart")

    assert response.status_code == status
    assert nothing_written()


def test_anonymous_callers_are_refused(w: World) -> None:
    assert APIClient().post(URL, multipart(w), format="multipart").status_code == 401
    assert APIClient().get(URL).status_code == 401


# ---------------------------------------------------------------------------------------------------
# Order-linked


def test_order_financing_names_an_order_the_applicant_sold(w: World) -> None:
    order = OrderFactory(
        listing=ListingFactory(enterprise=w.applicant.enterprise), status=Order.Status.SHIPPED
    )
    body = {
        "institution": w.bank.enterprise_id,
        "kind": "receivables_financing",
        "order": order.pk,
        "amount": "80000",
        "term_months": 3,
        "purpose": "应收账款融资",
        "consent": True,
    }

    too_much = as_(w, "applicant").post(URL, {**body, "amount": "80001"}, format="json")
    assert too_much.status_code == 400 and errors(too_much)["amount"] == [
        "At most the order's value, ¥80,000."
    ]

    response = as_(w, "applicant").post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    application_id = response.json()["id"]

    # The institution sees the order's facts and its status as it is now
    Order.objects.filter(pk=order.pk).update(status=Order.Status.DELIVERED)
    data = as_(w, "institution").get(f"{URL}{application_id}/").json()
    assert data["kind"] == "receivables_financing" and data["order"] == order.pk
    facts = data["order_facts"]
    assert (facts["id"], facts["total"], facts["status"], facts["buyer"]) == (
        order.pk,
        "80000.00",
        "delivered",
        order.buyer.display_name,
    )


def test_an_order_of_other_enterprises_is_unknown(w: World) -> None:
    stranger = OrderFactory(status=Order.Status.ACCEPTED)
    body = {
        "institution": w.bank.enterprise_id,
        "kind": "order_financing",
        "order": stranger.pk,
        "amount": "1000",
        "term_months": 3,
        "purpose": "订单融资",
        "consent": True,
    }

    response = as_(w, "applicant").post(URL, body, format="json")

    assert response.status_code == 400 and "order" in errors(response)


# ---------------------------------------------------------------------------------------------------
# Idempotency-Key


def test_a_replayed_key_returns_the_first_application_and_a_changed_body_is_a_422(w: World) -> None:
    client = as_(w, "applicant")
    headers = {"Idempotency-Key": "apply-2026-001"}

    first = client.post(URL, multipart(w), format="multipart", headers=headers)
    again = client.post(URL, multipart(w), format="multipart", headers=headers)

    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    assert FinancingApplication.objects.count() == 1 and ApplicationDocument.objects.count() == 2

    changed = client.post(URL, multipart(w, amount="4000000"), format="multipart", headers=headers)
    assert changed.status_code == 422
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    assert FinancingApplication.objects.count() == 1


def test_a_refused_request_does_not_use_up_its_key(w: World) -> None:
    client = as_(w, "applicant")
    headers = {"Idempotency-Key": "apply-2026-002"}

    refused = client.post(URL, multipart(w, consent="false"), format="multipart", headers=headers)
    accepted = client.post(URL, multipart(w), format="multipart", headers=headers)

    assert refused.status_code == 400 and accepted.status_code == 201
    assert IdempotencyKey.objects.count() == 1


# ---------------------------------------------------------------------------------------------------
# The actions


def test_the_whole_way_through_the_api(w: World) -> None:
    application = FinancingApplication.objects.get(
        pk=as_(w, "applicant").post(URL, multipart(w), format="multipart").json()["id"]
    )
    bank, applicant = as_(w, "institution"), as_(w, "applicant")

    response = bank.post(url(application, "start-review/"))
    assert response.status_code == 200 and response.json()["status"] == "under_review"

    response = bank.post(url(application, "request-info/"), {"question": "请补充纳税记录"}, format="json")
    assert response.json()["awaiting_answer"] is True and response.json()["info_request"] == "请补充纳税记录"
    assert applicant.get(url(application)).json()["actions"] == ["answer_info", "add_document", "withdraw"]

    response = applicant.post(
        url(application, "answer-info/"),
        {"answer": "已附上", "files": [upload("纳税.pdf")]},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["awaiting_answer"] is False

    response = bank.post(
        url(application, "approve/"),
        {"amount": "2500000", "rate": "4.35", "term_months": 12, "conditions": "法人连带担保"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["status"], data["approved_amount"], data["approved_rate"], data["approved_term_months"]) == (
        "approved",
        "2500000.00",
        "4.35",
        12,
    )
    assert data["conditions"] == "法人连带担保" and data["actions"] == ["disburse"]

    response = bank.post(url(application, "disburse/"), {"note": "LN-001"}, format="json")
    assert response.json()["status"] == "disbursed" and response.json()["disbursed_amount"] == "2500000.00"
    assert [e["action"] for e in response.json()["events"]] == [
        "submitted",
        "review_started",
        "info_requested",
        "info_answered",
        "approved",
        "disbursed",
    ]
    messages = applicant.get(url(application, "messages/")).json()
    assert [(m["body"], m["mine"]) for m in messages] == [("请补充纳税记录", False), ("已附上", True)]
    assert messages[1]["file"]["name"] == "纳税.pdf"


@pytest.mark.parametrize(
    ("action", "start", "body", "side"),
    [
        ("start-review", "submitted", {}, "institution"),
        ("request-info", "submitted", {"question": "经营状况？"}, "institution"),
        ("approve", "under_review", {"amount": "1000000", "rate": "5", "term_months": 12}, "institution"),
        ("decline", "submitted", {"reason": "资质不足"}, "institution"),
        ("disburse", "approved", {}, "institution"),
        ("withdraw", "submitted", {}, "applicant"),
    ],
)
def test_each_action_for_each_role(
    w: World, action: str, start: str, body: dict[str, Any], side: str
) -> None:
    application = at(w, start)
    refused = {"applicant": 403, "institution": 403, "other": 404, "other_bank": 404, "unverified": 404}
    refused.pop(side)

    for who, status in {**refused, "staff": 403}.items():
        response = as_(w, who).post(url(application, f"{action}/"), body, format="json")
        assert response.status_code == status, (who, response.json())
        application.refresh_from_db()
        assert application.status == start

    response = as_(w, side).post(url(application, f"{action}/"), body, format="json")
    assert response.status_code == 200, response.json()


def test_a_step_out_of_turn_is_a_409_and_bad_terms_a_400(w: World) -> None:
    application = w.apply()
    bank = as_(w, "institution")

    response = bank.post(
        url(application, "approve/"), {"amount": "1", "rate": "1", "term_months": 1}, format="json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "transition_not_allowed"

    bank.post(url(application, "start-review/"))
    response = bank.post(
        url(application, "approve/"), {"amount": "9000000", "rate": "120", "term_months": 400}, format="json"
    )
    assert response.status_code == 400 and set(errors(response)) == {"amount", "rate", "term_months"}
    response = bank.post(url(application, "decline/"), {}, format="json")
    assert response.status_code == 400 and "reason" in errors(response)
    response = as_(w, "applicant").post(url(application, "answer-info/"), {"answer": "无"}, format="json")
    assert response.status_code == 409


# ---------------------------------------------------------------------------------------------------
# Documents and the conversation


def test_documents_are_listed_added_and_downloaded_by_the_two_sides_only(w: World) -> None:
    application = w.apply()
    applicant = as_(w, "applicant")

    response = applicant.post(
        url(application, "documents/"),
        {"kind": "bank_statements", "file": upload("流水.pdf")},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    added = response.json()
    assert (added["kind"], added["name"], added["kind_display"]) == (
        "bank_statements",
        "流水.pdf",
        "Bank statements",
    )

    listed = as_(w, "institution").get(url(application, "documents/")).json()
    assert {d["kind"] for d in listed} == {"business_licence", "financial_statements", "bank_statements"}

    download = as_(w, "institution").get(added["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    for who in ("other", "other_bank"):
        assert as_(w, who).get(added["url"]).status_code == 404
        assert as_(w, who).get(url(application, "documents/")).status_code == 404
    assert as_(w, "staff").get(added["url"]).status_code == 200

    bad = applicant.post(
        url(application, "documents/"),
        {"kind": "tax_records", "file": upload("x.pdf", b"<svg/>")},
        format="multipart",
    )
    assert bad.status_code == 400 and "file" in errors(bad)
    refused = as_(w, "institution").post(
        url(application, "documents/"), {"kind": "tax_records", "file": upload()}, format="multipart"
    )
    assert refused.status_code == 403
    assert application.documents.count() == 3


def test_a_document_of_another_application_is_not_found_through_this_one(w: World) -> None:
    mine, theirs = w.apply(), w.apply()
    document = theirs.documents.first()

    response = as_(w, "applicant").get(url(mine, f"documents/{document.pk}/download/"))

    assert response.status_code == 404


def test_the_conversation_for_the_two_sides(w: World) -> None:
    application = w.apply()

    posted = as_(w, "institution").post(
        url(application, "messages/"),
        {"body": "", "file": SimpleUploadedFile("清单.png", PNG)},
        format="multipart",
    )
    assert posted.status_code == 201, posted.json()
    message = posted.json()
    assert message["mine"] is True and message["file"]["name"] == "清单.png"
    assert message["sender_enterprise"]["id"] == w.bank.enterprise_id

    file = as_(w, "applicant").get(message["file"]["url"])
    assert file.status_code == 200 and file["Content-Type"] == "image/png"
    for who in ("other", "other_bank"):
        assert as_(w, who).get(url(application, "messages/")).status_code == 404
        assert (
            as_(w, who).post(url(application, "messages/"), {"body": "你好"}, format="json").status_code
            == 404
        )
        assert as_(w, who).get(message["file"]["url"]).status_code == 404
    assert as_(w, "staff").get(url(application, "messages/")).status_code == 200
    assert (
        as_(w, "staff").post(url(application, "messages/"), {"body": "审核"}, format="json").status_code
        == 403
    )
    empty = as_(w, "applicant").post(url(application, "messages/"), {"body": " "}, format="json")
    assert empty.status_code == 400 and "body" in errors(empty)
    assert ApplicationMessage.objects.count() == 1


def test_a_retried_message_with_its_key_is_posted_once(w: World) -> None:
    application = w.apply()
    client = as_(w, "applicant")
    headers = {"Idempotency-Key": "msg-1"}

    first = client.post(url(application, "messages/"), {"body": "您好"}, format="json", headers=headers)
    again = client.post(url(application, "messages/"), {"body": "您好"}, format="json", headers=headers)

    assert first.json()["id"] == again.json()["id"] and ApplicationMessage.objects.count() == 1


# ---------------------------------------------------------------------------------------------------
# Reading


@pytest.mark.parametrize(
    ("who", "status"),
    [("applicant", 200), ("institution", 200), ("staff", 200), ("other", 404), ("other_bank", 404)],
)
def test_only_the_two_sides_and_staff_read_an_application(w: World, who: str, status: int) -> None:
    application = w.apply()

    assert as_(w, who).get(url(application)).status_code == status
    listed = [row["id"] for row in as_(w, who).get(URL).json()["results"]]
    assert (application.pk in listed) is (status == 200)


def test_the_institution_reads_the_applicants_profile(w: World) -> None:
    application = w.apply()

    profile = as_(w, "institution").get(url(application)).json()["applicant_profile"]

    assert (
        profile["contact_email"] == "finance@wuhu-drive.example.com" and profile["contact_name"] == "王经理"
    )
    assert profile["theme"] == "component_maker" and profile["segments"] == ["electric_drive"]
    assert profile["name"] == "Wuhu Drive Systems" and profile["credit_code"]


def test_the_list_filters_by_role_status_and_kind(w: World) -> None:
    submitted = w.apply()
    reviewed = at(w, Status.UNDER_REVIEW)
    # The bank also applies, to another bank, as an applicant
    own = services.application_submit(
        actor=w.bank.user,
        institution=w.other_bank.enterprise,
        amount=Decimal("1000000"),
        term_months=12,
        purpose="同业拆借",
        consent=True,
    )
    bank = as_(w, "institution")

    def ids(query: str) -> set[int]:
        return {row["id"] for row in bank.get(f"{URL}?{query}").json()["results"]}

    assert ids("") == {submitted.pk, reviewed.pk, own.pk}
    assert ids("role=institution") == {submitted.pk, reviewed.pk}
    assert ids("role=applicant") == {own.pk}
    assert ids("status=under_review") == {reviewed.pk}
    assert ids("status=submitted&status=under_review&role=institution") == {submitted.pk, reviewed.pk}
    assert ids("kind=order_financing") == set()
    assert bank.get(f"{URL}?ordering=amount").status_code == 200
    assert bank.get(f"{URL}?status=nonsense").status_code == 400


def test_the_list_does_not_query_per_row(w: World) -> None:
    for _ in range(3):
        w.apply()
    client = as_(w, "institution")
    client.get(URL)  # warm up (authentication, sessions)

    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(5):
        w.apply()
    with CaptureQueriesContext(connection) as more:
        response = client.get(URL)

    assert response.json()["count"] == 8
    assert len(more.captured_queries) == len(few.captured_queries)
