"""The `Region` rows held in memory, for pages that show many regions.

A page of 20 listing cards shows up to four regions per card (the listing's, its province, the talent
work region, the enterprise's), each with its parent. Joining the region table for all of them cost
such a page 8 ms, most of it the planner's; the table holds about a hundred rows of reference data
that only a migration or an admin changes. So each process reads them once, again after
REFRESH_SECONDS (another process's admin edit), at once when this process saves or deletes one, and
whenever a code is missing.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Region

REFRESH_SECONDS = 300.0

_table: dict[str, Region] = {}
_loaded_at = 0.0


def regions_by_code() -> dict[str, Region]:
    """Every region by code, each with its parent attached. Read-only: the rows are shared."""
    if not _table or time.monotonic() - _loaded_at > REFRESH_SECONDS:
        _reload()
    return _table


def region_of(code: str) -> Region:
    """The region with this code, read again from the database if it is not held yet."""
    found = regions_by_code().get(code)
    if found is None:
        _reload()
        found = _table[code]  # KeyError: no such region (the foreign key makes that impossible)
    return found


def _reload() -> None:
    global _table, _loaded_at
    rows = {region.code: region for region in Region.objects.all()}
    for region in rows.values():
        if region.parent_id is not None:
            region.parent = rows[region.parent_id]
    _table, _loaded_at = rows, time.monotonic()


@receiver([post_save, post_delete], sender=Region, dispatch_uid="region_table_forget")
def forget(**kwargs: Any) -> None:
    global _table
    _table = {}
