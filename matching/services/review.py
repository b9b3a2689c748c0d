"""The platform admins' review of proposed matches, and the funnel of an approved match.

Each write opens a transaction and re-reads the match with `select_for_update()`: two admins deciding at
once, or an admin approving while a rematch marks the match stale, must not both win. It checks the actor
and `Match.TRANSITIONS`, saves with `update_fields`, writes a `MatchEvent`, and notifies after commit
(`notify` writes the inbox rows in the transaction and sends the e-mails on commit).
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.notifications import notify
from accounts.services import membership_of
from listings.models import Listing
from matching import notices
from matching.models import Match, MatchEvent
from matching.selectors import AWAITING_REVIEW
from platform_site.errors import NotPermitted, TransitionNotAllowed

Status = Match.Status
# The funnel after approval: each step and the field that keeps its first time.
FUNNEL_STEPS: dict[str, str] = {
    MatchEvent.Action.CONTACTED: "contacted_at",
    MatchEvent.Action.QUOTED: "quoted_at",
    MatchEvent.Action.ORDERED: "ordered_at",
}
# What an admin may approve: a fresh proposal of two listings still in the catalogue. `stale` is kept by
# the rematch and the listing signals; the listing statuses are checked too, in case the flag lags.
APPROVABLE = AWAITING_REVIEW & Q(
    supply__status=Listing.Status.PUBLISHED,
    demand__status=Listing.Status.PUBLISHED,
)

# ---------------------------------------------------------------------------------------------------
# Helpers


def _require_staff(actor: User) -> None:
    if not actor.is_staff:
        raise NotPermitted(_("Only platform administrators review matches."))


def _require_party(match: Match, actor: User) -> None:
    """Members of either enterprise of the match (and staff) follow it up; anyone else is refused."""
    if actor.is_staff:
        return
    membership = membership_of(actor)
    if membership is None or membership.enterprise_id not in (
        match.supply.enterprise_id,
        match.demand.enterprise_id,
    ):
        raise NotPermitted(_("Only the enterprises of this match may follow it up."))


def _lock(match: Match) -> Match:
    # `of=("self",)`: lock the match only, not the two listings and enterprises read with it.
    return (
        Match.objects.select_for_update(of=("self",))
        .select_related("supply__enterprise", "demand__enterprise")
        .get(pk=match.pk)
    )


def _transition(match: Match, to: str) -> str:
    from_status = match.status
    if to not in Match.TRANSITIONS[from_status]:
        raise TransitionNotAllowed(
            _("A match that is %(from)s cannot become %(to)s.")
            % {"from": Status(from_status).label, "to": Status(to).label}
        )
    match.status = to
    return from_status


def _record(match: Match, actor: User, action: str, *, from_status: str, note: str = "") -> MatchEvent:
    return MatchEvent.objects.create(
        match=match, actor=actor, action=action, from_status=from_status, to_status=match.status, note=note
    )


def matches_page_url(listing: Listing | int) -> str:
    """The enterprise's matches page, showing the matches of one of its listings."""
    pk = listing if isinstance(listing, int) else listing.pk
    return f"{reverse('matching:mine')}?listing={pk}"


def _notify_parties(match: Match) -> None:
    """Tell the members of each enterprise about the match of their own listing."""
    members: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(
        enterprise_id__in={match.supply.enterprise_id, match.demand.enterprise_id}, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        members[membership.enterprise_id].append(membership.user)
    for own, other in ((match.supply, match.demand), (match.demand, match.supply)):
        notify(
            recipients=members[own.enterprise_id],
            notice=notices.MATCH_APPROVED,
            link=matches_page_url(own),
            title=own.title,
            other_title=other.title,
            other_enterprise=str(other.enterprise),
            score=f"{match.score:.0%}",
        )


# ---------------------------------------------------------------------------------------------------
# Review


@transaction.atomic
def match_approve(*, match: Match, actor: User, note: str = "") -> Match:
    """Approve a proposed match: both enterprises see it from now on, and are told."""
    _require_staff(actor)
    match = _lock(match)
    from_status = _transition(match, Status.APPROVED)
    published = Listing.Status.PUBLISHED
    if match.stale or match.supply.status != published or match.demand.status != published:
        raise TransitionNotAllowed(
            _("This match is stale: one of its listings has left the catalogue, so it cannot be approved.")
        )
    note = note.strip()
    match.reviewed_by, match.reviewed_at, match.review_note = actor, timezone.now(), note
    match.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    _record(match, actor, MatchEvent.Action.APPROVED, from_status=from_status, note=note)
    _notify_parties(match)
    return match


@transaction.atomic
def match_reject(*, match: Match, actor: User, note: str) -> Match:
    """Turn a proposed match down, with a note; the enterprises never see it, and a rematch keeps it down."""
    _require_staff(actor)
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Say why the match is rejected.")]})
    match = _lock(match)
    from_status = _transition(match, Status.REJECTED)
    match.reviewed_by, match.reviewed_at, match.review_note = actor, timezone.now(), note
    match.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    _record(match, actor, MatchEvent.Action.REJECTED, from_status=from_status, note=note)
    return match


@transaction.atomic
def matches_approve_above(
    *, actor: User, min_score: float, queryset: QuerySet[Match] | None = None, note: str = ""
) -> int:
    """Approve every approvable match (of `queryset`, else all) scoring at least `min_score`; how many.

    All or none: each match goes through `match_approve` (its event and notifications) in one transaction.
    """
    _require_staff(actor)
    if not 0.0 <= min_score <= 1.0:
        raise ValidationError({"min_score": [_("Give a score between 0 and 1.")]})
    base = Match.objects.all() if queryset is None else queryset
    ids = list(base.filter(APPROVABLE, score__gte=min_score).order_by().values_list("pk", flat=True))
    # Lock them in id order, so that two bulk approvals at once wait for each other instead of deadlocking;
    # a match decided since the ids were read is left out by the repeated condition.
    locked = (
        Match.objects.select_for_update(of=("self",))
        .filter(APPROVABLE, pk__in=ids, score__gte=min_score)
        .order_by("pk")
    )
    count = 0
    for match in locked:
        match_approve(match=match, actor=actor, note=note)
        count += 1
    return count


# ---------------------------------------------------------------------------------------------------
# The funnel


@transaction.atomic
def match_record_step(*, match: Match, actor: User, step: str) -> Match:
    """Record a step of an approved match's funnel (contacted, quoted, ordered) the first time it happens.

    A repeated step keeps the first time and writes no event, so a button pressed twice counts once.
    """
    field = FUNNEL_STEPS.get(step)
    if field is None:
        raise ValueError(f"Unknown funnel step: {step!r}")
    match = _lock(match)
    _require_party(match, actor)
    if match.status != Status.APPROVED:
        raise TransitionNotAllowed(_("Only an approved match can be followed up."))
    if getattr(match, field) is not None:
        return match
    setattr(match, field, timezone.now())
    match.save(update_fields=[field, "updated_at"])
    _record(match, actor, step, from_status=match.status)
    return match
