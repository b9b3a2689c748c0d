"""The review services: an admin approves or rejects a proposed match, one by one or above a score, and
the enterprises of an approved match follow it up (contacted, quoted, ordered)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Notification
from listings.models import Listing
from matching.models import Match, MatchEvent
from matching.services import review
from platform_site.errors import NotPermitted, TransitionNotAllowed
from tests.factories import DemandListingFactory, ListingFactory
from tests.matching.parties import Parties, make_parties

pytestmark = pytest.mark.django_db
Status = Match.Status


@pytest.fixture
def p() -> Parties:
    return make_parties()


def status_of(match: Match) -> str:
    match.refresh_from_db()
    return match.status


# --- approve ---------------------------------------------------------------------------------------


def test_approving_records_the_decision_and_an_event(p: Parties) -> None:
    match = p.match()

    approved = review.match_approve(match=match, actor=p.staff, note="  规格与预算都吻合 ")

    match.refresh_from_db()
    assert approved.status == match.status == Status.APPROVED
    assert match.reviewed_by == p.staff and match.reviewed_at is not None
    assert match.review_note == "规格与预算都吻合"
    event = match.events.get()
    assert (event.action, event.actor, event.from_status, event.to_status, event.note) == (
        MatchEvent.Action.APPROVED,
        p.staff,
        Status.PROPOSED,
        Status.APPROVED,
        "规格与预算都吻合",
    )


def test_approval_notifies_every_member_of_both_enterprises_on_commit(
    p: Parties, django_capture_on_commit_callbacks: Any
) -> None:
    match = p.match()
    p.buyer_owner.user.language = "en"
    p.buyer_owner.user.save()

    # When the admin approves, nothing is e-mailed before the transaction commits
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review.match_approve(match=match, actor=p.staff)
    assert mail.outbox == [] and len(callbacks) == 3  # one e-mail per member, each after commit

    # Then each member of each enterprise has a notice about their own listing, in their language
    notices = {n.recipient: n for n in Notification.objects.filter(kind="match.approved")}
    assert set(notices) == {p.supplier_owner.user, p.supplier_member.user, p.buyer_owner.user}
    supplier_notice = notices[p.supplier_owner.user]
    assert "方形磷酸铁锂电芯 280Ah" in supplier_notice.title
    assert "南京整车制造有限公司" in supplier_notice.body and "87%" in supplier_notice.body
    assert supplier_notice.link == f"/matches/?listing={p.supply.pk}"
    buyer_notice = notices[p.buyer_owner.user]
    assert buyer_notice.title == "New match for your listing 采购储能电芯 280Ah"
    assert "合肥国轩电芯有限公司: 方形磷酸铁锂电芯 280Ah (score 87%)" in buyer_notice.body
    assert buyer_notice.link == f"/matches/?listing={p.demand.pk}"
    # and the outsider and the admin hear nothing
    assert not Notification.objects.filter(recipient__in=[p.outsider.user, p.staff]).exists()

    # When the callbacks run (the commit), the e-mails go out
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (p.supplier_owner.user, p.supplier_member.user, p.buyer_owner.user)
    )


def test_a_stale_match_cannot_be_approved(p: Parties) -> None:
    match = p.match(stale=True)

    with pytest.raises(TransitionNotAllowed, match="stale"):
        review.match_approve(match=match, actor=p.staff)

    assert status_of(match) == Status.PROPOSED
    assert not match.events.exists() and not Notification.objects.exists()


def test_a_match_whose_listing_left_the_catalogue_cannot_be_approved(p: Parties) -> None:
    # The stale flag lags behind (the listing was closed a moment ago): the service checks the listing too.
    match = p.match()
    Listing.objects.filter(pk=p.demand.pk).update(status=Listing.Status.CLOSED)

    with pytest.raises(TransitionNotAllowed):
        review.match_approve(match=match, actor=p.staff)
    assert status_of(match) == Status.PROPOSED


@pytest.mark.parametrize("who", ["supplier_owner", "buyer_owner", "outsider"])
def test_only_staff_review(p: Parties, who: str) -> None:
    match = p.match()
    member = getattr(p, who).user

    with pytest.raises(NotPermitted):
        review.match_approve(match=match, actor=member)
    with pytest.raises(NotPermitted):
        review.match_reject(match=match, actor=member, note="不合适")
    with pytest.raises(NotPermitted):
        review.matches_approve_above(actor=member, min_score=0)

    assert status_of(match) == Status.PROPOSED and not match.events.exists()


def test_a_decision_is_final(p: Parties) -> None:
    match = p.match()
    review.match_approve(match=match, actor=p.staff)

    with pytest.raises(TransitionNotAllowed, match="cannot become"):
        review.match_approve(match=match, actor=p.staff)
    with pytest.raises(TransitionNotAllowed, match="cannot become"):
        review.match_reject(match=match, actor=p.staff, note="改主意了")
    assert status_of(match) == Status.APPROVED and match.events.count() == 1


# --- reject ----------------------------------------------------------------------------------------


def test_rejecting_needs_a_note(p: Parties) -> None:
    match = p.match()

    with pytest.raises(ValidationError) as error:
        review.match_reject(match=match, actor=p.staff, note="   ")

    assert set(error.value.message_dict) == {"note"}
    assert status_of(match) == Status.PROPOSED


def test_rejecting_records_the_note_and_tells_nobody(p: Parties) -> None:
    match = p.match()

    review.match_reject(match=match, actor=p.staff, note="需求方只采购车规级电芯")

    match.refresh_from_db()
    assert match.status == Status.REJECTED and match.review_note == "需求方只采购车规级电芯"
    assert match.reviewed_by == p.staff
    event = match.events.get()
    assert event.action == MatchEvent.Action.REJECTED and event.note == "需求方只采购车规级电芯"
    assert not Notification.objects.exists()  # The enterprises never saw the proposal.


def test_a_stale_match_can_still_be_rejected(p: Parties) -> None:
    match = p.match(stale=True)
    review.match_reject(match=match, actor=p.staff, note="已过期")
    assert status_of(match) == Status.REJECTED


# --- approve above a score -------------------------------------------------------------------------


def test_approve_above_a_score_takes_only_fresh_proposals_at_or_above_it(p: Parties) -> None:
    # Given proposals around 0.8, a stale one, a rejected one and an approved one
    def match(score: float, **fields: Any) -> Match:
        return p.match(supply=ListingFactory(enterprise=p.supplier), score=score, **fields)

    high, exact = match(0.95), match(0.8)
    low = match(0.79)
    stale = match(0.9, stale=True)
    rejected = match(0.99, status=Status.REJECTED, review_note="不合适")

    # When the admin approves everything at 0.8 or more
    count = review.matches_approve_above(actor=p.staff, min_score=0.8, note="批量通过")

    # Then the two fresh proposals are approved, each with its event and notices, and nothing else moved
    assert count == 2
    assert [status_of(m) for m in (high, exact, low, stale, rejected)] == [
        Status.APPROVED,
        Status.APPROVED,
        Status.PROPOSED,
        Status.PROPOSED,
        Status.REJECTED,
    ]
    assert MatchEvent.objects.filter(action="approved", note="批量通过", actor=p.staff).count() == 2
    assert Notification.objects.filter(recipient=p.buyer_owner.user, kind="match.approved").count() == 2


def test_approve_above_stays_within_the_queryset_given(p: Parties) -> None:
    battery = p.match(score=0.9)
    harness = p.match(
        supply=ListingFactory(enterprise=p.supplier, segment="chassis_body"),
        demand=DemandListingFactory(enterprise=p.buyer, segment="chassis_body"),
        score=0.95,
    )

    count = review.matches_approve_above(
        actor=p.staff, min_score=0.5, queryset=Match.objects.filter(demand__segment="power_battery")
    )

    assert count == 1
    assert status_of(battery) == Status.APPROVED and status_of(harness) == Status.PROPOSED


def test_approve_above_is_all_or_nothing(p: Parties, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = p.match(score=0.9), p.match(supply=ListingFactory(enterprise=p.supplier), score=0.95)
    real = review.match_approve
    calls: list[int] = []

    def fails_the_second(**kwargs: Any) -> Match:
        calls.append(kwargs["match"].pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(review, "match_approve", fails_the_second)

    with pytest.raises(RuntimeError):
        review.matches_approve_above(actor=p.staff, min_score=0.5)

    assert status_of(first) == status_of(second) == Status.PROPOSED
    assert not MatchEvent.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("score", [-0.1, 1.01])
def test_approve_above_needs_a_score_between_0_and_1(p: Parties, score: float) -> None:
    p.match()
    with pytest.raises(ValidationError) as error:
        review.matches_approve_above(actor=p.staff, min_score=score)
    assert set(error.value.message_dict) == {"min_score"}


# --- the funnel ------------------------------------------------------------------------------------


def test_either_party_records_contact_once(p: Parties) -> None:
    match = p.match(status=Status.APPROVED)

    # When the supplier's member contacts the buyer
    review.match_record_step(match=match, actor=p.supplier_member.user, step="contacted")
    match.refresh_from_db()
    first = match.contacted_at

    # Then the time is kept, with an event naming who did it
    assert first is not None
    event = match.events.get()
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "contacted",
        p.supplier_member.user,
        Status.APPROVED,
        Status.APPROVED,
    )

    # When the buyer contacts too, the first time stays and no second event is written
    review.match_record_step(match=match, actor=p.buyer_owner.user, step="contacted")
    match.refresh_from_db()
    assert match.contacted_at == first and match.events.count() == 1


def test_quoted_and_ordered_are_steps_of_their_own(p: Parties) -> None:
    match = p.match(status=Status.APPROVED)

    review.match_record_step(match=match, actor=p.buyer_owner.user, step="quoted")
    review.match_record_step(match=match, actor=p.staff, step="ordered")

    match.refresh_from_db()
    assert match.contacted_at is None and match.quoted_at is not None and match.ordered_at is not None
    assert sorted(match.events.values_list("action", flat=True)) == ["ordered", "quoted"]


def test_only_an_approved_match_is_followed_up(p: Parties) -> None:
    for status in (Status.PROPOSED, Status.REJECTED):
        match = p.match(supply=ListingFactory(enterprise=p.supplier), status=status)
        with pytest.raises(TransitionNotAllowed):
            review.match_record_step(match=match, actor=p.buyer_owner.user, step="contacted")
        match.refresh_from_db()
        assert match.contacted_at is None


def test_an_outsider_cannot_record_a_step(p: Parties) -> None:
    match = p.match(status=Status.APPROVED)
    with pytest.raises(NotPermitted):
        review.match_record_step(match=match, actor=p.outsider.user, step="contacted")
    match.refresh_from_db()
    assert match.contacted_at is None and not match.events.exists()


def test_an_unknown_step_is_a_programming_error(p: Parties) -> None:
    with pytest.raises(ValueError, match="Unknown funnel step"):
        review.match_record_step(match=p.match(status=Status.APPROVED), actor=p.staff, step="married")
