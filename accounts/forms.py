"""Page forms of accounts: they parse and shape input; the services decide what is allowed and write.

Business rules (unique e-mail and credit code, password strength, the verification freeze of the
identity fields) live in `accounts.services`; the forms only check what a browser could get wrong
(a missing field, two passwords that differ) so the user sees every such mistake at once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import credit_code
from accounts.models import Enterprise, Membership, Region
from accounts.taxonomy import COMMON_CERTIFICATIONS, Segment, Theme

# Anhui first: the platform is run by the Anhui provincial automotive office and most members are there.
HOME_PROVINCE = "340000"


def _zh() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def _region_label(region: Region) -> str:
    return region.name_zh if _zh() else region.name_en


def grouped_region_choices() -> list[tuple[str, Any]]:
    """Regions as <optgroup>s by province; each group starts with the province itself (selectable)."""
    regions = list(Region.objects.order_by("code"))
    cities: dict[str, list[Region]] = {}
    for region in regions:
        if region.parent_id:
            cities.setdefault(region.parent_id, []).append(region)
    provinces = sorted(
        (r for r in regions if r.parent_id is None), key=lambda r: (r.code != HOME_PROVINCE, r.code)
    )
    choices: list[tuple[str, Any]] = [("", _("Choose a region"))]
    for province in provinces:
        whole = _("%(province)s (province-wide)") % {"province": _region_label(province)}
        options = [(province.code, whole)] + [
            (c.code, _region_label(c)) for c in cities.get(province.code, [])
        ]
        choices.append((_region_label(province), options))
    return choices


def province_choices() -> list[tuple[str, Any]]:
    """Provinces only, for the directory filter."""
    provinces = Region.objects.filter(parent__isnull=True).order_by("code")
    ordered = sorted(provinces, key=lambda r: (r.code != HOME_PROVINCE, r.code))
    return [("", _("All provinces"))] + [(r.code, _region_label(r)) for r in ordered]


class RegionField(forms.ChoiceField):
    """A grouped region select whose cleaned value is the `Region` instance."""

    def __init__(self, **kwargs: Any) -> None:
        # A callable, so the choices are read (and labelled in the active language) at render time.
        super().__init__(choices=grouped_region_choices, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.pk if isinstance(value, Region) else value

    def clean(self, value: Any) -> Region | None:
        code = super().clean(value)
        if not code:
            return None
        region = Region.objects.filter(pk=code).first()
        if region is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code}
            )
        return region


def _segment_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Industry segments"),
        choices=Segment.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
        error_messages={"required": _("Choose at least one industry segment.")},
    )


def _clean_credit_code(value: str) -> str:
    """Normalise as people paste codes, then apply the GB 32100-2015 rules so the error names the field."""
    code = credit_code.normalize(value)
    credit_code.validate_credit_code(code)
    return code


class NewAccountMixin(forms.Form):
    """Name and a new password typed twice, for registration and for joining by invitation."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not entirely numeric, not a common password."),
    )
    password_confirm = forms.CharField(
        label=_("Confirm password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("password")
            and data.get("password_confirm")
            and data["password"] != data["password_confirm"]
        ):
            self.add_error("password_confirm", _("The two passwords differ."))
        return data


CREDIT_CODE_HELP = _(
    "The 18-character unified social credit code on your business licence (GB 32100-2015); "
    "the last character is a check character."
)


class EnterpriseFieldsMixin(forms.Form):
    """The enterprise profile fields shared by registration and the profile page."""

    name_zh = forms.CharField(label=_("Enterprise name (Chinese)"), max_length=100, min_length=2)
    name_en = forms.CharField(label=_("Enterprise name (English)"), max_length=200, required=False)
    region = RegionField(label=_("Region"))
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=32, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Products, capabilities, capacity, key customers: what partners should know."),
    )


class RegistrationForm(NewAccountMixin, EnterpriseFieldsMixin):
    """One form for the person who registers (and becomes the owner) and for their enterprise."""

    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=30,
        help_text=CREDIT_CODE_HELP,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    theme = forms.ChoiceField(label=_("Enterprise type"), choices=[("", _("Choose a type")), *Theme.choices])
    segments = _segment_field()

    person_fields = ("email", "full_name", "phone", "password", "password_confirm")
    field_order = [
        *person_fields,
        "name_zh",
        "name_en",
        "credit_code",
        "theme",
        "segments",
        "region",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "website",
        "description",
    ]

    def clean_credit_code(self) -> str:
        return _clean_credit_code(self.cleaned_data["credit_code"])

    def person_data(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in ("email", "full_name", "phone", "password")}

    def enterprise_data(self) -> dict[str, Any]:
        person = set(self.person_fields)
        return {f: v for f, v in self.cleaned_data.items() if f not in person}


class LoginForm(AuthenticationForm):
    """Django's form, labelled for e-mail; it passes the request to `authenticate`, as django-axes needs."""

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})


class EnterpriseProfileForm(EnterpriseFieldsMixin):
    """The profile page; the credit code and the type only while the enterprise is not verified."""

    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=30, help_text=CREDIT_CODE_HELP
    )
    theme = forms.ChoiceField(label=_("Enterprise type"), choices=Theme.choices)
    segments = _segment_field()

    field_order = ["name_zh", "name_en", "credit_code", "theme", "segments", "region", "address"]

    def __init__(self, *args: Any, enterprise: Enterprise, **kwargs: Any) -> None:
        self.enterprise = enterprise
        kwargs.setdefault(
            "initial",
            {
                **{f: getattr(enterprise, f) for f in self.base_fields if f != "segments"},
                "segments": enterprise.segment_codes,
            },
        )
        super().__init__(*args, **kwargs)
        if enterprise.is_verified:
            # What the platform office verified stays as verified (services.IDENTITY_FIELDS).
            del self.fields["credit_code"]
            del self.fields["theme"]

    def clean_credit_code(self) -> str:
        return _clean_credit_code(self.cleaned_data["credit_code"])

    def changes(self) -> tuple[dict[str, Any], list[str] | None]:
        """The fields that differ from the enterprise, and the segments when they changed (else None)."""
        changed = {
            field: value
            for field, value in self.cleaned_data.items()
            if field != "segments" and value != getattr(self.enterprise, field)
        }
        segments = list(self.cleaned_data["segments"])
        return changed, (segments if set(segments) != set(self.enterprise.segment_codes) else None)


class CertificationForm(forms.Form):
    """A certificate the enterprise holds; the standard is free text with common suggestions."""

    standard = forms.CharField(
        label=_("Standard"),
        max_length=100,
        widget=forms.TextInput(attrs={"list": "common-certifications", "placeholder": "IATF 16949"}),
    )
    number = forms.CharField(label=_("Certificate number"), max_length=100, required=False)
    issuer = forms.CharField(label=_("Issuer"), max_length=200, required=False)
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    suggestions = COMMON_CERTIFICATIONS


class InvitationForm(forms.Form):
    """Invite a colleague by e-mail as an administrator or a member."""

    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Membership.Role.MEMBER, Membership.Role.MEMBER.label),
            (Membership.Role.ADMIN, Membership.Role.ADMIN.label),
        ],
        initial=Membership.Role.MEMBER,
    )

    def __init__(self, *args: Any, can_invite_admins: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_invite_admins:
            # Only the owner invites administrators (services.invitation_create enforces it too).
            role = self.fields["role"]
            assert isinstance(role, forms.ChoiceField)  # noqa: S101 - declared above
            role.choices = [(Membership.Role.MEMBER, Membership.Role.MEMBER.label)]


class InvitationSignupForm(NewAccountMixin):
    """A new account for the invited e-mail address."""


class DirectoryFilterForm(forms.Form):
    """The directory's filters; an invalid value is reported and ignored, never an error page."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": _("Name or keyword")}),
    )
    theme = forms.ChoiceField(
        label=_("Enterprise type"), required=False, choices=[("", _("All types")), *Theme.choices]
    )
    segment = forms.ChoiceField(
        label=_("Industry segment"), required=False, choices=[("", _("All segments")), *Segment.choices]
    )
    region = forms.ChoiceField(label=_("Province"), required=False, choices=province_choices)

    def filters(self) -> dict[str, str]:
        """The valid filters only (call after `is_valid()`)."""
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}
