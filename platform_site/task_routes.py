"""Which queue a task goes to (settings.CELERY_TASK_ROUTES).

Tasks that run for seconds and that nobody waits for go to the background queue: the statistics'
warm-up after a burst of writes, and the chunks of a full rematch. In the default queue, a publication's
matching waited behind them (publish-to-readable went from p95 235 ms to over 2 s with one worker, and a
publication during the nightly rematch would wait for every chunk queued before it). docker-compose
runs a worker for each queue; `make worker` consumes both.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

BACKGROUND_TASKS = frozenset({"stats.warm_figures", "matching.rematch_chunk"})


def route_task(
    name: str, args: Any, kwargs: Any, options: Any, task: Any = None, **kw: Any
) -> dict[str, str] | None:
    """The background queue for BACKGROUND_TASKS; the default queue for the others."""
    if name in BACKGROUND_TASKS:
        # Read at each send, so that a test may move it to a queue of its own.
        return {"queue": settings.CELERY_BACKGROUND_QUEUE}
    return None
