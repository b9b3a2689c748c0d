"""Reads of announcements, policies and news with a business rule: what the public sees.

An item is live between its publish time and its unpublish time (none: live until withdrawn). Anyone
sees live items; staff also see drafts, scheduled and withdrawn ones. Events have their own selectors in
`information.event_selectors`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from information.models import Announcement


def live_q(now: datetime.datetime | None = None) -> Q:
    """The condition of an item shown to the public at `now`."""
    moment = now or timezone.now()
    return Q(publish_at__lte=moment) & (Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=moment))


def announcements_live(
    *, category: str | None = None, now: datetime.datetime | None = None
) -> QuerySet[Announcement]:
    """Live items, newest first, of one category or all."""
    queryset = Announcement.objects.filter(live_q(now))
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("-publish_at", "-id")


def announcements_visible_to(user: Any) -> QuerySet[Announcement]:
    """Every item for staff (drafts, scheduled, withdrawn); the live ones for anyone else."""
    if getattr(user, "is_staff", False):
        return Announcement.objects.order_by("-publish_at", "-id")
    return announcements_live()


def announcement_counts(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """How many live items each category has (the tabs' counts), in one query."""
    counts = dict.fromkeys(Announcement.Category.values, 0)
    rows = announcements_live(now=now).order_by().values("category").annotate(n=Count("id"))
    counts.update({row["category"]: row["n"] for row in rows})
    return counts


def in_language(obj: Any, field: str) -> str:
    """`obj.<field>_en` in English when it is filled in, else the Chinese `obj.<field>_zh` (always given)."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return str(getattr(obj, f"{field}_zh", ""))
