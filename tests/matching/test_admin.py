"""Platform admins review matches in the Django admin: the queue by score with its reasons and filters,
approve or reject (one, selected, or all above a score), the queue's age; and start a full rematch."""

from __future__ import annotations

import datetime
import sys
import types
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.utils import timezone

from accounts.models import Notification, User
from matching.models import Match, MatchEvent, MatchRun
from tests.factories import DemandListingFactory, ListingFactory, region
from tests.matching.parties import Parties, make_parties

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/matching/match/"
RUNS = "/admin/matching/matchrun/"
Status = Match.Status


@pytest.fixture
def p() -> Parties:
    return make_parties()


@pytest.fixture
def admin_client(p: Parties) -> Client:
    p.staff.is_superuser = True
    p.staff.save()
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(p.staff)
    return client


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def age(match: Match, **delta: float) -> Match:
    Match.objects.filter(pk=match.pk).update(created_at=timezone.now() - datetime.timedelta(**delta))
    match.refresh_from_db()
    return match


def other_supply(p: Parties, **fields: Any) -> Any:
    return ListingFactory(enterprise=p.supplier, **fields)


# --- the queue -------------------------------------------------------------------------------------


def test_the_queue_lists_pending_matches_best_first_with_their_reasons(
    admin_client: Client, p: Parties
) -> None:
    # Given two pending matches, and matches that are not the admin's work any more
    good = p.match(score=0.91)
    fair = p.match(supply=other_supply(p, title="圆柱电芯 21700"), score=0.72)
    p.match(supply=other_supply(p, title="已批准的电芯"), status=Status.APPROVED)
    p.match(supply=other_supply(p, title="已过时的电芯"), stale=True)

    page = html(admin_client.get(CHANGELIST))

    # Then the queue shows the two, best first, with scores, both listings, segment, region and reasons
    assert "0.91" in page and "0.72" in page and page.index("0.91") < page.index("0.72")
    assert "圆柱电芯 21700" in page and "采购储能电芯 280Ah" in page and "Hefei Cells Co." in page
    assert "已批准的电芯" not in page and "已过时的电芯" not in page
    assert "Power batteries" in page and "Hefei, Anhui → Nanjing, Jiangsu" in page
    assert "same city · holds IATF 16949 · price ranges overlap 80% · ! lead time 45 days exceeds 30" in page
    assert good.pk and fair.pk


def test_the_reasons_follow_the_admins_language(admin_client: Client, p: Parties) -> None:
    p.match()
    page = html(admin_client.get(CHANGELIST, headers={"Accept-Language": "zh-hans"}))
    assert "同城 · 持有 IATF 16949 · 价格区间重叠 80%" in page


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"review": "approved"}, ["approved"]),
        ({"review": "all"}, ["battery", "harness", "shanghai", "approved", "stale"]),
        ({"review": "all", "stale__exact": "1"}, ["stale"]),
        ({"segment": "chassis_body"}, ["harness"]),
        ({"kind": "product"}, ["battery", "harness", "shanghai"]),
        ({"kind": "technology"}, []),
        ({"province": "310000"}, ["shanghai"]),
        ({"score_band": "90"}, ["battery"]),
        ({"score_band": "60"}, ["shanghai"]),
        ({"age": "3"}, ["harness"]),
        ({"age": "old"}, ["shanghai"]),
    ],
)
def test_filters(admin_client: Client, p: Parties, params: dict[str, str], shown: list[str]) -> None:
    matches = {
        "battery": p.match(supply=other_supply(p, title="电芯甲"), score=0.93),
        "harness": age(
            p.match(
                supply=other_supply(p, title="线束乙", segment="chassis_body"),
                demand=DemandListingFactory(enterprise=p.buyer, segment="chassis_body"),
                score=0.85,
            ),
            days=2,
        ),
        "shanghai": age(
            p.match(
                supply=ListingFactory(title="上海电芯丙", region=region("310000")),
                demand=DemandListingFactory(region=region("310000")),
                score=0.65,
            ),
            days=9,
        ),
        "approved": p.match(supply=other_supply(p, title="已批准丁"), status=Status.APPROVED),
        "stale": p.match(supply=other_supply(p, title="过时戊"), stale=True),
    }

    page = html(admin_client.get(CHANGELIST, params))

    titles = {name: match.supply.title for name, match in matches.items()}
    assert [name for name, title in titles.items() if title in page] == shown


def test_the_age_of_the_oldest_pending_match_is_shown(admin_client: Client, p: Parties) -> None:
    # Given a match waiting for three days (past the one-day target) and a newer one
    age(p.match(), days=3, hours=2)
    p.match(supply=other_supply(p))
    p.match(supply=other_supply(p), stale=True)  # not awaiting review: ignored

    page = html(admin_client.get(CHANGELIST))

    assert "2 matches await review; the oldest has waited 3\xa0days, 2\xa0hours." in page
    assert 'class="errornote" id="review-queue-age"' in page


def test_within_the_target_the_age_is_not_an_alarm(admin_client: Client, p: Parties, settings: Any) -> None:
    settings.MATCH_REVIEW_TARGET_HOURS = 100
    age(p.match(), days=3)
    page = html(admin_client.get(CHANGELIST))
    assert 'class="help" id="review-queue-age"' in page and "Target: 4\xa0days, 4\xa0hours." in page


def test_an_empty_queue_says_so(admin_client: Client, p: Parties) -> None:
    p.match(status=Status.APPROVED)
    page = html(admin_client.get(CHANGELIST))
    assert "No match awaits review." in page


# --- actions ---------------------------------------------------------------------------------------


def test_approve_selected_approves_notifies_and_reports_refusals(admin_client: Client, p: Parties) -> None:
    match = p.match()
    stale = p.match(supply=other_supply(p), stale=True)

    response = admin_client.post(
        CHANGELIST + "?review=all",
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [match.pk, stale.pk]},
        follow=True,
    )

    page = html(response)
    assert "1 match approved." in page and "cannot be approved" in page
    match.refresh_from_db()
    stale.refresh_from_db()
    assert match.status == Status.APPROVED and match.reviewed_by == p.staff
    assert stale.status == Status.PROPOSED
    assert Notification.objects.filter(kind="match.approved", recipient=p.buyer_owner.user).count() == 1


def test_reject_selected_asks_for_a_note(admin_client: Client, p: Parties) -> None:
    match = p.match()

    # The action first asks for the note, and changes nothing
    form = html(
        admin_client.post(CHANGELIST, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [match.pk]})
    )
    assert 'name="reason"' in form and "方形磷酸铁锂电芯 280Ah" in form
    match.refresh_from_db()
    assert match.status == Status.PROPOSED

    # With the note, the match is rejected and the note kept
    response = admin_client.post(
        CHANGELIST,
        {"action": "reject_selected", ACTION_CHECKBOX_NAME: [match.pk], "reason": "规格不符"},
        follow=True,
    )
    assert "1 match rejected." in html(response)
    match.refresh_from_db()
    assert match.status == Status.REJECTED and match.review_note == "规格不符"
    assert match.events.get().action == MatchEvent.Action.REJECTED


def test_approve_all_pending_above_a_score(admin_client: Client, p: Parties) -> None:
    high = p.match(score=0.92)
    harness = p.match(
        supply=other_supply(p, segment="chassis_body"),
        demand=DemandListingFactory(enterprise=p.buyer, segment="chassis_body"),
        score=0.9,
    )
    low = p.match(supply=other_supply(p), score=0.7)

    # The changelist links to the form with its filters
    changelist = html(admin_client.get(CHANGELIST, {"segment": "power_battery"}))
    assert "approve-above/?_changelist_filters=segment%3Dpower_battery" in changelist

    # The form tells how many each score would approve, within those filters
    form = html(
        admin_client.get(CHANGELIST + "approve-above/", {"_changelist_filters": "segment=power_battery"})
    )
    assert (
        'name="min_score"' in form and "<td>0.90</td><td>1</td>" in form and "<td>0.70</td><td>2</td>" in form
    )

    # When the admin approves everything at 0.8 or more of the battery segment
    response = admin_client.post(
        CHANGELIST + "approve-above/",
        {"min_score": "0.8", "note": "批量", "_changelist_filters": "segment=power_battery"},
        follow=True,
    )

    # Then only that match is approved, and the admin is back on the filtered list
    assert "1 match approved." in html(response)
    assert response.redirect_chain[-1][0] == CHANGELIST + "?segment=power_battery"
    statuses = dict(Match.objects.values_list("pk", "status"))
    assert statuses == {high.pk: "approved", harness.pk: "proposed", low.pk: "proposed"}
    assert Match.objects.get(pk=high.pk).review_note == "批量"


def test_approve_above_needs_a_valid_score(admin_client: Client, p: Parties) -> None:
    match = p.match()
    page = html(admin_client.post(CHANGELIST + "approve-above/", {"min_score": "2"}))
    assert 'name="min_score"' in page and "errorlist" in page
    match.refresh_from_db()
    assert match.status == Status.PROPOSED


# --- one match -------------------------------------------------------------------------------------


def test_the_change_page_shows_the_breakdown_and_decides(admin_client: Client, p: Parties) -> None:
    match = p.match()
    url = f"{CHANGELIST}{match.pk}/change/"

    page = html(admin_client.get(url))
    assert "<td>Price</td><td>0.80</td><td>0.07</td><td>price ranges overlap 80%</td>" in page
    assert "lead time 45 days exceeds 30</td><td>a little off</td>" in page
    assert 'name="_save"' not in page and 'value="approve"' in page

    # Rejecting without a note is refused; approving works
    admin_client.post(f"{CHANGELIST}{match.pk}/review/", {"decision": "reject", "note": ""})
    match.refresh_from_db()
    assert match.status == Status.PROPOSED
    response = admin_client.post(f"{CHANGELIST}{match.pk}/review/", {"decision": "approve"}, follow=True)
    assert "both enterprises are told" in html(response)
    match.refresh_from_db()
    assert match.status == Status.APPROVED
    assert 'value="approve"' not in html(admin_client.get(url))  # decided: no buttons any more


def test_a_match_is_read_only_and_never_added_or_deleted(admin_client: Client, p: Parties) -> None:
    match = p.match()
    response = admin_client.post(f"{CHANGELIST}{match.pk}/change/", {"status": "approved", "score": "1"})
    assert response.status_code == 403
    match.refresh_from_db()
    assert match.status == Status.PROPOSED and match.score == 0.87
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    assert admin_client.get(f"{CHANGELIST}{match.pk}/delete/").status_code == 403


def test_members_cannot_open_the_admin(p: Parties) -> None:
    client = Client()
    client.force_login(p.supplier_owner.user)
    for url in (CHANGELIST, CHANGELIST + "approve-above/", RUNS):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- rematch runs ----------------------------------------------------------------------------------


def test_runs_are_listed_with_counts_duration_and_errors(admin_client: Client, p: Parties) -> None:
    started = timezone.now() - datetime.timedelta(seconds=42)
    run = MatchRun.objects.create(
        status=MatchRun.Status.FAILED,
        trigger=MatchRun.Trigger.SCHEDULE,
        algorithm_version="1.0",
        chunks_total=4,
        chunks_done=4,
        listings_total=1000,
        listings_done=750,
        matches_written=7300,
        errors=["chunk 3: connection reset"],
    )
    MatchRun.objects.filter(pk=run.pk).update(
        started_at=started, finished_at=started + datetime.timedelta(seconds=41.5)
    )

    page = html(admin_client.get(RUNS))
    assert "4 / 4" in page and "750 / 1000" in page and "7300" in page and "41.5 s" in page
    detail = html(admin_client.get(f"{RUNS}{run.pk}/change/"))
    assert "chunk 3: connection reset" in detail and 'name="_save"' not in detail
    assert admin_client.get(f"{RUNS}add/").status_code == 403


def test_the_start_button_starts_a_full_rematch(
    admin_client: Client, p: Parties, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def rematch_start(*, trigger: str, actor: User | None = None) -> MatchRun:
        calls.append({"trigger": trigger, "actor": actor})
        return MatchRun.objects.create(trigger=trigger, started_by=actor, algorithm_version="1.0")

    # The run service itself is tested with the engine (tests/matching/test_rematch.py); here, its wiring.
    fake = types.ModuleType("matching.services.matching")
    fake.rematch_start = rematch_start  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "matching.services.matching", fake)

    assert 'id="start-rematch"' in html(admin_client.get(RUNS))
    assert admin_client.get(RUNS + "start/").status_code == 405  # a button, never a link

    response = admin_client.post(RUNS + "start/", follow=True)

    assert calls == [{"trigger": MatchRun.Trigger.ADMIN, "actor": p.staff}]
    run = MatchRun.objects.get()
    assert f"Rematch {run.pk} started" in html(response)
