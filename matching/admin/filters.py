"""The review queue's filters in the Django admin: review state (the queue by default), segment, kind,
province, score band and age band. Segment, kind and province mean what they mean in the API
(`matching.filters`)."""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.taxonomy import Segment
from listings.choices import Kind
from listings.filters import province_choices
from matching.filters import province_q, segment_q
from matching.models import Match
from matching.selectors import AWAITING_REVIEW

PENDING, ALL = "pending", "all"


class ReviewFilter(admin.SimpleListFilter):
    """The queue (proposed and not stale) unless another state is chosen: the admin opens on the work."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            (PENDING, _("Awaiting review")),
            (Match.Status.APPROVED, _("Approved")),
            (Match.Status.REJECTED, _("Rejected")),
            (ALL, _("All")),
        ]

    def choices(self, changelist: Any) -> Iterator[Any]:
        current = self.value() or PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Match]) -> QuerySet[Match]:
        value = self.value() or PENDING
        if value == PENDING:
            return queryset.filter(AWAITING_REVIEW)
        if value in (Match.Status.APPROVED, Match.Status.REJECTED):
            return queryset.filter(status=value)
        return queryset


class _ChoiceFilter(admin.SimpleListFilter, ABC):
    """A filter over fixed choices, each turned into a condition by `condition` (subclasses say both)."""

    @abstractmethod
    def choice_list(self) -> list[tuple[str, Any]]: ...

    @abstractmethod
    def condition(self, value: str) -> Q: ...

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return self.choice_list()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Match]) -> QuerySet[Match]:
        value = self.value()
        if value and value in dict(self.choice_list()):
            return queryset.filter(self.condition(value))
        return queryset


class SegmentFilter(_ChoiceFilter):
    title = _("industry segment (demand)")
    parameter_name = "segment"

    def choice_list(self) -> list[tuple[str, Any]]:
        return list(Segment.choices)

    def condition(self, value: str) -> Q:
        return segment_q(value)


class KindFilter(_ChoiceFilter):
    title = _("kind")
    parameter_name = "kind"

    def choice_list(self) -> list[tuple[str, Any]]:
        return list(Kind.choices)

    def condition(self, value: str) -> Q:
        return Q(demand__kind=value)


class ProvinceFilter(_ChoiceFilter):
    title = _("province (either listing)")
    parameter_name = "province"

    def choice_list(self) -> list[tuple[str, Any]]:
        return province_choices()

    def condition(self, value: str) -> Q:
        return province_q(value)


# Score bands: (value, label, lowest score, highest score exclusive).
SCORE_BANDS: tuple[tuple[str, Any, float, float | None], ...] = (
    ("90", _("0.90 and above"), 0.9, None),
    ("80", _("0.80 – 0.90"), 0.8, 0.9),
    ("60", _("0.60 – 0.80"), 0.6, 0.8),
    ("0", _("below 0.60"), 0.0, 0.6),
)


class ScoreBandFilter(_ChoiceFilter):
    title = _("score")
    parameter_name = "score_band"

    def choice_list(self) -> list[tuple[str, Any]]:
        return [(value, label) for value, label, _low, _high in SCORE_BANDS]

    def condition(self, value: str) -> Q:
        _value, _label, low, high = next(band for band in SCORE_BANDS if band[0] == value)
        q = Q(score__gte=low)
        return q & Q(score__lt=high) if high is not None else q


# Age bands, by when the engine first proposed the match: (value, label, youngest, oldest exclusive).
AGE_BANDS: tuple[tuple[str, Any, int, int | None], ...] = (
    ("1", _("less than a day"), 0, 1),
    ("3", _("1 – 3 days"), 1, 3),
    ("7", _("3 – 7 days"), 3, 7),
    ("old", _("more than 7 days"), 7, None),
)


class AgeBandFilter(_ChoiceFilter):
    title = _("age")
    parameter_name = "age"

    def choice_list(self) -> list[tuple[str, Any]]:
        return [(value, label) for value, label, _young, _old in AGE_BANDS]

    def condition(self, value: str) -> Q:
        _value, _label, young, old = next(band for band in AGE_BANDS if band[0] == value)
        now = timezone.now()
        q = Q(created_at__lte=now - datetime.timedelta(days=young))
        return q & Q(created_at__gt=now - datetime.timedelta(days=old)) if old is not None else q
