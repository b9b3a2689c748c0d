"""Matching follows the catalogue: publishing enqueues a match on commit, withdrawing makes matches stale."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Membership, User
from listings import services as listing_services
from listings.models import Listing
from matching import catalogue, tasks
from matching.models import Match, MatchRun
from matching.reasons import match_reasons
from tests.factories import (
    CertificationFactory,
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    MatchFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def lfp_supply(**overrides: Any) -> Listing:
    fields: dict[str, Any] = {
        "title": "280Ah LFP 方形电芯",
        "category": "电芯",
        "description": "磷酸铁锂方形铝壳电芯 280Ah，循环寿命 6000 次，适用于储能与商用车。",
    }
    return ListingFactory(**{**fields, **overrides})


def lfp_demand_in_review(**overrides: Any) -> Listing:
    fields: dict[str, Any] = {
        "title": "采购磷酸铁锂电芯 280Ah",
        "category": "电芯",
        "description": "储能柜项目需采购 280Ah 磷酸铁锂方形电芯，年用量 1 万只，要求三年质保。",
        "status": Listing.Status.PENDING_REVIEW,
        "published_at": None,
    }
    return DemandListingFactory(**{**fields, **overrides})


def test_publishing_enqueues_the_match_only_when_the_transaction_commits(
    staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a demand awaiting review
    demand = lfp_demand_in_review()
    version = catalogue.catalogue_version()

    with mock.patch.object(tasks.match_listing, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            # When an admin approves it, nothing is enqueued inside the transaction
            listing_services.listing_approve(listing=demand, actor=staff)
            assert not delay.called
            assert catalogue.catalogue_version() == version

        # Then after the commit the listing is matched by a task and every engine hears of it
        delay.assert_called_once_with(demand.pk)
    assert catalogue.catalogue_version() == (version[0], version[1] + 1)


def test_an_approved_demand_is_matched_with_explained_reasons(
    staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a certified LFP cell supplier in the catalogue, and a tyre supplier
    supply = lfp_supply()
    CertificationFactory(enterprise=supply.enterprise, standard="IATF 16949")
    ListingFactory(title="新能源汽车专用轮胎 215/55R17", category="轮胎", description="低滚阻静音轮胎。")
    demand = lfp_demand_in_review(certifications=["IATF 16949*"])

    # When an admin approves the demand (tasks run in-process)
    with django_capture_on_commit_callbacks(execute=True):
        listing_services.listing_approve(listing=demand, actor=staff)

    # Then the supplier is proposed for it, with reasons a reviewer can check
    match = Match.objects.get(supply=supply, demand=demand)
    assert (match.status, match.stale) == (Match.Status.PROPOSED, False)
    assert 0.6 < match.score <= 1.0
    chinese = {reason.feature: reason.reason for reason in match_reasons(match, "zh-hans")}
    english = {reason.feature: reason.reason for reason in match_reasons(match, "en")}
    assert chinese["category"] == "同类目：电芯"
    assert english["region"] == "same city"
    assert "IATF" in chinese["certification"]
    assert english["price"] == "price ranges overlap 100%"
    assert all(chinese.values()) and all(english.values())


@pytest.mark.parametrize("certificate", [None, "expired"], ids=["none", "expired"])
def test_a_supplier_without_the_mandatory_certificate_is_not_proposed(
    certificate: str | None, staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a supplier with no IATF 16949, or one that expired, though its listing names it
    supply = lfp_supply(certifications=["IATF 16949"] if certificate else None)
    if certificate:
        expired = timezone.localdate() - datetime.timedelta(days=1)
        CertificationFactory(enterprise=supply.enterprise, standard="IATF 16949:2016", valid_until=expired)
    demand = lfp_demand_in_review(certifications=["IATF 16949*"])

    # When the demand requiring it is approved
    with django_capture_on_commit_callbacks(execute=True):
        listing_services.listing_approve(listing=demand, actor=staff)

    # Then the supplier is not proposed
    assert not Match.objects.filter(demand=demand).exists()


def test_closing_a_listing_makes_its_matches_stale_and_keeps_decisions(
    staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a supply with an approved and a proposed match, and an unrelated match
    supply = lfp_supply()
    owner = MembershipFactory(enterprise=supply.enterprise, role=Membership.Role.OWNER)
    approved = MatchFactory(
        supply=supply, status=Match.Status.APPROVED, reviewed_by=staff, reviewed_at=timezone.now()
    )
    proposed = MatchFactory(supply=supply)
    unrelated = MatchFactory()
    version = catalogue.catalogue_version()

    # When its owner closes it
    with django_capture_on_commit_callbacks(execute=True):
        listing_services.listing_close(listing=supply, actor=owner.user)

    # Then its matches are stale, the approved one still approved, and the engines hear of it
    approved.refresh_from_db()
    proposed.refresh_from_db()
    unrelated.refresh_from_db()
    assert (approved.status, approved.stale) == (Match.Status.APPROVED, True)
    assert (proposed.status, proposed.stale) == (Match.Status.PROPOSED, True)
    assert unrelated.stale is False
    assert catalogue.catalogue_version() == (version[0], version[1] + 1)


def test_a_match_task_for_a_listing_withdrawn_meanwhile_writes_nothing() -> None:
    # Given a supplier, and a demand closed after its match task was sent
    lfp_supply()
    demand = lfp_demand_in_review(status=Listing.Status.CLOSED)

    # When the task runs, then it writes nothing
    assert tasks.match_listing.delay(demand.pk).get() == 0
    assert not Match.objects.exists()


def test_the_nightly_task_runs_a_full_rematch(django_capture_on_commit_callbacks: Any) -> None:
    # Given a published supply and demand
    supply = lfp_supply()
    demand = DemandListingFactory(title="采购磷酸铁锂电芯 280Ah", category="电芯")

    # When beat's nightly task runs (in-process, and its chunks when the run commits)
    with django_capture_on_commit_callbacks(execute=True):
        run_id = tasks.rematch_nightly.delay().get()

    # Then a scheduled run matched them
    run = MatchRun.objects.get(pk=run_id)
    assert (run.trigger, run.status, run.listings_done) == (
        MatchRun.Trigger.SCHEDULE,
        MatchRun.Status.DONE,
        2,
    )
    assert Match.objects.filter(supply=supply, demand=demand).exists()


def test_the_tasks_have_names_limits_and_retries_and_the_nightly_run_is_scheduled() -> None:
    for task in (tasks.match_listing, tasks.rematch_chunk, tasks.rematch_nightly):
        assert task.name.startswith("matching.")
        assert task.soft_time_limit < task.time_limit
        assert ConnectionError in task.autoretry_for
    schedule = settings.CELERY_BEAT_SCHEDULE["rematch-nightly"]
    assert schedule["task"] == tasks.rematch_nightly.name
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({2}, {30})  # type: ignore[attr-defined]
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_a_pending_enterprise_listing_is_marked_unverified_in_its_matches(
    staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a supplier whose enterprise verification is pending (its listing published before that)
    supply = lfp_supply(enterprise=EnterpriseFactory(status="pending"))
    demand = lfp_demand_in_review()

    # When the demand is approved
    with django_capture_on_commit_callbacks(execute=True):
        listing_services.listing_approve(listing=demand, actor=staff)

    # Then the match says the supplier is not verified
    match = Match.objects.get(supply=supply, demand=demand)
    verified = next(reason for reason in match_reasons(match, "en") if reason.feature == "verified")
    assert verified.value < 1.0 and verified.reason == "enterprise not verified"
