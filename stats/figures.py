"""The figures, computed with aggregate queries: each section is a function returning plain data.

Every function here runs a handful of GROUP BY queries whatever the size of the catalogue; nothing
loops over rows in Python except the grouped results (months, segments, categories). The results are
language-neutral (codes, not labels) and JSON-ready (ints, floats, money as strings with two
decimals), so that one cached copy serves every language, the page, the JSON and the CSV
(`stats.cache` caches them, `stats.tables` adds labels and cuts the public part).

"Over time" is by calendar month in the platform's time zone (Asia/Shanghai), every month from the
first with data to the last, zeros included, so that a chart's axis is even.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from accounts.models import Enterprise, EnterpriseSegment, Region
from accounts.taxonomy import Segment, Theme
from financing.models import FinancingApplication
from listings.choices import Kind, Side
from listings.models import Listing
from matching.models import Match
from orders.models import Order

Row = dict[str, Any]
Section = dict[str, Any]

ZERO = Decimal("0.00")
# Orders whose value counts as ordered: accepted by the seller, or further along.
ORDERED_STATUSES = tuple(sorted(Order.COMMITTED))
SEGMENT_ORDER = {code: i for i, code in enumerate(Segment.values)}
FUNNEL_STEPS = ("proposed", "approved", "contacted", "quoted", "ordered")
FINANCING_STAGES = ("applied", "approved", "disbursed")


# ---------------------------------------------------------------------------------------------------
# Helpers


def money(value: Decimal | None) -> str:
    """Money as the API writes it everywhere: a string with two decimals, exact."""
    return str((value or ZERO).quantize(ZERO))


def ratio(part: float | Decimal | int, whole: float | Decimal | int) -> float | None:
    """A share rounded to four decimals; None when there is nothing to divide (not 0: unknown)."""
    if not whole:
        return None
    return round(float(part) / float(whole), 4)


def month_key(value: datetime.datetime | datetime.date | None) -> str | None:
    return None if value is None else f"{value:%Y-%m}"


def month_range(keys: Iterable[str]) -> list[str]:
    """Every month from the earliest to the latest key, as "YYYY-MM"."""
    present = sorted(set(keys))
    if not present:
        return []
    year, month = map(int, present[0].split("-"))
    last = present[-1]
    months = []
    while True:
        key = f"{year:04d}-{month:02d}"
        months.append(key)
        if key >= last:
            return months
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def by_month(rows: Iterable[Mapping[str, Any]], field: str = "month") -> dict[str, Row]:
    return {key: dict(row) for row in rows if (key := month_key(row[field])) is not None}


# ---------------------------------------------------------------------------------------------------
# Enterprises


def enterprise_figures() -> Section:
    """Registered and verified enterprises: totals, by theme, by segment, and by month."""
    verified = Q(status=Enterprise.Status.VERIFIED)
    themes: dict[str, Row] = {
        row["theme"]: dict(row)
        for row in Enterprise.objects.order_by()
        .values("theme")
        .annotate(registered=Count("id"), verified=Count("id", filter=verified))
    }
    segments: dict[str, Row] = {
        row["segment"]: dict(row)
        for row in EnterpriseSegment.objects.order_by()
        .values("segment")
        .annotate(
            registered=Count("enterprise_id"),
            verified=Count("enterprise_id", filter=Q(enterprise__status=Enterprise.Status.VERIFIED)),
        )
    }
    # Registered in the month the enterprise registered; verified in the month of the decision.
    registered = by_month(
        Enterprise.objects.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
    )
    decided = by_month(
        Enterprise.objects.filter(verified, reviewed_at__isnull=False)
        .order_by()
        .annotate(month=TruncMonth("reviewed_at"))
        .values("month")
        .annotate(n=Count("id"))
    )
    months = []
    registered_total = verified_total = 0
    for month in month_range([*registered, *decided]):
        new_registered = registered[month]["n"] if month in registered else 0
        new_verified = decided[month]["n"] if month in decided else 0
        registered_total += new_registered
        verified_total += new_verified
        months.append(
            {
                "month": month,
                "registered": new_registered,
                "verified": new_verified,
                "registered_total": registered_total,
                "verified_total": verified_total,
            }
        )
    return {
        "registered": sum(row["registered"] for row in themes.values()),
        "verified": sum(row["verified"] for row in themes.values()),
        "by_theme": [
            {
                "theme": theme.value,
                "registered": themes.get(theme.value, {}).get("registered", 0),
                "verified": themes.get(theme.value, {}).get("verified", 0),
            }
            for theme in Theme
        ],
        "by_segment": [
            {
                "segment": segment.value,
                "registered": segments.get(segment.value, {}).get("registered", 0),
                "verified": segments.get(segment.value, {}).get("verified", 0),
            }
            for segment in Segment
        ],
        "by_month": months,
    }


# ---------------------------------------------------------------------------------------------------
# Listings


def listing_figures() -> Section:
    """Published listings by kind and side, the supply share, and publications by month.

    The supply share is of the listings published now (the launch figure, 83.7%, was 108 of 129). By
    month, each listing counts in the month it was (last) published, whatever its status today, and the
    share is cumulative: of every listing published up to the end of that month.
    """
    cells = {
        (row["kind"], row["side"]): row["n"]
        for row in Listing.objects.filter(status=Listing.Status.PUBLISHED)
        .order_by()
        .values("kind", "side")
        .annotate(n=Count("id"))
    }
    by_kind = []
    for kind in Kind:
        supply, demand = cells.get((kind.value, Side.SUPPLY), 0), cells.get((kind.value, Side.DEMAND), 0)
        by_kind.append({"kind": kind.value, "supply": supply, "demand": demand, "total": supply + demand})
    supply_total = sum(row["supply"] for row in by_kind)
    demand_total = sum(row["demand"] for row in by_kind)

    published: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (
        Listing.objects.filter(published_at__isnull=False)
        .order_by()
        .annotate(month=TruncMonth("published_at"))
        .values("month", "side")
        .annotate(n=Count("id"))
    ):
        published[month_key(row["month"]) or ""][row["side"]] = row["n"]
    months = []
    running_supply = running_demand = 0
    for month in month_range(published):
        supply = published.get(month, {}).get(Side.SUPPLY, 0)
        demand = published.get(month, {}).get(Side.DEMAND, 0)
        running_supply += supply
        running_demand += demand
        months.append(
            {
                "month": month,
                "supply": supply,
                "demand": demand,
                "supply_total": running_supply,
                "demand_total": running_demand,
                "supply_share": ratio(running_supply, running_supply + running_demand),
            }
        )
    return {
        "published": supply_total + demand_total,
        "supply": supply_total,
        "demand": demand_total,
        "supply_share": ratio(supply_total, supply_total + demand_total),
        "by_kind": by_kind,
        "by_month": months,
    }


# ---------------------------------------------------------------------------------------------------
# The match funnel


def _funnel_counts() -> dict[str, Any]:
    return {
        "proposed": Count("id"),
        "approved": Count("id", filter=Q(status=Match.Status.APPROVED)),
        "contacted": Count("id", filter=Q(contacted_at__isnull=False)),
        "quoted": Count("id", filter=Q(quoted_at__isnull=False)),
        "ordered": Count("id", filter=Q(ordered_at__isnull=False)),
        "rejected": Count("id", filter=Q(status=Match.Status.REJECTED)),
    }


def median_approval_to_order() -> datetime.timedelta | None:
    """The median time from a match's approval to its first order, over the matches that got one.

    Computed by the database in two small queries (how many, then the middle one or two in order),
    the same on PostgreSQL and SQLite, which has no median aggregate.
    """
    reached = Match.objects.filter(
        status=Match.Status.APPROVED, reviewed_at__isnull=False, ordered_at__isnull=False
    ).annotate(wait=ExpressionWrapper(F("ordered_at") - F("reviewed_at"), output_field=DurationField()))
    n = reached.count()
    if not n:
        return None
    middle = list(reached.order_by("wait", "id").values_list("wait", flat=True)[(n - 1) // 2 : n // 2 + 1])
    return sum(middle, datetime.timedelta()) / len(middle)


def funnel_figures() -> Section:
    """Matches at each step (proposed, approved, contacted, quoted, ordered), the share of proposals
    that reached it, by the demand's segment, and the median time from approval to first order.

    Each step counts the matches that reached it, whether or not they are stale now: the funnel is a
    record of what happened. A match "reached" contacted, quoted or ordered when that step's first time
    is set (`matching.models.Match`).
    """
    totals = Match.objects.aggregate(**_funnel_counts())
    segments: dict[str, Row] = {
        row["demand__segment"]: dict(row)
        for row in Match.objects.order_by().values("demand__segment").annotate(**_funnel_counts())
    }
    median = median_approval_to_order()
    return {
        "steps": [
            {
                "step": step,
                "count": totals[step],
                "share_of_proposed": ratio(totals[step], totals["proposed"]),
            }
            for step in FUNNEL_STEPS
        ],
        "rejected": totals["rejected"],
        "median_days_approval_to_order": None if median is None else round(median.total_seconds() / 86400, 2),
        "by_segment": [
            {
                "segment": segment.value,
                **{step: segments.get(segment.value, {}).get(step, 0) for step in FUNNEL_STEPS},
            }
            for segment in Segment
        ],
    }


# ---------------------------------------------------------------------------------------------------
# Orders


def order_figures() -> Section:
    """Orders by month and segment (of the listing ordered): placed, ordered (accepted or later), and
    the ordered value in CNY. One grouped query; the month and segment totals are sums of its rows."""
    ordered = Q(status__in=ORDERED_STATUSES)
    cells = list(
        Order.objects.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values("month", "listing__segment")
        .annotate(placed=Count("id"), ordered=Count("id", filter=ordered), value=Sum("total", filter=ordered))
    )
    month_segment = sorted(
        (
            {
                "month": month_key(row["month"]),
                "segment": row["listing__segment"],
                "placed": row["placed"],
                "ordered": row["ordered"],
                "value": money(row["value"]),
            }
            for row in cells
        ),
        key=lambda row: (row["month"], SEGMENT_ORDER.get(row["segment"], 99)),
    )

    def totals(rows: Iterable[Row]) -> Row:
        rows = list(rows)
        return {
            "placed": sum(row["placed"] for row in rows),
            "ordered": sum(row["ordered"] for row in rows),
            "value": money(sum((Decimal(row["value"]) for row in rows), ZERO)),
        }

    grouped_month: dict[str, list[Row]] = defaultdict(list)
    grouped_segment: dict[str, list[Row]] = defaultdict(list)
    for row in month_segment:
        grouped_month[row["month"]].append(row)
        grouped_segment[row["segment"]].append(row)
    return {
        **totals(month_segment),
        "by_month": [
            {"month": month, **totals(grouped_month.get(month, []))} for month in month_range(grouped_month)
        ],
        "by_segment": [
            {"segment": segment.value, **totals(grouped_segment.get(segment.value, []))}
            for segment in Segment
        ],
        "by_month_segment": month_segment,
    }


# ---------------------------------------------------------------------------------------------------
# Financing


def financing_figures() -> Section:
    """Financing applied for, approved and disbursed: counts and amounts (CNY), in total and by month.

    Applied counts every application and its requested amount, in the month it was submitted;
    approved, those approved (whether disbursed since or not) with the approved amount, in the month
    of the decision; disbursed, those paid out with the disbursed amount, in the month of payment.
    """
    Status = FinancingApplication.Status
    approved = Q(status__in=[Status.APPROVED, Status.DISBURSED])
    disbursed = Q(status=Status.DISBURSED)
    totals = FinancingApplication.objects.aggregate(
        applied=Count("id"),
        applied_amount=Sum("amount"),
        approved=Count("id", filter=approved),
        approved_amount=Sum("approved_amount", filter=approved),
        disbursed=Count("id", filter=disbursed),
        disbursed_amount=Sum("disbursed_amount", filter=disbursed),
    )
    series = {
        "applied": by_month(
            FinancingApplication.objects.order_by()
            .annotate(month=TruncMonth("created_at"))
            .values("month")
            .annotate(n=Count("id"), amount=Sum("amount"))
        ),
        "approved": by_month(
            FinancingApplication.objects.filter(approved, decided_at__isnull=False)
            .order_by()
            .annotate(month=TruncMonth("decided_at"))
            .values("month")
            .annotate(n=Count("id"), amount=Sum("approved_amount"))
        ),
        "disbursed": by_month(
            FinancingApplication.objects.filter(disbursed, disbursed_at__isnull=False)
            .order_by()
            .annotate(month=TruncMonth("disbursed_at"))
            .values("month")
            .annotate(n=Count("id"), amount=Sum("disbursed_amount"))
        ),
    }
    months = []
    for month in month_range(key for rows in series.values() for key in rows):
        row: Row = {"month": month}
        for stage in FINANCING_STAGES:
            found = series[stage].get(month)
            row[stage] = found["n"] if found else 0
            row[f"{stage}_amount"] = money(found["amount"] if found else None)
        months.append(row)
    return {
        "stages": [
            {"stage": stage, "count": totals[stage], "amount": money(totals[f"{stage}_amount"])}
            for stage in FINANCING_STAGES
        ],
        "by_month": months,
    }


# ---------------------------------------------------------------------------------------------------
# Localisation


def localisation_figures() -> Section:
    """The localisation rate: of the ordered value (orders accepted or later), the share where buyer
    and seller are registered in the same province; overall and by the segment of the listing.

    An enterprise's province is its region's parent, or the region itself when it is a province
    (`Region.province_code`), compared in SQL.
    """
    same_province = Q(buyer_province=Coalesce(F("seller__region__parent_id"), F("seller__region_id")))
    rows: dict[str, Row] = {
        row["listing__segment"]: dict(row)
        for row in Order.objects.filter(status__in=ORDERED_STATUSES)
        .order_by()
        .annotate(buyer_province=Coalesce(F("buyer__region__parent_id"), F("buyer__region_id")))
        .values("listing__segment")
        .annotate(value=Sum("total"), local=Sum("total", filter=same_province))
    }
    by_segment = []
    for segment in Segment:
        row = rows.get(segment.value, {})
        value, local = row.get("value") or ZERO, row.get("local") or ZERO
        by_segment.append(
            {
                "segment": segment.value,
                "ordered_value": money(value),
                "local_value": money(local),
                "rate": ratio(local, value),
            }
        )
    value = sum((row.get("value") or ZERO for row in rows.values()), ZERO)
    local = sum((row.get("local") or ZERO for row in rows.values()), ZERO)
    return {
        "ordered_value": money(value),
        "local_value": money(local),
        "rate": ratio(local, value),
        "by_segment": by_segment,
    }


# ---------------------------------------------------------------------------------------------------
# Chain gaps


def chain_gap_figures() -> Section:
    """Chain gaps: published demands for which no published supply of the same segment and category
    comes from the buyer's province (the province of the demand listing's region, where the buyer
    wants it), counted by segment, and the table by segment, category and province that the office
    acts on: how many such demands, and how many published supplies of that segment and category exist
    in other provinces (and in how many provinces), that is, whether to broker cross-province supply
    or to attract a local supplier.

    Whether a demand has local supply depends only on its (segment, category, province), so one
    grouped count of the published listings by those and the side answers everything: a group with
    demands and no supply is a gap. On 100,000 listings that is one pass over the table (~4,000
    groups), where a NOT EXISTS anti-join plus a count of the supply elsewhere took two and a half.
    Categories are compared exactly as written (the listing form offers the usual ones).
    """
    cells: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for row in (
        Listing.objects.filter(status=Listing.Status.PUBLISHED)
        .order_by()
        .values("segment", "category", "province_id", "side")
        .annotate(n=Count("id"))
    ):
        cells[(row["segment"], row["category"], row["province_id"])][row["side"]] = row["n"]
    supply_total: dict[tuple[str, str], int] = defaultdict(int)
    supply_provinces: dict[tuple[str, str], int] = defaultdict(int)
    demand_counts: dict[str, int] = defaultdict(int)
    gap_counts: dict[str, int] = defaultdict(int)
    gaps = []
    for (segment, category, province), sides in cells.items():
        supply, demand = sides.get(Side.SUPPLY, 0), sides.get(Side.DEMAND, 0)
        if supply:
            supply_total[(segment, category)] += supply
            supply_provinces[(segment, category)] += 1
        demand_counts[segment] += demand
        if demand and not supply:
            gap_counts[segment] += demand
            gaps.append((segment, category, province, demand))
    names = {
        code: (zh, en)
        for code, zh, en in Region.objects.filter(code__in={gap[2] for gap in gaps}).values_list(
            "code", "name_zh", "name_en"
        )
    }
    table = [
        {
            "segment": segment,
            "category": category,
            "province": province,
            "province_name_zh": names.get(province, ("", ""))[0],
            "province_name_en": names.get(province, ("", ""))[1],
            "demands": demand,
            "supply_elsewhere": supply_total.get((segment, category), 0),
            "supplying_provinces": supply_provinces.get((segment, category), 0),
        }
        for segment, category, province, demand in sorted(
            gaps, key=lambda gap: (-gap[3], SEGMENT_ORDER.get(gap[0], 99), gap[1], gap[2])
        )
    ]
    total_demands = sum(demand_counts.values())
    total_gaps = sum(gap_counts.values())
    return {
        "published_demands": total_demands,
        "without_local_supply": total_gaps,
        "share": ratio(total_gaps, total_demands),
        "by_segment": [
            {
                "segment": segment.value,
                "published_demands": demand_counts.get(segment.value, 0),
                "without_local_supply": gap_counts.get(segment.value, 0),
                "share": ratio(gap_counts.get(segment.value, 0), demand_counts.get(segment.value, 0)),
            }
            for segment in Segment
        ],
        "table": table,
    }


# The sections and the sources (`stats.cache.SOURCES`) whose change makes each stale.
SECTIONS: dict[str, tuple[Callable[[], Section], tuple[str, ...]]] = {
    "enterprises": (enterprise_figures, ("enterprises",)),
    "listings": (listing_figures, ("listings",)),
    "funnel": (funnel_figures, ("matches", "listings")),
    "orders": (order_figures, ("orders", "listings")),
    "financing": (financing_figures, ("financing",)),
    "localisation": (localisation_figures, ("orders", "enterprises", "listings")),
    "chain_gaps": (chain_gap_figures, ("listings",)),
}
