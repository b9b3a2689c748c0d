"""FilterSets of the matches API: the review queue's filters for staff, the same narrowing for members."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.taxonomy import Segment
from listings.choices import Kind
from matching.models import Match


def segment_q(segment: str) -> Q:
    """A match's segment is its demand's: what the buyer looks for (the supply may be filed elsewhere)."""
    return Q(demand__segment=segment)


def province_q(province: str) -> Q:
    """A match lies in a province when either listing does."""
    return Q(supply__province_id=province) | Q(demand__province_id=province)


def older_than_q(hours: float, *, now: datetime.datetime | None = None) -> Q:
    return Q(created_at__lte=(now or timezone.now()) - datetime.timedelta(hours=hours))


class MatchFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """`status`, `stale`, `segment`, `kind`, `province`, `listing`, `min_score`/`max_score`,
    `older_than_hours` (found at least that long ago; with `status=proposed`, the queue's laggards)."""

    status = django_filters.ChoiceFilter(choices=Match.Status.choices)
    stale = django_filters.BooleanFilter()
    segment = django_filters.ChoiceFilter(choices=Segment.choices, method="filter_segment")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, field_name="demand__kind")
    province = django_filters.CharFilter(method="filter_province", max_length=6, label=_("Province code"))
    listing = django_filters.NumberFilter(method="filter_listing", label=_("Listing id (either side)"))
    min_score = django_filters.NumberFilter(field_name="score", lookup_expr="gte", min_value=0, max_value=1)
    max_score = django_filters.NumberFilter(field_name="score", lookup_expr="lte", min_value=0, max_value=1)
    older_than_hours = django_filters.NumberFilter(method="filter_older_than", min_value=0, max_value=10**6)

    class Meta:
        model = Match
        fields = [
            "status",
            "stale",
            "segment",
            "kind",
            "province",
            "listing",
            "min_score",
            "max_score",
            "older_than_hours",
        ]

    def filter_segment(self, queryset: QuerySet[Match], name: str, value: str) -> QuerySet[Match]:
        return queryset.filter(segment_q(value))

    def filter_province(self, queryset: QuerySet[Match], name: str, value: str) -> QuerySet[Match]:
        return queryset.filter(province_q(value))

    @extend_schema_field(OpenApiTypes.INT)
    def filter_listing(self, queryset: QuerySet[Match], name: str, value: Any) -> QuerySet[Match]:
        return queryset.filter(Q(supply_id=value) | Q(demand_id=value))

    @extend_schema_field(OpenApiTypes.NUMBER)
    def filter_older_than(self, queryset: QuerySet[Match], name: str, value: Any) -> QuerySet[Match]:
        return queryset.filter(older_than_q(float(value)))
