"""Catalogue search: across languages and aliases, exact items first, facets that count right."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.http import QueryDict
from django.utils import timezone

from accounts.taxonomy import Segment, Theme
from listings import selectors
from listings.choices import Kind, PriceBand, Side
from listings.filters import ListingFilter
from listings.models import Listing
from listings.search.facets import facets
from listings.search.text import document_tokens, query_terms, tsquery
from tests.factories import DemandListingFactory, EnterpriseFactory, ListingFactory, region

pytestmark = pytest.mark.django_db


def find(text: str = "", **params: str | list[str]) -> list[str]:
    data = QueryDict(mutable=True)
    if text:
        data["q"] = text
    for name, value in params.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    found = ListingFilter(data, queryset=selectors.listing_catalogue()).results()
    titles = dict(Listing.objects.filter(pk__in=found).values_list("pk", "title"))
    return [titles[pk] for pk in found]


# --- tokenizer (pure) -------------------------------------------------------------------------------


def test_chinese_is_segmented_and_bigrammed() -> None:
    tokens = document_tokens("动力电池包")
    assert {"电池", "动力电池包", "池包"} <= set(tokens)


def test_aliases_join_languages() -> None:
    assert "synbms" in document_tokens("BMS 电池管理系统")
    assert "synbms" in document_tokens("Battery Management System for trucks")
    assert "synlidar" in document_tokens("车规级激光雷达")
    assert "synlidar" in document_tokens("Automotive LiDAR, 905 nm")


def test_full_width_and_plural_forms_are_normalised() -> None:
    assert "bms" in document_tokens("ＢＭＳ")
    assert "harness" in document_tokens("wiring harnesses")


def test_an_alias_phrase_is_one_query_term() -> None:
    terms = query_terms("battery management")
    assert len(terms) == 1
    assert "'synbms'" in tsquery(terms)


def test_english_words_do_not_match_inside_other_words() -> None:
    assert "synbattery" not in document_tokens("cellular modem")


# --- search through the catalogue (SQLite or PostgreSQL, whichever the suite runs on) ----------------


@pytest.fixture
def catalogue() -> None:
    ListingFactory(title="动力电池包 CTP 方案", description="乘用车 800V 平台，液冷。", category="电池包")
    ListingFactory(
        title="BMS 电池管理系统",
        description="主从架构，支持 ISO 26262 ASIL-C。",
        category="电池管理系统",
        segment=Segment.CHIPS_ELECTRONICS,
    )
    ListingFactory(
        title="Automotive LiDAR 128-line",
        description="Long-range solid-state lidar for ADAS.",
        category="LiDAR",
        language="en",
        segment=Segment.INTELLIGENT_CONNECTED,
    )
    ListingFactory(
        title="铝合金副车架",
        description="一体化压铸，减重 30%，适配 BMS 安装支架。",
        category="副车架",
        segment=Segment.CHASSIS_BODY,
    )
    ListingFactory(title="Wire harness for e-drive", description="High-voltage harness.", category="harness")
    ListingFactory(title="草稿里的电池", status=Listing.Status.DRAFT)


def test_a_chinese_word_finds_a_longer_compound(catalogue: None) -> None:
    assert "动力电池包 CTP 方案" in find("电池")


def test_english_finds_chinese_through_an_alias(catalogue: None) -> None:
    assert find("battery management")[0] == "BMS 电池管理系统"


def test_chinese_finds_english_through_an_alias(catalogue: None) -> None:
    assert find("激光雷达") == ["Automotive LiDAR, 128-line".replace(",", "")]


def test_the_exact_item_ranks_first(catalogue: None) -> None:
    found = find("BMS 电池管理系统")
    assert found[0] == "BMS 电池管理系统"
    assert "铝合金副车架" in found  # mentions BMS in its description, so it is found, but ranked lower


def test_every_word_must_match(catalogue: None) -> None:
    assert find("lidar harness") == []
    assert find("harness e-drive") == ["Wire harness for e-drive"]


def test_drafts_are_not_in_the_catalogue(catalogue: None) -> None:
    assert "草稿里的电池" not in find("电池")


def test_search_combines_with_filters(catalogue: None) -> None:
    assert find("BMS", segment=Segment.CHASSIS_BODY) == ["铝合金副车架"]


def test_a_query_of_only_punctuation_lists_everything(catalogue: None) -> None:
    assert len(find("，。!!")) == 5


# --- facets ------------------------------------------------------------------------------------------


def counts(data: QueryDict) -> dict[str, dict[str, int]]:
    return {
        name: {v.value: v.count for v in values}
        for name, values in facets(data, selectors.listing_catalogue()).items()
    }


def test_facets_count_the_results() -> None:
    hefei, wuhu, suzhou = region("340100"), region("340200"), region("320500")
    maker = EnterpriseFactory(theme=Theme.VEHICLE_MAKER)
    ListingFactory(region=hefei, price_min=50, price_max=80, certifications=["IATF 16949"])
    ListingFactory(region=wuhu, price_min=5_000, price_max=8_000, certifications=["IATF 16949", "ISO 9001"])
    ListingFactory(
        region=suzhou, segment=Segment.ELECTRIC_DRIVE, price_min=None, price_max=None, price_negotiable=True
    )
    DemandListingFactory(enterprise=maker, region=hefei, price_min=2_000_000, price_max=3_000_000)
    ListingFactory(status=Listing.Status.PENDING_REVIEW)  # not published: never counted

    result = counts(QueryDict())

    assert result["side"] == {Side.SUPPLY: 3, Side.DEMAND: 1}
    assert result["kind"] == {Kind.PRODUCT: 4}
    assert result["segment"] == {Segment.POWER_BATTERY: 3, Segment.ELECTRIC_DRIVE: 1}
    assert result["theme"] == {Theme.COMPONENT_MAKER: 3, Theme.VEHICLE_MAKER: 1}
    assert result["province"] == {"340000": 3, "320000": 1}
    assert result["certification"] == {"IATF 16949": 2, "ISO 9001": 1}
    assert result["price_band"] == {
        PriceBand.UNDER_100: 1,
        PriceBand.TO_10K: 1,
        PriceBand.OVER_1M: 1,
        PriceBand.NEGOTIABLE: 1,
    }


def test_a_facet_counts_under_the_other_filters_but_not_its_own() -> None:
    ListingFactory(segment=Segment.POWER_BATTERY)
    ListingFactory(segment=Segment.ELECTRIC_DRIVE)
    DemandListingFactory(segment=Segment.ELECTRIC_DRIVE)

    result = counts(QueryDict("side=supply&segment=electric_drive"))

    # The segment facet ignores the chosen segment but honours side=supply.
    assert result["segment"] == {Segment.POWER_BATTERY: 1, Segment.ELECTRIC_DRIVE: 1}
    # The side facet ignores side but honours segment=electric_drive.
    assert result["side"] == {Side.SUPPLY: 1, Side.DEMAND: 1}


# --- the result window ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matching_ages", "newest_four"),
    [
        # Two matches among the newest 16 listings (the first look): the second look, over the newest
        # 64, finds four.
        ((14, 15, 60, 61, 62, 65), [14, 15, 60, 61]),
        # None among the newest 64: the whole catalogue is searched.
        ((66, 67, 68, 69), [66, 67, 68, 69]),
    ],
)
def test_the_window_holds_exactly_the_newest_matches(
    settings: Any, matching_ages: tuple[int, ...], newest_four: list[int]
) -> None:
    # Given a result limit of 3 (so the window holds 4 and the first look covers the newest 16)
    settings.LISTING_SEARCH_RESULT_LIMIT = 3
    now = timezone.now()
    for age in range(70):
        word = "线束" if age in matching_ages else "座椅"
        ListingFactory(title=f"{word} {age}", category=word, published_at=now - datetime.timedelta(hours=age))

    # When a search for the word is sorted by newest, the window holds exactly the newest four
    assert find("线束", sort="newest") == [f"线束 {age}" for age in newest_four]


def test_a_price_sort_orders_the_newest_matches(settings: Any) -> None:
    settings.LISTING_SEARCH_RESULT_LIMIT = 2
    now = timezone.now()
    for age, price in ((1, 900), (2, 100), (3, 50), (4, 10)):
        ListingFactory(title=f"线束 {price}", category="线束", price_min=price, price_max=price * 2,
                       published_at=now - datetime.timedelta(days=age))  # fmt: skip

    # The window holds the newest three (the limit and one to tell there are more), sorted by price;
    # the oldest and cheapest is not among them
    assert find("线束", sort="price") == ["线束 50", "线束 100", "线束 900"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # The lowest stated price first; equal prices newest first; negotiable ones last.
        ("price", ["10-200", "none-50 new", "none-50 old", "80-none", "negotiable"]),
        # The highest stated price first.
        ("-price", ["10-200", "80-none", "none-50 new", "none-50 old", "negotiable"]),
    ],
)
def test_price_sorts_read_the_stated_end_of_a_range_and_put_negotiable_listings_last(
    sort: str, expected: list[str]
) -> None:
    now = timezone.now()
    for age, (title, low, high) in enumerate(
        [
            ("negotiable", None, None),
            ("none-50 new", None, 50),
            ("none-50 old", None, 50),
            ("80-none", 80, None),
            ("10-200", 10, 200),
        ]
    ):
        ListingFactory(
            title=f"线束 {title}", category="线束", price_min=low, price_max=high,
            price_negotiable=low is None and high is None, published_at=now - datetime.timedelta(hours=age),
        )  # fmt: skip

    assert find("线束", sort=sort) == [f"线束 {title}" for title in expected]


# (price_min, price_max) and the band of the lowest stated price.
PRICED = [
    (None, None, PriceBand.NEGOTIABLE),
    (None, 50, PriceBand.UNDER_100),
    (50, None, PriceBand.UNDER_100),
    (99, 120, PriceBand.UNDER_100),
    (100, 100, PriceBand.TO_1K),
    (999, 5000, PriceBand.TO_1K),
    (1000, None, PriceBand.TO_10K),
    (None, 20_000, PriceBand.TO_100K),
    (10_000, 99_999, PriceBand.TO_100K),
    (100_000, 200_000, PriceBand.TO_1M),
    (999_999, None, PriceBand.TO_1M),
    (1_000_000, None, PriceBand.OVER_1M),
]


@pytest.mark.parametrize("band", PriceBand.values)
def test_the_price_band_filter_and_facet_place_a_listing_by_its_lowest_stated_price(band: str) -> None:
    for low, high, _band in PRICED:
        ListingFactory(
            title=f"{low}-{high}",
            price_min=low,
            price_max=high,
            price_negotiable=low is None and high is None,
        )
    expected = {f"{low}-{high}" for low, high, in_band in PRICED if in_band == band}

    assert set(find(price_band=band)) == expected
    assert counts(QueryDict())["price_band"].get(band, 0) == len(expected)
