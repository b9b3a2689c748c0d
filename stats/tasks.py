"""Celery tasks of the statistics."""

from __future__ import annotations

from celery import shared_task

from stats import cache


@shared_task(name="stats.warm_figures", soft_time_limit=60, time_limit=90)
def warm_figures() -> list[str]:
    """A few seconds after a change: compute the stale sections so that readers find them cached."""
    return cache.warm()
