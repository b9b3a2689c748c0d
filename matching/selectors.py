"""Reads of matches with a business rule: the review queue, what an enterprise sees, the queue's age.

Enterprises see only approved matches that are not stale, and only those of their own listings; staff see
everything. Every selector returns matches with both listings, their enterprises and their regions, so
that a list shows a page of matches in one query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.query import ModelIterable
from django.utils import timezone

from accounts.models import Enterprise
from accounts.region_table import region_of
from accounts.services import membership_of
from listings.models import Listing
from matching.models import Match

Status = Match.Status
# The review queue: proposed and still current. What the enterprises see: approved and still current.
AWAITING_REVIEW = Q(status=Status.PROPOSED, stale=False)
SHOWN = Q(status=Status.APPROVED, stale=False)


class _WithRegions(ModelIterable[Match]):
    """Matches whose listings (and their enterprises) have their regions attached from the region table,
    as `listings.selectors` does for listings: a page of matches shows up to four regions per row."""

    def __iter__(self) -> Iterator[Match]:
        for match in super().__iter__():
            for listing in (match.supply, match.demand):
                listing.region = region_of(listing.region_id)
                listing.province = region_of(listing.province_id)
                listing.enterprise.region = region_of(listing.enterprise.region_id)
            yield match


def match_queryset() -> QuerySet[Match]:
    """Matches with both listings and their enterprises (no query per row)."""
    queryset = Match.objects.select_related("supply__enterprise", "demand__enterprise").defer(
        # Large search token fields that only the database reads.
        "supply__search_title",
        "supply__search_body",
        "demand__search_title",
        "demand__search_body",
    )
    queryset._iterable_class = _WithRegions
    return queryset


def match_review_queue() -> QuerySet[Match]:
    """Proposed matches awaiting an admin, best first (stale ones can no longer be approved)."""
    return match_queryset().filter(AWAITING_REVIEW).order_by("-score", "id")


def oldest_pending_age(*, now: datetime.datetime | None = None) -> datetime.timedelta | None:
    """How long the oldest match of the review queue has waited (the office's service level), or None."""
    queue = Match.objects.filter(AWAITING_REVIEW)
    oldest: datetime.datetime | None = queue.aggregate(oldest=Min("created_at"))["oldest"]
    if oldest is None:
        return None
    return (now or timezone.now()) - oldest


def review_target() -> datetime.timedelta:
    """The office's service level: how long a match may wait for review (`MATCH_REVIEW_TARGET_HOURS`)."""
    return datetime.timedelta(hours=settings.MATCH_REVIEW_TARGET_HOURS)


def _shown_to_enterprises() -> QuerySet[Match]:
    return match_queryset().filter(SHOWN)


def matches_of_enterprise(enterprise: Enterprise | int) -> QuerySet[Match]:
    """The approved, current matches of the enterprise's listings (either side), best first."""
    pk = enterprise if isinstance(enterprise, int) else enterprise.pk
    # Through the enterprise's listing ids: an OR across the two listing joins made PostgreSQL scan the
    # whole listing table twice (286 ms for one buyer among 100,000 listings, 22 ms this way).
    own = Listing.objects.filter(enterprise_id=pk).values("pk")
    return (
        _shown_to_enterprises().filter(Q(supply_id__in=own) | Q(demand_id__in=own)).order_by("-score", "-id")
    )


def matches_visible_to(user: Any) -> QuerySet[Match]:
    """Every match for staff; the approved, current matches of their enterprise's listings for members."""
    if getattr(user, "is_staff", False):
        return match_queryset().order_by("-score", "-id")
    membership = membership_of(user)
    if membership is None:
        return Match.objects.none()
    return matches_of_enterprise(membership.enterprise_id)


def can_see_matches_of(listing: Listing, user: Any) -> bool:
    """Staff and the listing's own enterprise see its matches."""
    if getattr(user, "is_staff", False):
        return True
    membership = membership_of(user)
    return membership is not None and membership.enterprise_id == listing.enterprise_id


def matches_of_listing(listing: Listing, user: Any) -> QuerySet[Match]:
    """The matches of one listing: all of them for staff, the approved, current ones for its enterprise,
    none for anyone else (`can_see_matches_of` tells a view when to answer 404)."""
    if not can_see_matches_of(listing, user):
        return Match.objects.none()
    queryset = match_queryset() if getattr(user, "is_staff", False) else _shown_to_enterprises()
    return queryset.filter(Q(supply=listing) | Q(demand=listing)).order_by("-score", "-id")


def is_party_of_approved_match(listing: Listing, user: Any) -> bool:
    """Whether the user's enterprise has an approved, current match with this listing.

    Meant as a `listings.access.register_confidential_grant` rule: the counterpart of an approved match
    may read the listing's confidential attachments.
    """
    membership = membership_of(user)
    if membership is None:
        return False
    mine = membership.enterprise_id
    return (
        Match.objects.filter(SHOWN)
        .filter(Q(supply=listing, demand__enterprise_id=mine) | Q(demand=listing, supply__enterprise_id=mine))
        .exists()
    )


def parties_of_approved_matches(listings: Sequence[Listing], user: Any) -> set[int]:
    """Of these listings, the ids of those with which the user's enterprise has an approved, current
    match: `is_party_of_approved_match` for a page of listings, in one query."""
    membership = membership_of(user)
    if membership is None or not listings:
        return set()
    mine, ids = membership.enterprise_id, {listing.pk for listing in listings}
    rows = (
        Match.objects.filter(SHOWN)
        .filter(
            Q(supply_id__in=ids, demand__enterprise_id=mine)
            | Q(demand_id__in=ids, supply__enterprise_id=mine)
        )
        .values_list("supply_id", "demand_id", "supply__enterprise_id", "demand__enterprise_id")
    )
    granted: set[int] = set()
    for supply, demand, supplier, buyer in rows:
        if supply in ids and buyer == mine:
            granted.add(supply)
        if demand in ids and supplier == mine:
            granted.add(demand)
    return granted


def listings_with_matches(enterprise_id: int) -> list[tuple[int, str, int]]:
    """The enterprise's listings that have approved, current matches: (id, title, how many), by title."""
    shown = Match.objects.filter(SHOWN).order_by()
    counts: dict[int, tuple[str, int]] = {}
    for side in ("supply", "demand"):
        rows = (
            shown.filter(**{f"{side}__enterprise_id": enterprise_id})
            .values_list(f"{side}_id", f"{side}__title")
            .annotate(n=Count("id"))
        )
        for pk, title, n in rows:
            counts[pk] = (title, counts.get(pk, ("", 0))[1] + n)
    return sorted(((pk, title, n) for pk, (title, n) in counts.items()), key=lambda row: (row[1], row[0]))
