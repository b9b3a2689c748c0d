"""Slow work nobody waits for goes to the background queue; a publication's matching does not."""

from __future__ import annotations

from typing import Any

from matching import tasks as matching_tasks
from platform_site.celery import app
from platform_site.task_routes import BACKGROUND_TASKS
from stats import tasks as stats_tasks


def _queue(task: Any) -> str:
    route = app.amqp.router.route({}, task.name, args=(), kwargs={})
    return str(route["queue"].name)


def test_rematch_chunks_and_the_statistics_warm_up_go_to_the_background_queue(settings: Any) -> None:
    assert _queue(matching_tasks.rematch_chunk) == settings.CELERY_BACKGROUND_QUEUE == "background"
    assert _queue(stats_tasks.warm_figures) == "background"


def test_matching_a_new_publication_stays_on_the_default_queue() -> None:
    assert _queue(matching_tasks.match_listing) == app.conf.task_default_queue == "celery"


def test_every_background_task_exists() -> None:
    assert set(app.tasks) >= BACKGROUND_TASKS
