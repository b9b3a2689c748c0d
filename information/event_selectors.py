"""Reads of events with their business rules: which events are public, who sees an event's attendees,
an enterprise's meetings, the organiser's schedule, and what a meeting may be about."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from accounts.services import membership_of
from information.models import Event, EventRegistration, MeetingRequest
from listings.models import Listing
from matching.models import Match

Registration = EventRegistration.Status
Status = MeetingRequest.Status
MAX_LISTINGS_PER_ENTERPRISE = 20  # of each side, in a meeting form's "about" choices


@dataclass(frozen=True)
class EventText:
    """An event's title, description and agenda in the active language (Chinese when no English)."""

    title: str
    description: str
    agenda: str


def event_text(event: Event) -> EventText:
    english = (get_language() or "").startswith("en")

    def pick(field: str) -> str:
        value: str = getattr(event, f"{field}_en") if english else ""
        return value or getattr(event, f"{field}_zh")

    return EventText(title=pick("title"), description=pick("description"), agenda=pick("agenda"))


# ---------------------------------------------------------------------------------------------------
# Events


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        registered_count=Count("registrations", filter=Q(registrations__status=Registration.REGISTERED))
    )


def events_published(now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Published events, upcoming and running ones first (soonest first), then past ones (latest
    first), each with `registered_count`."""
    moment = now or timezone.now()
    past = Case(When(ends_at__lt=moment, then=Value(1)), default=Value(0), output_field=IntegerField())
    return (
        _with_counts(Event.objects.filter(published_at__isnull=False, published_at__lte=moment))
        .annotate(past=past)
        .order_by(
            "past",
            Case(When(ends_at__gte=moment, then=F("starts_at"))).asc(nulls_last=True),
            F("starts_at").desc(),
            "id",
        )
    )


def events_visible_to(user: Any) -> QuerySet[Event]:
    """Every event for staff (to check one before publishing it), the published ones for anyone else."""
    if getattr(user, "is_staff", False):
        return _with_counts(Event.objects.all()).order_by("-starts_at", "-id")
    return events_published()


def registration_of(event: Event, enterprise_id: int | None) -> EventRegistration | None:
    """The enterprise's registration for the event, registered or cancelled, if it ever had one."""
    if enterprise_id is None:
        return None
    return EventRegistration.objects.filter(event=event, enterprise_id=enterprise_id).first()


def registrations_by_event(enterprise_id: int | None, events: list[Event]) -> dict[int, EventRegistration]:
    """The enterprise's registrations for a page of events, in one query."""
    if enterprise_id is None or not events:
        return {}
    rows = EventRegistration.objects.filter(enterprise_id=enterprise_id, event__in=events)
    return {row.event_id: row for row in rows}


def registered_count(event: Event) -> int:
    counted: int | None = getattr(event, "registered_count", None)
    if counted is None:
        counted = event.registrations.filter(status=Registration.REGISTERED).count()
    return counted


def places_left(event: Event) -> int:
    return max(event.capacity - registered_count(event), 0)


# ---------------------------------------------------------------------------------------------------
# Attendees


def can_see_attendees(event: Event, user: Any) -> bool:
    """Staff and the members of a registered enterprise see who else attends; nobody else does."""
    if getattr(user, "is_staff", False):
        return True
    membership = membership_of(user)
    return (
        membership is not None
        and event.registrations.filter(
            enterprise_id=membership.enterprise_id, status=Registration.REGISTERED
        ).exists()
    )


def event_attendees(event: Event) -> QuerySet[EventRegistration]:
    """The registered enterprises of an event (with how many people each sends), by name. Callers check
    `can_see_attendees` first."""
    return (
        EventRegistration.objects.filter(event=event, status=Registration.REGISTERED)
        .select_related("enterprise__region__parent")
        .order_by("enterprise__name_zh", "id")
    )


# ---------------------------------------------------------------------------------------------------
# Meetings


def meeting_queryset() -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.select_related(
        "event", "requester", "invitee", "listing", "match__supply", "match__demand"
    )


def meetings_visible_to(user: Any) -> QuerySet[MeetingRequest]:
    """Every meeting for staff; those an enterprise requested or was invited to for its members."""
    if getattr(user, "is_staff", False):
        return meeting_queryset()
    membership = membership_of(user)
    if membership is None:
        return MeetingRequest.objects.none()
    mine = membership.enterprise_id
    return meeting_queryset().filter(Q(requester_id=mine) | Q(invitee_id=mine))


def my_meetings(enterprise_id: int, event: Event | None = None) -> QuerySet[MeetingRequest]:
    """The enterprise's meetings (at one event, if given), open ones first, then by time."""
    meetings = meeting_queryset().filter(Q(requester_id=enterprise_id) | Q(invitee_id=enterprise_id))
    if event is not None:
        meetings = meetings.filter(event=event)
    open_first = Case(
        When(status__in=[Status.REQUESTED, Status.ACCEPTED], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return meetings.order_by(open_first, F("proposed_slot").asc(nulls_last=True), "-created_at", "-id")


def event_schedule(event: Event) -> QuerySet[MeetingRequest]:
    """The organiser's schedule: accepted meetings by time, then those still waiting for an answer."""
    rank = Case(When(status=Status.ACCEPTED, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        meeting_queryset()
        .filter(event=event, status__in=[Status.ACCEPTED, Status.REQUESTED])
        .order_by(rank, F("proposed_slot").asc(nulls_last=True), "created_at", "id")
    )


@dataclass(frozen=True)
class MeetingSubjects:
    """What a meeting between two enterprises may be about."""

    listings: list[Listing]
    matches: list[Match]


def meeting_subjects(enterprise_id: int, others: list[int]) -> dict[int, MeetingSubjects]:
    """For each other enterprise: the published listings of both sides and the approved matches between
    them; two queries for the whole attendee list."""
    if not others:
        return {}
    everyone = {enterprise_id, *others}
    per_enterprise: dict[int, list[Listing]] = defaultdict(list)
    listings = Listing.objects.filter(enterprise_id__in=everyone, status=Listing.Status.PUBLISHED).order_by(
        "-published_at", "-id"
    )
    for listing in listings.only("id", "title", "side", "kind", "enterprise_id", "status"):
        if len(per_enterprise[listing.enterprise_id]) < MAX_LISTINGS_PER_ENTERPRISE:
            per_enterprise[listing.enterprise_id].append(listing)
    matches: dict[int, list[Match]] = defaultdict(list)
    approved = (
        Match.objects.filter(status=Match.Status.APPROVED)
        .filter(
            Q(supply__enterprise_id=enterprise_id, demand__enterprise_id__in=others)
            | Q(demand__enterprise_id=enterprise_id, supply__enterprise_id__in=others)
        )
        .select_related("supply", "demand")
        .order_by("-score", "-id")
    )
    for match in approved:
        other = (
            match.demand.enterprise_id
            if match.supply.enterprise_id == enterprise_id
            else match.supply.enterprise_id
        )
        matches[other].append(match)
    return {
        other: MeetingSubjects(
            listings=per_enterprise[enterprise_id] + per_enterprise[other], matches=matches[other]
        )
        for other in others
    }
