"""Input and output serializers of the accounts API."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.credit_code import normalize as normalize_credit_code
from accounts.credit_code import validate_credit_code
from accounts.models import Certification, Enterprise, Invitation, Membership, Notification, Region, User
from accounts.taxonomy import Segment, Theme


class RegionSerializer(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["code", "name_zh", "name_en", "level", "parent", "lat", "lon"]


class CertificationSerializer(serializers.ModelSerializer[Certification]):
    is_expired = serializers.SerializerMethodField()

    class Meta:
        model = Certification
        fields = ["id", "standard", "number", "issuer", "valid_until", "is_expired"]
        read_only_fields = ["id", "is_expired"]

    def get_is_expired(self, obj: Certification) -> bool:
        return obj.is_expired()


class EnterpriseSerializer(serializers.ModelSerializer[Enterprise]):
    """An enterprise as the directory and the profile show it."""

    theme_label = serializers.CharField(source="get_theme_display", read_only=True)
    segments = serializers.SerializerMethodField()
    region = RegionSerializer(read_only=True)
    certifications = CertificationSerializer(many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name_zh",
            "name_en",
            "credit_code",
            "theme",
            "theme_label",
            "segments",
            "region",
            "address",
            "description",
            "website",
            "contact_name",
            "contact_phone",
            "contact_email",
            "certifications",
            "status",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Segment.choices)))
    def get_segments(self, obj: Enterprise) -> list[str]:
        return obj.segment_codes


class EnterpriseReviewSerializer(EnterpriseSerializer):
    """Adds the verification decision, for the enterprise's own members and platform staff."""

    class Meta(EnterpriseSerializer.Meta):
        fields = [*EnterpriseSerializer.Meta.fields, "reviewed_at", "review_note"]
        read_only_fields = fields


REGION_CODE = re.compile(r"\d{6}")


class RegionCodeField(serializers.SlugRelatedField[Region]):
    """A region given by its GB/T 2260 code, with a clear error for an unknown one."""

    default_error_messages = {
        "does_not_exist": _("Unknown region code “{value}”; see /api/v1/regions/."),
        "invalid": _("Give a region code such as 340100."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", queryset=Region.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Region:
        # Only what looks like a code is looked up: other text (a NUL byte, which PostgreSQL refuses in
        # any query) would fail in the database instead of answering this field's error.
        if isinstance(data, bool) or not isinstance(data, str | int) or not REGION_CODE.fullmatch(str(data)):
            self.fail("invalid")
        return super().to_internal_value(str(data))


class CreditCodeField(serializers.CharField):
    """A unified social credit code, normalised (upper case, no spaces) and checked."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=40, validators=[validate_credit_code], **kwargs)

    def to_internal_value(self, data: Any) -> str:
        return normalize_credit_code(super().to_internal_value(data))


SEGMENTS_FIELD_HELP = _("One or more segment codes.")


class ProfileFieldsMixin(serializers.Serializer[Any]):
    """The enterprise fields shared by registration and profile update."""

    name_zh = serializers.CharField(max_length=100, min_length=2)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    credit_code = CreditCodeField()
    theme = serializers.ChoiceField(choices=Theme.choices)
    segments = serializers.ListField(
        child=serializers.ChoiceField(choices=Segment.choices),
        min_length=1,
        max_length=9,
        help_text=SEGMENTS_FIELD_HELP,
    )
    region = RegionCodeField()
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    contact_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)


class RegistrationSerializer(ProfileFieldsMixin):
    """A person and their enterprise, registered together."""

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True,
        max_length=128,
        style={"input_type": "password"},
        help_text=" ".join(password_validators_help_texts()),
    )
    full_name = serializers.CharField(max_length=100)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class EnterpriseUpdateSerializer(ProfileFieldsMixin):
    """Fields an owner or administrator may change (all optional: PATCH semantics)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class VerifySerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "full_name", "role", "created_at"]
        read_only_fields = fields


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "invited_by", "expires_at", "accepted_at", "created_at"]
        read_only_fields = ["id", "status", "invited_by", "expires_at", "accepted_at", "created_at"]


class InvitationAcceptSerializer(serializers.Serializer[Any]):
    """Accept with the token from the e-mail; a new account also gives a name and a password."""

    token = serializers.CharField(max_length=100)
    full_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    password = serializers.CharField(
        max_length=128,
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        style={"input_type": "password"},
    )


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "is_read", "read_at", "created_at"]
        read_only_fields = fields


class UnreadCountSerializer(serializers.Serializer[Any]):
    unread = serializers.IntegerField()


class MarkedReadSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField()


class TokenRequestSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, style={"input_type": "password"})


class MembershipBriefSerializer(serializers.Serializer[Any]):
    enterprise_id = serializers.IntegerField()
    enterprise_name = serializers.CharField(source="enterprise.name_zh")
    enterprise_status = serializers.CharField(source="enterprise.status")
    role = serializers.CharField()


class UserSerializer(serializers.ModelSerializer[User]):
    membership = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "phone", "language", "is_staff", "membership"]
        read_only_fields = fields

    @extend_schema_field(MembershipBriefSerializer(allow_null=True))
    def get_membership(self, obj: User) -> dict[str, Any] | None:
        from accounts.services import membership_of

        membership = membership_of(obj)
        return MembershipBriefSerializer(membership).data if membership else None


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    user = UserSerializer()


class RegistrationResultSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    user = UserSerializer()
    enterprise = EnterpriseReviewSerializer()
