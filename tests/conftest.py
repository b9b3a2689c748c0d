"""Fixtures shared by the whole suite."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Membership, User
from platform_site.celery import app as celery_app
from tests.factories import EnterpriseFactory, MembershipFactory, StaffFactory


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings: Any) -> Any:
    """Tasks run in-process unless a test sends them to a real worker (tests/test_celery_worker.py)."""
    celery_app.conf.task_always_eager = True
    yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Throttle counters and lockouts live in the cache: every test starts with a clean one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Any:
    """Code run outside a request speaks English in every test, whatever language a request of an
    earlier test left active in this thread (the locale middleware activates one per request)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded files go to a directory of the test's own, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _warm_region_table(request: pytest.FixtureRequest) -> None:
    """Tests that count queries count a warm process's: the region table every process keeps in memory
    (reloaded every few minutes) is loaded before they start, not inside the block they count."""
    counting = {"django_assert_num_queries", "django_assert_max_num_queries"}
    if counting & set(request.fixturenames):
        from accounts.region_table import regions_by_code

        request.getfixturevalue("db")
        regions_by_code()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_for(user: User) -> APIClient:
    """An API client authenticated with the user's token, as an integrator would be."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def owner(db: None) -> Membership:
    """The owner of a verified component maker."""
    return MembershipFactory(role=Membership.Role.OWNER)


@pytest.fixture
def member(owner: Membership) -> Membership:
    """A plain member of the owner's enterprise."""
    return MembershipFactory(enterprise=owner.enterprise, role=Membership.Role.MEMBER)


@pytest.fixture
def other_owner(db: None) -> Membership:
    """The owner of another verified enterprise."""
    return MembershipFactory(enterprise=EnterpriseFactory(), role=Membership.Role.OWNER)


@pytest.fixture
def staff(db: None) -> User:
    return StaffFactory()


@pytest.fixture
def loaded_regions(transactional_db: None) -> None:
    """The regions a data migration loads, for tests with real commits: a test before with a real commit
    flushed them."""
    import importlib

    from django.apps import apps

    from accounts.models import Region

    if not Region.objects.exists():
        importlib.import_module("accounts.migrations.0002_load_regions").load(apps, None)
