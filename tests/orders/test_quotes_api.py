"""The quotes API (`quote-requests`, `quotes`) and the quote pages: who reads what, every action for the
right and the wrong side, idempotent submission, bad input that writes nothing, files, and the pages a
buyer and a supplier click through (the listing's panel, the forms, the comparison, the award)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Membership, Notification, User
from matching.models import Match
from orders.models import Order, Quote, QuoteAttachment, QuoteRequest
from orders.services import quotes as svc
from tests.conftest import client_for
from tests.factories import DemandListingFactory, ListingFactory, MatchFactory, MembershipFactory
from tests.orders.test_quotes import PDF, Parties, in_days, make_parties

pytestmark = pytest.mark.django_db

RFQS = "/api/v1/quote-requests/"
QUOTES = "/api/v1/quotes/"
RStatus = QuoteRequest.Status
QStatus = Quote.Status
TODAY = timezone.localdate


@pytest.fixture
def p() -> Parties:
    return make_parties()


@pytest.fixture
def rfq(p: Parties) -> QuoteRequest:
    return p.open()


def api(member: Membership | User) -> APIClient:
    client = client_for(member.user if isinstance(member, Membership) else member)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def error(response: Any, code: int) -> dict[str, Any]:
    assert response.status_code == code, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def quote_body(rfq: QuoteRequest, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "request": rfq.pk,
        "unit_price": "390.00",
        "quantity": "1000",
        "lead_time_days": 30,
        "valid_until": (TODAY() + datetime.timedelta(days=30)).isoformat(),
        "terms": "含税含运费",
    }
    body.update(overrides)
    return body


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def browser(member: Membership | User | None = None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if member is not None:
        client.force_login(member.user if isinstance(member, Membership) else member)
    return client


def page(response: Any, code: int = 200) -> str:
    assert response.status_code == code, response.status_code
    return response.content.decode()


# --- anonymous -------------------------------------------------------------------------------------


def test_anonymous_callers_are_refused(rfq: QuoteRequest) -> None:
    for url in (RFQS, QUOTES, f"{RFQS}{rfq.pk}/", f"{RFQS}{rfq.pk}/quotes/"):
        assert APIClient().get(url).status_code == 401
    assert APIClient().post(QUOTES, quote_body(rfq), format="json").status_code == 401
    assert APIClient().post(RFQS, {}, format="json").status_code == 401


# --- requests for quotes ---------------------------------------------------------------------------


def test_the_owner_opens_a_demand_for_quotes(p: Parties) -> None:
    deadline = in_days(7).isoformat()
    response = api(p.buyer_member).post(
        RFQS,
        {"listing": p.demand.pk, "deadline": deadline, "max_quotes": 3, "instructions": "附证书"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["accepting_quotes"] is True and body["quote_count"] == 0
    assert body["listing"]["id"] == p.demand.pk and body["buyer"]["id"] == p.buyer.pk
    assert body["max_quotes"] == 3 and body["actions"] == ["cancel"]
    assert body["url"] == f"/rfq/{body['id']}/"


def test_opening_refusals(p: Parties, rfq: QuoteRequest) -> None:
    other_demand = DemandListingFactory(enterprise=p.buyer)
    body = {"listing": other_demand.pk, "deadline": in_days(7).isoformat()}
    assert error(api(p.s1).post(RFQS, body, format="json"), 403)["code"] == "permission_denied"
    assert error(api(p.unverified).post(RFQS, body, format="json"), 403)["code"] == "enterprise_not_verified"
    past = {"listing": other_demand.pk, "deadline": in_days(-1).isoformat(), "instructions": "x"}
    assert set(error(api(p.buyer_owner).post(RFQS, past, format="json"), 400)["fields"]) == {"deadline"}
    too_many = {**body, "max_quotes": 51}
    assert set(error(api(p.buyer_owner).post(RFQS, too_many, format="json"), 400)["fields"]) == {"max_quotes"}
    assert (
        "listing"
        in error(api(p.buyer_owner).post(RFQS, {**body, "listing": 999999}, format="json"), 400)["fields"]
    )
    supply = ListingFactory(enterprise=p.buyer)
    assert (
        "listing"
        in error(api(p.buyer_owner).post(RFQS, {**body, "listing": supply.pk}, format="json"), 400)["fields"]
    )
    again = {"listing": p.demand.pk, "deadline": in_days(7).isoformat()}
    assert error(api(p.buyer_owner).post(RFQS, again, format="json"), 409)["code"] == "rfq_exists"
    assert QuoteRequest.objects.count() == 1


def test_who_sees_which_request(p: Parties, rfq: QuoteRequest) -> None:
    decided_listing = DemandListingFactory(enterprise=p.buyer)
    decided = svc.quote_request_open(actor=p.buyer_owner.user, listing=decided_listing, deadline=in_days(3))
    quote = p.quote(decided, p.s1)
    svc.quote_award(quote=quote, actor=p.buyer_owner.user)
    foreign = svc.quote_request_open(
        actor=p.outsider.user,
        listing=DemandListingFactory(enterprise=p.outsider.enterprise),
        deadline=in_days(3),
    )

    assert set(ids(api(p.buyer_member).get(RFQS))) == {rfq.pk, decided.pk, foreign.pk}
    assert set(ids(api(p.buyer_member).get(RFQS, {"role": "buyer"}))) == {rfq.pk, decided.pk}
    assert set(ids(api(p.s1).get(RFQS))) == {rfq.pk, decided.pk, foreign.pk}
    assert set(ids(api(p.s1).get(RFQS, {"role": "supplier"}))) == {decided.pk}
    assert set(ids(api(p.s2).get(RFQS))) == {rfq.pk, foreign.pk}
    assert set(ids(api(p.s2).get(RFQS, {"status": "open", "listing": p.demand.pk}))) == {rfq.pk}
    assert set(ids(api(p.staff).get(RFQS))) == {rfq.pk, decided.pk, foreign.pk}
    assert api(p.s2).get(f"{RFQS}{decided.pk}/").status_code == 404
    assert api(p.s1).get(f"{RFQS}{decided.pk}/").json()["status"] == "awarded"
    assert ids(api(MembershipFactory(enterprise=p.s1.enterprise, role=Membership.Role.MEMBER)).get(RFQS))


def test_the_comparison_is_for_the_buyer_and_staff(
    p: Parties, rfq: QuoteRequest, django_assert_max_num_queries: Any
) -> None:
    cheap = p.quote(rfq, p.s2, unit_price=Decimal("380.00"))
    for supplier in [p.s1, *[MembershipFactory() for _ in range(4)]]:
        p.quote(rfq, supplier)
    url = f"{RFQS}{rfq.pk}/quotes/"

    client = api(p.buyer_owner)
    with django_assert_max_num_queries(12):
        response = client.get(url)

    rows = response.json()
    assert response.status_code == 200 and len(rows) == 6
    assert rows[0]["id"] == cheap.pk and rows[0]["total"] == "380000.00" and rows[0]["cheapest"] is True
    assert rows[0]["actions"] == ["shortlist", "request_reprice", "award"]
    assert set(rows[0]) >= {"supplier", "region", "certifications", "match_score", "lead_time_days", "status"}
    assert api(p.staff).get(url).status_code == 200
    assert error(api(p.s1).get(url), 403)["code"] == "permission_denied"
    assert error(api(p.outsider).get(url), 403)["code"] == "permission_denied"


def test_the_buyer_cancels_a_request(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    url = f"{RFQS}{rfq.pk}/cancel/"
    assert api(p.s1).post(url, {}, format="json").status_code == 403
    assert api(p.outsider).post(url, {}, format="json").status_code == 403
    response = api(p.buyer_owner).post(url, {"reason": "项目取消"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Quote.objects.get(pk=quote.pk).status == QStatus.NOT_SELECTED
    assert error(api(p.buyer_owner).post(url, {}, format="json"), 409)["code"] == "transition_not_allowed"


# --- submitting ------------------------------------------------------------------------------------


def test_a_supplier_submits_a_quote(p: Parties, rfq: QuoteRequest) -> None:
    response = api(p.s1).post(QUOTES, {**quote_body(rfq), "status": "awarded"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"  # status is never written by the client
    assert body["total"] == "390000.00" and body["request"] == rfq.pk
    assert body["supplier"]["id"] == p.s1.enterprise_id and body["buyer"]["id"] == p.buyer.pk
    assert body["actions"] == ["revise", "withdraw", "attach"] and body["order"] is None
    assert Notification.objects.filter(kind="quote.submitted", recipient=p.buyer_owner.user).exists()


def test_a_quote_from_a_match(p: Parties, rfq: QuoteRequest) -> None:
    match = MatchFactory(
        supply=ListingFactory(enterprise=p.s1.enterprise),
        demand=p.demand,
        status=Match.Status.APPROVED,
        reviewed_at=timezone.now(),
    )
    response = api(p.s1).post(QUOTES, quote_body(rfq, match=match.pk), format="json")
    assert response.status_code == 201 and response.json()["match"] == match.pk
    assert Match.objects.get(pk=match.pk).quoted_at is not None
    assert api(p.s2).post(QUOTES, quote_body(rfq, match=match.pk), format="json").status_code == 403


def test_submitting_with_an_idempotency_key(p: Parties, rfq: QuoteRequest) -> None:
    client = api(p.s1)
    headers = {"Idempotency-Key": "quote-7f3a"}
    first = client.post(QUOTES, quote_body(rfq), format="json", headers=headers)
    again = client.post(QUOTES, quote_body(rfq), format="json", headers=headers)

    assert first.status_code == 201 and again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Quote.objects.count() == 1
    assert Notification.objects.filter(kind="quote.submitted", recipient=p.buyer_owner.user).count() == 1

    changed = client.post(QUOTES, quote_body(rfq, unit_price="380.00"), format="json", headers=headers)
    assert error(changed, 422)["code"] == "idempotency_key_reused"
    assert Quote.objects.get().unit_price == Decimal("390.00")
    # Without the key, a second quote is the conflict it is.
    assert error(client.post(QUOTES, quote_body(rfq), format="json"), 409)["code"] == "already_quoted"


def test_a_refused_submission_leaves_its_key_free(p: Parties, rfq: QuoteRequest) -> None:
    client, headers = api(p.s1), {"Idempotency-Key": "k-1"}
    assert (
        client.post(QUOTES, quote_body(rfq, quantity="0"), format="json", headers=headers).status_code == 400
    )
    assert client.post(QUOTES, quote_body(rfq), format="json", headers=headers).status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"unit_price": "-1.00"}, "unit_price"),
        ({"unit_price": "1.001"}, "unit_price"),
        ({"unit_price": "abc"}, "unit_price"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "-10"}, "quantity"),
        ({"lead_time_days": -1}, "lead_time_days"),
        ({"valid_until": "2001-01-01"}, "valid_until"),
        ({"valid_until": "tomorrow"}, "valid_until"),
        ({"request": 999999}, "request"),
        ({"terms": "x" * 4001}, "terms"),
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(
    p: Parties, rfq: QuoteRequest, overrides: dict[str, Any], field: str
) -> None:
    assert field in error(api(p.s1).post(QUOTES, quote_body(rfq, **overrides), format="json"), 400)["fields"]
    assert not Quote.objects.exists() and not Notification.objects.filter(kind="quote.submitted").exists()


def test_state_refusals(p: Parties, rfq: QuoteRequest) -> None:
    assert (
        error(api(p.buyer_member).post(QUOTES, quote_body(rfq), format="json"), 400)["code"] == "own_listing"
    )
    assert error(api(p.unverified).post(QUOTES, quote_body(rfq), format="json"), 403)["code"] == (
        "enterprise_not_verified"
    )
    svc.quote_requests_close_due(now=in_days(8))
    assert error(api(p.s1).post(QUOTES, quote_body(rfq), format="json"), 409)["code"] == "quotes_closed"
    assert not Quote.objects.exists()


# --- reading quotes --------------------------------------------------------------------------------


def test_only_the_parties_read_a_quote(
    p: Parties, rfq: QuoteRequest, django_assert_max_num_queries: Any
) -> None:
    mine = p.quote(rfq, p.s1)
    theirs = p.quote(rfq, p.s2)
    svc.quote_add_attachment(quote=mine, actor=p.s1.user, file=SimpleUploadedFile("a.pdf", PDF), name="a.pdf")
    for supplier in [MembershipFactory() for _ in range(4)]:
        p.quote(rfq, supplier)

    client = api(p.buyer_owner)
    with django_assert_max_num_queries(12):
        listed = ids(client.get(QUOTES))
    assert len(listed) == 6
    assert ids(api(p.s1).get(QUOTES)) == [mine.pk]
    assert ids(api(p.outsider).get(QUOTES)) == []
    assert ids(api(p.buyer_owner).get(QUOTES, {"role": "supplier"})) == []
    assert set(ids(api(p.staff).get(QUOTES))) == set(listed)
    url = f"{QUOTES}{mine.pk}/"
    assert api(p.s1).get(url).json()["attachments"][0]["name"] == "a.pdf"
    assert api(p.buyer_member).get(url).status_code == 200
    assert api(p.staff).get(url).status_code == 200
    assert api(p.s2).get(url).status_code == 404
    assert api(p.outsider).get(url).status_code == 404
    assert api(p.outsider).post(f"{QUOTES}{theirs.pk}/shortlist/").status_code == 404
    assert api(p.s1).post(f"{QUOTES}{theirs.pk}/withdraw/", {}, format="json").status_code == 404
    assert api(p.s2).post(f"{url}award/", {}, format="json").status_code == 404


# --- the supplier's actions ------------------------------------------------------------------------


def test_revise_once_then_409(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    url = f"{QUOTES}{quote.pk}/revise/"
    assert "non_field_errors" in error(api(p.s1).post(url, {}, format="json"), 400)["fields"]
    assert api(p.buyer_owner).post(url, {"unit_price": "1.00"}, format="json").status_code == 403
    response = api(p.s1).post(url, {"unit_price": "385.00", "lead_time_days": 20}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["unit_price"] == "385.00" and body["total"] == "385000.00" and body["revised_at"]
    assert "revise" not in body["actions"]
    assert (
        error(api(p.s1).post(url, {"unit_price": "380.00"}, format="json"), 409)["code"] == "already_revised"
    )


def test_withdraw(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    url = f"{QUOTES}{quote.pk}/withdraw/"
    assert api(p.buyer_owner).post(url, {}, format="json").status_code == 403
    response = api(p.s1).post(url, {"reason": "产能不足"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert api(p.s1).post(url, {}, format="json").status_code == 409


def test_shortlist_and_a_revised_price(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    base = f"{QUOTES}{quote.pk}"
    assert api(p.s1).post(f"{base}/shortlist/").status_code == 403
    assert api(p.buyer_owner).post(f"{base}/shortlist/").json()["status"] == "shortlisted"
    assert api(p.buyer_owner).post(f"{base}/shortlist/").status_code == 409
    assert api(p.buyer_owner).post(f"{base}/unshortlist/").json()["status"] == "submitted"

    assert error(api(p.s1).post(f"{base}/reprice/", {"unit_price": "1.00"}, format="json"), 409)["code"] == (
        "reprice_not_requested"
    )
    assert api(p.s1).post(f"{base}/request-reprice/", {}, format="json").status_code == 403
    asked = api(p.buyer_owner).post(f"{base}/request-reprice/", {"note": "目标 370"}, format="json")
    assert asked.status_code == 200 and asked.json()["reprice_note"] == "目标 370"
    assert api(p.buyer_owner).post(f"{base}/request-reprice/", {}, format="json").status_code == 409
    assert (
        "unit_price"
        in error(api(p.s1).post(f"{base}/reprice/", {"unit_price": "-5"}, format="json"), 400)["fields"]
    )
    answered = api(p.s1).post(f"{base}/reprice/", {"unit_price": "372.00"}, format="json")
    assert answered.status_code == 200
    assert answered.json()["unit_price"] == "372.00" and answered.json()["previous_unit_price"] == "390.00"
    assert api(p.s1).post(f"{base}/reprice/", {"unit_price": "360.00"}, format="json").status_code == 409


# --- the award -------------------------------------------------------------------------------------


def test_the_award_returns_the_accepted_order(p: Parties, rfq: QuoteRequest) -> None:
    winner, loser = p.quote(rfq, p.s1), p.quote(rfq, p.s2)
    url = f"{QUOTES}{winner.pk}/award/"
    assert api(p.s1).post(url, {}, format="json").status_code == 403

    response = api(p.buyer_owner).post(url, {"delivery_address": "南京市江宁区 1 号"}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    order = Order.objects.get(pk=body["order"])
    assert order.status == Order.Status.ACCEPTED and order.quote_id == winner.pk
    assert body["order_url"] == f"/api/v1/orders/{order.pk}/"
    assert body["quote"]["status"] == "awarded" and body["quote"]["order"] == order.pk
    assert Quote.objects.get(pk=loser.pk).status == QStatus.NOT_SELECTED
    assert api(p.s2).get(f"{QUOTES}{loser.pk}/").json()["status"] == "not_selected"
    assert Notification.objects.filter(kind="quote.not_selected", recipient=p.s2.user).exists()
    assert api(p.buyer_owner).get(f"{RFQS}{rfq.pk}/").json()["status"] == "awarded"
    assert api(p.buyer_owner).post(f"{QUOTES}{loser.pk}/award/", {}, format="json").status_code == 409
    assert Order.objects.count() == 1


# --- attachments -----------------------------------------------------------------------------------


def test_attachments_upload_and_download(p: Parties, rfq: QuoteRequest, settings: Any) -> None:
    quote = p.quote(rfq)
    url = f"{QUOTES}{quote.pk}/attachments/"
    response = api(p.s1).post(url, {"file": SimpleUploadedFile("报价单.pdf", PDF)}, format="multipart")
    assert response.status_code == 201, response.content
    download = response.json()["url"]
    assert download == f"{url}{response.json()['id']}/download/"

    got = api(p.buyer_owner).get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert got["Content-Type"] == "application/pdf" and got["X-Content-Type-Options"] == "nosniff"
    assert api(p.outsider).get(download).status_code == 404
    assert api(p.s2).get(download).status_code == 404
    assert [a["name"] for a in api(p.buyer_owner).get(url).json()] == ["报价单.pdf"]


def test_a_wrong_file_is_refused_and_nothing_stored(p: Parties, rfq: QuoteRequest, settings: Any) -> None:
    quote = p.quote(rfq)
    url = f"{QUOTES}{quote.pk}/attachments/"
    fake = SimpleUploadedFile(
        "报价单.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    assert "file" in error(api(p.s1).post(url, {"file": fake}, format="multipart"), 400)["fields"]
    assert "file" in error(api(p.s1).post(url, {}, format="multipart"), 400)["fields"]
    pdf = SimpleUploadedFile("a.pdf", PDF)
    assert api(p.buyer_owner).post(url, {"file": pdf}, format="multipart").status_code == 403
    assert not QuoteAttachment.objects.exists() and stored_files(settings) == []


# --- pages -----------------------------------------------------------------------------------------


def test_the_listing_panel_for_each_visitor(p: Parties) -> None:
    detail = reverse("listings:detail", args=[p.demand.pk])
    assert "Open for quotes" in page(browser(p.buyer_member).get(detail))
    assert "Submit a quote" not in page(browser(p.s1).get(detail))

    rfq = p.open()
    owner_view = page(browser(p.buyer_member).get(detail))
    assert "Compare the quotes" in owner_view and reverse("orders:rfq_detail", args=[rfq.pk]) in owner_view
    assert "Submit a quote" in page(browser(p.s1).get(detail))
    assert "Quoting opens after your enterprise is verified" in page(browser(p.unverified).get(detail))
    assert "Sign in to quote" in page(browser().get(detail))
    quote = p.quote(rfq)
    assert reverse("orders:quote_detail", args=[quote.pk]) in page(browser(p.s1).get(detail))


def test_the_owner_opens_for_quotes_from_the_page(p: Parties) -> None:
    url = reverse("orders:rfq_open", args=[p.demand.pk])
    assert "Quotes due by" in page(browser(p.buyer_member).get(url))
    assert browser(p.s1).get(url).status_code == 404  # not its listing

    bad = browser(p.buyer_member).post(url, {"deadline": "2001-01-01T10:00", "max_quotes": "0"})
    html = page(bad, 400)
    assert "field--error" in html and not QuoteRequest.objects.exists()
    past = browser(p.buyer_member).post(url, {"deadline": "2001-01-01T10:00", "max_quotes": "5"})
    assert "The deadline must be in the future." in page(past, 400)

    deadline = timezone.localtime(in_days(5)).strftime("%Y-%m-%dT%H:%M")
    response = browser(p.buyer_member).post(
        url, {"deadline": deadline, "max_quotes": "5", "instructions": "x"}
    )
    rfq = QuoteRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:rfq_detail", args=[rfq.pk])
    assert rfq.max_quotes == 5
    assert browser(p.buyer_member).get(url)["Location"] == reverse("orders:rfq_detail", args=[rfq.pk])


def test_a_supplier_quotes_from_the_page(p: Parties, rfq: QuoteRequest) -> None:
    supply = ListingFactory(enterprise=p.s1.enterprise, price_min=Decimal("400"), price_max=Decimal("400"))
    match = MatchFactory(
        supply=supply, demand=p.demand, status=Match.Status.APPROVED, reviewed_at=timezone.now()
    )
    url = reverse("orders:quote_submit", args=[p.demand.pk])

    form = page(browser(p.s1).get(url, {"match": match.pk}))
    assert 'name="quantity"' in form and 'value="1000.000"' in form and 'value="400.00"' in form
    assert f'name="match" value="{match.pk}"' in form

    bad = browser(p.s1).post(url, {**quote_body(rfq), "unit_price": "-1", "request": ""})
    assert "Must not be negative." in page(bad, 400) and not Quote.objects.exists()

    response = browser(p.s1).post(url, {**quote_body(rfq), "match": match.pk})
    quote = Quote.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "orders:quote_detail", args=[quote.pk]
    )
    assert quote.match == match
    # Back on the form: the quote already sent is shown instead.
    assert browser(p.s1).get(url)["Location"] == reverse("orders:quote_detail", args=[quote.pk])
    own = page(browser(p.buyer_owner).get(url))
    assert "you cannot quote on it" in own


def test_the_buyer_compares_shortlists_and_awards_on_the_pages(p: Parties, rfq: QuoteRequest) -> None:
    a = p.quote(rfq, p.s1, unit_price=Decimal("395.00"))
    b = p.quote(rfq, p.s2, unit_price=Decimal("380.00"))
    rfq_page = reverse("orders:rfq_detail", args=[rfq.pk])

    html = page(browser(p.buyer_member).get(rfq_page))
    assert "Quotes side by side" in html and "Cell Maker A" in html and "Cell Maker B" in html
    assert html.index("Cell Maker B") < html.index("Cell Maker A") and "Lowest total" in html
    assert reverse("orders:quote_action", args=[a.pk, "award"]) in html
    supplier_view = page(browser(p.s1).get(rfq_page))
    assert "Quotes side by side" not in supplier_view and "Cell Maker B" not in supplier_view

    shortlist = reverse("orders:quote_action", args=[b.pk, "shortlist"])
    assert browser(p.buyer_member).post(shortlist, {"next": rfq_page}).status_code == 302
    assert Quote.objects.get(pk=b.pk).status == QStatus.SHORTLISTED
    browser(p.s1).post(reverse("orders:quote_action", args=[a.pk, "shortlist"]))
    assert Quote.objects.get(pk=a.pk).status == QStatus.SUBMITTED  # the supplier cannot shortlist

    award = reverse("orders:quote_action", args=[b.pk, "award"])
    confirm = page(browser(p.buyer_member).get(award))
    assert "Award this quote?" in confirm and "1 other supplier will be told" in confirm
    response = browser(p.buyer_member).post(award, {"delivery_address": "南京市"})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "orders:order_detail", args=[order.pk]
    )
    assert order.status == Order.Status.ACCEPTED and order.seller == p.s2.enterprise
    assert Quote.objects.get(pk=a.pk).status == QStatus.NOT_SELECTED
    # The supplier cannot award (nor see the confirmation)
    assert browser(p.s1).get(reverse("orders:quote_action", args=[a.pk, "award"])).status_code == 302


def test_the_quote_page_and_its_forms(p: Parties, rfq: QuoteRequest, settings: Any) -> None:
    quote = p.quote(rfq)
    url = reverse("orders:quote_detail", args=[quote.pk])
    html = page(browser(p.s1).get(url))
    assert "Revise your quote" in html and "Withdraw the quote" in html
    assert "Award this quote" in page(browser(p.buyer_owner).get(url))
    assert browser(p.s2).get(url).status_code == 404
    assert browser(p.outsider).get(url).status_code == 404
    assert browser(p.staff).get(url).status_code == 200

    revise = reverse("orders:quote_action", args=[quote.pk, "revise"])
    bad = browser(p.s1).post(revise, {**quote_body(rfq), "quantity": "0"})
    assert "Quote for more than zero." in page(bad, 400)
    assert browser(p.s1).post(revise, {**quote_body(rfq), "lead_time_days": "21"}).status_code == 302
    assert Quote.objects.get(pk=quote.pk).lead_time_days == 21

    attach = reverse("orders:quote_action", args=[quote.pk, "attach"])
    fake = SimpleUploadedFile("x.pdf", b"not a pdf at all")
    assert "Only PDF" in page(browser(p.s1).post(attach, {"file": fake}), 400)
    assert stored_files(settings) == []
    assert browser(p.s1).post(attach, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 302
    attachment = QuoteAttachment.objects.get()
    file_url = reverse("orders:quote_attachment", args=[quote.pk, attachment.pk])
    assert browser(p.buyer_owner).get(file_url).status_code == 200
    assert browser(p.outsider).get(file_url).status_code == 404
    assert browser(p.s1).get(reverse("orders:quote_action", args=[quote.pk, "withdraw"])).status_code == 405
    assert browser(p.s1).post(reverse("orders:quote_action", args=[quote.pk, "explode"])).status_code == 404


def test_my_quotes_and_my_requests(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    other = svc.quote_request_open(
        actor=p.outsider.user,
        listing=DemandListingFactory(enterprise=p.outsider.enterprise),
        deadline=in_days(3),
    )
    withdrawn = p.quote(other, p.s1)
    svc.quote_withdraw(quote=withdrawn, actor=p.s1.user)

    html = page(browser(p.s1).get(reverse("orders:quote_mine")))
    assert reverse("orders:quote_detail", args=[quote.pk]) in html
    assert reverse("orders:quote_detail", args=[withdrawn.pk]) in html
    tab = page(browser(p.s1).get(reverse("orders:quote_mine"), {"status": "withdrawn"}))
    assert reverse("orders:quote_detail", args=[withdrawn.pk]) in tab
    assert reverse("orders:quote_detail", args=[quote.pk]) not in tab

    mine = page(browser(p.buyer_owner).get(reverse("orders:rfq_mine")))
    assert reverse("orders:rfq_detail", args=[rfq.pk]) in mine and "1 / 10" in mine
    assert reverse("orders:rfq_detail", args=[other.pk]) not in mine
    cancel = browser(p.buyer_owner).post(
        reverse("orders:rfq_action", args=[rfq.pk, "cancel"]), {"reason": "x"}
    )
    assert cancel.status_code == 302 and QuoteRequest.objects.get(pk=rfq.pk).status == RStatus.CANCELLED
    assert browser().get(reverse("orders:quote_mine")).status_code == 302  # to sign in


def test_the_pages_render_in_chinese(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    svc.quote_request_reprice(quote=quote, actor=p.buyer_owner.user, note="请降价")

    def chinese(member: Membership) -> Client:
        client = Client(headers={"Accept-Language": "zh-hans"})
        client.force_login(member.user)
        return client

    for member, url in (
        (p.buyer_owner, reverse("orders:rfq_detail", args=[rfq.pk])),
        (p.buyer_owner, reverse("orders:quote_detail", args=[quote.pk])),
        (p.buyer_owner, reverse("orders:quote_action", args=[quote.pk, "award"])),
        (p.buyer_owner, reverse("orders:rfq_mine")),
        (p.buyer_owner, reverse("listings:detail", args=[p.demand.pk])),
        (p.s1, reverse("orders:quote_detail", args=[quote.pk])),
        (p.s1, reverse("orders:quote_mine")),
        (p.s2, reverse("orders:quote_submit", args=[p.demand.pk])),
        (p.s2, reverse("orders:rfq_detail", args=[rfq.pk])),
    ):
        assert p.demand.title in page(chinese(member).get(url)) or url.endswith("/quotes/")


def test_opening_with_an_idempotency_key_and_a_bounded_list(
    p: Parties, django_assert_max_num_queries: Any
) -> None:
    client, headers = api(p.buyer_owner), {"Idempotency-Key": "rfq-1"}
    body = {"listing": p.demand.pk, "deadline": in_days(7).isoformat(), "max_quotes": 5}
    first = client.post(RFQS, body, format="json", headers=headers)
    again = client.post(RFQS, body, format="json", headers=headers)
    assert first.status_code == again.status_code == 201 and again.json() == first.json()
    assert QuoteRequest.objects.count() == 1
    assert error(client.post(RFQS, {**body, "max_quotes": 6}, format="json", headers=headers), 422)

    for _ in range(5):
        listing = DemandListingFactory(enterprise=p.buyer)
        svc.quote_request_open(actor=p.buyer_owner.user, listing=listing, deadline=in_days(3))
    with django_assert_max_num_queries(8):
        assert len(ids(client.get(RFQS))) == 6
