"""Reads with a business rule: what the directory shows, what a member may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Certification, Enterprise, Invitation, Membership, Notification, User
from accounts.taxonomy import Theme


def enterprise_queryset() -> QuerySet[Enterprise]:
    """Enterprises with what a list or profile shows, prefetched (no query per row)."""
    return Enterprise.objects.select_related("region", "region__parent").prefetch_related(
        "segment_links", Prefetch("certifications", queryset=Certification.objects.order_by("standard"))
    )


def enterprise_directory(
    *, theme: str = "", segment: str = "", region: str = "", q: str = ""
) -> QuerySet[Enterprise]:
    """The public directory: verified enterprises, filtered by theme, segment, region (province or city)."""
    qs = enterprise_queryset().filter(status=Enterprise.Status.VERIFIED)
    if theme:
        qs = qs.filter(theme=theme)
    if segment:
        qs = qs.filter(segment_links__segment=segment)
    if region:
        qs = qs.filter(Q(region_id=region) | Q(region__parent_id=region))
    if q:
        qs = qs.filter(Q(name_zh__icontains=q) | Q(name_en__icontains=q) | Q(description__icontains=q))
    return qs.distinct().order_by("name_zh")


def enterprise_visible_to(user: User | Any) -> QuerySet[Enterprise]:
    """Enterprises a user may open: verified ones, their own in any status, and all for staff."""
    qs = enterprise_queryset()
    if getattr(user, "is_staff", False):
        return qs
    visible = Q(status=Enterprise.Status.VERIFIED)
    if getattr(user, "is_authenticated", False):
        visible |= Q(memberships__user=user)
    return qs.filter(visible).distinct()


def verified_counts_by_theme() -> list[dict[str, Any]]:
    """Verified enterprises per theme, every theme present (zero when none), in taxonomy order."""
    counts = dict(
        Enterprise.objects.filter(status=Enterprise.Status.VERIFIED)
        .values_list("theme")
        .annotate(n=Count("id"))
        .values_list("theme", "n")
    )
    return [
        {"theme": theme.value, "label": theme.label, "count": counts.get(theme.value, 0)} for theme in Theme
    ]


def enterprise_pending_count() -> int:
    """Enterprises waiting for a verification decision: the office's work queue."""
    return Enterprise.objects.filter(status=Enterprise.Status.PENDING).count()


def members_of(enterprise: Enterprise) -> QuerySet[Membership]:
    return Membership.objects.filter(enterprise=enterprise).select_related("user").order_by("created_at")


def invitations_of(enterprise: Enterprise) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(enterprise=enterprise).select_related("invited_by").order_by("-created_at")
    )


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
