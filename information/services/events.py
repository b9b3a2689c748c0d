"""Events such as industry-chain matchmaking conferences (对接会): staff create and publish them, members
of verified enterprises register (within the capacity), and registered attendees request one-to-one
meetings with each other about a listing or an approved match; the invitee accepts or declines.

Locks are always taken in the same order, the event first and then its registrations or meetings, so
that a registration, a meeting request and a cancellation at the same moment queue instead of
deadlocking. Notifications are written in the transaction and e-mailed on commit (`notify`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Enterprise, User
from accounts.notifications import notify
from accounts.services import require_membership, require_verified_enterprise
from information import notices
from information.models import Event, EventRegistration, MeetingRequest
from information.sanitize import clean_html
from listings.models import Listing
from matching.models import Match, MatchEvent
from orders.services.common import acting_enterprise, people_of, record_match_step, transition
from platform_site.errors import ApplicationError, Conflict, NotPermitted, TransitionNotAllowed

Status = MeetingRequest.Status
Registration = EventRegistration.Status
OPEN_MEETINGS = (Status.REQUESTED, Status.ACCEPTED)
MAX_ATTENDEES = 10  # people per enterprise, as the registration's check constraint allows
MAX_MESSAGE = 2000

TEXT_FIELDS = ("title_zh", "title_en", "place", "online_url")
RICH_FIELDS = ("description_zh", "description_en", "agenda_zh", "agenda_en")
TIME_FIELDS = ("starts_at", "ends_at", "registration_closes_at")
EDITABLE_FIELDS = (*TEXT_FIELDS, *RICH_FIELDS, *TIME_FIELDS, "capacity")


# ---------------------------------------------------------------------------------------------------
# Helpers


def event_url(event: Event | int) -> str:
    return reverse("information:event_detail", args=[event if isinstance(event, int) else event.pk])


def _require_staff(actor: User) -> None:
    if not actor.is_staff:
        raise NotPermitted(_("Only platform administrators organise events."))


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _lock_meeting(meeting: MeetingRequest) -> MeetingRequest:
    # `of=("self",)`: the listing and match are nullable joins, which PostgreSQL cannot lock.
    return (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("event", "requester", "invitee", "requested_by", "listing", "match")
        .get(pk=meeting.pk)
    )


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _venue(event: Event) -> str:
    return event.place or event.online_url


def _subject(meeting: MeetingRequest) -> str:
    """What a meeting is about, for a notification."""
    if meeting.listing is not None:
        return meeting.listing.title
    if meeting.match is not None:
        return f"{meeting.match.supply.title} ↔ {meeting.match.demand.title}"
    return "—"


def is_registered(event: Event, enterprise_id: int | None) -> bool:
    """Whether the enterprise holds a (not cancelled) registration for the event."""
    if enterprise_id is None:
        return False
    return EventRegistration.objects.filter(
        event=event, enterprise_id=enterprise_id, status=Registration.REGISTERED
    ).exists()


def registration_open(event: Event, now: datetime.datetime | None = None) -> bool:
    """Published, not started, and its registration deadline (if any) not passed."""
    moment = now or timezone.now()
    return (
        event.published_at is not None
        and event.published_at <= moment
        and moment < event.starts_at
        and (event.registration_closes_at is None or moment < event.registration_closes_at)
    )


def meeting_actions(meeting: MeetingRequest, enterprise_id: int | None) -> list[str]:
    """The buttons the member's enterprise has on a meeting now."""
    if enterprise_id is None or meeting.status not in OPEN_MEETINGS:
        return []
    actions = []
    if meeting.status == Status.REQUESTED and enterprise_id == meeting.invitee_id:
        actions += ["accept", "decline"]
    if enterprise_id in (meeting.requester_id, meeting.invitee_id):
        actions.append("cancel")
    return actions


# ---------------------------------------------------------------------------------------------------
# Events (staff)


def _check_event(event: Event, *, registered: int = 0) -> None:
    """The rules of an event's fields, each error under its field; then the model's own checks."""
    errors: dict[str, list[str]] = {}
    if not event.title_zh.strip():
        errors["title_zh"] = [_("Give the event a Chinese title.")]
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = [_("The event must end after it starts.")]
    if event.capacity is None or event.capacity <= 0:
        errors["capacity"] = [_("The capacity must be at least one enterprise.")]
    elif event.capacity < registered:
        errors["capacity"] = [
            _("%(count)s enterprises are already registered; the capacity cannot be lower.")
            % {"count": registered}
        ]
    if not event.place.strip() and not event.online_url.strip():
        errors["place"] = [_("Give a place, an online meeting link, or both.")]
    closes = event.registration_closes_at
    if closes is not None and event.starts_at and closes > event.starts_at:
        errors["registration_closes_at"] = [_("Registration must close by the time the event starts.")]
    if errors:
        raise ValidationError(errors)
    event.full_clean()


def _assign(event: Event, fields: dict[str, Any]) -> list[str]:
    """Set the given fields (rich text sanitised, text stripped); the names of those that changed."""
    changed = []
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"Not an editable event field: {name}")
        if name in RICH_FIELDS:
            value = clean_html(value or "")
        elif name in TEXT_FIELDS:
            value = (value or "").strip()
        if getattr(event, name) != value:
            setattr(event, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def event_create(*, actor: User, publish: bool = False, **fields: Any) -> Event:
    """Create an event (staff) from the `EDITABLE_FIELDS`; with `publish`, it is public at once."""
    _require_staff(actor)
    event = Event(organiser=actor)
    _assign(event, fields)
    _check_event(event)
    if publish:
        event.published_at = timezone.now()
    event.save()
    return event


@transaction.atomic
def event_update(*, event: Event, actor: User, **fields: Any) -> Event:
    """Change an event's details (staff); the capacity may not drop below the registrations held."""
    _require_staff(actor)
    event = _lock_event(event)
    changed = _assign(event, fields)
    registered = event.registrations.filter(status=Registration.REGISTERED).count()
    _check_event(event, registered=registered)
    if changed:
        event.save(update_fields=[*changed, "updated_at"])
    return event


@transaction.atomic
def event_publish(*, event: Event, actor: User) -> Event:
    """Make an event public (staff); publishing twice keeps the first time."""
    _require_staff(actor)
    event = _lock_event(event)
    if event.published_at is not None:
        return event
    if event.ends_at <= timezone.now():
        raise TransitionNotAllowed(_("This event is over; it cannot be published."), code="event_over")
    event.published_at = timezone.now()
    event.save(update_fields=["published_at", "updated_at"])
    return event


@transaction.atomic
def event_unpublish(*, event: Event, actor: User) -> Event:
    """Take an event off the public pages (staff); its registrations and meetings are kept."""
    _require_staff(actor)
    event = _lock_event(event)
    if event.published_at is not None:
        event.published_at = None
        event.save(update_fields=["published_at", "updated_at"])
    return event


# ---------------------------------------------------------------------------------------------------
# Registrations


@transaction.atomic
def event_register(*, event: Event, actor: User, attendees: int = 1) -> EventRegistration:
    """Register the actor's verified enterprise for a published event that has places left.

    The event's row lock serialises registrations: two enterprises taking the last place at once queue
    here, and the second one counts the first and is told the event is full.
    """
    enterprise = require_verified_enterprise(actor)
    if not 1 <= attendees <= MAX_ATTENDEES:
        raise ValidationError({"attendees": [_("Between 1 and %(max)s people.") % {"max": MAX_ATTENDEES}]})
    event = _lock_event(event)
    now = timezone.now()
    if event.published_at is None or event.published_at > now:
        raise TransitionNotAllowed(_("This event is not published."), code="event_not_published")
    if event.starts_at <= now:
        raise TransitionNotAllowed(_("This event has started; registration is closed."), code="closed")
    if event.registration_closes_at is not None and event.registration_closes_at <= now:
        raise TransitionNotAllowed(_("Registration for this event has closed."), code="closed")
    registration = EventRegistration.objects.filter(event=event, enterprise=enterprise).first()
    if registration is not None and registration.status == Registration.REGISTERED:
        raise Conflict(_("Your enterprise is already registered for this event."), code="already_registered")
    taken = EventRegistration.objects.filter(event=event, status=Registration.REGISTERED).count()
    if taken >= event.capacity:
        raise Conflict(
            _("This event is full: all %(capacity)s places are taken.") % {"capacity": event.capacity},
            code="full",
        )
    if registration is None:
        registration = EventRegistration.objects.create(
            event=event, enterprise=enterprise, registered_by=actor, attendees=attendees
        )
    else:  # cancelled before: the same row comes back (one registration per enterprise)
        registration.status, registration.attendees = Registration.REGISTERED, attendees
        registration.registered_by, registration.cancelled_at = actor, None
        registration.save(update_fields=["status", "attendees", "registered_by", "cancelled_at"])
    notify(
        recipients=people_of(enterprise.pk, actor),
        notice=notices.EVENT_REGISTERED,
        link=event_url(event),
        enterprise=enterprise.name_zh,
        event=event.title_zh,
        when=_when(event.starts_at),
        venue=_venue(event),
    )
    return registration


def _cancel_meeting(meeting: MeetingRequest, actor: User, enterprise_id: int, reason: str) -> None:
    """Cancel a locked open meeting on behalf of one side and tell the other side."""
    transition(meeting, Status.CANCELLED, Status)
    meeting.decided_by, meeting.decided_at, meeting.decline_reason = actor, timezone.now(), reason
    meeting.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "updated_at"])
    own, other = (
        (meeting.requester, meeting.invitee)
        if enterprise_id == meeting.requester_id
        else (meeting.invitee, meeting.requester)
    )
    notify(
        recipients=people_of(other.pk, meeting.requested_by if other.pk == meeting.requester_id else None),
        notice=notices.MEETING_CANCELLED,
        link=event_url(meeting.event_id),
        who=own.name_zh,
        event=meeting.event.title_zh,
        reason=reason or "—",
    )


@transaction.atomic
def event_cancel_registration(*, event: Event, actor: User) -> EventRegistration:
    """A member cancels their enterprise's registration before the event starts; its open meetings
    (requested or accepted) are cancelled too, since it will not be there, and the other sides told."""
    enterprise_id = require_membership(actor).enterprise_id
    event = _lock_event(event)
    registration = (
        EventRegistration.objects.select_for_update()
        .filter(event=event, enterprise_id=enterprise_id, status=Registration.REGISTERED)
        .first()
    )
    if registration is None:
        raise TransitionNotAllowed(
            _("Your enterprise is not registered for this event."), code="not_registered"
        )
    if event.starts_at <= timezone.now():
        raise TransitionNotAllowed(
            _("This event has started; the registration can no longer be cancelled."), code="started"
        )
    registration.status, registration.cancelled_at = Registration.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    meetings = (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("event", "requester", "invitee", "requested_by")
        .filter(event=event, status__in=OPEN_MEETINGS)
        .filter(Q(requester_id=enterprise_id) | Q(invitee_id=enterprise_id))
        .order_by("pk")
    )
    reason = _("The enterprise cancelled its registration for the event.")
    for meeting in meetings:
        _cancel_meeting(meeting, actor, enterprise_id, reason)
    notify(
        recipients=people_of(enterprise_id, actor),
        notice=notices.EVENT_REGISTRATION_CANCELLED,
        link=event_url(event),
        enterprise=registration.enterprise.name_zh,
        event=event.title_zh,
    )
    return registration


# ---------------------------------------------------------------------------------------------------
# Meetings


def _check_subject(
    listing: Listing | None, match: Match | None, requester_id: int, invitee_id: int
) -> dict[str, list[str]]:
    """A listing must be published and one of the two enterprises'; a match approved and between them."""
    errors: dict[str, list[str]] = {}
    if listing is not None and match is not None:
        errors["match"] = [_("A meeting is about a listing or a match, not both.")]
        return errors
    pair = {requester_id, invitee_id}
    if listing is not None and (
        listing.status != Listing.Status.PUBLISHED or listing.enterprise_id not in pair
    ):
        errors["listing"] = [_("Choose a published listing of your enterprise or of the one you invite.")]
    if match is not None:
        match = Match.objects.select_related("supply", "demand").get(pk=match.pk)
        sides = {match.supply.enterprise_id, match.demand.enterprise_id}
        if match.status != Match.Status.APPROVED or sides != pair:
            errors["match"] = [_("Choose an approved match between your enterprise and the one you invite.")]
    return errors


@transaction.atomic
def meeting_request(
    *,
    event: Event,
    actor: User,
    invitee: Enterprise,
    listing: Listing | None = None,
    match: Match | None = None,
    message: str = "",
    proposed_slot: datetime.datetime | None = None,
) -> MeetingRequest:
    """A registered attendee asks another registered attendee for a one-to-one meeting at the event,
    about one of their listings or an approved match between them, at a proposed time within the event.
    """
    requester = require_verified_enterprise(actor)
    message = (message or "").strip()
    errors: dict[str, list[str]] = {}
    if invitee.pk == requester.pk:
        errors["invitee"] = [_("You cannot request a meeting with your own enterprise.")]
    if len(message) > MAX_MESSAGE:
        errors["message"] = [_("At most %(max)s characters.") % {"max": MAX_MESSAGE}]
    if errors:
        raise ValidationError(errors)
    # The event's lock serialises requests at it: two clicks cannot open two pending requests between
    # the same pair, and a registration cancelled at the same moment is seen.
    event = _lock_event(event)
    if event.published_at is None or event.ends_at <= timezone.now():
        raise TransitionNotAllowed(_("This event is not open for meetings."), code="event_closed")
    registered = set(
        EventRegistration.objects.filter(
            event=event, status=Registration.REGISTERED, enterprise_id__in=[requester.pk, invitee.pk]
        ).values_list("enterprise_id", flat=True)
    )
    if requester.pk not in registered:
        raise ApplicationError(
            _("Your enterprise is not registered for this event; register to request meetings."),
            code="not_attendee",
            fields={"event": [_("Your enterprise is not a registered attendee.")]},
        )
    if invitee.pk not in registered:
        raise ApplicationError(
            _("%(name)s is not registered for this event; meetings are only between attendees.")
            % {"name": invitee.display_name},
            code="not_attendee",
            fields={"invitee": [_("Not a registered attendee of this event.")]},
        )
    errors = _check_subject(listing, match, requester.pk, invitee.pk)
    if proposed_slot is not None and not event.starts_at <= proposed_slot < event.ends_at:
        errors["proposed_slot"] = [
            _("Propose a time during the event, from %(start)s to %(end)s.")
            % {"start": _when(event.starts_at), "end": _when(event.ends_at)}
        ]
    if errors:
        raise ValidationError(errors)
    pair = Q(requester=requester, invitee=invitee) | Q(requester=invitee, invitee=requester)
    if MeetingRequest.objects.filter(pair, event=event, status=Status.REQUESTED).exists():
        raise Conflict(
            _("A meeting request between your two enterprises here is already waiting for an answer."),
            code="duplicate",
        )
    meeting = MeetingRequest(
        event=event,
        requester=requester,
        invitee=invitee,
        requested_by=actor,
        listing=listing,
        match=match,
        message=message,
        proposed_slot=proposed_slot,
    )
    meeting.full_clean()
    meeting.save()
    notify(
        recipients=people_of(invitee.pk),
        notice=notices.MEETING_REQUESTED,
        link=event_url(event),
        requester=requester.name_zh,
        event=event.title_zh,
        subject=_subject(meeting),
        slot=_when(proposed_slot),
        message=message,
    )
    return meeting


def _answerable(meeting: MeetingRequest, actor: User) -> MeetingRequest:
    """Lock the event and the meeting; only the invitee answers, and only before the event ends."""
    _lock_event(meeting.event)
    meeting = _lock_meeting(meeting)
    acting_enterprise(
        actor,
        meeting.invitee_id,
        message=_("Only the invited enterprise may accept or decline this meeting."),
    )
    if meeting.event.ends_at <= timezone.now():
        raise TransitionNotAllowed(_("This event is over."), code="event_over")
    return meeting


@transaction.atomic
def meeting_accept(*, meeting: MeetingRequest, actor: User) -> MeetingRequest:
    """The invitee accepts. About an approved match, the match's funnel moves to "contacted"."""
    meeting = _answerable(meeting, actor)
    transition(meeting, Status.ACCEPTED, Status)
    slot = meeting.proposed_slot
    if slot is not None:
        busy = MeetingRequest.objects.filter(
            event_id=meeting.event_id, status=Status.ACCEPTED, proposed_slot=slot
        )
        either = Q(requester_id__in=[meeting.requester_id, meeting.invitee_id]) | Q(
            invitee_id__in=[meeting.requester_id, meeting.invitee_id]
        )
        if busy.filter(either).exclude(pk=meeting.pk).exists():
            raise Conflict(
                _("One of the two enterprises already has a meeting at %(slot)s; agree on another time.")
                % {"slot": _when(slot)},
                code="slot_taken",
            )
    meeting.decided_by, meeting.decided_at = actor, timezone.now()
    meeting.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    record_match_step(meeting.match, actor, MatchEvent.Action.CONTACTED)
    notify(
        recipients=people_of(meeting.requester_id, meeting.requested_by),
        notice=notices.MEETING_ACCEPTED,
        link=event_url(meeting.event_id),
        invitee=meeting.invitee.name_zh,
        event=meeting.event.title_zh,
        slot=_when(slot),
    )
    return meeting


@transaction.atomic
def meeting_decline(*, meeting: MeetingRequest, actor: User, reason: str = "") -> MeetingRequest:
    """The invitee declines, with an optional reason the requester reads."""
    reason = (reason or "").strip()
    if len(reason) > MAX_MESSAGE:
        raise ValidationError({"reason": [_("At most %(max)s characters.") % {"max": MAX_MESSAGE}]})
    meeting = _answerable(meeting, actor)
    transition(meeting, Status.DECLINED, Status)
    meeting.decided_by, meeting.decided_at, meeting.decline_reason = actor, timezone.now(), reason
    meeting.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "updated_at"])
    notify(
        recipients=people_of(meeting.requester_id, meeting.requested_by),
        notice=notices.MEETING_DECLINED,
        link=event_url(meeting.event_id),
        invitee=meeting.invitee.name_zh,
        event=meeting.event.title_zh,
        reason=reason or "—",
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: MeetingRequest, actor: User, reason: str = "") -> MeetingRequest:
    """Either side calls off a requested or accepted meeting; the other side is told."""
    reason = (reason or "").strip()
    if len(reason) > MAX_MESSAGE:
        raise ValidationError({"reason": [_("At most %(max)s characters.") % {"max": MAX_MESSAGE}]})
    _lock_event(meeting.event)
    meeting = _lock_meeting(meeting)
    enterprise_id = require_membership(actor).enterprise_id
    if enterprise_id not in (meeting.requester_id, meeting.invitee_id):
        raise NotPermitted(_("Only the two enterprises of this meeting may cancel it."))
    _cancel_meeting(meeting, actor, enterprise_id, reason)
    return meeting
