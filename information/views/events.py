"""Event pages: the list of published events, an event (time, venue, places left, agenda, registration,
and for attendees the other attendees with a meeting request form each and the enterprise's meetings
with their buttons), and the organiser's meeting schedule for staff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Enterprise
from accounts.services import membership_of
from accounts.views import AuthenticatedRequest, add_service_errors
from information import event_selectors as selectors
from information.forms_events import (
    EventRegisterForm,
    MeetingAcceptForm,
    MeetingCancelForm,
    MeetingDeclineForm,
    MeetingRequestForm,
)
from information.models import Event, EventRegistration, MeetingRequest
from information.services import events as services
from platform_site.errors import ApplicationError

PAGE_SIZE = 12
Status = MeetingRequest.Status


@dataclass(frozen=True)
class EventCard:
    """An event as the list shows it, in the active language."""

    event: Event
    text: selectors.EventText
    places_left: int
    registration: EventRegistration | None
    open: bool


@dataclass(frozen=True)
class AttendeeRow:
    """Another attendee on an event's page, with the form to request a meeting (None when a request
    between the two is already waiting, or for one's own enterprise)."""

    registration: EventRegistration
    own: bool
    pending: bool
    form: MeetingRequestForm | None


@dataclass(frozen=True)
class MeetingRow:
    meeting: MeetingRequest
    side: str  # requester or invitee
    other: Enterprise
    actions: list[str]
    decline_form: MeetingDeclineForm
    cancel_form: MeetingCancelForm


def event_list(request: HttpRequest) -> HttpResponse:
    """Published events, upcoming ones first; anyone may read them."""
    page = Paginator(selectors.events_published(), PAGE_SIZE).get_page(request.GET.get("page"))
    membership = membership_of(request.user)
    events = list(page.object_list)
    mine = selectors.registrations_by_event(membership.enterprise_id if membership else None, events)
    cards = [
        EventCard(
            event=event,
            text=selectors.event_text(event),
            places_left=selectors.places_left(event),
            registration=mine.get(event.pk),
            open=services.registration_open(event),
        )
        for event in events
    ]
    context = {
        "page": page,
        "cards": cards,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "information/events/list.html", context)


def _event(request: HttpRequest, pk: int) -> Event:
    """A published event (any, for staff); anything else is a 404."""
    event = selectors.events_visible_to(request.user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def _detail(
    request: HttpRequest,
    event: Event,
    *,
    register_form: EventRegisterForm | None = None,
    bound: tuple[int, MeetingRequestForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    membership = membership_of(request.user)
    enterprise_id = membership.enterprise_id if membership is not None else None
    registration = selectors.registration_of(event, enterprise_id)
    registered = registration is not None and registration.status == EventRegistration.Status.REGISTERED
    staff = bool(getattr(request.user, "is_staff", False))
    left = selectors.places_left(event)
    open_ = services.registration_open(event)
    context: dict[str, Any] = {
        "event": event,
        "text": selectors.event_text(event),
        "registered_count": selectors.registered_count(event),
        "places_left": left,
        "open": open_,
        "started": event.starts_at <= timezone.now(),
        "membership": membership,
        "verified": membership is not None and membership.enterprise.is_verified,
        "registration": registration,
        "registered": registered,
        "staff": staff,
        # The online link is for those who will attend: an open link would make the capacity moot.
        "show_link": registered or staff,
        "register_form": register_form or EventRegisterForm(),
        "attendees": None,
        "meetings": [],
    }
    if registered or staff:
        context["attendees"] = _attendee_rows(event, enterprise_id if registered else None, bound)
    if enterprise_id is not None:
        context["meetings"] = [
            MeetingRow(
                meeting=meeting,
                side="requester" if meeting.requester_id == enterprise_id else "invitee",
                other=meeting.invitee if meeting.requester_id == enterprise_id else meeting.requester,
                actions=services.meeting_actions(meeting, enterprise_id),
                # Ids of their own: a page holds the forms of every meeting.
                decline_form=MeetingDeclineForm(auto_id=f"decline-{meeting.pk}-%s"),
                cancel_form=MeetingCancelForm(auto_id=f"cancel-{meeting.pk}-%s"),
            )
            for meeting in selectors.my_meetings(enterprise_id, event)
        ]
    return render(request, "information/events/detail.html", context, status=status)


def _attendee_rows(
    event: Event, enterprise_id: int | None, bound: tuple[int, MeetingRequestForm] | None
) -> list[AttendeeRow]:
    """The attendees; with an attendee enterprise, a meeting form for each other one."""
    registrations = list(selectors.event_attendees(event))
    if enterprise_id is None:  # staff: the list only
        return [AttendeeRow(r, own=False, pending=False, form=None) for r in registrations]
    others = [r.enterprise_id for r in registrations if r.enterprise_id != enterprise_id]
    subjects = selectors.meeting_subjects(enterprise_id, others)
    waiting = MeetingRequest.objects.filter(event=event, status=Status.REQUESTED).filter(
        Q(requester_id=enterprise_id) | Q(invitee_id=enterprise_id)
    )
    pending = {
        other
        for pair in waiting.values_list("requester_id", "invitee_id")
        for other in pair
        if other != enterprise_id
    }
    rows = []
    for registration in registrations:
        other = registration.enterprise_id
        own = other == enterprise_id
        form = None
        if not own and other not in pending:
            if bound is not None and bound[0] == other:
                form = bound[1]
            else:
                form = MeetingRequestForm(prefix=f"m{other}", event=event, subjects=subjects[other])
        rows.append(AttendeeRow(registration, own=own, pending=other in pending, form=form))
    return rows


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event: when and where, places left, the agenda; registration and meetings for members."""
    return _detail(request, _event(request, pk))


@require_POST
@login_required
def event_register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = EventRegisterForm(request.POST)
    if form.is_valid():
        try:
            services.event_register(event=event, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("information:event_detail", pk=event.pk)
        else:
            messages.success(request, _("Your enterprise is registered. You can now request meetings."))
            return redirect("information:event_detail", pk=event.pk)
    return _detail(request, event, register_form=form, status=400)


@require_POST
@login_required
def event_cancel_registration(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    try:
        services.event_cancel_registration(event=event, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The registration is cancelled, with your enterprise's meetings."))
    return redirect("information:event_detail", pk=event.pk)


@require_POST
@login_required
def meeting_new(request: AuthenticatedRequest, pk: int, enterprise_id: int) -> HttpResponse:
    """Request a meeting with one attendee, from the form beside them on the event's page."""
    event = _event(request, pk)
    invitee = get_object_or_404(Enterprise, pk=enterprise_id)
    membership = membership_of(request.user)
    mine = membership.enterprise_id if membership is not None else 0
    subjects = selectors.meeting_subjects(mine, [invitee.pk])[invitee.pk]
    form = MeetingRequestForm(request.POST, prefix=f"m{invitee.pk}", event=event, subjects=subjects)
    if form.is_valid():
        try:
            services.meeting_request(
                event=event, actor=request.user, invitee=invitee, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("information:event_detail", pk=event.pk)
        else:
            messages.success(
                request,
                _("Meeting requested; %(name)s has been told.") % {"name": invitee.display_name},
            )
            return redirect(reverse("information:event_detail", args=[event.pk]) + "#meetings-title")
    return _detail(request, event, bound=(invitee.pk, form), status=400)


# The buttons of a meeting: the form each posts, its service, and what success says.
ACTIONS: dict[str, tuple[type[Any], Any, Any]] = {
    "accept": (
        MeetingAcceptForm,
        services.meeting_accept,
        gettext_lazy("Meeting accepted; the requester has been told."),
    ),
    "decline": (
        MeetingDeclineForm,
        services.meeting_decline,
        gettext_lazy("Meeting declined; the requester has been told."),
    ),
    "cancel": (
        MeetingCancelForm,
        services.meeting_cancel,
        gettext_lazy("Meeting cancelled; the other side has been told."),
    ),
}


@require_POST
@login_required
def meeting_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """Accept, decline or cancel a meeting of the member's enterprise; any other meeting is a 404."""
    if action not in ACTIONS:
        raise Http404
    meeting = selectors.meetings_visible_to(request.user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    form_class, service, success = ACTIONS[action]
    form = form_class(request.POST)
    target = reverse("information:event_detail", args=[meeting.event_id]) + "#meetings-title"
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(target)
    try:
        service(meeting=meeting, actor=request.user, **form.service_kwargs())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(success))
    return redirect(target)


@login_required
def event_schedule(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The organiser's schedule of an event (staff): accepted meetings by time, then pending ones."""
    if not request.user.is_staff:
        raise PermissionDenied(_("The meeting schedule is for the organisers."))
    event = get_object_or_404(selectors.events_visible_to(request.user), pk=pk)
    meetings = list(selectors.event_schedule(event))
    context = {
        "event": event,
        "text": selectors.event_text(event),
        "meetings": meetings,
        "accepted": sum(1 for m in meetings if m.status == Status.ACCEPTED),
        "pending": sum(1 for m in meetings if m.status == Status.REQUESTED),
        "registered_count": selectors.registered_count(event),
    }
    return render(request, "information/events/schedule.html", context)
