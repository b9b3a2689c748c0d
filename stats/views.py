"""The statistics page: the headline figures and charts for everyone, the fuller set for platform staff
(the funnel by segment, localisation by segment, the chain-gap table), and the CSV downloads."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stats import cache
from stats.charts import Chart, Series, bar_chart, compact, line_chart, percent, plain, to_float
from stats.tables import present, tables_for

# The supply share of the launch catalogue (108 of 129 published listings), the office's reference.
LAUNCH_SUPPLY_SHARE = 0.837
# Rows of the chain-gap table on the page; the CSV holds all of them.
GAP_ROWS_ON_PAGE = 50


@dataclass(frozen=True)
class Headline:
    """One headline figure: the value as shown, what it is, and a note."""

    value: str
    label: str
    icon: str
    note: str = ""


def _share(value: float | None) -> str:
    return "–" if value is None else percent(value)


def _money(value: str) -> str:
    return "¥" + compact(float(value))


def headlines(data: dict[str, Any]) -> list[Headline]:
    enterprises, listings, funnel = data["enterprises"], data["listings"], data["funnel"]
    orders, financing, local, gaps = (
        data["orders"],
        data["financing"],
        data["localisation"],
        data["chain_gaps"],
    )
    steps = {row["step"]: row["count"] for row in funnel["steps"]}
    stages = {row["stage"]: row for row in financing["stages"]}
    median = funnel["median_days_approval_to_order"]
    return [
        Headline(plain(enterprises["verified"]), _("Verified enterprises"), "shield",
                 _("of %(n)s registered") % {"n": plain(enterprises["registered"])}),
        Headline(plain(listings["published"]), _("Published listings"), "layers",
                 _("%(share)s supply (launch: 83.7%%)") % {"share": _share(listings["supply_share"])}),
        Headline(plain(steps["approved"]), _("Approved matches"), "check",
                 _("of %(n)s proposed") % {"n": plain(steps["proposed"])}),
        Headline("–" if median is None else _("%(days)s days") % {"days": plain(median)},
                 _("Median time from approval to first order"), "clock"),
        Headline(_money(orders["value"]), _("Ordered value"), "file",
                 ngettext("%(n)s order accepted or later", "%(n)s orders accepted or later",
                          orders["ordered"]) % {"n": plain(orders["ordered"])}),
        Headline(_share(local["rate"]), _("Localisation rate"), "pin",
                 _("of ordered value within one province")),
        Headline(_money(stages["disbursed"]["amount"]), _("Financing disbursed"), "bank",
                 ngettext("%(n)s application, %(amount)s applied for",
                          "%(n)s applications, %(amount)s applied for", stages["applied"]["count"])
                 % {"n": plain(stages["applied"]["count"]), "amount": _money(stages["applied"]["amount"])}),
        Headline(plain(gaps["without_local_supply"]), _("Demands without local supply"), "alert",
                 _("%(share)s of published demands") % {"share": _share(gaps["share"])}),
    ]  # fmt: skip


def charts(data: dict[str, Any], *, staff: bool) -> list[Chart]:
    """Every chart of the page, in reading order."""
    enterprises, listings, funnel = data["enterprises"], data["listings"], data["funnel"]
    orders, financing, local, gaps = (
        data["orders"],
        data["financing"],
        data["localisation"],
        data["chain_gaps"],
    )
    registered, verified = _("Registered"), _("Verified")
    supply, demand = _("Supply"), _("Demand")
    theme, segment, month = _("Theme"), _("Segment"), _("Month")
    result = [
        bar_chart(
            chart_id="chart-enterprises-theme",
            title=_("Enterprises by theme"),
            categories=[row["theme_label"] for row in enterprises["by_theme"]],
            series=[
                Series(registered, [row["registered"] for row in enterprises["by_theme"]]),
                Series(verified, [row["verified"] for row in enterprises["by_theme"]]),
            ],
            category_head=theme,
        ),
        bar_chart(
            chart_id="chart-enterprises-segment",
            title=_("Enterprises by segment"),
            categories=[row["segment_label"] for row in enterprises["by_segment"]],
            series=[
                Series(registered, [row["registered"] for row in enterprises["by_segment"]]),
                Series(verified, [row["verified"] for row in enterprises["by_segment"]]),
            ],
            category_head=segment,
        ),
        line_chart(
            chart_id="chart-enterprises-month",
            title=_("Enterprises over time (cumulative)"),
            categories=[row["month"] for row in enterprises["by_month"]],
            series=[
                Series(registered, [row["registered_total"] for row in enterprises["by_month"]]),
                Series(verified, [row["verified_total"] for row in enterprises["by_month"]]),
            ],
            category_head=month,
        ),
        bar_chart(
            chart_id="chart-listings-kind",
            title=_("Published listings by kind and side"),
            categories=[row["kind_label"] for row in listings["by_kind"]],
            series=[
                Series(supply, [row["supply"] for row in listings["by_kind"]]),
                Series(demand, [row["demand"] for row in listings["by_kind"]]),
            ],
            category_head=_("Kind"),
        ),
        line_chart(
            chart_id="chart-listings-month",
            title=_("Listings published by month"),
            categories=[row["month"] for row in listings["by_month"]],
            series=[
                Series(supply, [row["supply"] for row in listings["by_month"]]),
                Series(demand, [row["demand"] for row in listings["by_month"]]),
            ],
            category_head=month,
        ),
        line_chart(
            chart_id="chart-supply-share",
            title=_("Supply share over time (all listings published so far)"),
            categories=[row["month"] for row in listings["by_month"]],
            series=[Series(_("Supply share"), [row["supply_share"] for row in listings["by_month"]])],
            fmt=percent,
            axis_fmt=lambda v: f"{v * 100:.0f}%",
            scale_max=1.0,
            reference=(LAUNCH_SUPPLY_SHARE, _("Launch: 83.7%")),
            category_head=month,
        ),
        bar_chart(
            chart_id="chart-funnel",
            title=_("Match funnel"),
            categories=[row["step_label"] for row in funnel["steps"]],
            series=[Series(_("Matches"), [row["count"] for row in funnel["steps"]])],
            category_head=_("Step"),
        ),
        line_chart(
            chart_id="chart-orders-month",
            title=_("Ordered value by month (CNY)"),
            categories=[row["month"] for row in orders["by_month"]],
            series=[Series(_("Ordered value"), [to_float(row["value"]) for row in orders["by_month"]])],
            fmt=lambda v: "¥" + plain(v),
            axis_fmt=compact,
            category_head=month,
        ),
        bar_chart(
            chart_id="chart-orders-segment",
            title=_("Ordered value by segment (CNY)"),
            categories=[row["segment_label"] for row in orders["by_segment"]],
            series=[Series(_("Ordered value"), [to_float(row["value"]) for row in orders["by_segment"]])],
            fmt=lambda v: "¥" + compact(v),
            axis_fmt=compact,
            category_head=segment,
        ),
        bar_chart(
            chart_id="chart-financing",
            title=_("Financing applied for, approved and disbursed (CNY)"),
            categories=[row["stage_label"] for row in financing["stages"]],
            series=[Series(_("Amount"), [to_float(row["amount"]) for row in financing["stages"]])],
            fmt=lambda v: "¥" + compact(v),
            axis_fmt=compact,
            category_head=_("Stage"),
        ),
        bar_chart(
            chart_id="chart-gaps-segment",
            title=_("Published demands without local supply, by segment"),
            categories=[row["segment_label"] for row in gaps["by_segment"]],
            series=[
                Series(_("Published demands"), [row["published_demands"] for row in gaps["by_segment"]]),
                Series(
                    _("Without local supply"), [row["without_local_supply"] for row in gaps["by_segment"]]
                ),
            ],
            category_head=segment,
        ),
    ]
    if staff:
        result.insert(
            len(result) - 1,
            bar_chart(
                chart_id="chart-localisation-segment",
                title=_("Localisation rate by segment"),
                categories=[row["segment_label"] for row in local["by_segment"]],
                series=[Series(_("Localisation rate"), [row["rate"] for row in local["by_segment"]])],
                fmt=percent,
                axis_fmt=lambda v: f"{v * 100:.0f}%",
                category_head=segment,
            ),
        )
    return result


def groups(drawn: list[Chart]) -> list[tuple[str, list[Chart]]]:
    """The charts under the page's headings."""
    by_id = {chart.chart_id: chart for chart in drawn}
    layout = [
        (
            _("Enterprises"),
            ["chart-enterprises-theme", "chart-enterprises-segment", "chart-enterprises-month"],
        ),
        (_("Supply and demand"), ["chart-listings-kind", "chart-listings-month", "chart-supply-share"]),
        (_("Matches and orders"), ["chart-funnel", "chart-orders-month", "chart-orders-segment"]),
        (_("Financing"), ["chart-financing"]),
        (_("Localisation and chain gaps"), ["chart-localisation-segment", "chart-gaps-segment"]),
    ]
    return [(heading, [by_id[chart_id] for chart_id in ids if chart_id in by_id]) for heading, ids in layout]


def index(request: HttpRequest) -> HttpResponse:
    """The statistics page (public; staff see more). Reads the cached figures: no query when warm."""
    staff = bool(request.user.is_authenticated and request.user.is_staff)
    data = present(cache.figures(), staff=staff)
    downloads = [
        (table, reverse("stats-table-csv", kwargs={"figure": table.slug}))
        for table in tables_for(staff=staff)
    ]
    context = {
        "staff": staff,
        "data": data,
        "headlines": headlines(data),
        "groups": groups(charts(data, staff=staff)),
        "downloads": downloads,
        "api_url": reverse("stats-figures"),
        "gap_rows": data["chain_gaps"].get("table", [])[:GAP_ROWS_ON_PAGE],
        "gap_total": len(data["chain_gaps"].get("table", [])),
        "gap_csv": reverse("stats-table-csv", kwargs={"figure": "chain-gaps"}),
        # The oldest section's time: every figure on the page is at least that fresh.
        "computed_at": datetime.datetime.fromisoformat(
            min(section["computed_at"] for section in data.values())
        ),
    }
    return render(request, "stats/index.html", context)
