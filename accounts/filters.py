"""FilterSets of the accounts API."""

import django_filters

from accounts.models import Enterprise, Notification
from accounts.taxonomy import Segment, Theme


class EnterpriseFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter ships no types
    """Directory filters: theme, segment, region (a province includes its cities), status (staff)."""

    theme = django_filters.ChoiceFilter(choices=Theme.choices)
    segment = django_filters.ChoiceFilter(
        choices=Segment.choices, field_name="segment_links__segment", distinct=True
    )
    region = django_filters.CharFilter(method="filter_region", max_length=6)
    status = django_filters.ChoiceFilter(choices=Enterprise.Status.choices)

    class Meta:
        model = Enterprise
        fields = ["theme", "segment", "region", "status"]

    def filter_region(self, queryset, name, value):  # type: ignore[no-untyped-def]
        from django.db.models import Q

        return queryset.filter(Q(region_id=value) | Q(region__parent_id=value))


class NotificationFilter(django_filters.FilterSet):  # type: ignore[misc]
    """`?unread=true` lists only unread notifications."""

    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
