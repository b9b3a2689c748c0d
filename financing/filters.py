"""The financing offers catalogue: which offers are shown, and the filters an enterprise narrows them by.

An offer is a published funding supply listing of a verified financial institution, still within its
validity date (`offers_catalogue`). One FilterSet serves the page and the API. The amount and term
filters read "what I need": an offer qualifies when the need lies within its range; an offer that states
one amount or term lends up to it (the meaning such offers had before they stated ranges, and the one
`matching.features.offer_range` gives them). Eligibility lists hold codes between commas, and an
empty list means "everyone", so each eligibility filter is "empty or contains ,code,".
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise
from accounts.services import membership_of
from accounts.taxonomy import Segment, Theme
from listings.choices import Instrument, Kind, Side
from listings.filters import multiple, number, province_choices
from listings.models import Listing
from listings.selectors import listing_catalogue

SORTS = (
    ("newest", _("Newest")),
    ("rate", _("Lowest rate first")),
    ("decision", _("Fastest decision first")),
    ("amount", _("Largest amount first")),
)
ORDERINGS: dict[str, list[Any]] = {
    "newest": [F("published_at").desc(nulls_last=True), "-id"],
    "rate": [F("funding_rate_min").asc(nulls_last=True), "-published_at", "-id"],
    "decision": [F("funding_decision_days").asc(nulls_last=True), "-published_at", "-id"],
    "amount": [F("amount_top").desc(nulls_last=True), "-published_at", "-id"],
}


def offers_catalogue() -> QuerySet[Listing]:
    """Published financing offers of verified financial institutions, with what a card shows."""
    return listing_catalogue().filter(
        kind=Kind.FUNDING,
        side=Side.SUPPLY,
        enterprise__status=Enterprise.Status.VERIFIED,
        enterprise__theme=Theme.FINANCIAL_INSTITUTION,
    )


def open_to(field: str, code: str) -> Q:
    """Offers whose eligibility list `field` is empty (everyone) or names `code`."""
    return Q(**{field: ""}) | Q(**{f"{field}__contains": f",{code},"})


def eligible_for(enterprise: Enterprise) -> Q:
    """Offers the enterprise may apply for: its theme, one of its segments and its province are eligible."""
    segments = Q(funding_eligible_segments="")
    for code in enterprise.segment_codes:
        segments |= Q(funding_eligible_segments__contains=f",{code},")
    return (
        open_to("funding_eligible_themes", enterprise.theme)
        & segments
        & open_to("funding_eligible_provinces", enterprise.region.province_code)
    )


class OfferFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """Instrument, the amount and term needed, eligibility (for my enterprise, or a segment or province),
    the institution, and the order."""

    instrument = multiple(
        field_name="funding_instrument",
        choices=Instrument.choices,
        label=_("Instrument"),
        widget=forms.CheckboxSelectMultiple,
    )
    amount = number(
        method="filter_amount",
        label=_("Amount I need (CNY)"),
        widget=forms.NumberInput(attrs={"min": "0", "step": "any", "placeholder": "3000000"}),
    )
    term = django_filters.NumberFilter(
        method="filter_term",
        min_value=1,
        max_value=360,
        label=_("Term I need (months)"),
        widget=forms.NumberInput(attrs={"min": "1", "max": "360", "placeholder": "12"}),
    )
    # A checkbox: `eligible=true` (or "on" from the page) applies it; absent or false leaves it off.
    eligible = django_filters.BooleanFilter(
        method="filter_eligible",
        label=_("Only offers my enterprise is eligible for"),
        widget=forms.CheckboxInput,
    )
    segment = django_filters.ChoiceFilter(
        choices=Segment.choices,
        method="filter_segment",
        label=_("Open to the industry segment"),
        empty_label=_("Any segment"),
    )
    province = django_filters.ChoiceFilter(
        choices=province_choices,
        method="filter_province",
        label=_("Open to enterprises in the province"),
        empty_label=_("Any province"),
    )
    institution = number(
        field_name="enterprise_id", label=_("Financial institution (enterprise id)"), widget=forms.HiddenInput
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="filter_sort", label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Listing
        fields: list[str] = []

    def filter_amount(self, qs: QuerySet[Listing], name: str, value: Any) -> QuerySet[Listing]:
        return qs.filter(
            Q(funding_amount__lte=value, funding_amount_max__gte=value)
            | Q(funding_amount_max__isnull=True, funding_amount__gte=value)
        )

    def filter_term(self, qs: QuerySet[Listing], name: str, value: Any) -> QuerySet[Listing]:
        return qs.filter(
            Q(funding_term_months__lte=value, funding_term_max_months__gte=value)
            | Q(funding_term_max_months__isnull=True, funding_term_months__gte=value)
        )

    def filter_eligible(self, qs: QuerySet[Listing], name: str, value: bool | None) -> QuerySet[Listing]:
        if not value:
            return qs
        enterprise = self.enterprise()
        # Without an enterprise there is nothing to be eligible as: the filter does not apply.
        return qs.filter(eligible_for(enterprise)) if enterprise is not None else qs

    def filter_segment(self, qs: QuerySet[Listing], name: str, value: str) -> QuerySet[Listing]:
        return qs.filter(open_to("funding_eligible_segments", value)) if value else qs

    def filter_province(self, qs: QuerySet[Listing], name: str, value: str) -> QuerySet[Listing]:
        return qs.filter(open_to("funding_eligible_provinces", value)) if value else qs

    def filter_sort(self, qs: QuerySet[Listing], name: str, value: str) -> QuerySet[Listing]:
        return qs  # `qs` below orders by it, also when no sort is given

    @property
    def qs(self) -> QuerySet[Listing]:
        queryset: QuerySet[Listing] = super().qs
        # Bound, `super().qs` has cleaned the form; a sort it refused falls back to the newest first.
        sort = (self.form.cleaned_data.get("sort") if self.is_bound else "") or "newest"
        if sort == "amount":
            queryset = queryset.annotate(amount_top=Coalesce("funding_amount_max", "funding_amount"))
        return queryset.order_by(*ORDERINGS[sort])

    def enterprise(self) -> Enterprise | None:
        """The enterprise of the member asking, with its segments, or None for anyone else."""
        membership = membership_of(getattr(self.request, "user", None))
        if membership is None:
            return None
        return (
            Enterprise.objects.prefetch_related("segment_links")
            .select_related("region")
            .get(pk=membership.enterprise_id)
        )
