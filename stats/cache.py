"""The figures in the cache (Redis in production: the project's CACHES), kept until their data changes.

Each source table group has a version key; a save or delete in one of its tables bumps it at once
(`stats.receivers`, one `cache.incr`). Each section of the figures is stored under a key made of the
versions of the sources it reads (`stats.figures.SECTIONS`), so a new order recomputes the order and
localisation figures and leaves the enterprise and listing ones cached. A warm read is two cache
round trips (the versions, then the sections) and no database query.

A change also schedules a worker to bump the changed sources again once the writer's transaction
has committed and to compute the stale sections (`schedule_warm`, `warm`), so that readers seldom
pay for a cold computation and never keep figures computed before the commit.

Stale while revalidating: every computed section is also kept as the section's latest figures. When
a worker will recompute (a broker is configured), a reader that finds its section stale is served the
latest figures, at most `STATS_STALE_SECONDS` old, and a refresh is queued; so a change or an expiry
never makes a reader wait for a computation (about a second on 100,000 listings). Only an empty cache
(after a flush or on a new deployment) is computed in the request, and the beat task
`stats.warm_figures` refills it every few minutes. Without a broker (development, tests) a stale
section is computed at once. Every section carries `computed_at`, which the page and the API show.

Writes that bypass model signals (the matching engine's bulk upsert of proposals, the seed command's
bulk inserts, `QuerySet.update`) are not seen; `STATS_CACHE_SECONDS` (default 10 minutes) bounds how
long such a change can take to show.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from platform_site import outbox
from stats.figures import SECTIONS, Section

PREFIX = "stats:"
# Source groups: which tables each version key covers (see stats.receivers).
SOURCES = ("enterprises", "listings", "matches", "orders", "financing")
# Bump this when the shape of a section changes, so that old cached sections are not read back.
SCHEMA = 1
# Seconds between a change and the worker's recomputation (stats.tasks.warm_figures).
WARM_DELAY = 5
# Present while a warming is queued: one task for a burst of writes or stale reads.
SCHEDULED_KEY = f"{PREFIX}warm-scheduled"


def version_key(source: str) -> str:
    return f"{PREFIX}version:{source}"


def _fresh_version() -> int:
    """A starting version for a missing key: the clock, so that a key evicted and created again never
    comes back to a number whose sections may still be cached."""
    return time.time_ns()


def bump(source: str) -> None:
    """Mark the figures that read `source` stale: one INCR (an ADD if the key is missing)."""
    key = version_key(source)
    try:
        cache.incr(key)
    except ValueError:  # missing: evicted, or never read since the cache was cleared
        cache.add(key, _fresh_version(), timeout=None)


def versions() -> dict[str, int]:
    """The current version of every source, creating the missing ones."""
    keys = {source: version_key(source) for source in SOURCES}
    found = cache.get_many(keys.values())
    result = {}
    for source, key in keys.items():
        if key not in found:
            fresh = _fresh_version()
            cache.add(key, fresh, timeout=None)
            found[key] = cache.get(key, fresh)  # the racing writer's, or ours (also with no cache)
        result[source] = int(found[key])
    return result


def section_key(name: str, current: dict[str, int]) -> str:
    _compute, sources = SECTIONS[name]
    return f"{PREFIX}{SCHEMA}:{name}:" + ".".join(str(current[source]) for source in sources)


def latest_key(name: str) -> str:
    return f"{PREFIX}{SCHEMA}:latest:{name}"


def queue_warm() -> bool:
    """Have a worker compute the stale sections in WARM_DELAY seconds, once for a burst of writes or
    stale reads; False when there is no broker (tasks run in the calling process).

    The delay lets the writer's transaction commit before the worker reads (see `warm`).
    """
    from platform_site.celery import app

    if app.conf.task_always_eager:
        return False
    if cache.add(SCHEDULED_KEY, 1, timeout=WARM_DELAY):
        from stats.tasks import warm_figures

        # Not through the outbox: a lost warm-up costs a reader a computation, not a result.
        outbox.send(warm_figures, countdown=WARM_DELAY)
    return True


def _load(names: tuple[str, ...], *, wait: bool = False) -> tuple[dict[str, Any], list[str]]:
    """The named sections from the cache, computing and storing the missing ones; and which those were.

    Unless `wait`, a missing section whose latest figures are still recent enough is served from those
    while a worker computes it (`queue_warm`).
    """
    current = versions()
    keys = {name: section_key(name, current) for name in names}
    cached: dict[str, Section] = cache.get_many(keys.values())
    result: dict[str, Any] = {name: cached[key] for name, key in keys.items() if key in cached}
    stale = [name for name in names if name not in result]
    if stale and not wait:
        latest: dict[str, Section] = cache.get_many([latest_key(name) for name in stale])
        if latest and queue_warm():
            for name in stale:
                if latest_key(name) in latest:
                    result[name] = latest[latest_key(name)]
            stale = [name for name in stale if name not in result]
    computed: dict[str, Section] = {}
    for name in stale:
        compute, _sources = SECTIONS[name]
        result[name] = {**compute(), "computed_at": timezone.now().isoformat(timespec="seconds")}
        computed[name] = result[name]
    if computed:
        seconds = settings.STATS_CACHE_SECONDS
        cache.set_many({keys[name]: section for name, section in computed.items()}, timeout=seconds)
        # The latest copies expire on their own clock: no reader is served figures older than that.
        seconds = settings.STATS_STALE_SECONDS
        cache.set_many({latest_key(name): section for name, section in computed.items()}, timeout=seconds)
    return {name: result[name] for name in names}, stale


def figures(sections: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Every section (or those named), from the cache, computing and storing the missing ones."""
    return _load(sections or tuple(SECTIONS))[0]


def dirty_key(source: str) -> str:
    return f"{PREFIX}dirty:{source}"


def warm() -> list[str]:
    """On a worker, a few seconds after a change (`stats.tasks.warm_figures`): bump the changed sources
    once more, then compute the stale sections ahead of the next reader; returns their names.

    The bump at the save is immediate, inside the writer's transaction; a reader in between computes
    from the committed rows, without the change, and stores that under the new version. Bumping again
    once the transaction has committed (it has, WARM_DELAY seconds later) discards such a section.
    """
    for source in SOURCES:
        if cache.get(dirty_key(source)) is not None:
            cache.delete(dirty_key(source))  # before the bump: a write after this marks it again
            bump(source)
    return _load(tuple(SECTIONS), wait=True)[1]


def schedule_warm(source: str) -> None:
    """After a change to `source`, have a worker recompute the stale sections (`queue_warm`): on
    100,000 listings a cold read costs about a second, a warm one a few milliseconds.

    The task reads the versions when it runs, so every write before then is included; a write after
    the scheduling marker expired schedules the next run. Without a broker (development, tests: tasks
    run in the calling process) nothing is scheduled: the next reader computes.
    """
    from platform_site.celery import app

    if app.conf.task_always_eager:
        return
    cache.set(dirty_key(source), 1, timeout=None)
    queue_warm()


def clear() -> None:
    """Make every cached section stale (after a bulk load that sent no signals)."""
    for source in SOURCES:
        bump(source)
