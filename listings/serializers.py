"""API serializers of listings: what a listing reads as, what a client may write, actions' bodies."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Enterprise, Region
from accounts.serializers import RegionCodeField
from listings.access import hidden_fields, visible_attachments
from listings.models import Listing, ListingAttachment, SavedSearch
from listings.saved_searches import saved_search_querydict
from listings.validation import CODE_FIELDS, EDITABLE_FIELDS, CertificationInput, codes_value

# The offer's lists of codes as the API reads them: the listing's properties that split the column.
CODE_LIST_SOURCES = {
    "funding_eligible_themes": "eligible_themes",
    "funding_eligible_segments": "eligible_segments",
    "funding_eligible_provinces": "eligible_provinces",
    "funding_required_documents": "required_documents",
}
CODE_HELP = {
    "funding_eligible_themes": "Enterprise themes that may apply (codes); empty: every theme.",
    "funding_eligible_segments": "Industry segments that may apply (codes); empty: every segment.",
    "funding_eligible_provinces": "Province-level region codes (340000); empty: anywhere.",
    "funding_required_documents": "Documents an application must include (FinancingDocument codes).",
}


def code_list(name: str, *, read_only: bool) -> serializers.ListField:
    """One of a financing offer's lists (funding supply only), read or written as a list of codes;
    `listings.validation` checks each code against its table and names the field when one is unknown."""
    if read_only:
        return serializers.ListField(
            child=serializers.CharField(),
            source=CODE_LIST_SOURCES[name],
            read_only=True,
            help_text=CODE_HELP[name],
        )
    return serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=50, help_text=CODE_HELP[name]
    )


class RegionRefSerializer(serializers.ModelSerializer[Region]):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Region
        fields = ["code", "name"]


class EnterpriseCardSerializer(serializers.ModelSerializer[Enterprise]):
    """The publishing enterprise as a listing shows it."""

    region = serializers.CharField(source="region.display_name")
    verified = serializers.BooleanField(source="is_verified")

    class Meta:
        model = Enterprise
        fields = ["id", "name_zh", "name_en", "theme", "region", "verified"]


class ListingCertificationSerializer(serializers.Serializer[CertificationInput]):
    standard = serializers.CharField(max_length=100)
    mandatory = serializers.BooleanField(default=False)


class AttachmentSerializer(serializers.ModelSerializer[ListingAttachment]):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = ListingAttachment
        fields = ["id", "name", "content_type", "file_kind", "size", "confidential", "created_at", "url"]

    def get_url(self, attachment: ListingAttachment) -> str:
        return reverse("listing-attachment-download", args=[attachment.listing_id, attachment.pk])


class AttachmentUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=True)
    confidential = serializers.BooleanField(default=False)


class ListingSerializer(serializers.ModelSerializer[Listing]):
    """A listing as the catalogue, its owner and staff read it."""

    enterprise = EnterpriseCardSerializer(read_only=True)
    region = RegionRefSerializer(read_only=True)
    province = RegionRefSerializer(read_only=True)
    talent_work_region = RegionRefSerializer(read_only=True, allow_null=True)
    certifications = ListingCertificationSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()
    tech_patents = serializers.ListField(
        source="patent_numbers", child=serializers.CharField(), read_only=True
    )
    # Not read-only only so that the schema may call it optional (drf-spectacular requires every
    # read-only field): it is left out for everyone but the owner and staff. Never used for input.
    review_note = serializers.CharField(
        required=False, help_text="The moderator's note, for the owner and staff only (absent for others)."
    )
    funding_eligible_themes = code_list("funding_eligible_themes", read_only=True)
    funding_eligible_segments = code_list("funding_eligible_segments", read_only=True)
    funding_eligible_provinces = code_list("funding_eligible_provinces", read_only=True)
    funding_required_documents = code_list("funding_required_documents", read_only=True)
    url = serializers.SerializerMethodField()
    quantity_available = serializers.DecimalField(
        max_digits=14,
        decimal_places=3,
        read_only=True,
        allow_null=True,
        help_text="The quantity minus what accepted orders have committed; null when no quantity is stated.",
    )

    class Meta:
        model = Listing
        fields = [
            "id",
            "url",
            "side",
            "kind",
            "status",
            "enterprise",
            *[f for f in EDITABLE_FIELDS if f != "tech_patents"],
            "quantity_available",
            "tech_patents",
            "province",
            "certifications",
            "attachments",
            "submitted_at",
            "published_at",
            "review_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, listing: Listing) -> list[dict[str, Any]]:
        visible = visible_attachments(listing, self.reader())
        if not visible:
            return []
        # One attachment serializer for the whole page: building one per listing copied its fields each time.
        if not hasattr(self, "_attachment"):
            self._attachment = AttachmentSerializer()
        return [self._attachment.to_representation(attachment) for attachment in visible]

    def get_url(self, listing: Listing) -> str:
        return reverse("listings:detail", args=[listing.pk])

    def reader(self) -> Any:
        """The user the listing is written for (None outside a request)."""
        return getattr(self.context.get("request"), "user", None)

    def to_representation(self, instance: Listing) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in hidden_fields(instance, self.reader()):
            data.pop(name, None)
        return data


class ListingWriteSerializer(serializers.ModelSerializer[Listing]):
    """What an owner sends to create (side and kind required) or edit a listing (side and kind fixed)."""

    region = RegionCodeField()
    talent_work_region = RegionCodeField(allow_null=True, required=False)
    certifications = ListingCertificationSerializer(many=True, required=False)
    tech_patents = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=50
    )
    funding_eligible_themes = code_list("funding_eligible_themes", read_only=False)
    funding_eligible_segments = code_list("funding_eligible_segments", read_only=False)
    funding_eligible_provinces = code_list("funding_eligible_provinces", read_only=False)
    funding_required_documents = code_list("funding_required_documents", read_only=False)

    class Meta:
        model = Listing
        fields = ["side", "kind", *EDITABLE_FIELDS, "certifications"]
        extra_kwargs = {"language": {"required": False}, "valid_until": {"required": False}}

    def to_service_kwargs(self) -> dict[str, Any]:
        """The validated data as keyword arguments of `listing_create` / `listing_update`."""
        data = dict(self.validated_data)
        if "certifications" in data:
            data["certifications"] = [CertificationInput(**item) for item in data["certifications"]]
        if "tech_patents" in data:
            data["tech_patents"] = "\n".join(data["tech_patents"])
        for name in CODE_FIELDS:
            if name in data:
                # As the column stores them, so that the same codes in another order are no change; an
                # unknown code stays in the list for the service to report with the other errors.
                with contextlib.suppress(DjangoValidationError):
                    data[name] = codes_value(name, data[name])
        return data


class ListingUpdateSerializer(ListingWriteSerializer):
    class Meta(ListingWriteSerializer.Meta):
        fields = [*EDITABLE_FIELDS, "certifications"]


class NoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class FacetValueSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer[Any]):
    side = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    segment = FacetValueSerializer(many=True)
    theme = FacetValueSerializer(many=True)
    province = FacetValueSerializer(many=True)
    certification = FacetValueSerializer(many=True)
    price_band = FacetValueSerializer(many=True)


class ImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=True)
    submit = serializers.BooleanField(default=False)


class ImportResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField())


class SavedSearchSerializer(serializers.ModelSerializer[SavedSearch]):
    # The catalogue's filters by name (a JSON object): the model's JSON field would take any JSON value.
    filters = serializers.DictField(required=False)
    catalogue_url = serializers.SerializerMethodField()

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "query", "filters", "notify", "created_at", "catalogue_url"]
        read_only_fields = ["id", "created_at", "catalogue_url"]

    def get_catalogue_url(self, saved: SavedSearch) -> str:
        return f"{reverse('listings:catalogue')}?{saved_search_querydict(saved).urlencode()}"
