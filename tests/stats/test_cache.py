"""The figures are cached until their data changes: a warm read runs no query; a change shows at once."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from rest_framework.test import APIClient

from accounts.models import Enterprise
from listings.models import Listing
from orders.models import Order
from stats import cache
from tests.factories import DemandListingFactory, EnterpriseFactory, ListingFactory, OrderFactory

pytestmark = pytest.mark.django_db


def test_a_second_read_does_not_query_the_database(django_assert_num_queries: Any) -> None:
    ListingFactory()
    first = cache.figures()

    with django_assert_num_queries(0):
        second = cache.figures()

    assert second == first


def test_a_warm_anonymous_api_request_runs_no_query(django_assert_num_queries: Any) -> None:
    ListingFactory()
    client = APIClient()
    client.get("/api/v1/stats/")

    with django_assert_num_queries(0):
        response = client.get("/api/v1/stats/")
        csv = client.get("/api/v1/stats/listings-by-kind.csv")

    assert response.status_code == 200 and csv.status_code == 200
    assert response.json()["listings"]["published"] == 1


def test_a_new_published_listing_shows_at_once() -> None:
    # Given cached figures with one published supply
    ListingFactory()
    assert cache.figures()["listings"]["published"] == 1

    # When a demand is published
    DemandListingFactory()

    # Then the listing figures and the chain gaps count it
    fresh = cache.figures()
    assert (fresh["listings"]["published"], fresh["listings"]["demand"]) == (2, 1)
    assert fresh["chain_gaps"]["published_demands"] == 1


def test_the_worker_bumps_again_after_the_commit(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    # A reader between a save and its commit computes from the old rows under the new version; the
    # worker's second bump, once the writer has committed, discards what it stored.
    from platform_site.celery import app
    from stats import tasks

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(tasks.warm_figures, "apply_async", lambda **kwargs: None)
    ListingFactory()  # marks listings dirty
    cache.figures()  # what such a reader would have stored
    with django_assert_num_queries(0):
        cache.figures()

    recomputed = tasks.warm_figures()

    assert {"listings", "chain_gaps", "funnel", "orders", "localisation"} <= set(recomputed)
    assert tasks.warm_figures() == []  # the dirty marks are gone: nothing more to do


def test_a_status_change_and_a_delete_invalidate_too() -> None:
    listing = ListingFactory()
    cache.figures()

    listing.status = Listing.Status.CLOSED
    listing.save(update_fields=["status"])
    assert cache.figures()["listings"]["published"] == 0

    company = EnterpriseFactory(status=Enterprise.Status.PENDING)
    before = cache.figures()["enterprises"]["registered"]
    company.segment_links.all().delete()
    company.delete()
    assert cache.figures()["enterprises"]["registered"] == before - 1


def test_an_order_recomputes_the_order_figures_and_leaves_the_listing_figures_cached(
    django_assert_num_queries: Any,
) -> None:
    listing = ListingFactory()
    buyer = EnterpriseFactory()
    cache.figures()

    OrderFactory(listing=listing, buyer=buyer, total=Decimal("800.00"), status=Order.Status.ACCEPTED)

    with django_assert_num_queries(0):
        cache.figures(("listings", "enterprises", "chain_gaps", "financing"))
    fresh = cache.figures(("orders", "localisation"))
    assert fresh["orders"]["value"] == "800.00"
    assert fresh["localisation"]["rate"] == 1.0  # factory buyer and seller are both in Hefei


def test_a_write_adds_no_commit_callback(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    # Other apps count their own on-commit callbacks (tasks dispatched after the commit).
    with django_capture_on_commit_callbacks() as callbacks:
        ListingFactory()

    assert callbacks == []


def test_an_unreachable_cache_does_not_fail_the_write(monkeypatch: pytest.MonkeyPatch) -> None:
    def down(source: str) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "bump", down)

    listing = ListingFactory()

    assert Listing.objects.filter(pk=listing.pk).exists()


def test_a_version_key_lost_from_the_cache_starts_again_from_the_clock() -> None:
    # An evicted version key must not come back to a number whose sections may still be cached.
    current = cache.versions()["listings"]
    django_cache.delete(cache.version_key("listings"))

    cache.bump("listings")

    assert cache.versions()["listings"] > current


def test_bump_increments_the_version() -> None:
    before = cache.versions()["orders"]

    cache.bump("orders")

    assert cache.versions()["orders"] == before + 1


def test_warm_computes_only_the_stale_sections() -> None:
    ListingFactory()
    assert set(cache.warm()) == {
        "enterprises",
        "listings",
        "funnel",
        "orders",
        "financing",
        "localisation",
        "chain_gaps",
    }
    assert cache.warm() == []

    cache.bump("orders")

    assert sorted(cache.warm()) == ["localisation", "orders"]


def test_a_burst_of_changes_schedules_one_warming_on_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from platform_site.celery import app
    from stats import receivers, tasks

    scheduled: list[dict[str, Any]] = []
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(tasks.warm_figures, "apply_async", lambda **kwargs: scheduled.append(kwargs))

    receivers.changed("listings")
    receivers.changed("orders")

    assert scheduled == [{"args": [], "countdown": cache.WARM_DELAY}]
    assert django_cache.get(cache.dirty_key("listings")) and django_cache.get(cache.dirty_key("orders"))


def test_without_a_broker_nothing_is_scheduled(monkeypatch: pytest.MonkeyPatch) -> None:
    from stats import receivers, tasks

    monkeypatch.setattr(tasks.warm_figures, "apply_async", lambda **kwargs: pytest.fail("scheduled"))

    receivers.changed("listings")  # tests run tasks in-process: the next reader computes


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Tasks go to a worker (as in production) instead of running in-process; returns what was queued."""
    from platform_site.celery import app
    from stats import tasks

    queued: list[dict[str, Any]] = []
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(tasks.warm_figures, "apply_async", lambda **kwargs: queued.append(kwargs))
    return queued


def test_with_a_worker_a_reader_after_a_change_gets_the_latest_figures_and_a_refresh_is_queued(
    broker: list[dict[str, Any]], django_assert_num_queries: Any
) -> None:
    from stats import tasks

    # Given figures computed with one published listing
    ListingFactory()
    assert cache.figures()["listings"]["published"] == 1
    django_cache.delete(cache.SCHEDULED_KEY)
    broker.clear()

    # When a second listing is published and a reader comes before the worker has run
    ListingFactory()
    with django_assert_num_queries(0):
        served = cache.figures()

    # Then the reader waits for no computation: it gets the figures as they were, and a worker is due
    assert served["listings"]["published"] == 1
    assert broker == [{"args": [], "countdown": cache.WARM_DELAY}]

    # And once the worker has run, readers get the new figures from the cache
    tasks.warm_figures()
    with django_assert_num_queries(0):
        assert cache.figures()["listings"]["published"] == 2


def test_with_a_worker_an_expired_section_is_served_stale_once_and_refreshed(
    broker: list[dict[str, Any]], django_assert_num_queries: Any
) -> None:
    from stats import tasks

    ListingFactory()
    cache.figures()
    cache.clear()  # as a bulk load without signals, or the sections' expiry, leaves them
    django_cache.delete(cache.SCHEDULED_KEY)
    broker.clear()

    with django_assert_num_queries(0):
        cache.figures()
    assert len(broker) == 1

    assert len(tasks.warm_figures()) == 7  # the worker computes every section again
    with django_assert_num_queries(0):
        cache.figures()


def test_an_empty_cache_is_computed_in_the_request_even_with_a_worker(broker: list[dict[str, Any]]) -> None:
    # Nothing to serve while waiting (a flushed cache, a new deployment): the reader computes.
    ListingFactory()
    django_cache.clear()
    broker.clear()

    assert cache.figures()["listings"]["published"] == 1
    assert broker == []


def test_the_latest_figures_are_not_served_once_older_than_the_stale_limit(
    broker: list[dict[str, Any]], settings: Any
) -> None:
    settings.STATS_STALE_SECONDS = 1  # the latest copies expire with their own timeout
    ListingFactory()
    cache.figures()
    ListingFactory()
    time.sleep(1.1)

    assert cache.figures()["listings"]["published"] == 2
