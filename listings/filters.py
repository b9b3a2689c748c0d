"""The catalogue's filters: one FilterSet behind the page, the API, facets and saved searches."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import django_filters
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Region
from accounts.taxonomy import Segment, Theme
from listings.choices import PRICE_BAND_BOUNDS, Instrument, Kind, PriceBand, Side, TransferMode
from listings.models import Listing
from listings.search.backends import matching, rank
from listings.search.results import result_limit
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


def price_band_expression() -> Case:
    """The band of a listing's lowest stated price; listings without a price are 'negotiable'."""
    whens = [
        When(
            Q(price_min__gte=bound) | Q(price_min__isnull=True, price_max__gte=bound),
            then=Value(str(band)),
        )
        for band, bound in reversed(PRICE_BAND_BOUNDS)
    ]
    return Case(*whens, default=Value(str(PriceBand.NEGOTIABLE)), output_field=CharField())


class Sort(django_filters.ChoiceFilter):  # type: ignore[misc]  # django-filter ships no types
    """Applied last by ListingFilter.filter_queryset, after the search has ranked the results."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs


# Listings without a price ("negotiable") come last either way, on every database.
SORTS: dict[str, tuple[Any, ...]] = {
    "relevance": ("-rank", "-published_at", "-id"),
    "newest": ("-published_at", "-id"),
    "price": (Coalesce("price_min", "price_max").asc(nulls_last=True), "-published_at", "-id"),
    "-price": (Coalesce("price_max", "price_min").desc(nulls_last=True), "-published_at", "-id"),
}


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
        return qs.alias(price_band=price_band_expression()).filter(price_band__in=value) if value else qs

    def filter_price_min(self, qs: QuerySet[Listing], name: str, value: Any) -> QuerySet[Listing]:
        # The listing's range reaches up to the wanted minimum.
        return qs.filter(Q(price_max__gte=value) | Q(price_max__isnull=True, price_min__gte=value))

    def filter_price_max(self, qs: QuerySet[Listing], name: str, value: Any) -> QuerySet[Listing]:
        return qs.filter(price_min__lte=value)

    def filter_queryset(self, queryset: QuerySet[Listing]) -> QuerySet[Listing]:
        qs: QuerySet[Listing] = super().filter_queryset(queryset)
        terms = self._terms()
        sort = self.effective_sort()
        if sort == "relevance":
            # Rank the newest matches that fit in the result window, not every match: a broad word
            # (电池 matches a third of the catalogue) would otherwise rank most of the table per page.
            # NULLS LAST also keeps the planner off the published_at index: walking it and testing
            # each row's tsvector was ten times slower than a GIN bitmap for words in a few percent.
            newest = (F("published_at").desc(nulls_last=True), "-id")
            window = qs.order_by(*newest).values("pk")[: result_limit() + 1]
            qs = queryset.filter(pk__in=window).annotate(rank=rank(terms))
        return qs.order_by(*SORTS[sort])

    def effective_sort(self) -> str:
        """The order asked for; relevance (with words to rank by) or newest when none was asked."""
        sort: str = self.form.cleaned_data.get("sort") or "relevance"
        return "newest" if sort == "relevance" and not self._terms() else sort

    def _terms(self) -> list[Term]:
        return query_terms(self.form.cleaned_data.get("q") or "")
