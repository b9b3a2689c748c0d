"""How a financing offer reads in the API: the institution, the product terms, how to apply.

An offer is a funding supply listing; the listings API serves it whole (`/listings/{id}/`). This is the
catalogue's reading of it, with the terms under plain names (`amount_min`, not `funding_amount`).
"""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from accounts.models import Enterprise
from listings.choices import FinancingDocument, Instrument
from listings.models import Listing
from listings.templatetags.listing_tags import offer_summary


class InstitutionSerializer(serializers.ModelSerializer[Enterprise]):
    """The financial institution behind an offer."""

    region = serializers.CharField(source="region.display_name")
    verified = serializers.BooleanField(source="is_verified")

    class Meta:
        model = Enterprise
        fields = ["id", "name_zh", "name_en", "region", "verified"]


class OfferSerializer(serializers.ModelSerializer[Listing]):
    """A financing offer: instrument, amount and term ranges, rates, who may apply, what to upload."""

    institution = InstitutionSerializer(source="enterprise", read_only=True)
    region = serializers.CharField(source="region_id", help_text="The offer's region (GB/T 2260 code).")
    instrument = serializers.ChoiceField(source="funding_instrument", choices=Instrument.choices)
    amount_min = serializers.DecimalField(
        source="funding_amount", max_digits=16, decimal_places=2, help_text="Lowest amount (CNY)."
    )
    amount_max = serializers.DecimalField(
        source="funding_amount_max",
        max_digits=16,
        decimal_places=2,
        allow_null=True,
        help_text="Highest amount (CNY); null: the offer states one amount, `amount_min`, the most it lends.",
    )
    term_min_months = serializers.IntegerField(source="funding_term_months", help_text="Shortest term.")
    term_max_months = serializers.IntegerField(
        source="funding_term_max_months",
        allow_null=True,
        help_text="Longest term; null: the offer states one term, `term_min_months`, the longest.",
    )
    rate_min = serializers.DecimalField(
        source="funding_rate_min",
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text="Lowest annual interest rate or fee, in %.",
    )
    rate_max = serializers.DecimalField(
        source="funding_rate_max",
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text="Highest annual interest rate or fee, in %.",
    )
    eligible_themes = serializers.ListField(
        child=serializers.CharField(), help_text="Enterprise themes that may apply; empty: every theme."
    )
    eligible_segments = serializers.ListField(
        child=serializers.CharField(), help_text="Industry segments that may apply; empty: every segment."
    )
    eligible_provinces = serializers.ListField(
        child=serializers.CharField(), help_text="Province codes (340000) that may apply; empty: anywhere."
    )
    required_documents = serializers.ListField(
        child=serializers.ChoiceField(choices=FinancingDocument.choices),
        help_text="Documents an application must include.",
    )
    decision_days = serializers.IntegerField(
        source="funding_decision_days", allow_null=True, help_text="Typical decision time in days."
    )
    terms = serializers.SerializerMethodField(help_text="The terms in one line, in the request's language.")
    url = serializers.SerializerMethodField(help_text="The offer's page.")
    apply_url = serializers.SerializerMethodField(help_text="The page where a member applies for it.")

    class Meta:
        model = Listing
        fields = [
            "id",
            "url",
            "apply_url",
            "title",
            "description",
            "category",
            "segment",
            "region",
            "institution",
            "instrument",
            "amount_min",
            "amount_max",
            "term_min_months",
            "term_max_months",
            "rate_min",
            "rate_max",
            "eligible_themes",
            "eligible_segments",
            "eligible_provinces",
            "required_documents",
            "decision_days",
            "terms",
            "published_at",
            "valid_until",
        ]
        read_only_fields = fields

    def get_terms(self, offer: Listing) -> str:
        return offer_summary(offer)

    def get_url(self, offer: Listing) -> str:
        return reverse("listings:detail", args=[offer.pk])

    def get_apply_url(self, offer: Listing) -> str:
        return apply_url(offer)


def apply_url(offer: Listing) -> str:
    """`/financing/apply/?offer=<id>`: the application form, filled in for this offer."""
    return f"{reverse('financing:apply')}?offer={offer.pk}"
