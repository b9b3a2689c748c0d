"""What the provincial office publishes: announcements, policies and news, and events such as
industry-chain matchmaking conferences (对接会) with their registrations and one-to-one meetings.

Rich text (bodies, descriptions, agendas) is stored already sanitised (`information.sanitize`), in
Chinese and English. Changes go through `information.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise
from listings.models import Listing
from matching.models import Match
from platform_site.models import TimeStampedModel


class Announcement(TimeStampedModel):
    """An announcement, policy or news item, shown between its publish and unpublish times."""

    class Category(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement")
        POLICY = "policy", _("Policy")
        NEWS = "news", _("News")

    category = models.CharField(_("category"), max_length=16, choices=Category.choices, db_index=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_zh = models.CharField(_("summary (Chinese)"), max_length=400, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=400, blank=True)
    body_zh = models.TextField(_("body (Chinese)"))
    body_en = models.TextField(_("body (English)"), blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, db_index=True)
    unpublish_at = models.DateTimeField(_("unpublish at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=["announcement", "policy", "news"]),
                name="announcement_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(publish_at__isnull=True)
                | Q(unpublish_at__isnull=True)
                | Q(publish_at__lt=F("unpublish_at")),
                name="announcement_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title_zh

    def is_live(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return (
            self.publish_at is not None
            and self.publish_at <= moment  # type: ignore[operator]
            and (self.unpublish_at is None or moment < self.unpublish_at)  # type: ignore[operator]
        )


class AnnouncementAttachment(models.Model):
    """A file of an announcement (a policy's PDF), checked by content like every upload."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Event(TimeStampedModel):
    """An event the office runs, such as an industry-chain matchmaking conference, on site or online."""

    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    agenda_zh = models.TextField(_("agenda (Chinese)"), blank=True)
    agenda_en = models.TextField(_("agenda (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity (enterprises)"))
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="event_times_ordered"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_capacity_positive"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(online_url=""), name="event_has_a_venue"),
        ]

    def __str__(self) -> str:
        return self.title_zh


class EventRegistration(models.Model):
    """A verified enterprise attending an event (one registration per enterprise)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="event_registrations")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REGISTERED)
    attendees = models.PositiveSmallIntegerField(_("people attending"), default=1)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="event_registration_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["registered", "cancelled"]), name="event_registration_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(attendees__gte=1, attendees__lte=10), name="event_registration_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.enterprise_id}"


class MeetingRequest(TimeStampedModel):
    """One attendee asks another for a one-to-one meeting at an event, about a listing or an approved
    match; the other accepts or declines, and the organiser sees the schedule."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.REQUESTED: frozenset({Status.ACCEPTED, Status.DECLINED, Status.CANCELLED}),
        Status.ACCEPTED: frozenset({Status.CANCELLED}),
        Status.DECLINED: frozenset(),
        Status.CANCELLED: frozenset(),
    }

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    requester = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="meetings_requested")
    invitee = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="meetings_invited")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(_("message"), max_length=2000, blank=True)
    proposed_slot = models.DateTimeField(_("proposed time"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["event", "proposed_slot", "id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["requested", "accepted", "declined", "cancelled"]),
                name="meeting_status_valid",
            ),
            models.CheckConstraint(condition=~Q(requester=F("invitee")), name="meeting_not_with_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.requester_id} -> {self.invitee_id}"
