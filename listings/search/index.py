"""What a listing is found by: the stored token fields behind full-text search."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.utils import translation

from accounts.taxonomy import Segment
from listings.models import Listing
from listings.search.text import document


@cache
def _segment_labels(segment: str) -> tuple[str, ...]:
    labels = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels.append(str(Segment(segment).label))
    return tuple(labels)


def index_listing(listing: Listing, standards: Iterable[str]) -> None:
    """Fill `search_title` (title and category, ranked highest) and `search_body` (everything else)."""
    listing.search_title = document([listing.title, listing.category])
    listing.search_body = document(
        [
            listing.description,
            listing.tech_field,
            listing.tech_patents,
            listing.talent_skills,
            *standards,
            *_segment_labels(listing.segment),
        ]
    )
