"""Matches between a supply and a demand listing, their review and funnel, and full rematch runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from listings.models import Listing
from platform_site.models import TimeStampedModel, TransitionEvent


class Match(TimeStampedModel):
    """A supply listing proposed for a demand listing by the engine, with its score explained.

    Unique on (supply, demand): the engine writes it by upsert, so a rerun updates `score`,
    `breakdown` and `algorithm_version` and never duplicates it, and never touches the review
    (`status`, `reviewed_by`, `reviewed_at`, `review_note`). `stale` is set when either listing leaves
    the catalogue (closed, expired, back in review); such a match is kept for the record but no longer
    shown or queued.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PROPOSED: frozenset({Status.APPROVED, Status.REJECTED}),
        Status.APPROVED: frozenset(),
        Status.REJECTED: frozenset(),
    }

    # No index of its own: the unique (supply, demand) index serves lookups by supply. A full rematch
    # writes 800,000 rows, and each index is written for every one.
    supply = models.ForeignKey(
        Listing,
        on_delete=models.CASCADE,
        related_name="supply_matches",
        verbose_name=_("supply listing"),
        db_index=False,
    )
    demand = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="demand_matches", verbose_name=_("demand listing")
    )
    score = models.FloatField(_("score"))
    # [{"feature", "value", "weight", "reason_zh", "reason_en", "miss"}], as matching.engine writes it.
    breakdown = models.JSONField(_("breakdown"), default=list)
    algorithm_version = models.CharField(_("algorithm version"), max_length=20)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    stale = models.BooleanField(_("stale"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # the partial index below: the engine's rows, never reviewed, stay out of it
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    # The funnel after approval: each step's first time.
    contacted_at = models.DateTimeField(_("contacted"), null=True, blank=True)
    quoted_at = models.DateTimeField(_("quoted"), null=True, blank=True)
    ordered_at = models.DateTimeField(_("ordered"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "-id"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["supply", "demand"], name="match_pair_unique"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="match_score_0_1"),
            models.CheckConstraint(condition=~Q(supply=F("demand")), name="match_not_self"),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(reviewed_at__isnull=False), name="match_reviewed_has_time"
            ),
        ]
        indexes = [
            # The review queue: pending, fresh matches by score; and by age.
            models.Index(fields=["status", "stale", "-score"], name="match_queue_idx"),
            models.Index(fields=["status", "stale", "created_at"], name="match_queue_age_idx"),
            models.Index(
                fields=["reviewed_by"], condition=Q(reviewed_by__isnull=False), name="match_reviewer_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supply_id} → {self.demand_id} ({self.score:.2f})"


class MatchEvent(TransitionEvent):
    """The audit trail of a match: review decisions and funnel steps."""

    class Action(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CONTACTED = "contacted", _("Contacted")
        QUOTED = "quoted", _("Quoted")
        ORDERED = "ordered", _("Ordered")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("match event")
        verbose_name_plural = _("match events")


class MatchRun(models.Model):
    """One full rematch of the catalogue: its chunks, counts, duration and errors.

    Chunks are run by a group of Celery workers; each chunk adds to the counts when it finishes, and
    the last one to finish marks the run done. A chunk that fails records its error and the run ends
    as `failed` once the others are done.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Nightly schedule")
        ADMIN = "admin", _("Admin")
        COMMAND = "command", _("Command line")

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField(_("started by"), max_length=16, choices=Trigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    algorithm_version = models.CharField(_("algorithm version"), max_length=20)
    chunks_total = models.PositiveIntegerField(_("chunks"), default=0)
    chunks_done = models.PositiveIntegerField(_("chunks done"), default=0)
    listings_total = models.PositiveIntegerField(_("listings"), default=0)
    listings_done = models.PositiveIntegerField(_("listings matched"), default=0)
    matches_written = models.PositiveIntegerField(_("matches written"), default=0)
    matches_staled = models.PositiveIntegerField(_("matches marked stale"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # The numbers of the chunks already counted. Tasks are acknowledged late, so a chunk may be delivered
    # again after it finished (a worker lost before the ack); it must not add its counts twice.
    chunks_finished = models.JSONField(_("chunks finished"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("rematch run")
        verbose_name_plural = _("rematch runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(chunks_done__lte=F("chunks_total")), name="matchrun_chunks_le_total"
            )
        ]

    def __str__(self) -> str:
        return f"rematch {self.pk} ({self.status})"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
