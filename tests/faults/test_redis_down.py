"""Redis down: pages and API reads still work, publishing still succeeds, and the matching that could
not be queued happens once Redis is back (the outbox), not by luck.

"Down" is a Redis URL on which nothing listens (connection refused): the cache and the broker fail as
they do when the server is stopped, without stopping the Redis other tests share.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from listings.models import Listing
from matching.models import Match
from platform_site import outbox
from platform_site.cache import breaker as cache_breaker
from platform_site.celery import app as celery_app
from platform_site.models import OutboxTask
from tests.conftest import client_for
from tests.factories import DemandListingFactory, ListingFactory, MembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def cache_down(settings: Any) -> Iterator[None]:
    settings.CACHES = {
        "default": {
            "BACKEND": "platform_site.cache.ResilientRedisCache",
            "LOCATION": NOBODY_LISTENS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    cache_breaker.reset()
    yield
    cache_breaker.reset()


def use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._after_fork()  # new connection and producer pools, for the new URL


@pytest.fixture
def broker_down(cache_down: None) -> Iterator[None]:
    """Tasks go to a broker (as in production), which cannot be reached."""
    previous = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    use_broker(NOBODY_LISTENS)
    outbox.broker.reset()
    yield
    use_broker(previous)
    outbox.broker.reset()


TITLE = "动力电池包 PACK"


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("/", "</html>"),
        ("/listings/", TITLE),
        ("/listings/?q=电池", TITLE),
        ("/stats/", "</html>"),
        ("/information/", "</html>"),
        ("/api/v1/listings/", TITLE),
        ("/api/v1/stats/", '"published":1'),
    ],
)
def test_pages_and_api_reads_work_without_the_cache(cache_down: None, path: str, shows: str) -> None:
    # Given a published listing and Redis unreachable
    ListingFactory(title=TITLE)
    member = MembershipFactory()

    # When a visitor and a member read (figures and facet counts are computed, not cached)
    anonymous = Client().get(path)
    signed_in = client_for(member.user).get(path)

    # Then both get the whole answer, with the catalogue as it is
    for response in (anonymous, signed_in):
        assert response.status_code == 200, path
        assert shows.replace(" ", "") in response.content.decode().replace(" ", ""), path


def test_publishing_succeeds_with_the_broker_down_and_is_matched_once_it_is_back(
    broker_down: None, django_capture_on_commit_callbacks: Any
) -> None:
    # Given an LFP cell supply in the catalogue and a demand for such cells awaiting review
    supply = ListingFactory(title="280Ah LFP 方形电芯", category="电芯", description="磷酸铁锂方形电芯 280Ah")
    demand = DemandListingFactory(
        title="采购磷酸铁锂电芯 280Ah",
        category="电芯",
        description="需采购 280Ah 磷酸铁锂方形电芯",
        status=Listing.Status.PENDING_REVIEW,
        published_at=None,
    )

    # When an admin approves the demand while Redis is down (and the approval commits)
    admin = client_for(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/api/v1/listings/{demand.pk}/approve/", {}, format="json")

    # Then the approval stands, and the matching task waits in the outbox
    assert response.status_code == 200, response.content
    demand.refresh_from_db()
    assert demand.status == Listing.Status.PUBLISHED
    waiting = OutboxTask.objects.filter(task="matching.match_listing")
    assert [row.args for row in waiting] == [[demand.pk]]
    assert waiting.get().attempts == 1
    assert not Match.objects.exists()

    # When Redis is back and the relay runs (tasks here run in this process, as a worker would run them)
    celery_app.conf.task_always_eager = True
    relayed = outbox.relay_pending(older_than=timedelta(0))

    # Then every waiting task was sent once, and the demand is matched
    assert relayed >= 1
    assert not OutboxTask.objects.exists()
    assert Match.objects.filter(supply=supply, demand=demand).exists()


def test_the_relay_stops_at_the_first_failure_and_keeps_the_order(broker_down: None) -> None:
    rows = [OutboxTask.objects.create(task="matching.match_listing", args=[n]) for n in (1, 2, 3)]

    assert outbox.relay_pending(older_than=timedelta(0)) == 0

    kept = OutboxTask.objects.order_by("id")
    assert [row.pk for row in kept] == [row.pk for row in rows]
    assert [row.attempts for row in kept] == [1, 0, 0]
