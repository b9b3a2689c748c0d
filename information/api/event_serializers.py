"""API serializers of events, registrations and meetings.

`status` of registrations and meetings is read-only: it changes through the `register`,
`cancel-registration`, `accept`, `decline` and `cancel` actions, which call the services.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Enterprise
from information import event_selectors as selectors
from information.models import Event, EventRegistration, MeetingRequest
from information.services.events import MAX_ATTENDEES, MAX_MESSAGE, meeting_actions, registration_open
from listings.models import Listing
from matching.models import Match


class EventEnterpriseSerializer(serializers.ModelSerializer[Enterprise]):
    """An attendee, requester or invitee."""

    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "name_zh", "name_en", "theme"]
        read_only_fields = fields


class YourRegistrationSerializer(serializers.ModelSerializer[EventRegistration]):
    class Meta:
        model = EventRegistration
        fields = ["status", "attendees", "created_at", "cancelled_at"]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer[Event]):
    """An event with its places left and, for a member, their enterprise's registration. The online
    link is given to registered attendees and staff only ('' for others)."""

    title = serializers.SerializerMethodField(help_text="In the request's language (Chinese if no English).")
    registered_count = serializers.SerializerMethodField()
    places_left = serializers.SerializerMethodField()
    registration_open = serializers.SerializerMethodField()
    online = serializers.SerializerMethodField(help_text="Whether the event can be joined online.")
    online_url = serializers.SerializerMethodField()
    your_registration = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The event's page.")

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "title_zh",
            "title_en",
            "description_zh",
            "description_en",
            "agenda_zh",
            "agenda_en",
            "starts_at",
            "ends_at",
            "place",
            "online",
            "online_url",
            "capacity",
            "registered_count",
            "places_left",
            "registration_closes_at",
            "registration_open",
            "published_at",
            "your_registration",
            "url",
        ]
        read_only_fields = fields

    def _registration(self, event: Event) -> EventRegistration | None:
        mine: dict[int, EventRegistration] = self.context.get("registrations", {})
        return mine.get(event.pk)

    def get_title(self, event: Event) -> str:
        return selectors.event_text(event).title

    def get_registered_count(self, event: Event) -> int:
        return selectors.registered_count(event)

    def get_places_left(self, event: Event) -> int:
        return selectors.places_left(event)

    def get_registration_open(self, event: Event) -> bool:
        return registration_open(event)

    def get_online(self, event: Event) -> bool:
        return bool(event.online_url)

    def get_online_url(self, event: Event) -> str:
        registration = self._registration(event)
        attending = registration is not None and registration.status == EventRegistration.Status.REGISTERED
        return event.online_url if attending or self.context.get("staff") else ""

    @extend_schema_field(YourRegistrationSerializer(allow_null=True))
    def get_your_registration(self, event: Event) -> dict[str, Any] | None:
        registration = self._registration(event)
        return YourRegistrationSerializer(registration).data if registration is not None else None

    def get_url(self, event: Event) -> str:
        return reverse("information:event_detail", args=[event.pk])


class EventRegisterSerializer(serializers.Serializer[Any]):
    attendees = serializers.IntegerField(
        min_value=1, max_value=MAX_ATTENDEES, default=1, help_text="People of your enterprise attending."
    )


class AttendeeSerializer(serializers.ModelSerializer[EventRegistration]):
    """A registered enterprise and how many people it sends."""

    enterprise = EventEnterpriseSerializer(read_only=True)

    class Meta:
        model = EventRegistration
        fields = ["enterprise", "attendees", "created_at"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer[MeetingRequest]):
    """A one-to-one meeting request at an event, as its two enterprises (and staff) read it."""

    event_title = serializers.SerializerMethodField()
    requester = EventEnterpriseSerializer(read_only=True)
    invitee = EventEnterpriseSerializer(read_only=True)
    listing_title = serializers.CharField(source="listing.title", read_only=True, default="")
    your_side = serializers.SerializerMethodField(help_text="requester, invitee, or '' for staff.")
    actions = serializers.SerializerMethodField(help_text="The actions your enterprise may take now.")

    class Meta:
        model = MeetingRequest
        fields = [
            "id",
            "event",
            "event_title",
            "requester",
            "invitee",
            "your_side",
            "listing",
            "listing_title",
            "match",
            "message",
            "proposed_slot",
            "status",
            "decided_at",
            "decline_reason",
            "created_at",
            "updated_at",
            "actions",
        ]
        read_only_fields = fields

    def _enterprise_id(self) -> int | None:
        enterprise_id: int | None = self.context.get("enterprise_id")
        return enterprise_id

    def get_event_title(self, meeting: MeetingRequest) -> str:
        return selectors.event_text(meeting.event).title

    def get_your_side(self, meeting: MeetingRequest) -> str:
        mine = self._enterprise_id()
        return {meeting.requester_id: "requester", meeting.invitee_id: "invitee"}.get(mine or 0, "")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, meeting: MeetingRequest) -> list[str]:
        return meeting_actions(meeting, self._enterprise_id())


class MeetingCreateSerializer(serializers.Serializer[Any]):
    """A meeting request: both enterprises must be registered attendees of the event."""

    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.filter(published_at__isnull=False))
    invitee = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), help_text="The attendee enterprise you want to meet."
    )
    listing = serializers.PrimaryKeyRelatedField(
        queryset=Listing.objects.filter(status=Listing.Status.PUBLISHED),
        required=False,
        allow_null=True,
        help_text="A published listing of your enterprise or the invitee's.",
    )
    match = serializers.PrimaryKeyRelatedField(
        queryset=Match.objects.filter(status=Match.Status.APPROVED),
        required=False,
        allow_null=True,
        help_text="An approved match between the two enterprises; accepting moves its funnel to contacted.",
    )
    message = serializers.CharField(max_length=MAX_MESSAGE, required=False, allow_blank=True, default="")
    proposed_slot = serializers.DateTimeField(
        required=False, allow_null=True, help_text="A time during the event."
    )


class MeetingReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=MAX_MESSAGE, required=False, allow_blank=True, default="")
