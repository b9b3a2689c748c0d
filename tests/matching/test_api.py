"""The matches API: enterprises read the approved matches of their own listings and record contact; staff
review the queue with filters, approve, reject and approve above a score."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Membership, Notification
from matching.models import Match, MatchEvent
from tests.conftest import client_for
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    MembershipFactory,
    UserFactory,
    region,
)
from tests.matching.parties import Parties, make_parties

pytestmark = pytest.mark.django_db

URL = "/api/v1/matches/"
Status = Match.Status


@pytest.fixture
def p() -> Parties:
    return make_parties()


def error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def english(user: Any) -> APIClient:
    """A client of the user whose requests ask for English."""
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# --- what members see ------------------------------------------------------------------------------


def test_members_see_only_approved_current_matches_of_their_own_listings(p: Parties) -> None:
    # Given an approved match of each side's listing, and what must stay hidden from them
    approved = p.match(status=Status.APPROVED, review_note="规格吻合")
    p.match(supply=ListingFactory(enterprise=p.supplier), score=0.95)  # proposed
    p.match(supply=ListingFactory(enterprise=p.supplier), status=Status.REJECTED, review_note="x")
    p.match(supply=ListingFactory(enterprise=p.supplier), status=Status.APPROVED, stale=True)
    others = p.match(supply=ListingFactory(), demand=DemandListingFactory(), status=Status.APPROVED)

    # Then the supplier's member and the buyer's owner each see the one approved match, and the
    # outsider sees none
    assert ids(client_for(p.supplier_member.user).get(URL)) == [approved.pk]
    assert ids(client_for(p.buyer_owner.user).get(URL)) == [approved.pk]
    assert ids(client_for(p.outsider.user).get(URL)) == []
    # and staff see every match
    assert len(ids(client_for(p.staff).get(URL))) == 5
    assert others.pk in ids(client_for(p.staff).get(URL))


def test_a_match_reads_as_two_cards_with_reasons_in_the_request_language(p: Parties) -> None:
    match = p.match(status=Status.APPROVED, review_note="规格吻合")

    body = english(p.buyer_owner.user).get(f"{URL}{match.pk}/").json()

    assert body["score"] == 0.87 and body["status"] == "approved" and body["stale"] is False
    assert body["algorithm_version"] == "1.0" and body["review_note"] == "规格吻合"
    assert body["reviewed_at"] is not None and body["contacted_at"] is None
    assert body["supply"] == {
        "id": p.supply.pk,
        "title": "方形磷酸铁锂电芯 280Ah",
        "side": "supply",
        "kind": "product",
        "segment": "power_battery",
        "enterprise_id": p.supplier.pk,
        "enterprise": "Hefei Cells Co.",
        "region": "Hefei, Anhui",
        "url": f"/listings/{p.supply.pk}/",
    }
    assert (
        body["demand"]["enterprise"] == "Nanjing Vehicles Co."
        and body["demand"]["region"] == "Nanjing, Jiangsu"
    )
    assert [r["reason"] for r in body["reasons"]] == [
        "same city",
        "holds IATF 16949",
        "price ranges overlap 80%",
        "lead time 45 days exceeds 30",
    ]
    assert body["reasons"][3] | {"label": ""} == {
        "feature": "time",
        "label": "",
        "value": 0.5,
        "weight": 0.05,
        "reason": "lead time 45 days exceeds 30",
        "miss": "mild",
    }

    # In Chinese (the platform's default) the same reasons read in Chinese
    chinese = client_for(p.buyer_owner.user).get(f"{URL}{match.pk}/").json()
    assert [r["reason"] for r in chinese["reasons"]][:3] == ["同城", "持有 IATF 16949", "价格区间重叠 80%"]
    assert chinese["supply"]["region"] == "安徽省 合肥市"


def test_another_enterprise_gets_404_for_a_match_it_is_not_party_to(p: Parties) -> None:
    approved = p.match(status=Status.APPROVED)
    proposed = p.match(supply=ListingFactory(enterprise=p.supplier))

    outsider = client_for(p.outsider.user)
    assert error(outsider.get(f"{URL}{approved.pk}/"))["code"] == "not_found"
    assert outsider.post(f"{URL}{approved.pk}/contact/").status_code == 404
    # and a party does not see a proposal before an admin approves it
    assert client_for(p.supplier_owner.user).get(f"{URL}{proposed.pk}/").status_code == 404


def test_anonymous_callers_and_users_without_an_enterprise_are_refused(p: Parties) -> None:
    p.match(status=Status.APPROVED)
    assert error(APIClient().get(URL))["code"] == "not_authenticated"
    response = client_for(UserFactory()).get(URL)
    assert response.status_code == 403 and error(response)["code"] == "no_enterprise"


# --- a listing's matches ---------------------------------------------------------------------------


def test_a_listings_matches_for_its_enterprise_and_staff_only(p: Parties) -> None:
    approved = p.match(status=Status.APPROVED)
    proposed = p.match(demand=DemandListingFactory(enterprise=p.buyer), score=0.95)
    url = f"/api/v1/listings/{p.supply.pk}/matches/"

    assert ids(client_for(p.supplier_member.user).get(url)) == [approved.pk]
    assert ids(client_for(p.staff).get(url)) == [proposed.pk, approved.pk]
    # The buyer is party to the match but the listing is not theirs; an outsider knows nothing of it
    for who in (p.buyer_owner, p.outsider):
        response = client_for(who.user).get(url)
        assert response.status_code == 404 and error(response)["code"] == "not_found"
    assert client_for(p.staff).get("/api/v1/listings/999999/matches/").status_code == 404
    assert APIClient().get(url).status_code == 401
    # The buyer reads the same match through its own listing
    assert ids(client_for(p.buyer_owner.user).get(f"/api/v1/listings/{p.demand.pk}/matches/")) == [
        approved.pk
    ]


# --- review actions --------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_members_cannot_review(p: Parties, action: str) -> None:
    match = p.match(status=Status.APPROVED)  # visible to the members, so only the role refuses them
    proposal = p.match(supply=ListingFactory(enterprise=p.supplier))
    for target in (match, proposal):
        response = client_for(p.supplier_owner.user).post(f"{URL}{target.pk}/{action}/", {"note": "好"})
        assert response.status_code == 403 and error(response)["code"] == "permission_denied"
    proposal.refresh_from_db()
    assert proposal.status == Status.PROPOSED and not MatchEvent.objects.exists()


def test_staff_approve_with_a_note_and_both_sides_are_told(p: Parties) -> None:
    match = p.match()

    response = client_for(p.staff).post(f"{URL}{match.pk}/approve/", {"note": "优先对接"})

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved" and response.json()["review_note"] == "优先对接"
    recipients = set(Notification.objects.filter(kind="match.approved").values_list("recipient", flat=True))
    assert recipients == {p.supplier_owner.user.pk, p.supplier_member.user.pk, p.buyer_owner.user.pk}
    # and the buyer now sees it
    assert ids(client_for(p.buyer_owner.user).get(URL)) == [match.pk]


def test_approving_a_stale_match_is_a_conflict(p: Parties) -> None:
    match = p.match(stale=True)
    response = client_for(p.staff).post(f"{URL}{match.pk}/approve/")
    assert response.status_code == 409 and error(response)["code"] == "transition_not_allowed"
    match.refresh_from_db()
    assert match.status == Status.PROPOSED


def test_rejecting_without_a_note_names_the_field(p: Parties) -> None:
    match = p.match()
    staff = client_for(p.staff)

    for body in ({}, {"note": ""}):
        response = staff.post(f"{URL}{match.pk}/reject/", body)
        assert response.status_code == 400
        assert error(response)["code"] == "invalid" and set(error(response)["fields"]) == {"note"}

    response = staff.post(f"{URL}{match.pk}/reject/", {"note": "需求已由现有供应商满足"})
    assert response.status_code == 200
    assert (
        response.json()["status"] == "rejected" and response.json()["review_note"] == "需求已由现有供应商满足"
    )


def test_approve_above_a_score(p: Parties) -> None:
    # Given pending matches in two segments
    battery_high = p.match(score=0.92)
    battery_low = p.match(supply=ListingFactory(enterprise=p.supplier), score=0.6)
    harness = p.match(
        supply=ListingFactory(enterprise=p.supplier, segment="chassis_body"),
        demand=DemandListingFactory(enterprise=p.buyer, segment="chassis_body"),
        score=0.95,
    )

    # When staff approve everything of the battery segment at 0.8 or more
    response = client_for(p.staff).post(f"{URL}approve-above/?segment=power_battery", {"min_score": 0.8})

    # Then one match is approved
    assert response.status_code == 200 and response.json() == {"count": 1}
    statuses = dict(Match.objects.values_list("pk", "status"))
    assert statuses == {battery_high.pk: "approved", battery_low.pk: "proposed", harness.pk: "proposed"}

    # Without a filter, the rest above 0.8 follows
    assert client_for(p.staff).post(f"{URL}approve-above/", {"min_score": 0.8}).json() == {"count": 1}


def test_approve_above_validates_the_score_and_refuses_members(p: Parties) -> None:
    p.match()
    response = client_for(p.staff).post(f"{URL}approve-above/", {"min_score": 1.5})
    assert response.status_code == 400 and set(error(response)["fields"]) == {"min_score"}
    response = client_for(p.staff).post(f"{URL}approve-above/", {})
    assert response.status_code == 400 and set(error(response)["fields"]) == {"min_score"}

    response = client_for(p.supplier_owner.user).post(f"{URL}approve-above/", {"min_score": 0})
    assert response.status_code == 403
    assert not Match.objects.filter(status=Status.APPROVED).exists()


# --- contact ---------------------------------------------------------------------------------------


def test_a_party_records_contact_once(p: Parties) -> None:
    match = p.match(status=Status.APPROVED)

    first = client_for(p.buyer_owner.user).post(f"{URL}{match.pk}/contact/")
    again = client_for(p.supplier_member.user).post(f"{URL}{match.pk}/contact/")

    assert first.status_code == again.status_code == 200
    assert first.json()["contacted_at"] is not None
    assert again.json()["contacted_at"] == first.json()["contacted_at"]
    event = match.events.get()
    assert event.action == "contacted" and event.actor == p.buyer_owner.user


# --- staff filters and ordering --------------------------------------------------------------------


@pytest.fixture
def queue(p: Parties) -> dict[str, Match]:
    """A small review queue: two segments, two kinds' worth of scores, two provinces, two ages."""
    old = p.match(score=0.91)
    Match.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=30))
    shanghai = EnterpriseFactory(region=region("310000"))
    return {
        "old": old,
        "new": p.match(supply=ListingFactory(enterprise=p.supplier), score=0.7),
        "harness": p.match(
            supply=ListingFactory(enterprise=p.supplier, segment="chassis_body"),
            demand=DemandListingFactory(enterprise=p.buyer, segment="chassis_body"),
            score=0.85,
        ),
        "shanghai": p.match(
            supply=ListingFactory(enterprise=shanghai, region=region("310000")),
            demand=DemandListingFactory(region=region("310000")),
            score=0.6,
        ),
        "stale": p.match(supply=ListingFactory(enterprise=p.supplier), score=0.99, stale=True),
        "approved": p.match(supply=ListingFactory(enterprise=p.supplier), score=0.8, status=Status.APPROVED),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "proposed", "stale": "false"}, ["old", "harness", "new", "shanghai"]),
        ({"stale": "true"}, ["stale"]),
        ({"status": "approved"}, ["approved"]),
        ({"segment": "chassis_body"}, ["harness"]),
        ({"kind": "product", "min_score": 0.8, "max_score": 0.9}, ["harness", "approved"]),
        ({"province": "310000"}, ["shanghai"]),
        ({"province": "340000", "status": "proposed", "stale": "false"}, ["old", "harness", "new"]),
        ({"province": "320000", "status": "proposed", "stale": "false"}, ["old", "new"]),  # the buyer's
        ({"older_than_hours": 24}, ["old"]),
        ({"listing": "{harness_supply}"}, ["harness"]),
        (
            {"status": "proposed", "stale": "false", "ordering": "created_at"},
            ["old", "new", "harness", "shanghai"],
        ),
    ],
)
def test_staff_filter_and_order_the_queue(
    p: Parties, queue: dict[str, Match], params: dict[str, Any], expected: list[str]
) -> None:
    params = {
        key: (str(queue["harness"].supply_id) if value == "{harness_supply}" else value)
        for key, value in params.items()
    }
    names = {match.pk: name for name, match in queue.items()}
    assert [names[pk] for pk in ids(client_for(p.staff).get(URL, params))] == expected


def test_an_invalid_filter_is_a_400_naming_it(p: Parties) -> None:
    response = client_for(p.staff).get(URL, {"min_score": "high", "segment": "rockets"})
    assert response.status_code == 400 and set(error(response)["fields"]) == {"min_score", "segment"}


# --- bounded queries -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["member", "staff"])
def test_a_page_of_matches_is_read_in_a_fixed_number_of_queries(
    p: Parties, who: str, django_assert_max_num_queries: Any
) -> None:
    # Given 25 approved matches of the supplier's listings with buyers all over
    for n in range(25):
        place = region("320100" if n % 2 else "310000")
        buyer = EnterpriseFactory(region=place)
        MembershipFactory(enterprise=buyer, role=Membership.Role.OWNER)
        p.match(
            supply=ListingFactory(enterprise=p.supplier),
            demand=DemandListingFactory(enterprise=buyer, region=place),
            score=0.5 + n / 100,
            status=Status.APPROVED,
        )
    client = client_for(p.supplier_member.user if who == "member" else p.staff)
    client.get(URL)  # The region table is loaded once per process.

    with django_assert_max_num_queries(6):
        response = client.get(URL)

    assert response.json()["count"] == 25 and len(response.json()["results"]) == 20
    assert {item["demand"]["region"] for item in response.json()["results"]} == {"江苏省 南京市", "上海市"}

    with django_assert_max_num_queries(7):
        assert len(ids(client.get(f"/api/v1/listings/{p.supply.pk}/matches/"))) <= 1


# --- schema ----------------------------------------------------------------------------------------


def test_the_schema_describes_the_matches_endpoints(api: APIClient) -> None:
    paths = api.get("/api/schema/", {"format": "json"}).json()["paths"]
    assert {"get"} <= set(paths["/api/v1/matches/"])
    for action in ("approve", "reject", "contact"):
        assert "post" in paths[f"/api/v1/matches/{{id}}/{action}/"]
    assert "post" in paths["/api/v1/matches/approve-above/"]
    assert "get" in paths["/api/v1/listings/{listing_id}/matches/"]
    reject = paths["/api/v1/matches/{id}/reject/"]["post"]["requestBody"]["content"]["application/json"]
    assert reject["schema"]["$ref"].endswith("MatchRejectRequest")
