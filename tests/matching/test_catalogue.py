"""The bridge from the database to the engine: listings as items, and the per-process engine cache."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.taxonomy import Segment, Theme
from listings.choices import Instrument, Kind, TransferMode
from listings.models import Listing
from matching import catalogue
from matching.catalogue import bump_catalogue_version, current_engine, item_from_listing, load_items
from tests.factories import (
    CertificationFactory,
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    PendingEnterpriseFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


# --- certificates ----------------------------------------------------------------------------------


def test_a_supply_holds_its_named_and_valid_enterprise_certificates_but_not_expired_ones() -> None:
    # Given a supplier whose IATF 16949 is valid and whose ISO 9001 expired last month
    enterprise = EnterpriseFactory()
    CertificationFactory(enterprise=enterprise, standard="IATF 16949", valid_until=days(300))
    CertificationFactory(enterprise=enterprise, standard="ISO 9001", valid_until=days(-30))
    # and a listing that names ISO 9001 (another spelling), 3C and nothing else
    listing = ListingFactory(enterprise=enterprise, certifications=["ISO9001:2015", "3C"])

    # When it becomes an item
    item = item_from_listing(listing)

    # Then it holds what the listing names and the enterprise holds, except the expired standard
    assert sorted(item.certifications) == ["3C", "IATF 16949"]


def test_a_standard_with_a_valid_record_beside_an_expired_one_counts() -> None:
    # Given an enterprise that renewed its IATF 16949: the old record expired, the new one is valid
    enterprise = EnterpriseFactory()
    CertificationFactory(enterprise=enterprise, standard="IATF 16949:2016", valid_until=days(-10))
    CertificationFactory(enterprise=enterprise, standard="IATF 16949", valid_until=None)
    listing = ListingFactory(enterprise=enterprise)

    # When it becomes an item, then it holds the standard once
    assert item_from_listing(listing).certifications == ("IATF 16949",)


def test_a_demand_requires_only_its_mandatory_certifications() -> None:
    # Given a demand requiring IATF 16949 and merely naming ISO 14001; its buyer holds ISO 9001
    demand = DemandListingFactory(certifications=["IATF 16949*", "ISO 14001"])
    CertificationFactory(enterprise=demand.enterprise, standard="ISO 9001")

    # When it becomes an item, then only the mandatory one is required
    assert item_from_listing(demand).certifications == ("IATF 16949",)


# --- fields ----------------------------------------------------------------------------------------


def test_a_demand_counts_days_to_its_deadline_and_a_supply_has_none() -> None:
    demand = DemandListingFactory(deadline=days(45))
    open_ended = DemandListingFactory(deadline=None)
    supply = ListingFactory(lead_time_days=21)

    assert item_from_listing(demand).deadline_days == 45
    assert item_from_listing(open_ended).deadline_days is None
    supply_item = item_from_listing(supply)
    assert (supply_item.deadline_days, supply_item.lead_time_days) == (None, 21)


def test_product_fields_become_plain_numbers_and_codes() -> None:
    listing = ListingFactory(
        title="280Ah LFP 方形电芯",
        category="电芯",
        enterprise=PendingEnterpriseFactory(theme=Theme.COMPONENT_MAKER),
    )

    item = item_from_listing(listing)

    assert (item.key, item.side, item.kind, item.region, item.theme) == (
        listing.pk,
        "supply",
        "product",
        "340100",
        "component_maker",
    )
    assert item.verified is False
    assert (item.quantity, item.price_min, item.price_max) == (10000.0, 380.0, 420.0)
    assert "280ah" in item.title_tokens.lower()
    assert item.title_tokens == listing.search_title


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (TransferMode.LICENCE, "license"),
        (TransferMode.TECHNICAL_SERVICE, "service"),
        (TransferMode.ASSIGNMENT, "assignment"),
        (TransferMode.CO_DEVELOPMENT, "co_development"),
    ],
)
def test_technology_transfer_modes_are_named_as_the_engine_names_them(mode: str, expected: str) -> None:
    listing = ListingFactory(
        enterprise=EnterpriseFactory(theme=Theme.UNIVERSITY),
        kind=Kind.TECHNOLOGY,
        title="固态电解质界面改性技术",
        category="电池材料技术",
        quantity=None,
        unit="",
        min_order_quantity=None,
        price_min=Decimal("500000"),
        price_max=None,
        lead_time_days=None,
        tech_trl=6,
        tech_transfer_mode=mode,
    )

    item = item_from_listing(listing)

    assert (item.kind, item.trl, item.transfer_mode) == ("technology", 6, expected)


def test_talent_without_a_price_is_priced_by_its_salary() -> None:
    listing = ListingFactory(
        enterprise=EnterpriseFactory(theme=Theme.UNIVERSITY),
        kind=Kind.TALENT,
        title="电池管理系统算法工程师团队",
        category="研发人才",
        quantity=None,
        unit="",
        min_order_quantity=None,
        price_min=None,
        price_max=None,
        lead_time_days=None,
        talent_headcount=3,
        talent_skills="SOC 估算, 卡尔曼滤波, AUTOSAR",
        talent_salary_min=Decimal("300000"),
        talent_salary_max=Decimal("450000"),
    )

    item = item_from_listing(listing)

    assert (item.headcount, item.skills) == (3, "SOC 估算, 卡尔曼滤波, AUTOSAR")
    assert (item.price_min, item.price_max) == (300000.0, 450000.0)


def test_funding_details_become_amount_term_and_instrument() -> None:
    listing = ListingFactory(
        enterprise=EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION),
        kind=Kind.FUNDING,
        segment=Segment.POWER_BATTERY,
        title="动力电池产业链供应链金融",
        category="供应链金融",
        quantity=None,
        unit="",
        min_order_quantity=None,
        price_min=None,
        price_max=None,
        lead_time_days=None,
        funding_amount=Decimal("50000000"),
        funding_term_months=36,
        funding_instrument=Instrument.SUPPLY_CHAIN_FINANCE,
    )

    item = item_from_listing(listing)

    assert (item.amount, item.term_months, item.instrument) == (50_000_000.0, 36, "supply_chain_finance")


# --- loading the catalogue ---------------------------------------------------------------------------


def test_load_items_reads_the_published_catalogue_in_three_queries(django_assert_num_queries: Any) -> None:
    # Given published listings with certificates, and listings out of the catalogue
    enterprise = EnterpriseFactory()
    CertificationFactory(enterprise=enterprise, standard="IATF 16949", valid_until=days(100))
    CertificationFactory(enterprise=enterprise, standard="ISO 9001", valid_until=days(-1))
    supplies = [ListingFactory(enterprise=enterprise, certifications=["ISO 9001", "CCC"]) for _ in range(3)]
    demand = DemandListingFactory(certifications=["IATF 16949*"])
    ListingFactory(status=Listing.Status.CLOSED)
    ListingFactory(status=Listing.Status.PENDING_REVIEW)
    ListingFactory(valid_until=days(-1))  # published, but its validity has passed

    # When the catalogue is loaded
    with django_assert_num_queries(3):
        items = load_items()

    # Then it has the published listings only, each exactly as item_from_listing builds it
    assert [item.key for item in items] == [*(s.pk for s in supplies), demand.pk]
    assert items == [item_from_listing(listing) for listing in [*supplies, demand]]
    assert load_items([demand.pk, supplies[0].pk]) == [items[0], items[3]]


# --- the engine cache ----------------------------------------------------------------------------------


def battery_catalogue(n: int) -> list[Listing]:
    return [ListingFactory(title=f"280Ah LFP 方形电芯 型号{i}", category="电芯") for i in range(n)]


def test_the_engine_is_reused_until_the_catalogue_version_changes() -> None:
    # Given an engine over the catalogue
    battery_catalogue(3)
    engine = current_engine()
    # When a listing is published without a bump, then the cached engine does not know it
    newcomer = DemandListingFactory(title="采购磷酸铁锂电芯 280Ah", category="电芯")
    assert current_engine() is engine
    assert newcomer.pk not in engine

    # When the publication bumps the version, then the engine has it
    bump_catalogue_version()
    assert newcomer.pk in current_engine()


def test_a_small_change_is_applied_to_the_same_engine_and_a_withdrawal_removes_the_listing() -> None:
    # Given an engine over twenty listings
    listings = battery_catalogue(20)
    engine = current_engine()
    # When one demand is published and one supply closed (two changes, 10%)
    demand = DemandListingFactory(title="采购磷酸铁锂电芯 280Ah", category="电芯")
    Listing.objects.filter(pk=listings[0].pk).update(status=Listing.Status.CLOSED, updated_at=timezone.now())
    bump_catalogue_version()

    # Then the same engine was updated in place, without a refit
    assert current_engine() is engine
    assert demand.pk in engine
    assert listings[0].pk not in engine
    assert listings[1].pk in engine


def test_a_large_change_refits_the_engine() -> None:
    # Given an engine over five listings
    battery_catalogue(5)
    engine = current_engine()
    # When two more are published (40%)
    battery_catalogue(2)
    bump_catalogue_version()

    # Then a new engine is fitted over the seven
    refreshed = current_engine()
    assert refreshed is not engine
    assert len(refreshed) == 7


def test_a_lost_version_counter_starts_a_new_epoch_and_a_refit() -> None:
    # Given an engine at version 1 of the catalogue
    listings = battery_catalogue(10)
    bump_catalogue_version()
    engine = current_engine()
    # When the cache loses the counter and a listing leaves the catalogue unannounced
    cache.clear()
    Listing.objects.filter(pk=listings[0].pk).delete()
    bump_catalogue_version()  # version 1 again, of a new epoch

    # Then the engine is fitted again, without the deleted listing
    refreshed = current_engine()
    assert refreshed is not engine
    assert listings[0].pk not in refreshed


def test_the_engine_is_refitted_once_a_day(monkeypatch: pytest.MonkeyPatch) -> None:
    battery_catalogue(3)
    engine = current_engine()
    later = timezone.now() + catalogue.REFIT_AFTER + datetime.timedelta(minutes=1)
    monkeypatch.setattr(catalogue.timezone, "now", lambda: later)

    assert current_engine() is not engine
