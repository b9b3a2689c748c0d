"""What the order, quote, licence and message services share: who acts for which side, who hears of it,
and the one transition check."""

from __future__ import annotations

from typing import Any, Protocol

from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import Enterprise, Membership, User
from accounts.services import require_verified_enterprise
from matching.models import Match, MatchEvent
from matching.services.review import match_record_step
from platform_site.errors import NotPermitted, TransitionNotAllowed


class HasTransitions(Protocol):
    TRANSITIONS: dict[str, frozenset[str]]
    status: str


def acting_enterprise(actor: User, *allowed: int | None, message: str) -> Enterprise:
    """The actor's verified enterprise, which must be one of `allowed`; anyone else is refused."""
    enterprise = require_verified_enterprise(actor)
    if enterprise.pk not in allowed:
        raise NotPermitted(message)
    return enterprise


def transition(obj: HasTransitions, to: str, labels: Any) -> str:
    """Move `obj` to status `to` if its table allows it; returns the status it had."""
    from_status = obj.status
    if to not in obj.TRANSITIONS[from_status]:
        raise TransitionNotAllowed(
            _("This is %(from)s; it cannot become %(to)s.")
            % {"from": labels(from_status).label, "to": labels(to).label}
        )
    obj.status = to
    return from_status


def people_of(enterprise_id: int, *also: User | None) -> list[User]:
    """Who hears of an enterprise's business: its owner and administrators, and the members named."""
    named = {user.pk for user in also if user is not None}
    memberships = Membership.objects.filter(enterprise_id=enterprise_id).select_related("user")
    return [m.user for m in memberships if m.user.is_active and (m.can_manage or m.user_id in named)]


def record_match_step(match: Match | None, actor: User, step: str) -> None:
    """Move an approved match's funnel forward (quoted, ordered) when business comes from it."""
    if match is not None and match.status == Match.Status.APPROVED:
        match_record_step(match=match, actor=actor, step=step)


ORDERED = MatchEvent.Action.ORDERED
QUOTED = MatchEvent.Action.QUOTED


def lock(obj: Model) -> Any:
    """Re-read a row with a lock held to the end of the transaction."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def require_match_of(match: Match | None, *, listing_id: int, enterprise_id: int) -> None:
    """A match named as the origin of business must be approved, about this listing, and its other
    listing must be the acting enterprise's."""
    if match is None:
        return
    other = {match.supply_id: match.demand, match.demand_id: match.supply}.get(listing_id)
    if match.status != Match.Status.APPROVED or other is None or other.enterprise_id != enterprise_id:
        raise NotPermitted(_("That match is not an approved match of this listing and your enterprise."))
