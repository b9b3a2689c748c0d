"""Reindexing: listings saved before an alias was added are found by it afterwards."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from listings.models import Listing
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [row["title"] for row in APIClient().get("/api/v1/listings/", {"q": query}).json()["results"]]


def test_reindexing_restores_the_tokens_of_every_listing() -> None:
    listing = ListingFactory(title="VCU 整车控制器（A 样）", category="整车控制器", description="")
    Listing.objects.filter(pk=listing.pk).update(search_title="", search_body="")  # as if saved long ago
    assert found("vehicle control unit") == []

    out = StringIO()
    call_command("reindex_listings", verbosity=0, stdout=out)

    assert found("vehicle control unit") == ["VCU 整车控制器（A 样）"]
    assert "Reindexed 1 listings." in out.getvalue()
