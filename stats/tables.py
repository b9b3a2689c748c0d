"""What each audience sees of the figures, with labels in the active language, and the tables that the
page shows and the CSV downloads hold (one CSV per table).

The cached figures (`stats.cache`) hold codes; labels are added here for each request, which costs
a walk over a few hundred rows and keeps one cached copy for both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.taxonomy import Segment, Theme
from listings.choices import Kind, Side

STEP_LABELS: dict[str, Promise] = {
    "proposed": pgettext_lazy("match funnel", "Proposed"),
    "approved": pgettext_lazy("match funnel", "Approved"),
    "contacted": pgettext_lazy("match funnel", "Contacted"),
    "quoted": pgettext_lazy("match funnel", "Quoted"),
    "ordered": pgettext_lazy("match funnel", "Ordered"),
}
STAGE_LABELS: dict[str, Promise] = {
    "applied": pgettext_lazy("financing", "Applied for"),
    "approved": pgettext_lazy("financing", "Approved"),
    "disbursed": pgettext_lazy("financing", "Disbursed"),
}


def _choice(choices: Any) -> Callable[[str], str]:
    labels = dict(choices.choices)
    return lambda code: str(labels.get(code, code))


# The code columns that get a `<name>_label` column beside them.
LABELS: dict[str, Callable[[str], str]] = {
    "theme": _choice(Theme),
    "segment": _choice(Segment),
    "kind": _choice(Kind),
    "side": _choice(Side),
    "step": lambda code: str(STEP_LABELS.get(code, code)),
    "stage": lambda code: str(STAGE_LABELS.get(code, code)),
}

# Parts of the figures that only platform staff see: the funnel's details, orders by month and
# segment together, localisation by segment and the chain-gap table.
STAFF_ONLY: dict[str, frozenset[str]] = {
    "funnel": frozenset({"rejected", "by_segment"}),
    "orders": frozenset({"by_month_segment"}),
    "localisation": frozenset({"by_segment"}),
    "chain_gaps": frozenset({"table"}),
}


@dataclass(frozen=True)
class Table:
    """One table of the figures: where its rows are, its columns in order, who may read it."""

    slug: str
    title: Promise
    section: str
    key: str
    columns: tuple[str, ...]

    @property
    def staff_only(self) -> bool:
        return self.key in STAFF_ONLY.get(self.section, frozenset())

    def rows(self, figures: dict[str, Any]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = figures[self.section][self.key]
        return rows


TABLES: tuple[Table, ...] = (
    Table(
        "enterprises-by-theme",
        _("Enterprises by theme"),
        "enterprises",
        "by_theme",
        ("theme", "theme_label", "registered", "verified"),
    ),
    Table(
        "enterprises-by-segment",
        _("Enterprises by segment"),
        "enterprises",
        "by_segment",
        ("segment", "segment_label", "registered", "verified"),
    ),
    Table(
        "enterprises-by-month",
        _("Enterprises by month"),
        "enterprises",
        "by_month",
        ("month", "registered", "verified", "registered_total", "verified_total"),
    ),
    Table(
        "listings-by-kind",
        _("Published listings by kind and side"),
        "listings",
        "by_kind",
        ("kind", "kind_label", "supply", "demand", "total"),
    ),
    Table(
        "listings-by-month",
        _("Listings published by month"),
        "listings",
        "by_month",
        ("month", "supply", "demand", "supply_total", "demand_total", "supply_share"),
    ),
    Table(
        "match-funnel",
        _("Match funnel"),
        "funnel",
        "steps",
        ("step", "step_label", "count", "share_of_proposed"),
    ),
    Table(
        "match-funnel-by-segment",
        _("Match funnel by segment"),
        "funnel",
        "by_segment",
        ("segment", "segment_label", "proposed", "approved", "contacted", "quoted", "ordered"),
    ),
    Table(
        "orders-by-month",
        _("Orders by month"),
        "orders",
        "by_month",
        ("month", "placed", "ordered", "value"),
    ),
    Table(
        "orders-by-segment",
        _("Orders by segment"),
        "orders",
        "by_segment",
        ("segment", "segment_label", "placed", "ordered", "value"),
    ),
    Table(
        "orders-by-month-segment",
        _("Orders by month and segment"),
        "orders",
        "by_month_segment",
        ("month", "segment", "segment_label", "placed", "ordered", "value"),
    ),
    Table(
        "financing",
        _("Financing applied for, approved and disbursed"),
        "financing",
        "stages",
        ("stage", "stage_label", "count", "amount"),
    ),
    Table(
        "financing-by-month",
        _("Financing by month"),
        "financing",
        "by_month",
        (
            "month",
            "applied",
            "applied_amount",
            "approved",
            "approved_amount",
            "disbursed",
            "disbursed_amount",
        ),
    ),
    Table(
        "localisation-by-segment",
        _("Localisation rate by segment"),
        "localisation",
        "by_segment",
        ("segment", "segment_label", "ordered_value", "local_value", "rate"),
    ),
    Table(
        "chain-gaps-by-segment",
        _("Demands without local supply, by segment"),
        "chain_gaps",
        "by_segment",
        ("segment", "segment_label", "published_demands", "without_local_supply", "share"),
    ),
    Table(
        "chain-gaps",
        _("Chain gaps by segment, category and province"),
        "chain_gaps",
        "table",
        (
            "segment",
            "segment_label",
            "category",
            "province",
            "province_name_zh",
            "province_name_en",
            "demands",
            "supply_elsewhere",
            "supplying_provinces",
        ),
    ),
)
TABLES_BY_SLUG: dict[str, Table] = {table.slug: table for table in TABLES}


def labelled(row: dict[str, Any]) -> dict[str, Any]:
    """The row with a `<code>_label` beside each code column, in the active language."""
    out = dict(row)
    for name, label in LABELS.items():
        if name in row:
            out[f"{name}_label"] = label(row[name])
    return out


def present(figures: dict[str, Any], *, staff: bool) -> dict[str, Any]:
    """The figures as an audience sees them: the staff-only parts cut for the public, labels added."""
    result: dict[str, Any] = {}
    for name, section in figures.items():
        hidden = frozenset() if staff else STAFF_ONLY.get(name, frozenset())
        result[name] = {
            key: [labelled(row) for row in value] if isinstance(value, list) else value
            for key, value in section.items()
            if key not in hidden
        }
    return result


def tables_for(*, staff: bool) -> list[Table]:
    return [table for table in TABLES if staff or not table.staff_only]
