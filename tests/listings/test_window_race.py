"""A listing that leaves the catalogue between the result window and the page's rows drops out of the
page: never a server error, never its new, unmoderated state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from listings.filters import ListingFilter
from listings.models import Listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn_after_the_window(monkeypatch: pytest.MonkeyPatch) -> Callable[[], Listing]:
    """The newest listing is sent back to review right after a search reads its window."""
    listings = ListingFactory.create_batch(3)
    newest = max(listings, key=lambda listing: (listing.published_at, listing.pk))
    window = ListingFilter.results

    def results_then_withdraw(self: ListingFilter) -> list[int]:
        found = window(self)
        Listing.objects.filter(pk=newest.pk).update(
            status=Listing.Status.PENDING_REVIEW, title="未经审核的新标题"
        )
        return found

    monkeypatch.setattr(ListingFilter, "results", results_then_withdraw)
    return lambda: newest


def test_the_catalogue_page_leaves_it_out(withdrawn_after_the_window: Callable[[], Listing]) -> None:
    response = Client().get(reverse("listings:catalogue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "未经审核的新标题" not in page
    assert len(response.context["page"].object_list) == 2


def test_the_api_leaves_it_out(withdrawn_after_the_window: Callable[[], Listing]) -> None:
    response = APIClient().get("/api/v1/listings/")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert [card["id"] for card in body["results"]].count(withdrawn_after_the_window().pk) == 0
    assert len(body["results"]) == 2
