"""The catalogue's filters: one FilterSet behind the page, the API, facets and saved searches."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Region
from accounts.taxonomy import Segment, Theme
from listings.choices import PRICE_BAND_BOUNDS, Instrument, Kind, PriceBand, Side, TransferMode
from listings.models import Listing
from listings.search.backends import matching, rank
from listings.search.results import result_limit, result_window
from listings.search.text import Term, query_terms


@lru_cache(maxsize=4)
def _province_choices(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((r.code, r.display_name) for r in Region.objects.filter(level=Region.Level.PROVINCE))


def province_choices() -> list[tuple[str, str]]:
    """The provinces (a fixed table), read once per language rather than once per filter form."""
    return list(_province_choices(get_language() or ""))


def multiple(**kwargs: Any) -> django_filters.MultipleChoiceFilter:
    """A multiple choice without DISTINCT: none of these filters joins a table with many rows per listing,
    and DISTINCT over a listing's columns would make every catalogue query sort the whole result."""
    return django_filters.MultipleChoiceFilter(distinct=False, **kwargs)


def number(**kwargs: Any) -> django_filters.NumberFilter:
    """A number filter with bounds, so that 1e30 is a form error rather than a database overflow."""
    return django_filters.NumberFilter(min_value=0, max_value=10**12, **kwargs)


def price_band_q(band: str) -> Q:
    """Listings in a price band: that of the lowest stated price (`price_max` when there is no
    `price_min`); listings without a price are 'negotiable'. Written as ranges on the price columns,
    whose statistics tell the planner how many match (it guessed 1% for a CASE expression)."""
    if band == PriceBand.NEGOTIABLE:
        return Q(price_min__isnull=True, price_max__isnull=True)
    bounds = dict(PRICE_BAND_BOUNDS)
    higher = [bound for bound in bounds.values() if bound > bounds[band]]

    def within(field: str) -> Q:
        q = Q(**{f"{field}__gte": bounds[band]})
        return q & Q(**{f"{field}__lt": min(higher)}) if higher else q

    return within("price_min") | (Q(price_min__isnull=True) & within("price_max"))


class Sort(django_filters.ChoiceFilter):  # type: ignore[misc]  # django-filter ships no types
    """Not a filter: ListingFilter.results orders the result window by it."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs


class ListingFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """Search text, facets (side, kind, segment, theme, province, certification, price band) and details."""

    q = django_filters.CharFilter(method="filter_text", label=_("Search"), max_length=200)
    side = django_filters.ChoiceFilter(choices=Side.choices)
    kind = multiple(choices=Kind.choices)
    segment = multiple(choices=Segment.choices)
    theme = multiple(field_name="enterprise__theme", choices=Theme.choices, label=_("theme"))
    province = multiple(choices=province_choices, label=_("province"))
    region = django_filters.CharFilter(method="filter_region", label=_("region (province or city code)"))
    certification = django_filters.CharFilter(method="filter_certification", label=_("certification"))
    price_band = multiple(choices=PriceBand.choices, method="filter_price_band", label=_("price band"))
    price_min = number(method="filter_price_min", label=_("price from (CNY)"))
    price_max = number(method="filter_price_max", label=_("price up to (CNY)"))
    category = django_filters.CharFilter(lookup_expr="icontains")
    enterprise = number(field_name="enterprise_id")
    status = django_filters.ChoiceFilter(choices=Listing.Status.choices)
    tech_trl_min = number(field_name="tech_trl", lookup_expr="gte", label=_("TRL at least"))
    tech_transfer_mode = django_filters.ChoiceFilter(choices=TransferMode.choices)
    talent_skill = django_filters.CharFilter(field_name="talent_skills", lookup_expr="icontains")
    talent_headcount_min = number(field_name="talent_headcount", lookup_expr="gte")
    funding_instrument = django_filters.ChoiceFilter(choices=Instrument.choices)
    funding_amount_min = number(field_name="funding_amount", lookup_expr="gte")
    funding_amount_max = number(field_name="funding_amount", lookup_expr="lte")
    funding_term_max = number(field_name="funding_term_months", lookup_expr="lte")
    sort = Sort(
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("price", _("Price, lowest first")),
            ("-price", _("Price, highest first")),
        ],
        label=_("sort"),
    )

    class Meta:
        model = Listing
        fields: list[str] = []

    # Filters a saved search keeps (everything but the sort order).
    SAVED_FIELDS = (
        "q", "side", "kind", "segment", "theme", "province", "region", "certification", "price_band",
        "price_min", "price_max", "category", "tech_trl_min", "tech_transfer_mode", "talent_skill",
        "talent_headcount_min", "funding_instrument", "funding_amount_min", "funding_amount_max",
        "funding_term_max",
    )  # fmt: skip

    def filter_text(self, qs: QuerySet[Listing], name: str, value: str) -> QuerySet[Listing]:
        terms = query_terms(value)
        return matching(qs, terms) if terms else qs

    def filter_region(self, qs: QuerySet[Listing], name: str, value: str) -> QuerySet[Listing]:
        return qs.filter(Q(region_id=value) | Q(province_id=value))

    def filter_certification(self, qs: QuerySet[Listing], name: str, value: str) -> QuerySet[Listing]:
        return qs.filter(certifications__standard__iexact=value.strip())

    def filter_price_band(self, qs: QuerySet[Listing], name: str, value: list[str]) -> QuerySet[Listing]:
        wanted = Q()
        for band in value:
            wanted |= price_band_q(band)
        return qs.filter(wanted) if value else qs

    def filter_price_min(self, qs: QuerySet[Listing], name: str, value: Any) -> QuerySet[Listing]:
        # The listing's range reaches up to the wanted minimum.
        return qs.filter(Q(price_max__gte=value) | Q(price_max__isnull=True, price_min__gte=value))

    def filter_price_max(self, qs: QuerySet[Listing], name: str, value: Any) -> QuerySet[Listing]:
        return qs.filter(price_min__lte=value)

    def results(self) -> list[int]:
        """The ids of the result window (listings.search.results) in the order asked for.

        `qs` holds every match, unordered: facets count it and saved searches test it.
        """
        sort, terms = self.effective_sort(), self._terms()
        relevance = rank(terms) if sort == "relevance" else None
        return result_window(self.qs, result_limit() + 1, sort, bool(terms), relevance)

    def effective_sort(self) -> str:
        """The order asked for; relevance (with words to rank by) or newest when none was asked."""
        sort: str = self._cleaned().get("sort") or "relevance"
        return "newest" if sort == "relevance" and not self._terms() else sort

    def _terms(self) -> list[Term]:
        return query_terms(self._cleaned().get("q") or "")

    def _cleaned(self) -> dict[str, Any]:
        """The valid parameters (invalid ones are left out); none when nothing was asked."""
        if not self.is_bound:
            return {}
        self.form.is_valid()  # cleans the form once; invalid values stay out of cleaned_data
        cleaned: dict[str, Any] = self.form.cleaned_data
        return cleaned
