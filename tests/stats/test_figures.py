"""Each figure against a small dataset whose answer is worked out by hand in the test."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model

from accounts.taxonomy import Segment, Theme
from financing.models import FinancingApplication
from listings.choices import Kind
from listings.models import Listing
from matching.models import Match
from orders.models import Order
from stats import figures
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    FinancingApplicationFactory,
    ListingFactory,
    MatchFactory,
    OrderFactory,
    PendingEnterpriseFactory,
    region,
)

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day: str, hour: int = 12) -> datetime.datetime:
    """Noon in Shanghai on a day "YYYY-MM-DD": far from any month boundary in either time zone."""
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def backdate(obj: Model, **fields: Any) -> None:
    """Set auto-managed times (created_at) that save() would overwrite."""
    type(obj)._default_manager.filter(pk=obj.pk).update(**fields)


def rows_by(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


# ---------------------------------------------------------------------------------------------------
# Enterprises


def test_enterprises_by_theme_segment_and_month() -> None:
    # Given a verified vehicle maker in two segments (registered January, verified January), a verified
    # component maker (registered February, verified March) and a pending one (registered March)
    maker = EnterpriseFactory(
        theme=Theme.VEHICLE_MAKER,
        segments=["complete_vehicle", "power_battery"],
        reviewed_at=at("2025-01-20"),
    )
    component = EnterpriseFactory(
        theme=Theme.COMPONENT_MAKER, segments=["power_battery"], reviewed_at=at("2025-03-02")
    )
    pending = PendingEnterpriseFactory(theme=Theme.COMPONENT_MAKER, segments=["electric_drive"])
    backdate(maker, created_at=at("2025-01-10"))
    backdate(component, created_at=at("2025-02-20"))
    backdate(pending, created_at=at("2025-03-05"))

    result = figures.enterprise_figures()

    assert (result["registered"], result["verified"]) == (3, 2)
    themes = rows_by(result["by_theme"], "theme")
    assert [row["theme"] for row in result["by_theme"]] == Theme.values  # every theme, in taxonomy order
    assert (themes["vehicle_maker"]["registered"], themes["vehicle_maker"]["verified"]) == (1, 1)
    assert (themes["component_maker"]["registered"], themes["component_maker"]["verified"]) == (2, 1)
    assert (themes["university"]["registered"], themes["university"]["verified"]) == (0, 0)
    segments = rows_by(result["by_segment"], "segment")
    assert (segments["complete_vehicle"]["registered"], segments["complete_vehicle"]["verified"]) == (1, 1)
    assert (segments["power_battery"]["registered"], segments["power_battery"]["verified"]) == (2, 2)
    assert (segments["electric_drive"]["registered"], segments["electric_drive"]["verified"]) == (1, 0)
    assert result["by_month"] == [
        {"month": "2025-01", "registered": 1, "verified": 1, "registered_total": 1, "verified_total": 1},
        # A month with no verification is still there, with a zero.
        {"month": "2025-02", "registered": 1, "verified": 0, "registered_total": 2, "verified_total": 1},
        {"month": "2025-03", "registered": 1, "verified": 1, "registered_total": 3, "verified_total": 2},
    ]


def test_a_month_boundary_is_the_month_in_shanghai() -> None:
    # Given an enterprise registered at 23:30 UTC on 31 January, which is 1 February in Shanghai
    company = EnterpriseFactory(reviewed_at=None)
    backdate(company, created_at=datetime.datetime(2025, 1, 31, 23, 30, tzinfo=datetime.UTC))

    assert [row["month"] for row in figures.enterprise_figures()["by_month"]] == ["2025-02"]


# ---------------------------------------------------------------------------------------------------
# Listings


def test_listings_by_kind_and_side_and_the_supply_share_over_time() -> None:
    # Given three published supplies (two products, one technology), one published demand, a draft
    # supply, and a demand published in March and closed since
    company = EnterpriseFactory()
    ListingFactory(enterprise=company, published_at=at("2025-01-05"))
    ListingFactory(enterprise=company, published_at=at("2025-01-25"))
    ListingFactory(enterprise=company, kind=Kind.TECHNOLOGY, published_at=at("2025-03-03"))
    DemandListingFactory(enterprise=company, published_at=at("2025-02-14"))
    ListingFactory(enterprise=company, status=Listing.Status.DRAFT, published_at=None)
    DemandListingFactory(enterprise=company, status=Listing.Status.CLOSED, published_at=at("2025-03-20"))

    result = figures.listing_figures()

    # Now: 3 of 4 published listings are supply.
    assert (result["published"], result["supply"], result["demand"]) == (4, 3, 1)
    assert result["supply_share"] == 0.75
    kinds = rows_by(result["by_kind"], "kind")
    assert kinds["product"] == {"kind": "product", "supply": 2, "demand": 1, "total": 3}
    assert kinds["technology"] == {"kind": "technology", "supply": 1, "demand": 0, "total": 1}
    assert kinds["talent"]["total"] == 0
    # Over time: every listing in the month it was published, whatever its status now; the share is
    # cumulative: 2/2, then 2/3, then 3/5.
    assert result["by_month"] == [
        {
            "month": "2025-01",
            "supply": 2,
            "demand": 0,
            "supply_total": 2,
            "demand_total": 0,
            "supply_share": 1.0,
        },
        {
            "month": "2025-02",
            "supply": 0,
            "demand": 1,
            "supply_total": 2,
            "demand_total": 1,
            "supply_share": 0.6667,
        },
        {
            "month": "2025-03",
            "supply": 1,
            "demand": 1,
            "supply_total": 3,
            "demand_total": 2,
            "supply_share": 0.6,
        },
    ]


def test_no_listings_gives_no_share_rather_than_zero() -> None:
    result = figures.listing_figures()

    assert (result["published"], result["supply_share"], result["by_month"]) == (0, None, [])


# ---------------------------------------------------------------------------------------------------
# Match funnel


def approved(reviewed: datetime.datetime, **steps: datetime.datetime) -> Match:
    return MatchFactory(status=Match.Status.APPROVED, reviewed_at=reviewed, **steps)


def test_the_match_funnel_and_the_median_time_from_approval_to_order() -> None:
    # Given seven matches: one proposed, one rejected, and five approved of which two were contacted,
    # one quoted, and three ordered 2, 4 and 10 days after approval
    t = at("2025-04-01")
    MatchFactory()
    MatchFactory(status=Match.Status.REJECTED, reviewed_at=t, review_note="Not a fit")
    approved(t)
    approved(t, contacted_at=t + datetime.timedelta(hours=5))
    approved(
        t,
        contacted_at=t + datetime.timedelta(hours=1),
        quoted_at=t + datetime.timedelta(days=1),
        ordered_at=t + datetime.timedelta(days=2),
    )
    approved(t, ordered_at=t + datetime.timedelta(days=4))
    approved(t, ordered_at=t + datetime.timedelta(days=10))

    result = figures.funnel_figures()

    steps = {row["step"]: row["count"] for row in result["steps"]}
    assert steps == {"proposed": 7, "approved": 5, "contacted": 2, "quoted": 1, "ordered": 3}
    assert [row["step"] for row in result["steps"]] == list(figures.FUNNEL_STEPS)
    assert rows_by(result["steps"], "step")["ordered"]["share_of_proposed"] == round(3 / 7, 4)
    assert result["rejected"] == 1
    assert result["median_days_approval_to_order"] == 4.0
    # By the demand's segment: all seven demands are power batteries.
    segments = rows_by(result["by_segment"], "segment")
    assert segments["power_battery"] == {
        "segment": "power_battery",
        "proposed": 7,
        "approved": 5,
        "contacted": 2,
        "quoted": 1,
        "ordered": 3,
    }
    assert segments["electric_drive"]["proposed"] == 0


def test_the_median_of_an_even_number_of_waits_is_the_mean_of_the_middle_two() -> None:
    t = at("2025-04-01")
    for days in (1, 3, 9, 30):
        approved(t, ordered_at=t + datetime.timedelta(days=days))

    assert figures.funnel_figures()["median_days_approval_to_order"] == 6.0  # (3 + 9) / 2


def test_no_orders_from_matches_gives_no_median() -> None:
    approved(at("2025-04-01"))

    assert figures.funnel_figures()["median_days_approval_to_order"] is None


# ---------------------------------------------------------------------------------------------------
# Orders


def order(listing: Listing, total: str, status: str, created: str, **fields: Any) -> Order:
    placed = OrderFactory(listing=listing, total=Decimal(total), status=status, **fields)
    backdate(placed, created_at=at(created))
    return placed


def test_orders_and_their_value_by_month_and_segment() -> None:
    # Given orders on a power-battery and an electric-drive listing: accepted, placed, completed,
    # cancelled and shipped, in January and February
    battery = ListingFactory(segment=Segment.POWER_BATTERY)
    drive = ListingFactory(segment=Segment.ELECTRIC_DRIVE, category="电机控制器")
    order(battery, "1000.00", Order.Status.ACCEPTED, "2025-01-10")
    order(battery, "500.00", Order.Status.PLACED, "2025-01-20")
    order(drive, "2000.00", Order.Status.COMPLETED, "2025-02-05")
    order(battery, "300.00", Order.Status.CANCELLED, "2025-02-10")
    order(battery, "700.50", Order.Status.SHIPPED, "2025-02-11")

    result = figures.order_figures()

    # Placed counts every order; ordered and value only those accepted or later.
    assert (result["placed"], result["ordered"], result["value"]) == (5, 3, "3700.50")
    assert result["by_month"] == [
        {"month": "2025-01", "placed": 2, "ordered": 1, "value": "1000.00"},
        {"month": "2025-02", "placed": 3, "ordered": 2, "value": "2700.50"},
    ]
    segments = rows_by(result["by_segment"], "segment")
    assert segments["power_battery"] == {
        "segment": "power_battery",
        "placed": 4,
        "ordered": 2,
        "value": "1700.50",
    }
    assert segments["electric_drive"] == {
        "segment": "electric_drive",
        "placed": 1,
        "ordered": 1,
        "value": "2000.00",
    }
    assert segments["chassis_body"] == {"segment": "chassis_body", "placed": 0, "ordered": 0, "value": "0.00"}
    assert result["by_month_segment"] == [
        {"month": "2025-01", "segment": "power_battery", "placed": 2, "ordered": 1, "value": "1000.00"},
        {"month": "2025-02", "segment": "power_battery", "placed": 2, "ordered": 1, "value": "700.50"},
        {"month": "2025-02", "segment": "electric_drive", "placed": 1, "ordered": 1, "value": "2000.00"},
    ]


# ---------------------------------------------------------------------------------------------------
# Financing


def test_financing_applied_approved_and_disbursed() -> None:
    # Given four applications: submitted (1m), approved (asked 2m, approved 1.5m), disbursed (asked 3m,
    # approved 3m, paid 2.5m) and declined (0.5m)
    Status = FinancingApplication.Status
    first = FinancingApplicationFactory(amount=Decimal("1000000"))
    second = FinancingApplicationFactory(
        amount=Decimal("2000000"),
        status=Status.APPROVED,
        approved_amount=Decimal("1500000"),
        decided_at=at("2025-02-10"),
    )
    third = FinancingApplicationFactory(
        amount=Decimal("3000000"),
        status=Status.DISBURSED,
        approved_amount=Decimal("3000000"),
        decided_at=at("2025-02-15"),
        disbursed_amount=Decimal("2500000"),
        disbursed_at=at("2025-03-01"),
    )
    fourth = FinancingApplicationFactory(
        amount=Decimal("500000"), status=Status.DECLINED, decline_reason="Insufficient history"
    )
    for application, day in (
        (first, "2025-01-05"),
        (second, "2025-01-06"),
        (third, "2025-02-01"),
        (fourth, "2025-02-02"),
    ):
        backdate(application, created_at=at(day))

    result = figures.financing_figures()

    assert result["stages"] == [
        {"stage": "applied", "count": 4, "amount": "6500000.00"},
        {"stage": "approved", "count": 2, "amount": "4500000.00"},
        {"stage": "disbursed", "count": 1, "amount": "2500000.00"},
    ]
    zero = "0.00"
    assert result["by_month"] == [
        {"month": "2025-01", "applied": 2, "applied_amount": "3000000.00", "approved": 0,
         "approved_amount": zero, "disbursed": 0, "disbursed_amount": zero},
        {"month": "2025-02", "applied": 2, "applied_amount": "3500000.00", "approved": 2,
         "approved_amount": "4500000.00", "disbursed": 0, "disbursed_amount": zero},
        {"month": "2025-03", "applied": 0, "applied_amount": zero, "approved": 0, "approved_amount": zero,
         "disbursed": 1, "disbursed_amount": "2500000.00"},
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------------
# Localisation


def test_localisation_rate_of_ordered_value_by_segment() -> None:
    # Given a seller in Hefei (Anhui) and buyers in Wuhu (Anhui), Suzhou (Jiangsu) and one registered
    # at the level of Anhui province itself
    seller = EnterpriseFactory(region=region("340100"))
    wuhu = EnterpriseFactory(region=region("340200"))
    suzhou = EnterpriseFactory(region=region("320500"))
    anhui = EnterpriseFactory(region=region("340000"))
    battery = ListingFactory(enterprise=seller, segment=Segment.POWER_BATTERY)
    drive = ListingFactory(enterprise=seller, segment=Segment.ELECTRIC_DRIVE, category="电机控制器")
    OrderFactory(listing=battery, buyer=wuhu, total=Decimal("1000"), status=Order.Status.ACCEPTED)
    OrderFactory(listing=battery, buyer=suzhou, total=Decimal("3000"), status=Order.Status.DELIVERED)
    OrderFactory(listing=battery, buyer=anhui, total=Decimal("1000"), status=Order.Status.COMPLETED)
    # Not ordered value: still placed.
    OrderFactory(listing=battery, buyer=suzhou, total=Decimal("5000"), status=Order.Status.PLACED)
    OrderFactory(listing=drive, buyer=suzhou, total=Decimal("2000"), status=Order.Status.ACCEPTED)

    result = figures.localisation_figures()

    # Power batteries: 2,000 of 5,000 local; electric drive: 0 of 2,000; in all 2,000 of 7,000.
    assert (result["ordered_value"], result["local_value"], result["rate"]) == ("7000.00", "2000.00", 0.2857)
    segments = rows_by(result["by_segment"], "segment")
    assert segments["power_battery"] == {
        "segment": "power_battery",
        "ordered_value": "5000.00",
        "local_value": "2000.00",
        "rate": 0.4,
    }
    assert segments["electric_drive"]["rate"] == 0.0
    assert segments["chassis_body"]["rate"] is None  # no ordered value: no rate


# ---------------------------------------------------------------------------------------------------
# Chain gaps


def test_chain_gaps_list_demands_without_published_supply_from_the_buyers_province() -> None:
    hefei, wuhu, suzhou = region("340100"), region("340200"), region("320500")
    buyer = EnterpriseFactory(theme=Theme.VEHICLE_MAKER)
    # Cells from Wuhu supply a Hefei demand: the same province, so no gap.
    ListingFactory(region=wuhu, category="电芯")
    ListingFactory(region=hefei, category="电芯")
    DemandListingFactory(enterprise=buyer, region=hefei, category="电芯")
    # Nobody in Jiangsu supplies cells: a gap, with 2 supplies from 1 other province.
    DemandListingFactory(enterprise=buyer, region=suzhou, category="电芯")
    # The only local motor controller supply is a draft: a gap, no supply anywhere.
    ListingFactory(
        region=hefei, segment=Segment.ELECTRIC_DRIVE, category="电机控制器", status=Listing.Status.DRAFT
    )
    DemandListingFactory(
        enterprise=buyer, region=hefei, segment=Segment.ELECTRIC_DRIVE, category="电机控制器"
    )
    # A local separator supply of another segment does not fill a power-battery separator demand.
    ListingFactory(region=hefei, segment=Segment.LIGHTWEIGHT_MATERIALS, category="隔膜")
    DemandListingFactory(enterprise=buyer, region=hefei, category="隔膜")
    # A closed demand is no gap.
    DemandListingFactory(enterprise=buyer, region=suzhou, category="电芯", status=Listing.Status.CLOSED)

    result = figures.chain_gap_figures()

    assert (result["published_demands"], result["without_local_supply"], result["share"]) == (4, 3, 0.75)
    segments = rows_by(result["by_segment"], "segment")
    assert segments["power_battery"] == {
        "segment": "power_battery",
        "published_demands": 3,
        "without_local_supply": 2,
        "share": round(2 / 3, 4),
    }
    assert (
        segments["electric_drive"]["published_demands"],
        segments["electric_drive"]["without_local_supply"],
    ) == (1, 1)
    table = {(row["segment"], row["category"], row["province"]): row for row in result["table"]}
    assert set(table) == {
        ("power_battery", "电芯", "320000"),
        ("electric_drive", "电机控制器", "340000"),
        ("power_battery", "隔膜", "340000"),
    }
    assert table[("power_battery", "电芯", "320000")] == {
        "segment": "power_battery",
        "category": "电芯",
        "province": "320000",
        "province_name_zh": "江苏省",
        "province_name_en": "Jiangsu",
        "demands": 1,
        "supply_elsewhere": 2,
        "supplying_provinces": 1,
    }
    assert table[("electric_drive", "电机控制器", "340000")]["supply_elsewhere"] == 0
    # The Hefei cell demand, which has a local supply, is not listed.
    assert ("power_battery", "电芯", "340000") not in table


def test_the_gap_table_puts_the_largest_gaps_first() -> None:
    suzhou = region("320500")
    for _ in range(2):
        DemandListingFactory(region=suzhou, category="线束", segment=Segment.CHASSIS_BODY)
    DemandListingFactory(region=suzhou, category="电芯")

    table = figures.chain_gap_figures()["table"]

    assert [(row["category"], row["demands"]) for row in table] == [("线束", 2), ("电芯", 1)]
