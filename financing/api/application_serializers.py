"""API serializers of financing applications: an application as its two parties read it (with the
applicant's profile and the order's facts for the institution), the application form, its documents,
its conversation, and the bodies of the actions.

`status`, the decision and the disbursement are read-only: they change through the POST actions
(`/financing/applications/{id}/approve/`), which call the services.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Certification, Enterprise
from financing import selectors
from financing.models import ApplicationDocument, ApplicationEvent, ApplicationMessage, FinancingApplication
from financing.services.applications import MAX_TERM, MIN_TERM, application_actions, is_open_question
from listings.choices import FinancingDocument, Kind, Side
from listings.models import Listing
from matching.models import Match
from orders.models import Order
from orders.selectors import orders_visible_to

# Offers one may name: funding supplies that were public at some point (a clear 409 then says why a
# closed or expired one takes no applications); drafts and offers under review stay unknown.
OFFER_LOOKUP = Listing.objects.filter(
    side=Side.SUPPLY,
    kind=Kind.FUNDING,
    status__in=[Listing.Status.PUBLISHED, Listing.Status.CLOSED, Listing.Status.EXPIRED],
)


# The kinds of financing as a pattern, not an enum: the schema's enum components are named after the
# field, and "kind" already names the listings' and the licence requests' choice sets. (A
# `FinancingApplicationKindEnum` entry in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] would allow an enum.)
KIND_SCHEMA = {
    "type": "string",
    "pattern": f"^({'|'.join(FinancingApplication.Kind.values)})$",
    "description": "general, order_financing or receivables_financing.",
}


@extend_schema_field(KIND_SCHEMA)
class KindField(serializers.ChoiceField):
    """general, order_financing or receivables_financing."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=FinancingApplication.Kind.choices, **kwargs)


class ApplicationPartySerializer(serializers.ModelSerializer[Enterprise]):
    """The applicant or the institution."""

    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name"]
        read_only_fields = fields


class ApplicationEventSerializer(serializers.ModelSerializer[ApplicationEvent]):
    """One step of an application's timeline."""

    # Plain text, not an enum: one choice set under two names makes the schema ambiguous.
    action = serializers.CharField(
        read_only=True,
        help_text="submitted, review_started, info_requested, info_answered, document_added, approved, "
        "declined, disbursed or withdrawn.",
    )
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    actor = serializers.CharField(source="actor.__str__", read_only=True, default="")

    class Meta:
        model = ApplicationEvent
        fields = ["action", "action_display", "from_status", "to_status", "note", "actor", "created_at"]
        read_only_fields = fields


class ApplicationDocumentSerializer(serializers.ModelSerializer[ApplicationDocument]):
    """A document of an application; `url` downloads it (the two parties and staff only)."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "kind_display", "name", "content_type", "size", "created_at", "url"]
        read_only_fields = fields

    def get_url(self, document: ApplicationDocument) -> str:
        return reverse("financing-application-document-download", args=[document.application_id, document.pk])


class ApplicantCertificationSerializer(serializers.ModelSerializer[Certification]):
    class Meta:
        model = Certification
        fields = ["standard", "number", "issuer", "valid_until"]
        read_only_fields = fields


class ApplicantProfileSerializer(serializers.ModelSerializer[Enterprise]):
    """The applicant's enterprise profile, shared with the institution by the applicant's consent."""

    name = serializers.CharField(source="display_name", read_only=True)
    theme_display = serializers.CharField(source="get_theme_display", read_only=True)
    region_name = serializers.CharField(source="region.display_name", read_only=True)
    segments = serializers.ListField(child=serializers.CharField(), source="segment_codes", read_only=True)
    certifications = ApplicantCertificationSerializer(many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "name_zh",
            "name_en",
            "credit_code",
            "theme",
            "theme_display",
            "region",
            "region_name",
            "segments",
            "certifications",
            "description",
            "address",
            "website",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        read_only_fields = fields


class OrderFactsSerializer(serializers.Serializer[selectors.OrderFacts]):
    """The facts and status of the order an order or receivables financing rests on."""

    id = serializers.IntegerField()
    listing_title = serializers.CharField()
    buyer = serializers.CharField()
    seller = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    unit = serializers.CharField()
    unit_price = serializers.DecimalField(max_digits=18, decimal_places=2)
    total = serializers.DecimalField(max_digits=18, decimal_places=2)
    status = serializers.CharField()
    status_display = serializers.CharField()
    placed_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    shipped_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)


class ApplicationSerializer(serializers.ModelSerializer[FinancingApplication]):
    """A financing application: who applies to whom, for what, and how far it has come."""

    kind = KindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    applicant = ApplicationPartySerializer(read_only=True)
    institution = ApplicationPartySerializer(read_only=True)
    offer_title = serializers.SerializerMethodField()
    your_side = serializers.SerializerMethodField(help_text="applicant, institution, or '' for staff.")
    awaiting_answer = serializers.SerializerMethodField(
        help_text="The institution asked for more information and the applicant has not answered yet."
    )
    age_days = serializers.SerializerMethodField(help_text="Whole days since submission.")
    actions = serializers.SerializerMethodField(help_text="The actions your enterprise may take now.")
    url = serializers.SerializerMethodField(help_text="The application's page.")

    class Meta:
        model = FinancingApplication
        fields = [
            "id",
            "kind",
            "kind_display",
            "applicant",
            "institution",
            "your_side",
            "offer",
            "offer_title",
            "order",
            "match",
            "amount",
            "term_months",
            "purpose",
            "consent_at",
            "status",
            "status_display",
            "info_request",
            "info_requested_at",
            "info_answered_at",
            "awaiting_answer",
            "decided_at",
            "approved_amount",
            "approved_rate",
            "approved_term_months",
            "conditions",
            "decline_reason",
            "disbursed_at",
            "disbursed_amount",
            "created_at",
            "updated_at",
            "age_days",
            "actions",
            "url",
        ]
        read_only_fields = fields

    def _enterprise_id(self) -> int | None:
        enterprise_id: int | None = self.context.get("enterprise_id")
        return enterprise_id

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_offer_title(self, application: FinancingApplication) -> str | None:
        return application.offer.title if application.offer is not None else None

    def get_your_side(self, application: FinancingApplication) -> str:
        return selectors.side_of(application, self._enterprise_id())

    def get_awaiting_answer(self, application: FinancingApplication) -> bool:
        return is_open_question(application)

    def get_age_days(self, application: FinancingApplication) -> int:
        return selectors.age_in_days(application)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, application: FinancingApplication) -> list[str]:
        return application_actions(application, self._enterprise_id())

    def get_url(self, application: FinancingApplication) -> str:
        return reverse("financing:application_detail", args=[application.pk])


class ApplicationDetailSerializer(ApplicationSerializer):
    """An application with its timeline and documents; for the institution (and staff) the applicant's
    profile, and for order-linked financing the order's facts."""

    events = ApplicationEventSerializer(many=True, read_only=True)
    documents = ApplicationDocumentSerializer(many=True, read_only=True)
    applicant_profile = serializers.SerializerMethodField(
        help_text="The applicant's profile, shared by its consent; null unless you are a party or staff."
    )
    order_facts = serializers.SerializerMethodField(help_text="The order's facts; null without an order.")

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "events",
            "documents",
            "applicant_profile",
            "order_facts",
        ]
        read_only_fields = fields

    @extend_schema_field(ApplicantProfileSerializer(allow_null=True))
    def get_applicant_profile(self, application: FinancingApplication) -> dict[str, Any] | None:
        request = self.context.get("request")
        profile = selectors.applicant_profile(application, request.user if request is not None else None)
        return ApplicantProfileSerializer(profile).data if profile is not None else None

    @extend_schema_field(OrderFactsSerializer(allow_null=True))
    def get_order_facts(self, application: FinancingApplication) -> dict[str, Any] | None:
        facts = selectors.order_facts(application)
        return OrderFactsSerializer(facts).data if facts is not None else None


# ---------------------------------------------------------------------------------------------------
# The application form


@extend_schema_field(OpenApiTypes.INT)
class VisibleOrderField(serializers.PrimaryKeyRelatedField[Order]):
    """An order of the caller's enterprise (others are unknown)."""

    def get_queryset(self) -> QuerySet[Order]:
        request = self.context.get("request")
        return orders_visible_to(request.user if request is not None else None)


class ApplicationCreateSerializer(serializers.Serializer[Any]):
    """An application as JSON: to an `offer`, or to an `institution` directly; `order` with kind
    order_financing or receivables_financing. Documents cannot travel in JSON: send the application as
    multipart/form-data when the offer asks for documents."""

    offer = serializers.PrimaryKeyRelatedField(
        queryset=OFFER_LOOKUP,
        required=False,
        allow_null=True,
        help_text="A financing offer (a published funding supply listing of a financial institution).",
    )
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(),
        required=False,
        allow_null=True,
        help_text="The verified financial institution applied to directly (without an offer).",
    )
    kind = KindField(default="general")
    order = VisibleOrderField(
        required=False,
        allow_null=True,
        help_text="For order and receivables financing: an order your enterprise sold (the evidence).",
    )
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="CNY; within the offer's range."
    )
    term_months = serializers.IntegerField(
        help_text=f"Months; within the offer's range ({MIN_TERM} to {MAX_TERM} without an offer)."
    )
    purpose = serializers.CharField(max_length=4000, help_text="What the funds are for.")
    consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Must be true: you agree to share your enterprise profile with the institution.",
    )
    match = serializers.PrimaryKeyRelatedField(
        queryset=Match.objects.select_related("supply", "demand"),
        required=False,
        allow_null=True,
        help_text="The approved match of your funding need with this offer; its funnel moves to quoted.",
    )


class ApplicationUploadSerializer(ApplicationCreateSerializer):
    """An application as multipart/form-data, with its documents: repeat `documents` (each an image or
    PDF) and `document_kinds` (the kind of each document, in the same order)."""

    documents = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        required=False,
        default=list,
        help_text="The files, checked by content (PDF, PNG, JPEG, WebP).",
    )
    document_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=FinancingDocument.choices),
        required=False,
        default=list,
        help_text="The kind of each file in `documents`, in the same order.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if len(attrs.get("documents", [])) != len(attrs.get("document_kinds", [])):
            raise serializers.ValidationError(
                {"document_kinds": [_("Give one kind for each document, in the same order.")]}
            )
        return attrs

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        files = data.pop("documents", [])
        kinds = data.pop("document_kinds", [])
        data["documents"] = [(kind, file, file.name) for kind, file in zip(kinds, files, strict=True)]
        return data


# ---------------------------------------------------------------------------------------------------
# The actions' bodies


class QuestionSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(max_length=5000, help_text="What the institution needs to know.")


class AnswerSerializer(serializers.Serializer[Any]):
    """The answer as JSON: text only."""

    answer = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class AnswerUploadSerializer(AnswerSerializer):
    """The answer as multipart/form-data: text, files (repeat `files`), or both."""

    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False), required=False, default=list
    )


class ApproveSerializer(serializers.Serializer[Any]):
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text="At most the amount applied for."
    )
    rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Annual rate or fee, 0 to 100 (%)."
    )
    term_months = serializers.IntegerField(help_text=f"{MIN_TERM} to {MAX_TERM} months.")
    conditions = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class DeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class DisburseSerializer(serializers.Serializer[Any]):
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="The amount paid out; the approved amount when left out.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class WithdrawSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DocumentUploadSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=FinancingDocument.choices)
    file = serializers.FileField(allow_empty_file=True, use_url=False, help_text="A PDF or an image.")


# ---------------------------------------------------------------------------------------------------
# The conversation


class ApplicationMessageFileSerializer(serializers.Serializer[ApplicationMessage]):
    name = serializers.CharField(source="file_name")
    content_type = serializers.CharField(source="file_content_type")
    size = serializers.IntegerField(source="file_size")
    url = serializers.SerializerMethodField()

    def get_url(self, message: ApplicationMessage) -> str:
        return reverse("financing-application-message-file", args=[message.application_id, message.pk])


class ApplicationMessageSerializer(serializers.ModelSerializer[ApplicationMessage]):
    """A message as both parties and staff read it; `mine` is true for your own enterprise's messages."""

    sender_enterprise = ApplicationPartySerializer(read_only=True)
    sender_name = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationMessage
        fields = ["id", "sender_enterprise", "sender_name", "body", "file", "mine", "created_at"]
        read_only_fields = fields

    def get_sender_name(self, message: ApplicationMessage) -> str:
        return message.sender.get_full_name() if message.sender else ""

    @extend_schema_field(ApplicationMessageFileSerializer(allow_null=True))
    def get_file(self, message: ApplicationMessage) -> dict[str, Any] | None:
        return ApplicationMessageFileSerializer(message).data if message.file else None

    def get_mine(self, message: ApplicationMessage) -> bool:
        return message.sender_enterprise_id == self.context.get("enterprise_id")


class ApplicationMessageCreateSerializer(serializers.Serializer[Any]):
    """A JSON message: text only."""

    body = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class ApplicationMessageUploadSerializer(ApplicationMessageCreateSerializer):
    """A multipart message: text, a file (image or PDF), or both."""

    file = serializers.FileField(required=False, allow_empty_file=True, use_url=False)
