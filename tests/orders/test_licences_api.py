"""The licence-requests and talent-requests API: creating with an Idempotency-Key, bad input, the
actions for each role, filters, and who reads what (another enterprise gets 404)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import IdempotencyKey
from listings.choices import Kind
from listings.models import Listing
from orders.models import LicenceRequest
from orders.services import licences as services
from tests.conftest import client_for
from tests.factories import DemandListingFactory, ListingFactory
from tests.orders.test_licences import NOT_PRODUCT, World, approved_match, nothing_written, tech_listing, w

__all__ = ["w"]  # the fixture, shared with the service and page tests

pytestmark = pytest.mark.django_db

LICENCES = "/api/v1/licence-requests/"
TALENT = "/api/v1/talent-requests/"
Status = LicenceRequest.Status


def body(listing: Listing, /, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "listing": listing.pk,
        "mode": "licence",
        "proposed_fee": "500000.00",
        "field_of_use": "乘用车动力电池",
        "term_months": 36,
        "message": "希望独家许可",
    }
    data.update(extra)
    return data


def talent_body(w: World, **extra: Any) -> dict[str, Any]:
    return body(w.talent, mode="secondment", headcount=2, start_date=str(timezone.localdate()), **extra)


def errors(response: Any) -> dict[str, Any]:
    fields: dict[str, Any] = response.json()["error"]["fields"]
    return fields


# ---------------------------------------------------------------------------------------------------
# Creating


def test_a_member_requests_a_licence(w: World) -> None:
    response = client_for(w.requester_member.user).post(LICENCES, body(w.tech), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["kind"] == "licence" and data["status"] == "requested" and data["mode"] == "licence"
    assert data["listing"] == w.tech.pk and data["listing_title"] == w.tech.title
    assert (
        data["requester"]["id"] == w.requester.enterprise.pk
        and data["holder"]["id"] == w.holder.enterprise.pk
    )
    assert data["your_side"] == "requester" and data["actions"] == ["withdraw"]
    assert data["proposed_fee"] == "500000.00" and data["term_months"] == 36 and data["headcount"] is None
    assert [e["action"] for e in data["events"]] == ["requested"]
    assert data["url"] == f"/requests/{data['id']}/"
    assert LicenceRequest.objects.get().requested_by == w.requester_member.user


def test_a_member_requests_talent(w: World) -> None:
    response = client_for(w.requester.user).post(TALENT, talent_body(w), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["kind"], data["mode"], data["headcount"]) == ("engagement", "secondment", 2)
    assert data["mode_display"]  # the label of the engagement mode


@pytest.mark.parametrize(
    ("url", "listing", "extra", "field"),
    [
        (LICENCES, "tech", {"proposed_fee": "-1"}, "proposed_fee"),
        (LICENCES, "tech", {"mode": "recruitment"}, "mode"),
        (TALENT, "talent", {"mode": "licence", "headcount": 1}, "mode"),
        (LICENCES, "tech", {"headcount": 2}, "headcount"),
        (TALENT, "talent", {"mode": "project", "headcount": 0}, "headcount"),
        (LICENCES, "tech", {"start_date": "2020-01-01"}, "start_date"),
        (LICENCES, "tech", {"term_months": 0}, "term_months"),
        (LICENCES, "tech", {"term_months": 400}, "term_months"),
        (LICENCES, "talent", {}, "listing"),  # a talent listing on the licence endpoint
        (TALENT, "tech", {"mode": "project"}, "listing"),  # and the other way round
        (LICENCES, "product", {}, "listing"),
        (LICENCES, "draft", {}, "listing"),  # a draft is unknown
        (LICENCES, "own", {}, "listing"),
        (LICENCES, "tech", {"listing": 999999}, "listing"),
        (LICENCES, "tech", {"proposed_fee": "abc"}, "proposed_fee"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_writes_nothing(
    w: World, url: str, listing: str, extra: dict[str, Any], field: str
) -> None:
    target = {
        "tech": w.tech,
        "talent": w.talent,
        "product": ListingFactory(),
        "draft": tech_listing(status=Listing.Status.DRAFT, published_at=None),
        "own": tech_listing(w.requester.enterprise),
    }[listing]

    response = client_for(w.requester.user).post(url, body(target, **extra), format="json")

    assert response.status_code == 400, response.json()
    assert field in errors(response)
    assert nothing_written()


def test_a_closed_listing_is_409(w: World) -> None:
    Listing.objects.filter(pk=w.tech.pk).update(status=Listing.Status.CLOSED)

    response = client_for(w.requester.user).post(LICENCES, body(w.tech), format="json")

    assert response.status_code == 409 and response.json()["error"]["code"] == "listing_not_published"
    assert nothing_written()


def test_a_second_pending_request_is_409(w: World) -> None:
    client = client_for(w.requester.user)
    client.post(LICENCES, body(w.tech), format="json")

    response = client.post(LICENCES, body(w.tech, mode="assignment"), format="json")

    assert response.status_code == 409 and response.json()["error"]["code"] == "request_pending"
    assert LicenceRequest.objects.count() == 1


def test_who_may_not_create(w: World) -> None:
    assert APIClient().post(LICENCES, body(w.tech), format="json").status_code == 401
    assert client_for(w.unverified.user).post(LICENCES, body(w.tech), format="json").status_code == 403
    assert client_for(w.staff).post(LICENCES, body(w.tech), format="json").status_code == 403
    assert nothing_written()


def test_a_request_from_an_approved_match(w: World) -> None:
    match = approved_match(w, w.tech, w.requester.enterprise)
    foreign = approved_match(w, w.tech, w.other.enterprise)
    client = client_for(w.requester.user)

    refused = client.post(LICENCES, body(w.tech, match=foreign.pk), format="json")
    created = client.post(LICENCES, body(w.tech, match=match.pk), format="json")

    assert refused.status_code == 403
    assert created.status_code == 201 and created.json()["match"] == match.pk
    match.refresh_from_db()
    assert match.quoted_at is not None


# ---------------------------------------------------------------------------------------------------
# Idempotency


def test_the_same_key_and_body_replay_the_first_response(w: World) -> None:
    client = client_for(w.requester.user)

    first = client.post(LICENCES, body(w.tech), format="json", HTTP_IDEMPOTENCY_KEY="lic-1")
    again = client.post(LICENCES, body(w.tech), format="json", HTTP_IDEMPOTENCY_KEY="lic-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert LicenceRequest.objects.count() == 1 and IdempotencyKey.objects.count() == 1


def test_the_same_key_with_another_body_is_422(w: World) -> None:
    client = client_for(w.requester.user)
    client.post(TALENT, talent_body(w), format="json", HTTP_IDEMPOTENCY_KEY="tal-1")

    changed = client.post(
        TALENT, talent_body(w, proposed_fee="1"), format="json", HTTP_IDEMPOTENCY_KEY="tal-1"
    )

    assert changed.status_code == 422 and "Idempotency-Key" in errors(changed)
    assert LicenceRequest.objects.count() == 1


def test_a_refused_request_keeps_no_key(w: World) -> None:
    client = client_for(w.requester.user)

    bad = client.post(LICENCES, body(w.tech, proposed_fee="-1"), format="json", HTTP_IDEMPOTENCY_KEY="k")
    good = client.post(LICENCES, body(w.tech), format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert bad.status_code == 400 and good.status_code == 201


# ---------------------------------------------------------------------------------------------------
# Reading


def test_each_side_lists_its_requests_and_filters_by_role_and_status(w: World) -> None:
    sent = w.request()
    their_tech = tech_listing(w.requester.enterprise, title="钠离子电池技术")
    received = services.licence_request_create(actor=w.holder.user, listing=their_tech, mode="licence")
    services.licence_request_decline(request=received, actor=w.requester.user, reason="不许可")
    w.request(w.talent, mode="project")  # a talent request is not on the licence endpoint
    client = client_for(w.requester_member.user)

    def ids(query: str = "") -> list[int]:
        response = client.get(LICENCES + query)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["results"]]

    assert ids() == [received.pk, sent.pk]
    assert ids("?role=requester") == [sent.pk]
    assert ids("?role=holder") == [received.pk]
    assert ids("?status=declined") == [received.pk]
    assert ids("?status=requested&role=holder") == []
    assert client.get(LICENCES + "?status=nonsense").status_code == 400
    assert [item["kind"] for item in client.get(TALENT).json()["results"]] == ["engagement"]
    holder_view = client_for(w.holder_member.user).get(LICENCES).json()["results"]
    assert [(i["id"], i["your_side"], i["actions"]) for i in holder_view] == [
        (received.pk, "requester", []),
        (sent.pk, "holder", ["accept", "decline"]),
    ]


def test_only_the_parties_and_staff_read_a_request(w: World) -> None:
    request = w.request()
    url = f"{LICENCES}{request.pk}/"

    assert client_for(w.requester_member.user).get(url).status_code == 200
    assert client_for(w.holder_member.user).get(url).status_code == 200
    staff = client_for(w.staff).get(url)
    assert staff.status_code == 200 and staff.json()["your_side"] == "" and staff.json()["actions"] == []
    assert client_for(w.other.user).get(url).status_code == 404
    assert client_for(w.unverified.user).get(url).status_code == 404
    assert APIClient().get(url).status_code == 401
    assert client_for(w.other.user).get(LICENCES).json()["results"] == []
    assert client_for(w.requester.user).get(f"{TALENT}{request.pk}/").status_code == 404  # wrong kind


def test_the_list_runs_a_fixed_number_of_queries(w: World, django_assert_max_num_queries: Any) -> None:
    for _ in range(5):
        listing = tech_listing(w.holder.enterprise)
        request = w.request(listing)
        services.licence_request_accept(request=request, actor=w.holder.user)
    client = client_for(w.requester.user)

    with django_assert_max_num_queries(10):
        response = client.get(LICENCES)

    assert response.json()["count"] == 5


# ---------------------------------------------------------------------------------------------------
# Actions


def action(w: World, request: LicenceRequest, who: str, name: str, data: dict[str, Any] | None = None) -> Any:
    user = {
        "holder": w.holder_member.user,
        "requester": w.requester_member.user,
        "other": w.other.user,
        "unverified": w.unverified.user,
        "staff": w.staff,
    }[who]
    base = LICENCES if request.kind == LicenceRequest.Kind.LICENCE else TALENT
    return client_for(user).post(f"{base}{request.pk}/{name}/", data or {}, format="json")


BODIES = {"accept": {}, "decline": {"reason": "不合适"}, "withdraw": {}}
EXPECTED = {
    # action: {role: (status code, status afterwards)}
    "accept": {
        "holder": (200, "accepted"),
        "requester": (403, "requested"),
        "other": (404, "requested"),
        "unverified": (404, "requested"),
        "staff": (403, "requested"),
    },
    "decline": {
        "holder": (200, "declined"),
        "requester": (403, "requested"),
        "other": (404, "requested"),
        "unverified": (404, "requested"),
        "staff": (403, "requested"),
    },
    "withdraw": {
        "holder": (403, "requested"),
        "requester": (200, "withdrawn"),
        "other": (404, "requested"),
        "unverified": (404, "requested"),
        "staff": (403, "requested"),
    },
}


@pytest.mark.parametrize("name", list(EXPECTED))
@pytest.mark.parametrize("who", ["holder", "requester", "other", "unverified", "staff"])
@pytest.mark.parametrize("listing", ["tech", "talent"])
def test_each_action_for_each_role(w: World, name: str, who: str, listing: str) -> None:
    request = w.request(getattr(w, listing))
    code, after = EXPECTED[name][who]

    response = action(w, request, who, name, BODIES[name])

    assert response.status_code == code, response.json()
    request.refresh_from_db()
    assert request.status == after
    if code == 200:
        assert response.json()["status"] == after and response.json()["actions"] == []


@pytest.mark.parametrize("first", ["accept", "decline", "withdraw"])
def test_an_answered_request_is_409(w: World, first: str) -> None:
    request = w.request()
    action(w, request, "requester" if first == "withdraw" else "holder", first, BODIES[first])

    assert action(w, request, "holder", "accept").status_code == 409
    assert action(w, request, "holder", "decline", BODIES["decline"]).status_code == 409
    assert action(w, request, "requester", "withdraw").status_code == 409


def test_accepting_records_the_agreed_terms(w: World) -> None:
    request = w.request()

    response = action(
        w,
        request,
        "holder",
        "accept",
        {"agreed_fee": "420000", "agreed_term_months": 24, "agreed_terms": "按年支付"},
    )

    data = response.json()
    assert response.status_code == 200
    assert (data["agreed_fee"], data["agreed_field_of_use"], data["agreed_term_months"]) == (
        "420000.00",
        "乘用车动力电池",  # not given: the proposed one
        24,
    )
    assert data["agreed_terms"] == "按年支付" and data["decided_at"]
    assert [e["action"] for e in data["events"]] == ["requested", "accepted"]


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("accept", {"agreed_fee": "-1"}, "agreed_fee"),
        ("accept", {"agreed_term_months": 1000}, "agreed_term_months"),
        ("decline", {}, "reason"),
        ("decline", {"reason": "   "}, "reason"),
    ],
)
def test_bad_answers_are_400_and_change_nothing(
    w: World, name: str, data: dict[str, Any], field: str
) -> None:
    request = w.request()

    response = action(w, request, "holder", name, data)

    assert response.status_code == 400 and field in errors(response)
    request.refresh_from_db()
    assert request.status == Status.REQUESTED and request.events.count() == 1


def test_status_cannot_be_written(w: World) -> None:
    client = client_for(w.requester.user)

    created = client.post(LICENCES, body(w.tech, status="accepted"), format="json")
    patched = client.patch(f"{LICENCES}{created.json()['id']}/", {"status": "accepted"}, format="json")

    assert created.status_code == 201 and created.json()["status"] == "requested"
    assert patched.status_code == 405
    assert LicenceRequest.objects.get().status == Status.REQUESTED


def test_a_talent_request_needs_no_headcount_and_may_start_later(w: World) -> None:
    later = str(timezone.localdate() + datetime.timedelta(days=60))
    response = client_for(w.requester.user).post(
        TALENT, body(w.talent, mode="recruitment", start_date=later, proposed_fee=None), format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["headcount"] is None and response.json()["proposed_fee"] is None


def test_a_demand_listing_takes_no_request(w: World) -> None:
    demand = DemandListingFactory(kind=Kind.TECHNOLOGY, **{**NOT_PRODUCT, "price_max": Decimal("1")})

    response = client_for(w.requester.user).post(LICENCES, body(demand), format="json")

    assert response.status_code == 400 and "listing" in errors(response)
