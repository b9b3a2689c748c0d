"""Cache invalidation: a save or delete of a row the figures read bumps its source's version at once
(`stats.cache`), and has a worker bump it again after the commit and warm the cache.

At once rather than in `transaction.on_commit`: the change shows to the next reader even in tests and
scripts that never commit, and no callback joins the writer's list (other apps' tests count theirs).
The race this leaves (a reader between the save and the commit computes from the old rows under the
new version) is closed by the worker's second bump (`stats.cache.warm`). A failing cache must not
fail the write: the error is logged, and the TTL catches up.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from stats import cache

logger = logging.getLogger(__name__)

# The models each source covers (as "app_label.ModelName", resolved when the receivers connect).
WATCHED: dict[str, str] = {
    "accounts.Enterprise": "enterprises",
    # An enterprise's segments are replaced on profile edits, after the enterprise is saved.
    "accounts.EnterpriseSegment": "enterprises",
    "listings.Listing": "listings",
    "matching.Match": "matches",
    # A rematch writes proposals in bulk, without signals; its run record is saved as chunks finish.
    "matching.MatchRun": "matches",
    "orders.Order": "orders",
    "financing.FinancingApplication": "financing",
}


def on_change(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    changed(WATCHED[sender._meta.label])


def changed(source: str) -> None:
    """The sections reading `source` are stale; a worker recomputes them soon."""
    try:
        cache.bump(source)
        cache.schedule_warm(source)
    except Exception:  # the cache or the broker is unreachable: the write itself must stand
        logger.exception("Could not mark the %s statistics stale", source)


def connect() -> None:
    """Connect the receivers (StatsConfig.ready); idempotent thanks to the dispatch uids."""
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(on_change, sender=model, dispatch_uid=f"stats.{label}.save")
        post_delete.connect(on_change, sender=model, dispatch_uid=f"stats.{label}.delete")
