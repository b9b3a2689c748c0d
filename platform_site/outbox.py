"""Tasks sent to the workers after the commit, without losing one when the broker is down.

`enqueue(task, *args)` writes an `OutboxTask` row in the caller's transaction and, once it commits,
sends the task and deletes the row. When the broker (Redis) cannot be reached, the caller's request
still succeeds: the row stays, and `relay_pending` (the beat task `platform_site.relay_outbox`, and
each worker as it starts) sends it when the broker is back. A task may so arrive twice (sent, then the
row's delete lost): every task of the platform is idempotent, as late acknowledgement requires anyway.

Without a broker (development, tests: tasks run in the calling process) there is nothing to lose and
nothing is written: the task runs after the commit, as before.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from celery import Task
from django.db import transaction
from django.utils import timezone

from platform_site.cache import Breaker
from platform_site.models import OutboxTask

logger = logging.getLogger(__name__)

# Rows younger than this are left to the relay that their own commit runs (milliseconds later).
RELAY_AFTER = timedelta(seconds=10)
RELAY_BATCH = 500
broker = Breaker("Celery broker")


def _app() -> Any:
    from platform_site.celery import app

    return app


def send(task: Task | str, *args: Any, countdown: float | None = None) -> bool:
    """Send a task now; False (logged) when the broker is unreachable. For tasks that may be lost
    (a cache warm-up); others go through `enqueue`."""
    if broker.open:
        return False
    app = _app()
    task = _task(app, task) if isinstance(task, str) else task
    try:
        task.apply_async(args=list(args), countdown=countdown)
    except Exception as error:  # kombu wraps the transport's errors in several types; all mean "not sent"
        if app.conf.task_always_eager:
            raise  # an error of the task itself, run in-process
        broker.trip(error)
        return False
    return True


def _task(app: Any, name: str) -> Task:
    if name not in app.tasks:
        app.loader.import_default_modules()  # the apps' tasks modules, as a worker imports them
    return app.tasks[name]


def enqueue(task: Task, *args: Any) -> None:
    """Have a worker run `task(*args)` once the current transaction commits (at once without one)."""
    if _app().conf.task_always_eager:
        transaction.on_commit(partial(task.delay, *args))
        return
    row = OutboxTask.objects.create(task=task.name, args=list(args))
    transaction.on_commit(partial(_relay, row.pk))


def _relay(pk: int) -> None:
    row = OutboxTask.objects.filter(pk=pk).first()
    if row is not None and _send_row(row):
        row.delete()


def _send_row(row: OutboxTask) -> bool:
    if send(row.task, *row.args):
        return True
    OutboxTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error="broker unreachable")
    return False


def relay_pending(older_than: timedelta = RELAY_AFTER) -> int:
    """Send the tasks the broker missed (rows older than RELAY_AFTER), oldest first; how many were sent.

    Stops at the first failure: the broker is still down. Rows are locked and skipped by a relay
    running at the same time, so each is sent by one of them.
    """
    broker.reset()  # a relay is a deliberate retry
    sent = 0
    while True:
        with transaction.atomic():
            rows = list(
                OutboxTask.objects.select_for_update(skip_locked=True)
                .filter(created_at__lt=timezone.now() - older_than)
                .order_by("id")[:RELAY_BATCH]
            )
            done = []
            for row in rows:
                if not _send_row(row):
                    break
                done.append(row.pk)
            OutboxTask.objects.filter(pk__in=done).delete()
        sent += len(done)
        if len(done) < RELAY_BATCH:
            if done or rows:
                logger.info("Outbox: %s task(s) relayed, %s waiting", sent, OutboxTask.objects.count())
            return sent
