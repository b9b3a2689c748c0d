"""The events API: `events` (published events for anyone; registration for members of verified
enterprises; the attendees for attendees and staff; the meeting schedule for staff) and `meetings` (the
one-to-one meetings an enterprise requested or was invited to; create is a request).

Another enterprise's meeting is a 404; staff read every meeting but take no action on one (the services
refuse anyone outside the two enterprises).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api_views import current_user
from accounts.permissions import IsStaff
from accounts.services import membership_of
from information import event_selectors as selectors
from information.api.event_serializers import (
    AttendeeSerializer,
    EventRegisterSerializer,
    EventSerializer,
    MeetingCreateSerializer,
    MeetingReasonSerializer,
    MeetingSerializer,
)
from information.models import Event, EventRegistration, MeetingRequest
from information.services import events as services
from platform_site.api.filters import IdFilter
from platform_site.api.idempotency import IdempotentCreateMixin
from platform_site.errors import NotPermitted

REFUSED = OpenApiResponse(description="Not a member of a verified enterprise, or not a party of it.")
NOT_FOUND = OpenApiResponse(description="No such published event or meeting, or not yours.")
STAFF_ONLY = OpenApiResponse(description="For platform staff (the organisers) only.")


def _enterprise_id(request: Request) -> int | None:
    membership = membership_of(request.user)
    return membership.enterprise_id if membership is not None else None


# ---------------------------------------------------------------------------------------------------
# Events


@extend_schema_view(
    list=extend_schema(
        summary="Events",
        description="Published events, upcoming ones first, then past ones; anyone may read them. Staff "
        "also see unpublished ones.",
    ),
    retrieve=extend_schema(summary="An event", responses={200: EventSerializer, 404: NOT_FOUND}),
)
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Event]):
    """Events such as industry-chain matchmaking conferences: members of verified enterprises `register`
    and `cancel-registration`; registered attendees and staff read the `attendees`; staff read the
    meeting `schedule`."""

    serializer_class = EventSerializer
    filter_backends: list[Any] = []

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        if self.action == "schedule":
            return [IsStaff()]
        return [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Event]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return Event.objects.none()
        return selectors.events_visible_to(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if getattr(self, "swagger_fake_view", False):
            return context
        enterprise_id = _enterprise_id(self.request)
        # An enterprise registers for few events: all its registrations in one query serve any page.
        registrations = (
            EventRegistration.objects.filter(enterprise_id=enterprise_id) if enterprise_id is not None else []
        )
        context["registrations"] = {row.event_id: row for row in registrations}
        context["staff"] = bool(getattr(self.request.user, "is_staff", False))
        return context

    def _read(self, event: Event) -> Response:
        fresh = self.get_queryset().get(pk=event.pk)
        return Response(EventSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        request=EventRegisterSerializer,
        responses={
            200: EventSerializer,
            400: OpenApiResponse(description="`attendees` out of 1 to 10."),
            403: OpenApiResponse(description="Not a member of a verified enterprise."),
            404: NOT_FOUND,
            409: OpenApiResponse(
                description="The event is full (`full`), registration is closed, or your enterprise is "
                "already registered."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def register(self, request: Request, pk: str | None = None) -> Response:
        """Register your enterprise (a cancelled registration comes back); the event must have a place."""
        data = EventRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = self.get_object()
        services.event_register(event=event, actor=current_user(request), **data.validated_data)
        return self._read(event)

    @extend_schema(
        request=None,
        responses={
            200: EventSerializer,
            403: OpenApiResponse(description="Not a member of an enterprise."),
            404: NOT_FOUND,
            409: OpenApiResponse(description="Not registered, or the event has started."),
        },
    )
    @action(detail=True, methods=["post"], url_path="cancel-registration", url_name="cancel-registration")
    def cancel_registration(self, request: Request, pk: str | None = None) -> Response:
        """Cancel your enterprise's registration; its open meetings at the event are cancelled too."""
        event = self.get_object()
        services.event_cancel_registration(event=event, actor=current_user(request))
        return self._read(event)

    @extend_schema(
        responses={
            200: AttendeeSerializer(many=True),
            403: OpenApiResponse(description="Your enterprise is not a registered attendee."),
            404: NOT_FOUND,
        }
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def attendees(self, request: Request, pk: str | None = None) -> Response:
        """The registered enterprises, for registered attendees and staff."""
        event = self.get_object()
        if not selectors.can_see_attendees(event, request.user):
            raise NotPermitted(_("Only the registered attendees of an event see who else attends."))
        rows = selectors.event_attendees(event)
        return Response(AttendeeSerializer(rows, many=True, context=self.get_serializer_context()).data)

    @extend_schema(
        responses={200: MeetingSerializer(many=True), 403: STAFF_ONLY, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def schedule(self, request: Request, pk: str | None = None) -> Response:
        """The organiser's schedule (staff): accepted meetings by time, then those waiting for an answer."""
        meetings = selectors.event_schedule(self.get_object())
        return Response(MeetingSerializer(meetings, many=True, context={"enterprise_id": None}).data)


# ---------------------------------------------------------------------------------------------------
# Meetings

ROLE_CHOICES = [
    ("requester", gettext_lazy("Requested by my enterprise")),
    ("invitee", gettext_lazy("Invited")),
]


class MeetingFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """`event`, `status`, `role` (requester: your enterprise asked; invitee: it was asked)."""

    event = IdFilter(field_name="event_id", label=gettext_lazy("Event id"))
    status = django_filters.ChoiceFilter(choices=MeetingRequest.Status.choices)
    role = django_filters.ChoiceFilter(
        choices=ROLE_CHOICES, method="filter_role", label=gettext_lazy("Your side")
    )

    class Meta:
        model = MeetingRequest
        fields = ["event", "status", "role"]

    def filter_role(
        self, queryset: QuerySet[MeetingRequest], name: str, value: str
    ) -> QuerySet[MeetingRequest]:
        membership = membership_of(self.request.user)
        if membership is None:  # staff: neither side
            return queryset
        return queryset.filter(**{f"{value}_id": membership.enterprise_id})


def _action_responses(bad_input: str) -> dict[int, Any]:
    return {
        200: MeetingSerializer,
        400: OpenApiResponse(description=bad_input),
        403: REFUSED,
        404: NOT_FOUND,
        409: OpenApiResponse(
            description="The meeting is no longer open, the event is over, or the slot is taken."
        ),
    }


@extend_schema_view(
    create=extend_schema(
        request=MeetingCreateSerializer,
        responses={
            201: MeetingSerializer,
            400: OpenApiResponse(
                description="Either enterprise is not a registered attendee, oneself, a listing or match not "
                "between the two, a time outside the event; nothing is created."
            ),
            403: OpenApiResponse(description="Not a member of a verified enterprise."),
            409: OpenApiResponse(description="A request between the two is already waiting for an answer."),
            422: OpenApiResponse(description="The Idempotency-Key was used for a different request."),
        },
    ),
    list=extend_schema(summary="My meetings"),
    retrieve=extend_schema(summary="A meeting", responses={200: MeetingSerializer, 404: NOT_FOUND}),
)
class MeetingViewSet(
    IdempotentCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[MeetingRequest],
):
    """One-to-one meetings at events that your enterprise requested or was invited to. A registered
    attendee requests one (`create`) with another attendee about a listing or an approved match; the
    invitee `accept`s or `decline`s; either side may `cancel`. Accepting a meeting about an approved
    match moves the match's funnel to contacted."""

    serializer_class = MeetingSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = MeetingFilter
    ordering_fields = ["proposed_slot", "created_at"]
    ordering = ["-created_at", "-id"]

    def create_once(self, request: Request) -> Response:
        data = MeetingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.meeting_request(actor=current_user(request), **data.validated_data)
        return self._read(meeting, status.HTTP_201_CREATED)

    def get_queryset(self) -> QuerySet[MeetingRequest]:
        if getattr(self, "swagger_fake_view", False):  # Schema generation has no request user.
            return MeetingRequest.objects.none()
        return selectors.meetings_visible_to(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["enterprise_id"] = _enterprise_id(self.request)
        return context

    def _read(self, meeting: MeetingRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.meeting_queryset().get(pk=meeting.pk)
        return Response(MeetingSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=None, responses=_action_responses("Never: the body is ignored."))
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """The invitee accepts; about an approved match, the match's funnel moves to contacted."""
        return self._read(services.meeting_accept(meeting=self.get_object(), actor=current_user(request)))

    @extend_schema(request=MeetingReasonSerializer, responses=_action_responses("A reason too long."))
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        """The invitee declines, with an optional reason."""
        data = MeetingReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        declined = services.meeting_decline(
            meeting=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(declined)

    @extend_schema(request=MeetingReasonSerializer, responses=_action_responses("A reason too long."))
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Either side calls off a requested or accepted meeting, with an optional reason."""
        data = MeetingReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cancelled = services.meeting_cancel(
            meeting=self.get_object(), actor=current_user(request), **data.validated_data
        )
        return self._read(cancelled)
