"""The result window of a catalogue search: counted and paged up to a limit, like online shops do.

Counting, ranking or sorting every match of a broad word (电池 matches a third of the catalogue) costs a
pass over most of the table on every page view; no shopper pages through thousands of results, and
refining the search is the better answer. So a search takes the newest LISTING_SEARCH_RESULT_LIMIT
(1,000) matches, sorts those as asked, and says "more than 1,000" when more match. The database sorts
the window and returns its ids only: fetching a thousand rows of dates, prices and ranks to sort them
here cost more than the query that found them.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Expression, F, QuerySet

from listings.models import Listing

# Where the newest matches of search words are looked for first: among this many times as many of
# the newest listings; a second look reaches at most LAST_LOOK times as far, and beyond that the
# whole catalogue is searched.
FIRST_LOOK = 4
LAST_LOOK = 32

# The columns of a window's rows (the values its query selects, in this order).
WINDOW_COLUMNS = ("id", "published_at", "price_min", "price_max")
WINDOW_FIELDS = ("pk", "published_at", "price_min", "price_max")
# Each sort on top of newest first (listings never published, drafts, before the rest). Listings
# without a price ("negotiable") come last both ways. Plain SQL that PostgreSQL and SQLite share.
_NEWEST = "published_at IS NULL DESC, published_at DESC, id DESC"
_LOW, _HIGH = "COALESCE(price_min, price_max)", "COALESCE(price_max, price_min)"
SORTS: dict[str, str] = {
    "newest": _NEWEST,
    "relevance": f"relevance DESC, {_NEWEST}",
    "price": f"{_LOW} IS NULL, {_LOW}, {_NEWEST}",
    "-price": f"{_HIGH} IS NULL, {_HIGH} DESC, {_NEWEST}",
}


def result_limit() -> int:
    limit: int = settings.LISTING_SEARCH_RESULT_LIMIT
    return limit


def result_window(
    matches: QuerySet[Listing], count: int, sort: str, words: bool = False, rank: Expression | None = None
) -> list[int]:
    """The ids of the `count` newest matches in the order of `sort` (a key of SORTS): `words` when
    search words chose them, with their `rank` for the relevance sort.

    Without words, the database walks the publication date index and stops at `count`. Words match
    through the text index, which knows no dates: sorting all matches of a broad word by date reads
    tens of thousands of rows. Its newest matches are among the newest few thousand listings,
    though, and PostgreSQL intersects the date index with the text index before it reads a row. So
    look there first; when too few match, look as far as that many matches suggest, and else search
    everything. Exact: a match left outside a look is older than every match inside it.
    """
    if not words:
        return _sorted_window(matches.order_by("-published_at", "-id"), count, sort, rank)
    # NULLS LAST keeps the planner off the date index: walking it and testing each row's words was
    # ten times slower than the text index for words in a few percent of the listings.
    by_date = (F("published_at").desc(nulls_last=True), "-id")
    look = FIRST_LOOK * count
    while look <= LAST_LOOK * count:
        since = _published_at_of_newest(look)
        if since is None:  # fewer listings than that: search them all
            break
        hits = _sorted_window(matches.filter(published_at__gte=since).order_by(*by_date), count, sort, rank)
        if len(hits) >= count:
            return hits
        # About len(hits) / look of the listings match: look where twice `count` of them should be.
        look = max(2 * count * look // max(len(hits), 1), look + 1)
    return _sorted_window(matches.order_by(*by_date), count, sort, rank)


def _sorted_window(newest: QuerySet[Listing], count: int, sort: str, rank: Expression | None) -> list[int]:
    """The ids of the first `count` rows of `newest` (ordered newest first), sorted by `sort`."""
    fields: tuple[Any, ...] = WINDOW_FIELDS if rank is None else (*WINDOW_FIELDS, rank)
    columns = ", ".join(WINDOW_COLUMNS if rank is None else (*WINDOW_COLUMNS, "relevance"))
    window, params = newest.values_list(*fields)[:count].query.sql_with_params()
    with connections[newest.db].cursor() as cursor:
        cursor.execute(
            # Column names given to the CTE: Django's own aliases differ between its versions.
            f"WITH hit ({columns}) AS ({window}) SELECT id FROM hit ORDER BY {SORTS[sort]}",  # noqa: S608 - fixed SQL, values bound  # nosec B608
            params,
        )
        return [row[0] for row in cursor.fetchall()]


def _published_at_of_newest(n: int) -> Any:
    """When the n-th newest published listing was published (an index-only read); None if fewer."""
    published = Listing.objects.filter(status=Listing.Status.PUBLISHED, published_at__isnull=False)
    return published.order_by("-published_at").values_list("published_at", flat=True)[n - 1 : n].first()


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
