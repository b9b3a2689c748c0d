"""Celery tasks of the platform itself: the outbox relay."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.signals import worker_ready

from platform_site import outbox


@shared_task(name="platform_site.relay_outbox", soft_time_limit=60, time_limit=90)
def relay_outbox() -> int:
    """Every half minute (beat): send the tasks that could not be sent when they were asked for."""
    return outbox.relay_pending()


@worker_ready.connect
def _relay_on_start(**kwargs: Any) -> None:
    """A worker starting after a broker outage sends what waited, without waiting for beat."""
    relay_outbox.delay()
