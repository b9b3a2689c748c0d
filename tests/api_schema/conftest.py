"""The world the schema tests run on, built once per module; each test runs in a savepoint of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from rest_framework.throttling import SimpleRateThrottle

from tests.api_schema.world import World, build_world


@pytest.fixture(scope="module")
def _module_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, _module_media: Path) -> None:
    """The world's files live for the module, not for one test (tests/conftest.py's fixture of the name)."""
    settings.MEDIA_ROOT = _module_media


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, _module_media: Path) -> Iterator[World]:
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_module_media), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hundreds of calls a minute from one user: no rate may turn them into 429s that hide the answer.
    DRF's own throttles read their rates once, at import, hence the class attribute as well."""
    rates = dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture(autouse=True)
def _one_connection_per_test() -> Iterator[None]:
    """Django's WSGI handler closes the database connection around each request (as Django's test
    client does not): inside a test's transaction that would lose it, so these calls keep it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
