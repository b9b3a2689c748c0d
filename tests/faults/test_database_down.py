"""A database that cannot be reached (restarting, failing over) answers 503 with Retry-After, and the
next request works again without a restart of the application."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from listings import api_views, views
from tests.conftest import client_for
from tests.factories import ListingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def unreachable(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def test_the_api_answers_503_with_its_error_shape_and_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    ListingFactory()
    client = client_for(MembershipFactory().user)

    with monkeypatch.context() as patch:
        patch.setattr(api_views.ListingViewSet, "get_queryset", unreachable)
        down = client.get("/api/v1/listings/", HTTP_ACCEPT_LANGUAGE="en")
    back = client.get("/api/v1/listings/")

    assert down.status_code == 503 and down["Retry-After"] == "5"
    assert down.json()["error"]["code"] == "service_unavailable"
    assert "retry" in down.json()["error"]["message"]
    assert back.status_code == 200 and back.json()["count"] == 1


def test_a_page_answers_503_in_the_readers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    monkeypatch.setattr(views.catalogue, "catalogue_facets", unreachable)

    response = client.get("/listings/")

    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "briefly unavailable" in response.content.decode()
