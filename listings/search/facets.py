"""Facet counts for the catalogue sidebar: for each facet, the counts under every other active filter.

A facet ignores its own selection (choosing "动力电池" still shows how many listings the other
segments have), as shoppers expect from online catalogues.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.http import QueryDict
from django.utils import timezone, translation

from accounts.models import Region
from accounts.taxonomy import Segment, Theme
from listings.choices import Kind, PriceBand, Side
from listings.filters import ListingFilter, price_band_q
from listings.models import Listing
from listings.selectors import listing_catalogue

CERTIFICATION_FACET_SIZE = 15
# Enterprise changes (a theme, a region) do not touch listings; they show within this many seconds.
CATALOGUE_FACETS_TTL = 300


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


def _counts(qs: QuerySet[Listing], field: str) -> dict[str, int]:
    rows = qs.order_by().values(field).annotate(n=Count("id", distinct=True)).values_list(field, "n")
    return {str(value): n for value, n in rows if value not in (None, "")}


def _choices(counts: dict[str, int], choices: Any, selected: list[str]) -> list[FacetValue]:
    return [
        FacetValue(str(value), str(label), counts.get(str(value), 0), str(value) in selected)
        for value, label in choices
        if counts.get(str(value)) or str(value) in selected
    ]


def facets(data: QueryDict, base: QuerySet[Listing], request: Any = None) -> dict[str, list[FacetValue]]:
    """Counts per value of side, kind, segment, theme, province, certification and price band."""

    def without(name: str) -> QuerySet[Listing]:
        rest = data.copy()
        rest.pop(name, None)
        rest.pop("sort", None)
        filtered: QuerySet[Listing] = ListingFilter(rest, queryset=base, request=request).qs
        return filtered

    def picked(name: str) -> list[str]:
        return data.getlist(name)

    result: dict[str, list[FacetValue]] = {}
    for name, field, choices in (
        ("side", "side", Side.choices),
        ("kind", "kind", Kind.choices),
        ("segment", "segment", Segment.choices),
        ("theme", "enterprise__theme", Theme.choices),
    ):
        result[name] = _choices(_counts(without(name), field), choices, picked(name))

    provinces = _counts(without("province"), "province_id")
    names = {
        r.code: r.display_name for r in Region.objects.filter(code__in=[*provinces, *picked("province")])
    }
    result["province"] = sorted(
        _choices(provinces, names.items(), picked("province")), key=lambda f: (-f.count, f.value)
    )

    certifications = _counts(without("certification"), "certifications__standard")
    top = sorted(certifications.items(), key=lambda item: (-item[1], item[0]))[:CERTIFICATION_FACET_SIZE]
    result["certification"] = [
        FacetValue(standard, standard, n, standard in picked("certification")) for standard, n in top
    ]

    in_bands = without("price_band").aggregate(
        **{str(band): Count("id", filter=price_band_q(band), distinct=True) for band in PriceBand.values}
    )
    bands = {band: n for band, n in in_bands.items() if n}
    result["price_band"] = _choices(bands, PriceBand.choices, picked("price_band"))
    return result


def catalogue_facets(data: QueryDict, request: Any = None) -> dict[str, list[FacetValue]]:
    """`facets` over the public catalogue, cached until a listing changes.

    Seven counts over a broad search cost hundreds of milliseconds. The key holds the latest
    `updated_at` of all listings (every service that publishes, edits, closes or expires a listing
    saves it) and today's date (listings drop out when their validity date passes).
    """
    latest = Listing.objects.aggregate(latest=Max("updated_at"))["latest"]
    params = sorted((name, sorted(values)) for name, values in data.lists() if name not in ("page", "sort"))
    state = repr((latest, timezone.localdate(), translation.get_language(), params))
    key = "catalogue-facets:" + hashlib.sha256(state.encode()).hexdigest()  # memcached-safe characters
    counted: dict[str, list[FacetValue]] | None = cache.get(key)
    if counted is None:
        counted = facets(data, listing_catalogue(), request=request)
        cache.set(key, counted, CATALOGUE_FACETS_TTL)
    return counted
