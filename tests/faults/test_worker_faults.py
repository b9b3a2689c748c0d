"""Faults with real Celery workers over Redis: a worker killed in the middle of a full rematch, and a
broker outage during a publication. Checked by what ends up in the database."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings

from listings import services as listing_services
from listings.models import Listing
from matching.models import Match, MatchRun
from matching.services import matching
from platform_site import outbox
from platform_site.celery import app as celery_app
from platform_site.models import OutboxTask
from tests.celery_workers import start_worker, stop_worker, wait_for
from tests.factories import DemandListingFactory, ListingFactory, StaffFactory

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set: no broker for a real worker"),
]

# A killed worker's unacknowledged task is delivered again after this many seconds, looked for every
# two: short here, so that the test does not wait the production settings' quarter of an hour.
REDELIVERY = {"CELERY_VISIBILITY_TIMEOUT": "3", "CELERY_UNACKED_RESTORE_INTERVAL": "2"}


@pytest.fixture(autouse=True)
def _regions(loaded_regions: None) -> None:
    """Every test here commits for real."""


@pytest.fixture
def queue(settings: Any) -> Iterator[str]:
    """Tasks of this process go to a queue of the test's own, background tasks (rematch chunks) too."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    settings.CELERY_BACKGROUND_QUEUE = name
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_default_queue = "celery"


def pairs() -> dict[tuple[int, int], float]:
    return {(m.supply_id, m.demand_id): m.score for m in Match.objects.all()}


def test_a_worker_killed_mid_rematch_is_replaced_and_the_run_completes_with_the_same_matches(
    queue: str,
) -> None:
    # Given a catalogue of battery supplies and demands, and a rematch of one listing per chunk
    for n in range(24):
        ListingFactory(title=f"磷酸铁锂电芯 {100 + n}Ah", category="电芯", description=f"LFP 电芯 {n}")
    for n in range(12):
        DemandListingFactory(title=f"采购电芯 {100 + n}Ah", category="电芯", description=f"需要 LFP 电芯 {n}")
    worker = start_worker(queue, **REDELIVERY)
    logs = []
    try:
        run = matching.rematch_start(trigger=MatchRun.Trigger.ADMIN, chunk_size=1)
        assert run.chunks_total == 36

        # When the worker is killed (SIGKILL: no shutdown, no acknowledgement) after a few chunks
        assert wait_for(lambda: MatchRun.objects.get(pk=run.pk).chunks_done >= 3, every=0.02)
        os.kill(worker.pid, signal.SIGKILL)
        logs.append(stop_worker(worker))
        killed_at = MatchRun.objects.get(pk=run.pk)
        assert killed_at.status == MatchRun.Status.RUNNING
        assert killed_at.chunks_done < killed_at.chunks_total

        # And another worker starts
        worker = start_worker(queue, **REDELIVERY)

        # Then the run completes, each chunk counted once, the killed worker's task delivered again
        assert wait_for(lambda: MatchRun.objects.get(pk=run.pk).status != MatchRun.Status.RUNNING, 90), (
            f"the run did not complete: {MatchRun.objects.get(pk=run.pk).chunks_done} of 36 chunks"
        )
    finally:
        logs.append(stop_worker(worker))
        print("\n".join(logs))  # noqa: T201 - the workers' logs, shown when the test fails
    run.refresh_from_db()
    assert (run.status, run.errors) == (MatchRun.Status.DONE, [])
    assert (run.chunks_done, run.listings_done, sorted(run.chunks_finished)) == (36, 36, list(range(36)))

    # And its matches are those of an uninterrupted run, each pair once
    written = pairs()
    assert written and Match.objects.count() == len(written)
    celery_app.conf.task_always_eager = True
    again = matching.rematch_run_inline(trigger=MatchRun.Trigger.COMMAND)
    assert again.status == MatchRun.Status.DONE
    assert pairs() == pytest.approx(written)


def test_a_publication_during_a_broker_outage_is_matched_by_the_worker_once_the_broker_is_back(
    queue: str,
) -> None:
    supply = ListingFactory(title="280Ah LFP 方形电芯", category="电芯", description="磷酸铁锂方形电芯 280Ah")
    demand = DemandListingFactory(
        title="采购磷酸铁锂电芯 280Ah",
        category="电芯",
        description="需采购 280Ah 磷酸铁锂方形电芯",
        status=Listing.Status.PENDING_REVIEW,
        published_at=None,
    )
    worker = start_worker(queue)
    real_broker = celery_app.conf.broker_url
    try:
        # Given a broker nobody can reach while an admin approves the demand
        celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
        celery_app._after_fork()  # new connection pools for the new URL
        outbox.broker.reset()
        listing_services.listing_approve(listing=Listing.objects.get(pk=demand.pk), actor=StaffFactory())
        assert Listing.objects.get(pk=demand.pk).status == Listing.Status.PUBLISHED
        assert OutboxTask.objects.filter(task="matching.match_listing", args=[demand.pk]).exists()

        # When the broker is back and the relay runs
        celery_app.conf.broker_url = real_broker
        celery_app._after_fork()
        assert outbox.relay_pending(older_than=timedelta(0)) >= 1

        # Then the worker matches the demand
        assert wait_for(lambda: Match.objects.filter(supply=supply, demand=demand).exists()), (
            "the worker did not match the demand published during the outage"
        )
        assert not OutboxTask.objects.exists()
    finally:
        celery_app.conf.broker_url = real_broker
        celery_app._after_fork()
        outbox.broker.reset()
        print(stop_worker(worker))  # noqa: T201
