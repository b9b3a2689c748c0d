"""A real task through Redis to a real Celery worker process, checked by its effect in the database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from accounts import services
from accounts.models import Notification
from listings import services as listing_services
from listings.models import Listing
from matching.models import Match
from matching.reasons import match_reasons
from platform_site.celery import app as celery_app
from tests.celery_workers import start_worker, stop_worker, wait_for
from tests.factories import PASSWORD, DemandListingFactory, ListingFactory, StaffFactory, region

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="REDIS_URL is not set: no broker for a real Celery worker"
    ),
]


@pytest.fixture(autouse=True)
def _regions(loaded_regions: None) -> None:
    """Every test here commits for real."""


@pytest.fixture
def worker_queue(settings: Any) -> Iterator[str]:
    """A Celery worker process consuming a queue of its own, and tasks routed to that queue (background
    tasks too)."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    settings.CELERY_BACKGROUND_QUEUE = queue
    worker = start_worker(queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        celery_app.conf.task_default_queue = "celery"
        print(stop_worker(worker))  # noqa: T201 - the worker's log, shown when the test fails


@pytest.mark.django_db(transaction=True)
def test_registration_notice_is_emailed_by_a_real_worker(worker_queue: str) -> None:
    # Given a platform admin and a worker listening on Redis
    staff = StaffFactory()
    # When an enterprise registers (the e-mail task is sent to the broker when the transaction commits)
    services.enterprise_register(
        email="worker-test@example.com",
        password=PASSWORD,
        full_name="测试",
        name_zh="测试工人企业有限公司",
        credit_code="91110000600037341L",
        theme="component_maker",
        region=region("340100"),
        segments=["power_battery"],
    )
    notification = Notification.objects.get(recipient=staff)
    assert notification.emailed_at is None  # nothing ran in this process
    # Then the worker process sends the e-mail and records it in the database
    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None), (
        "the worker did not deliver the notification e-mail"
    )


@pytest.mark.django_db(transaction=True)
def test_an_approved_demand_is_matched_by_a_real_worker(worker_queue: str) -> None:
    # Given an LFP cell supplier in the catalogue and a demand for such cells awaiting review
    supply = ListingFactory(
        title="280Ah LFP 方形电芯",
        category="电芯",
        description="磷酸铁锂方形铝壳电芯 280Ah，循环寿命 6000 次，适用于储能与商用车。",
    )
    demand = DemandListingFactory(
        title="采购磷酸铁锂电芯 280Ah",
        category="电芯",
        description="储能柜项目需采购 280Ah 磷酸铁锂方形电芯，年用量 1 万只。",
        status=Listing.Status.PENDING_REVIEW,
        published_at=None,
    )
    # When an admin approves the demand (the match task goes to the broker when the approval commits)
    listing_services.listing_approve(listing=demand, actor=StaffFactory())
    # Then the worker matches it against the catalogue it reads and writes the explained match
    assert wait_for(lambda: Match.objects.filter(supply=supply, demand=demand).exists()), (
        "the worker did not match the published demand"
    )
    match = Match.objects.get(supply=supply, demand=demand)
    assert match.status == Match.Status.PROPOSED
    assert any(reason.reason == "same category: 电芯" for reason in match_reasons(match, "en"))
