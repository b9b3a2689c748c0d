"""API serializers of matches: a match as staff and its two enterprises read it, and the actions' bodies.

Only staff and the enterprises of a match ever read it (the selectors scope every list), so the review
note is shown to every reader. `status` and the funnel times are read-only: they change through the
`approve`, `reject` and `contact` actions, which call the services.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from listings.models import Listing
from matching.models import Match
from matching.reasons import Reason, match_reasons


class MatchListingSerializer(serializers.ModelSerializer[Listing]):
    """One side of a match as a compact card."""

    enterprise_id = serializers.IntegerField(read_only=True)
    enterprise = serializers.CharField(source="enterprise.display_name", read_only=True)
    region = serializers.CharField(source="region.display_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = ["id", "title", "side", "kind", "segment", "enterprise_id", "enterprise", "region", "url"]
        read_only_fields = fields

    def get_url(self, listing: Listing) -> str:
        return reverse("listings:detail", args=[listing.pk])


class ReasonSerializer(serializers.Serializer[Reason]):
    """One feature of the score and why, in the language of the request."""

    feature = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    value = serializers.FloatField()
    weight = serializers.FloatField()
    reason = serializers.CharField()
    miss = serializers.CharField(help_text="'' when met; 'mild', 'severe' or 'exclude' when missed.")


class MatchSerializer(serializers.ModelSerializer[Match]):
    """A supply and a demand listing proposed to each other, the score, its reasons, review and funnel."""

    supply = MatchListingSerializer(read_only=True)
    demand = MatchListingSerializer(read_only=True)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = Match
        fields = [
            "id",
            "score",
            "status",
            "stale",
            "algorithm_version",
            "supply",
            "demand",
            "reasons",
            "reviewed_at",
            "review_note",
            "contacted_at",
            "quoted_at",
            "ordered_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, match: Match) -> list[dict[str, Any]]:
        return [ReasonSerializer(reason).data for reason in match_reasons(match)]


class MatchNoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class MatchRejectSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000, help_text="Why the match is rejected (required).")


class ApproveAboveSerializer(serializers.Serializer[Any]):
    min_score = serializers.FloatField(min_value=0.0, max_value=1.0)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ApproveAboveResultSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="How many matches were approved.")
