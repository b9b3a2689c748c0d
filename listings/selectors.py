"""Reads with a business rule: the public catalogue, an enterprise's own listings, what a user may open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.query import ModelIterable
from django.utils import timezone

from accounts.models import Enterprise
from accounts.region_table import region_of
from accounts.services import membership_of
from listings.models import Listing, ListingAttachment, ListingCertification, ListingEvent, SavedSearch

Status = Listing.Status


class _WithRegions(ModelIterable[Listing]):
    """Listings with their regions, and their enterprise's region when the enterprise was selected,
    attached from the region table."""

    def __iter__(self) -> Iterator[Listing]:
        for listing in super().__iter__():
            listing.region = region_of(listing.region_id)
            listing.province = region_of(listing.province_id)
            if listing.talent_work_region_id is not None:
                listing.talent_work_region = region_of(listing.talent_work_region_id)
            if Listing.enterprise.field.is_cached(listing):
                listing.enterprise.region = region_of(listing.enterprise.region_id)
            yield listing


def listing_queryset() -> QuerySet[Listing]:
    """Listings with everything a card or a detail page shows (no query per row)."""
    # The search token fields are large and only the database reads them. Regions come from memory
    # (accounts.region_table): four joins of the region table cost a page of cards 8 ms.
    queryset = (
        Listing.objects.defer("search_title", "search_body")
        .select_related("enterprise")
        .prefetch_related(
            Prefetch("certifications", queryset=ListingCertification.objects.order_by("standard")),
            Prefetch("attachments", queryset=ListingAttachment.objects.order_by("created_at", "id")),
        )
    )
    queryset._iterable_class = _WithRegions
    return queryset


def listing_catalogue() -> QuerySet[Listing]:
    """What everyone may browse: published listings still within their validity date."""
    return listing_queryset().filter(status=Status.PUBLISHED, valid_until__gte=timezone.localdate())


def listing_owned_by(enterprise: Enterprise | int) -> QuerySet[Listing]:
    """All listings of an enterprise, in every status ("my listings")."""
    return listing_queryset().filter(enterprise=enterprise)


def listing_visible_to(user: Any) -> QuerySet[Listing]:
    """Listings a user may open: published ones, their enterprise's in any status, all for staff."""
    qs = listing_queryset()
    if getattr(user, "is_staff", False):
        return qs
    membership = membership_of(user)
    if membership is None:
        return qs.filter(status=Status.PUBLISHED)
    return qs.filter(Q(status=Status.PUBLISHED) | Q(enterprise_id=membership.enterprise_id))


def listing_review_queue() -> QuerySet[Listing]:
    """Listings awaiting review, oldest submission first."""
    return listing_queryset().filter(status=Status.PENDING_REVIEW).order_by("submitted_at", "id")


def listing_events(listing: Listing) -> QuerySet[ListingEvent]:
    return listing.events.select_related("actor").order_by("-created_at", "-id")


def listing_similar(listing: Listing, *, limit: int = 4) -> list[Listing]:
    """Other published listings of the same side, kind and segment, the same category first."""
    candidates = listing_catalogue().filter(side=listing.side, kind=listing.kind, segment=listing.segment)
    candidates = candidates.exclude(pk=listing.pk).order_by("-published_at", "-id")[: limit * 5]
    ranked = sorted(candidates, key=lambda other: other.category != listing.category)
    return ranked[:limit]


def saved_searches_of(user: Any) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("-created_at")
