"""The region table in memory: listing cards read regions from it, and it never shows a stale name
after a save in this process or a region it has not seen."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from accounts.models import Region
from accounts.region_table import forget, region_of, regions_by_code
from listings import selectors
from tests.factories import ListingFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese() -> Any:
    with translation.override("zh-hans"):
        yield
    forget()  # the test's changes are rolled back: later tests must not see them


def test_cards_read_their_regions_without_a_query(django_assert_num_queries: Any) -> None:
    listing = ListingFactory(region=region("320100"))
    regions_by_code()
    with django_assert_num_queries(3):  # the listing with its enterprise, certifications, attachments
        card = selectors.listing_queryset().get(pk=listing.pk)
        names = (card.region.display_name, card.province.display_name, card.enterprise.region.display_name)
    assert names == ("江苏省 南京市", "江苏省", "安徽省 合肥市")


def test_a_renamed_region_shows_its_new_name_at_once() -> None:
    listing = ListingFactory()
    assert selectors.listing_queryset().get(pk=listing.pk).region.display_name == "安徽省 合肥市"
    hefei = Region.objects.get(code="340100")
    hefei.name_zh = "合肥"
    hefei.save()
    assert selectors.listing_queryset().get(pk=listing.pk).region.display_name == "安徽省 合肥"


def test_a_region_added_behind_its_back_is_read_when_asked_for() -> None:
    regions_by_code()
    Region.objects.bulk_create(  # bulk_create sends no signal
        [
            Region(
                code="349900",
                name_zh="新区",
                name_en="New Area",
                level="city",
                parent_id="340000",
                lat=31,
                lon=117,
            )
        ]
    )
    new = region_of("349900")
    assert new.display_name == "安徽省 新区" and new.parent is not None
