"""The catalogue's query parameters: made safe for the database, read as chips, kept by saved searches."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy

from accounts.models import Enterprise, Region
from accounts.taxonomy import Segment, Theme
from listings.choices import Instrument, Kind, PriceBand, Side, TransferMode
from listings.filters import ListingFilter
from listings.models import Listing
from listings.views.common import Status

# How a filter reads on a chip or a saved search.
FILTER_LABELS: dict[str, Any] = {
    "q": gettext_lazy("Search"),
    "side": gettext_lazy("Side"),
    "kind": gettext_lazy("Kind"),
    "segment": gettext_lazy("Segment"),
    "theme": gettext_lazy("Enterprise type"),
    "province": gettext_lazy("Province"),
    "region": gettext_lazy("Region"),
    "certification": gettext_lazy("Certification"),
    "price_band": gettext_lazy("Price"),
    "price_min": gettext_lazy("Price from (CNY)"),
    "price_max": gettext_lazy("Price up to (CNY)"),
    "category": gettext_lazy("Category"),
    "enterprise": gettext_lazy("Enterprise"),
    "status": gettext_lazy("Status"),
    "tech_trl_min": gettext_lazy("TRL at least"),
    "tech_transfer_mode": gettext_lazy("Transfer mode"),
    "talent_skill": gettext_lazy("Skill"),
    "talent_headcount_min": gettext_lazy("Headcount at least"),
    "funding_instrument": gettext_lazy("Instrument"),
    "funding_amount_min": gettext_lazy("Amount from (CNY)"),
    "funding_amount_max": gettext_lazy("Amount up to (CNY)"),
    "funding_term_max": gettext_lazy("Term up to (months)"),
}
CHOICE_LABELS: dict[str, Any] = {
    "side": Side,
    "kind": Kind,
    "segment": Segment,
    "theme": Theme,
    "price_band": PriceBand,
    "tech_transfer_mode": TransferMode,
    "funding_instrument": Instrument,
    "status": Status,
}


class FilterDescriber:
    """Reads catalogue parameters as people do: 'Kind: Technology', 'Province: 安徽省'."""

    def __init__(self) -> None:
        self._regions: dict[str, str] = {}
        self._enterprises: dict[str, str] = {}

    def _load_regions(self, params: QueryDict) -> None:
        """Names of the regions the parameters mention, in one query for all that are not known yet."""
        codes = {code for name in ("province", "region") for code in params.getlist(name)} - set(
            self._regions
        )
        if codes:
            found = Region.objects.filter(code__in=codes).select_related("parent")
            self._regions |= {region.code: region.display_name for region in found}

    def value(self, name: str, value: str) -> str:
        if name in CHOICE_LABELS:
            try:
                return str(CHOICE_LABELS[name](value).label)
            except ValueError:
                return value
        if name in ("province", "region"):
            return self._regions.get(value, value)
        if name == "enterprise" and value.isdigit():
            if value not in self._enterprises:
                found = Enterprise.objects.filter(pk=value).first()
                self._enterprises[value] = found.display_name if found else value
            return self._enterprises[value]
        if name == "q":
            return f"“{value}”"
        return value

    def chip(self, name: str, value: str) -> str:
        shown = self.value(name, value)
        return shown if name == "q" else f"{FILTER_LABELS.get(name, name)}: {shown}"

    def describe(self, params: QueryDict) -> list[tuple[str, str, str]]:
        """(parameter, value, chip text) of each filter value of the parameters, in the filter order."""
        self._load_regions(params)
        names = [*ListingFilter.SAVED_FIELDS, "enterprise", "status"]
        return [
            (name, value, self.chip(name, value))
            for name in names
            for value in params.getlist(name)
            if value.strip()
        ]


def _catalogue_params(query: QueryDict) -> tuple[QueryDict, list[str]]:
    """The catalogue's parameters without those a database cannot take, and what was dropped.

    `ListingFilter.enterprise` is a NumberFilter: "1e30" passes the form and overflows SQLite's integer
    (an OverflowError, a 500). An enterprise id is a plain positive integer, so anything else is dropped.
    """
    params = query.copy()
    dropped = []
    enterprise = params.getlist("enterprise")
    if enterprise and not all(v.isdigit() and len(v) <= 18 for v in enterprise):
        params.pop("enterprise")
        dropped.append(str(FILTER_LABELS["enterprise"]))
    return params, dropped


def _valid_filters(params: QueryDict) -> QueryDict:
    """The parameters without those ListingFilter's form rejects (the catalogue ignores them too)."""
    form = ListingFilter(params, queryset=Listing.objects.none()).form
    form.is_valid()
    valid = params.copy()
    for name in form.errors:
        valid.pop(name, None)
    return valid


def _saved_params(params: QueryDict) -> QueryDict:
    """The filters a saved search keeps: the catalogue's, without page and sort."""
    kept = QueryDict(mutable=True)
    for name in ListingFilter.SAVED_FIELDS:
        values = [v for v in params.getlist(name) if v.strip()]
        if values:
            kept.setlist(name, values)
    return kept
