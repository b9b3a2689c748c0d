"""API serializers of requests for quotes and quotes: how the parties read them, and the actions' bodies.

Everything a reader gets is read-only: `status` and the revision, reprice and decision times change only
through the POST actions, which call `orders.services.quotes`. Input serializers check types and
precision; the services check the business rules and answer with field errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from listings.models import Listing
from matching.models import Match
from orders.models import Quote, QuoteAttachment, QuoteRequest
from orders.quote_selectors import QuoteRow
from orders.services import quotes as services


def _enterprise_id(context: Mapping[str, Any]) -> int | None:
    enterprise_id: int | None = context.get("enterprise_id")
    return enterprise_id


class EnterpriseRefSerializer(serializers.Serializer[Any]):
    """An enterprise by id and display name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class QuoteListingSerializer(serializers.ModelSerializer[Listing]):
    """The demand a request is about, as a compact card."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = ["id", "title", "kind", "quantity", "unit", "deadline", "status", "url"]
        read_only_fields = fields

    def get_url(self, listing: Listing) -> str:
        return reverse("listings:detail", args=[listing.pk])


# ---------------------------------------------------------------------------------------------------
# Requests for quotes


class QuoteRequestSerializer(serializers.ModelSerializer[QuoteRequest]):
    """A demand open (or once open) for quotes, as the buyer, a supplier or staff reads it."""

    listing = QuoteListingSerializer(read_only=True)
    buyer = EnterpriseRefSerializer(read_only=True)
    accepting_quotes = serializers.BooleanField(read_only=True)
    quote_count = serializers.IntegerField(
        read_only=True, help_text="Active quotes (submitted or shortlisted)."
    )
    actions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = QuoteRequest
        fields = [
            "id",
            "listing",
            "buyer",
            "deadline",
            "max_quotes",
            "instructions",
            "status",
            "accepting_quotes",
            "quote_count",
            "closed_at",
            "created_at",
            "updated_at",
            "actions",
            "url",
        ]
        read_only_fields = fields

    def get_actions(self, rfq: QuoteRequest) -> list[str]:
        return services.quote_request_actions(rfq, _enterprise_id(self.context))

    def get_url(self, rfq: QuoteRequest) -> str:
        return reverse("orders:rfq_detail", args=[rfq.pk])


class QuoteRequestOpenSerializer(serializers.Serializer[Any]):
    """Open a published product or technology demand of your enterprise for quotes."""

    listing = serializers.PrimaryKeyRelatedField(queryset=Listing.objects.all())
    deadline = serializers.DateTimeField(help_text="In the future, at most 180 days ahead.")
    max_quotes = serializers.IntegerField(min_value=1, max_value=services.MAX_QUOTES, default=10)
    instructions = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class QuoteReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class QuoteRowSerializer(serializers.Serializer[QuoteRow]):
    """One quote in the buyer's side-by-side comparison."""

    id = serializers.IntegerField(source="quote.pk")
    supplier_id = serializers.IntegerField()
    supplier = serializers.CharField()
    region = serializers.CharField()
    unit_price = serializers.DecimalField(max_digits=18, decimal_places=2)
    previous_unit_price = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    total = serializers.DecimalField(max_digits=18, decimal_places=2)
    lead_time_days = serializers.IntegerField()
    valid_until = serializers.DateField()
    validity_passed = serializers.BooleanField()
    certifications = serializers.ListField(
        child=serializers.CharField(), help_text="The supplier's certifications that have not expired."
    )
    match_score = serializers.FloatField(
        allow_null=True, help_text="Best match score of the demand with a supply of this supplier."
    )
    status = serializers.ChoiceField(choices=Quote.Status.choices)
    status_label = serializers.CharField()
    revised = serializers.BooleanField()
    repriced = serializers.BooleanField()
    reprice_requested = serializers.BooleanField()
    attachments = serializers.IntegerField(help_text="Number of files attached.")
    cheapest = serializers.BooleanField(help_text="Lowest total among the active quotes.")
    fastest = serializers.BooleanField(help_text="Shortest lead time among the active quotes.")
    actions = serializers.SerializerMethodField()

    def get_actions(self, row: QuoteRow) -> list[str]:
        return services.quote_actions(row.quote, _enterprise_id(self.context))


# ---------------------------------------------------------------------------------------------------
# Quotes


class QuoteAttachmentSerializer(serializers.ModelSerializer[QuoteAttachment]):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = QuoteAttachment
        fields = ["id", "name", "content_type", "size", "created_at", "url"]
        read_only_fields = fields

    def get_url(self, attachment: QuoteAttachment) -> str:
        return reverse("quote-attachment-download", args=[attachment.quote_id, attachment.pk])


class QuoteSerializer(serializers.ModelSerializer[Quote]):
    """A supplier's quote as its two parties (and staff) read it."""

    request: serializers.PrimaryKeyRelatedField[QuoteRequest] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    listing = QuoteListingSerializer(source="request.listing", read_only=True)
    buyer = EnterpriseRefSerializer(source="request.buyer", read_only=True)
    supplier = EnterpriseRefSerializer(read_only=True)
    match: serializers.PrimaryKeyRelatedField[Match] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    order = serializers.SerializerMethodField(help_text="The order an awarded quote became.")
    attachments = QuoteAttachmentSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Quote
        fields = [
            "id",
            "request",
            "listing",
            "buyer",
            "supplier",
            "match",
            "unit_price",
            "quantity",
            "total",
            "lead_time_days",
            "valid_until",
            "terms",
            "status",
            "revised_at",
            "reprice_requested_at",
            "reprice_note",
            "repriced_at",
            "previous_unit_price",
            "decided_at",
            "order",
            "attachments",
            "created_at",
            "updated_at",
            "actions",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_order(self, quote: Quote) -> int | None:
        order = getattr(quote, "order", None) if quote.status == Quote.Status.AWARDED else None
        return order.pk if order is not None else None

    def get_actions(self, quote: Quote) -> list[str]:
        return services.quote_actions(quote, _enterprise_id(self.context))

    def get_url(self, quote: Quote) -> str:
        return reverse("orders:quote_detail", args=[quote.pk])


class QuoteTermsSerializer(serializers.Serializer[Any]):
    """The terms of a quote; the service checks signs, dates and the total."""

    unit_price = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text="CNY, at most 2 decimals."
    )
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    lead_time_days = serializers.IntegerField(help_text="0 to 3650.")
    valid_until = serializers.DateField(help_text="Today or later.")
    terms = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class QuoteSubmitSerializer(QuoteTermsSerializer):
    """Quote on a request that is open for quotes (once per enterprise)."""

    request = serializers.IntegerField(help_text="The request for quotes (id).")
    match = serializers.PrimaryKeyRelatedField(
        queryset=Match.objects.all(),
        required=False,
        allow_null=True,
        help_text="The approved match this quote comes from, if any.",
    )


class QuoteReviseSerializer(serializers.Serializer[Any]):
    """The one revision: only the fields that change."""

    unit_price = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, required=False)
    lead_time_days = serializers.IntegerField(required=False)
    valid_until = serializers.DateField(required=False)
    terms = serializers.CharField(max_length=4000, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Give at least one field to revise."))
        return attrs


class RepriceSerializer(serializers.Serializer[Any]):
    unit_price = serializers.DecimalField(max_digits=18, decimal_places=2)


class RepriceRequestSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="What the buyer would like."
    )


class AwardSerializer(serializers.Serializer[Any]):
    delivery_address = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Empty: the buyer's address.",
    )


class AwardResultSerializer(serializers.Serializer[Any]):
    order = serializers.IntegerField(help_text="The accepted order the award created.")
    order_url = serializers.CharField()
    quote = QuoteSerializer()


class QuoteAttachmentUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="PDF, PNG, JPEG or WebP, checked by content.")
