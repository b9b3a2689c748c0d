"""API serializers of licence and talent requests: a request as its two parties read it, the request
forms (one per kind, for their different modes) and the actions' bodies.

`status`, the decision and the agreed terms are read-only: they change through the `accept`, `decline`
and `withdraw` actions, which call the services.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Enterprise
from listings.choices import TransferMode
from listings.models import Listing
from matching.models import Match
from orders.models import EngagementMode, LicenceRequest, LicenceRequestEvent
from orders.services.licences import MAX_TERM_MONTHS, licence_request_actions

# Listings one may name in a request: those that were public at some point (a clear 409 then says why
# a closed or expired one takes no requests); drafts and listings under review stay unknown.
REQUESTABLE_LOOKUP = Listing.objects.filter(
    status__in=[Listing.Status.PUBLISHED, Listing.Status.CLOSED, Listing.Status.EXPIRED]
)


def mode_label(request: LicenceRequest) -> str:
    """The label of the request's mode in the reader's language (the raw value if it is unknown)."""
    modes = LicenceRequest.MODES[LicenceRequest.Kind(request.kind)]
    return str(modes(request.mode).label) if request.mode in modes.values else request.mode


class LicenceRequestPartySerializer(serializers.ModelSerializer[Enterprise]):
    """The requester or the holder of a request."""

    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name"]
        read_only_fields = fields


class LicenceRequestEventSerializer(serializers.ModelSerializer[LicenceRequestEvent]):
    """One step of a request's timeline."""

    # Plain text, not an enum: its values are the request's statuses, and one choice set under two
    # names makes the schema ambiguous.
    action = serializers.CharField(read_only=True, help_text="requested, accepted, declined or withdrawn.")
    actor = serializers.CharField(source="actor.__str__", read_only=True, default="")
    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = LicenceRequestEvent
        fields = ["action", "action_display", "from_status", "to_status", "note", "actor", "created_at"]
        read_only_fields = fields


class LicenceRequestSerializer(serializers.ModelSerializer[LicenceRequest]):
    """A licence or talent request: the listing, the two sides, the proposed terms, the answer, the
    agreed terms and the timeline."""

    listing_title = serializers.CharField(source="listing.title", read_only=True)
    requester = LicenceRequestPartySerializer(read_only=True)
    holder = LicenceRequestPartySerializer(read_only=True)
    mode = serializers.CharField(
        read_only=True,
        help_text="A transfer mode (licence requests) or an engagement mode (talent requests).",
    )
    mode_display = serializers.SerializerMethodField()
    your_side = serializers.SerializerMethodField(help_text="requester, holder, or '' for staff.")
    actions = serializers.SerializerMethodField(help_text="The actions your enterprise may take now.")
    events = LicenceRequestEventSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="The request's page.")

    class Meta:
        model = LicenceRequest
        fields = [
            "id",
            "kind",
            "listing",
            "listing_title",
            "requester",
            "holder",
            "your_side",
            "match",
            "mode",
            "mode_display",
            "proposed_fee",
            "field_of_use",
            "term_months",
            "headcount",
            "start_date",
            "message",
            "status",
            "decided_at",
            "decline_reason",
            "agreed_fee",
            "agreed_field_of_use",
            "agreed_term_months",
            "agreed_terms",
            "created_at",
            "updated_at",
            "actions",
            "events",
            "url",
        ]
        read_only_fields = fields

    def _enterprise_id(self) -> int | None:
        enterprise_id: int | None = self.context.get("enterprise_id")
        return enterprise_id

    def get_mode_display(self, request: LicenceRequest) -> str:
        return mode_label(request)

    def get_your_side(self, request: LicenceRequest) -> str:
        enterprise_id = self._enterprise_id()
        if enterprise_id is not None and enterprise_id == request.requester_id:
            return "requester"
        if enterprise_id is not None and enterprise_id == request.holder_id:
            return "holder"
        return ""

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, request: LicenceRequest) -> list[str]:
        return licence_request_actions(request, self._enterprise_id())

    def get_url(self, request: LicenceRequest) -> str:
        return reverse("orders:licence_detail", args=[request.pk])


class _RequestCreateSerializer(serializers.Serializer[Any]):
    """The fields both kinds of request share."""

    listing = serializers.PrimaryKeyRelatedField(queryset=REQUESTABLE_LOOKUP)
    proposed_fee = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True, help_text="CNY; not negative."
    )
    field_of_use = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    term_months = serializers.IntegerField(
        required=False, allow_null=True, help_text=f"1 to {MAX_TERM_MONTHS} months."
    )
    start_date = serializers.DateField(required=False, allow_null=True, help_text="Today or later.")
    message = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    match = serializers.PrimaryKeyRelatedField(
        queryset=Match.objects.select_related("supply", "demand"),
        required=False,
        allow_null=True,
        help_text="The approved match this request comes from; its funnel moves to quoted.",
    )


class LicenceRequestCreateSerializer(_RequestCreateSerializer):
    """A request for a licence or transfer of a published technology supply listing."""

    mode = serializers.ChoiceField(choices=TransferMode.choices)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Say so rather than drop it: a client sending a headcount has the wrong endpoint in mind.
        if self.initial_data.get("headcount") not in (None, ""):
            raise serializers.ValidationError(
                {"headcount": [_("A headcount is given only for talent engagements.")]}
            )
        return attrs


class TalentRequestCreateSerializer(_RequestCreateSerializer):
    """A request to engage people offered on a published talent supply listing."""

    mode = serializers.ChoiceField(choices=EngagementMode.choices)
    headcount = serializers.IntegerField(required=False, allow_null=True, help_text="How many people.")


class LicenceRequestAcceptSerializer(serializers.Serializer[Any]):
    """The terms the holder agrees to; an empty value keeps the proposed one."""

    agreed_fee = serializers.DecimalField(max_digits=18, decimal_places=2, required=False, allow_null=True)
    agreed_field_of_use = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    agreed_term_months = serializers.IntegerField(required=False, allow_null=True)
    agreed_terms = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class LicenceRequestDeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class LicenceRequestWithdrawSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
