"""The admin home's work queues: what waits for the office, how much and for how long.

Three queues, each with its count, the age of its oldest item and a link to the admin change list that
shows exactly those items: enterprises awaiting verification, listings awaiting review, matches awaiting
review. Each queue is one aggregate query. The admin index shows them (`admin/index_with_queues.html`,
through the `work_queues` template tag).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from accounts.models import Enterprise, EnterpriseEvent
from listings.models import Listing
from matching.models import Match
from matching.selectors import AWAITING_REVIEW


@dataclass(frozen=True)
class WorkQueue:
    """One queue: its name, size, oldest item's age (None when empty) and filtered change list."""

    key: str
    title: str
    count: int
    oldest_age: datetime.timedelta | None
    url: str

    @property
    def age_text(self) -> str:
        """'3 days, 4 hours' in the active language, or '' for an empty queue."""
        if self.oldest_age is None:
            return ""
        now = timezone.now()
        return timesince(now - self.oldest_age, now)


def _age(oldest: datetime.datetime | None, now: datetime.datetime) -> datetime.timedelta | None:
    return None if oldest is None else max(now - oldest, datetime.timedelta(0))


def _enterprises(now: datetime.datetime) -> WorkQueue:
    # An enterprise waits since it last entered `pending`: registration, or resubmission after a rejection.
    entered = (
        EnterpriseEvent.objects.filter(enterprise=OuterRef("pk"), to_status=Enterprise.Status.PENDING)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    row = (
        Enterprise.objects.filter(status=Enterprise.Status.PENDING)
        .annotate(since=Coalesce(Subquery(entered), F("created_at")))
        .aggregate(count=Count("id"), oldest=Min("since"))
    )
    return WorkQueue(
        key="enterprises",
        title=_("Enterprises awaiting verification"),
        count=row["count"],
        oldest_age=_age(row["oldest"], now),
        url=f"{reverse('admin:accounts_enterprise_changelist')}?status__exact={Enterprise.Status.PENDING}",
    )


def _listings(now: datetime.datetime) -> WorkQueue:
    row = Listing.objects.filter(status=Listing.Status.PENDING_REVIEW).aggregate(
        count=Count("id"), oldest=Min(Coalesce("submitted_at", "updated_at"))
    )
    return WorkQueue(
        key="listings",
        title=_("Listings awaiting review"),
        count=row["count"],
        oldest_age=_age(row["oldest"], now),
        url=f"{reverse('admin:listings_listing_changelist')}?status__exact={Listing.Status.PENDING_REVIEW}",
    )


def _matches(now: datetime.datetime) -> WorkQueue:
    # The review queue's own condition and filter (`matching.selectors`, `matching.admin.filters`).
    row = Match.objects.filter(AWAITING_REVIEW).aggregate(count=Count("id"), oldest=Min("created_at"))
    return WorkQueue(
        key="matches",
        title=_("Matches awaiting review"),
        count=row["count"],
        oldest_age=_age(row["oldest"], now),
        url=f"{reverse('admin:matching_match_changelist')}?review=pending",
    )


QUEUES = (
    ("accounts.view_enterprise", _enterprises),
    ("listings.view_listing", _listings),
    ("matching.view_match", _matches),
)


def work_queues(user: Any, *, now: datetime.datetime | None = None) -> list[WorkQueue]:
    """The queues the user may open (by their admin view permission), in the order the work flows."""
    moment = now or timezone.now()
    return [build(moment) for permission, build in QUEUES if user.has_perm(permission)]
