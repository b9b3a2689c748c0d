"""The result window of a catalogue search: counted and paged up to a limit, like online shops do.

Counting, ranking or sorting every match of a broad word (电池 matches a third of the catalogue) costs a
pass over most of the table on every page view; no shopper pages through thousands of results, and
refining the search is the better answer. So a search takes the newest LISTING_SEARCH_RESULT_LIMIT
(1,000) matches, sorts those as asked, and says "more than 1,000" when more match. The window is
small, so it is sorted here rather than by the database, and a page loads only its own rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Expression, F, QuerySet

from listings.models import Listing

# Where the newest matches of search words are looked for first: among this many times as many of
# the newest listings; a second look reaches at most LAST_LOOK times as far, and beyond that the
# whole catalogue is searched.
FIRST_LOOK = 4
LAST_LOOK = 32
_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def result_limit() -> int:
    limit: int = settings.LISTING_SEARCH_RESULT_LIMIT
    return limit


@dataclass(frozen=True)
class Hit:
    """A listing of the result window, with what the sort orders need."""

    pk: int
    published_at: datetime.datetime | None
    price_min: Decimal | None
    price_max: Decimal | None
    rank: float = 0.0


HIT_FIELDS = ("pk", "published_at", "price_min", "price_max")


def result_window(
    matches: QuerySet[Listing], count: int, words: bool = False, rank: Expression | None = None
) -> list[Hit]:
    """The `count` newest matches, newest first: `words` when search words chose them, with their
    `rank` when given.

    Without words, the database walks the publication date index and stops at `count`. Words match
    through the text index, which knows no dates: sorting all matches of a broad word by date reads
    tens of thousands of rows. Its newest matches are among the newest few thousand listings,
    though, and PostgreSQL intersects the date index with the text index before it reads a row. So
    look there first; when too few match, look as far as that many matches suggest, and else search
    everything. Exact: a match left outside a look is older than every match inside it.
    """
    fields: tuple[Any, ...] = HIT_FIELDS if rank is None else (*HIT_FIELDS, rank)

    def newest(queryset: QuerySet[Listing], *order: Any) -> list[Hit]:
        return [Hit(*row) for row in queryset.order_by(*order).values_list(*fields)[:count]]

    if not words:
        return newest(matches, "-published_at", "-id")
    # NULLS LAST keeps the planner off the date index: walking it and testing each row's words was
    # ten times slower than the text index for words in a few percent of the listings.
    by_date = (F("published_at").desc(nulls_last=True), "-id")
    look = FIRST_LOOK * count
    while look <= LAST_LOOK * count:
        since = _published_at_of_newest(look)
        if since is None:  # fewer listings than that: search them all
            break
        hits = newest(matches.filter(published_at__gte=since), *by_date)
        if len(hits) >= count:
            return hits
        # About len(hits) / look of the listings match: look where twice `count` of them should be.
        look = max(2 * count * look // max(len(hits), 1), look + 1)
    return newest(matches, *by_date)


def _published_at_of_newest(n: int) -> Any:
    """When the n-th newest published listing was published (an index-only read); None if fewer."""
    published = Listing.objects.filter(status=Listing.Status.PUBLISHED, published_at__isnull=False)
    return published.order_by("-published_at").values_list("published_at", flat=True)[n - 1 : n].first()


def _low(hit: Hit) -> Decimal | None:
    return hit.price_min if hit.price_min is not None else hit.price_max


def _high(hit: Hit) -> Decimal | None:
    return hit.price_max if hit.price_max is not None else hit.price_min


# Each sort on top of newest first (listings never published, drafts, before the rest). Listings
# without a price ("negotiable") come last both ways.
SORT_KEYS: dict[str, Callable[[Hit], Any] | None] = {
    "newest": None,
    "relevance": lambda hit: -hit.rank,
    "price": lambda hit: (_low(hit) is None, _low(hit) or 0),
    "-price": lambda hit: (_high(hit) is None, -(_high(hit) or 0)),
}


def in_order(hits: Sequence[Hit], sort: str) -> list[int]:
    """The ids of the hits in the order of `sort` (a key of SORT_KEYS)."""
    ordered = sorted(
        hits, key=lambda hit: (hit.published_at is None, hit.published_at or _EARLIEST, hit.pk), reverse=True
    )
    key = SORT_KEYS[sort]
    if key is not None:
        ordered.sort(key=key)  # stable: ties stay newest first
    return [hit.pk for hit in ordered]


class CappedPaginator(Paginator[Any]):
    """Pages of a result window (ids, one more than `result_limit()` when more match): counts up to
    the limit; `capped` tells whether there are more."""

    @cached_property
    def limit(self) -> int:
        return result_limit()

    @cached_property
    def count(self) -> int:
        return min(len(self.object_list), self.limit)

    @cached_property
    def capped(self) -> bool:
        return len(self.object_list) > self.limit
