"""The result window of a catalogue search: counted and paged up to a limit, like online shops do.

Counting every match of a broad word (电池 matches a third of the catalogue) costs a pass over most of
the table on every page view; no shopper pages through thousands of results, and refining the search
is the better answer. So a search counts at most LISTING_SEARCH_RESULT_LIMIT (1,000) results and says
"more than 1,000" beyond, and relevance ranks the newest 1,000 matches (listings.filters.ListingFilter).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet


def result_limit() -> int:
    limit: int = settings.LISTING_SEARCH_RESULT_LIMIT
    return limit


class CappedPaginator(Paginator[Any]):
    """Counts at most `result_limit()` results; `capped` tells whether there are more."""

    @cached_property
    def limit(self) -> int:
        return result_limit()

    @cached_property
    def _counted(self) -> int:
        # COUNT(*) over a subquery with LIMIT: the database stops at the first limit + 1 matches.
        queryset: QuerySet[Any] = self.object_list  # type: ignore[assignment]  # always a queryset here
        return int(queryset.order_by().values("pk")[: self.limit + 1].count())

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.limit
