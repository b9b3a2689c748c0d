"""Page forms of listings: they parse and shape input; `listings.services` decides what is valid.

The listing form is built per side and kind from the model's own fields (`fields_for_model`), so labels,
help texts, choices and limits stay in one place, and it offers only the fields that side and kind may
carry (`validation.KIND_FIELDS`, lead time for a supply, the date needed by for a demand). The cross-field
rules (price order, required details per kind, theme rules, dates) stay in the service, whose field
errors the views put under these fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.forms import RegionField
from accounts.taxonomy import COMMON_CERTIFICATIONS
from listings.choices import Kind, Side, TextLanguage
from listings.models import Listing
from listings.validation import (
    CODE_FIELDS,
    KIND_FIELDS,
    OFFER_TERM_FIELDS,
    PRICED_KINDS,
    REQUIRED_FIELDS,
    CertificationInput,
    code_choices,
    codes_value,
    split_codes,
)

# How the form is laid out: (section title, fields); a field a side or kind does not have is skipped.
SECTIONS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_("Basics"), ("title", "category", "segment", "region", "description")),
    (
        _("Price and terms"),
        (
            "price_min",
            "price_max",
            "price_negotiable",
            "quantity",
            "unit",
            "min_order_quantity",
            "lead_time_days",
            "deadline",
            "valid_until",
        ),
    ),
    (_("Technology"), KIND_FIELDS[Kind.TECHNOLOGY]),
    (_("Talent"), KIND_FIELDS[Kind.TALENT]),
    (
        _("Funding"),
        (
            "funding_instrument",
            "funding_amount",
            "funding_amount_max",
            "funding_term_months",
            "funding_term_max_months",
            "funding_rate_min",
            "funding_rate_max",
            "funding_decision_days",
        ),
    ),
    (_("Who may apply"), CODE_FIELDS),
    (_("Certifications and language"), ("certifications", "language")),
)
DATE_FIELDS = ("deadline", "valid_until")
CODE_HELP = {
    "funding_eligible_themes": _("Tick none if every type of enterprise may apply."),
    "funding_eligible_segments": _("Tick none if every industry segment may apply."),
    "funding_eligible_provinces": _("Where the applicant is registered; tick none for anywhere in China."),
    "funding_required_documents": _("What an applicant uploads with an application."),
}
# Help for an offer's terms: what the ranges mean to an applicant.
OFFER_HELP = {
    "funding_amount_max": _("Leave empty to state one amount: it is read as the most you lend."),
    "funding_term_max_months": _("Leave empty to state one term: it is read as the longest."),
    "funding_rate_min": _("Annual interest rate, or the annual fee of a lease or guarantee, in %."),
    "funding_rate_max": _("Leave empty when the rate is fixed."),
    "funding_decision_days": _("How many days you usually take to decide on an application."),
}
REGION_FIELDS = ("region", "talent_work_region")


def listing_field_label(name: str) -> str:
    """The label of a listing model field, capitalised, as forms and pages show it."""
    field = Listing._meta.get_field(name)
    return str(capfirst(getattr(field, "verbose_name", name)))


def listing_field_names(side: str, kind: str) -> list[str]:
    """The editable fields a listing of this side and kind has, in form order."""
    names = ["title", "category", "segment", "region", "description"]
    if kind in PRICED_KINDS:
        names += ["price_min", "price_max", "price_negotiable"]
    for name in KIND_FIELDS[Kind(kind)]:
        # Only a supply states a minimum order (services._check_kind_fields), and only a financing
        # offer its terms: a funding demand states the amount, term and instrument it needs.
        if name == "min_order_quantity" and side != Side.SUPPLY:
            continue
        if name in OFFER_TERM_FIELDS and side != Side.SUPPLY:
            continue
        names.append(name)
    # A supply says how soon it delivers; a demand says by when it needs the thing.
    names.append("lead_time_days" if side == Side.SUPPLY else "deadline")
    names += ["valid_until", "language"]
    return names


def certifications_text(listing: Listing) -> str:
    """The listing's certifications as the form shows them: one per line, mandatory ones with a *."""
    return "\n".join(f"{c.standard}{' *' if c.mandatory else ''}" for c in listing.certifications.all())


def parse_certifications(text: str) -> list[CertificationInput]:
    """One certification per line (or separated by ;), a trailing * marks it mandatory."""
    items = []
    for part in text.replace("；", ";").replace(";", "\n").splitlines():
        part = part.strip()
        if not part:
            continue
        mandatory = part.endswith("*")
        items.append(CertificationInput(part.rstrip("*").strip(), mandatory=mandatory))
    return items


class ListingForm(forms.Form):
    """A listing of one side and kind: the fields it has, labelled for that side."""

    def __init__(self, *args: Any, side: str, kind: str, listing: Listing | None = None, **kwargs: Any):
        self.side, self.kind, self.listing = side, kind, listing
        if listing is not None:
            kwargs.setdefault("initial", self.initial_from(listing))
        super().__init__(*args, **kwargs)
        names = listing_field_names(side, kind)
        built_here = {*REGION_FIELDS, *CODE_FIELDS, "language"}
        model_names = [n for n in names if n not in built_here]
        fields = fields_for_model(Listing, fields=model_names)
        for name in names:
            if name in CODE_FIELDS:
                self.fields[name] = forms.MultipleChoiceField(
                    label=listing_field_label(name),
                    choices=code_choices(name),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=CODE_HELP[name],
                )
            elif name in REGION_FIELDS:
                self.fields[name] = RegionField(label=listing_field_label(name), required=name == "region")
            elif name == "language":
                self.fields[name] = forms.ChoiceField(
                    label=_("Language of the text"),
                    choices=[("", _("Detect automatically")), *TextLanguage.choices],
                    required=False,
                )
            else:
                field = fields[name]
                assert field is not None  # noqa: S101 - every editable model field has a form field
                self.fields[name] = field
        self.fields["certifications"] = forms.CharField(
            label=_("Certifications held") if side == Side.SUPPLY else _("Certifications required"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3, "placeholder": "IATF 16949\nISO 9001"}),
            help_text=(
                _("One per line, e.g. %(examples)s.")
                if side == Side.SUPPLY
                else _("One per line, e.g. %(examples)s. End a line with * if the supplier must hold it.")
            )
            % {"examples": ", ".join(COMMON_CERTIFICATIONS[:3])},
        )
        self._adjust(names)

    def _adjust(self, names: list[str]) -> None:
        """Labels that read right for the side and kind, required marks, browser-friendly widgets."""
        demand = self.side == Side.DEMAND
        labels = {
            "price_min": _("Budget from (CNY)") if demand else _("Unit price from (CNY)"),
            "price_max": _("Budget up to (CNY)") if demand else _("Unit price up to (CNY)"),
            "price_negotiable": _("Budget negotiable") if demand else _("Price negotiable"),
            "quantity": _("Quantity needed") if demand else _("Quantity available"),
        }
        if self.kind == Kind.FUNDING and not demand:
            labels |= {
                "funding_amount": _("Amount from (CNY)"),
                "funding_amount_max": _("Amount up to (CNY)"),
                "funding_term_months": _("Term from (months)"),
                "funding_term_max_months": _("Term up to (months)"),
            }
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
        for name, help_text in OFFER_HELP.items():
            if name in self.fields:
                self.fields[name].help_text = help_text
        for name in ("funding_rate_min", "funding_rate_max"):
            if name in self.fields:
                self.fields[name].widget.attrs["max"] = "100"
        required = set(REQUIRED_FIELDS.get((self.kind, self.side), ()))
        for name in names:
            field = self.fields[name]
            if name in required:
                field.required = True
            if name in DATE_FIELDS:
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            elif isinstance(field, forms.DecimalField):
                field.widget.attrs.update({"step": "any", "min": "0", "inputmode": "decimal"})
        if "description" in self.fields:
            self.fields["description"].widget.attrs["rows"] = 6
        if "tech_patents" in self.fields:
            self.fields["tech_patents"].widget.attrs["rows"] = 3
        # On a new listing the validity date may be left empty: the service gives the default period.
        self.fields["valid_until"].required = self.listing is not None
        if self.listing is None:
            self.fields["valid_until"].help_text = _("Leave empty for 90 days from today; at most one year.")

    @staticmethod
    def initial_from(listing: Listing) -> dict[str, Any]:
        names = listing_field_names(listing.side, listing.kind)
        initial: dict[str, Any] = {name: getattr(listing, name) for name in names}
        for name in CODE_FIELDS:
            if name in initial:
                initial[name] = split_codes(initial[name])
        initial["certifications"] = certifications_text(listing)
        return initial

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The bound fields grouped for the template, empty sections left out."""
        grouped = []
        for title, names in SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                grouped.append((title, fields))
        return grouped

    def listing_data(self) -> dict[str, Any]:
        """The cleaned fields as `services.listing_create/update` take them (call after is_valid)."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "certifications"}
        for name in CODE_FIELDS:
            if name in data:  # the ticked codes, as the column stores them
                data[name] = codes_value(name, data[name])
        if self.listing is None and data.get("valid_until") is None:
            data.pop("valid_until", None)  # listing_build fills in the default validity
        return data

    def certification_items(self) -> list[CertificationInput]:
        return parse_certifications(self.cleaned_data.get("certifications") or "")


class AttachmentForm(forms.Form):
    """An image or a PDF for a listing; the service checks its content, size and the number of files."""

    file = forms.FileField(
        label=_("Image or PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,application/pdf"}),
        help_text=_("PNG, JPEG, WebP or PDF."),
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Shown only to your enterprise and to parties of an approved match or an order."),
    )


class ImportForm(forms.Form):
    """A CSV or XLSX file in the template's layout."""

    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    submit = forms.BooleanField(
        label=_("Submit all for review"),
        required=False,
        help_text=_("Otherwise the listings are saved as drafts that you can check and submit one by one."),
    )


class SavedSearchForm(forms.Form):
    """Keep the catalogue's current search under a name."""

    name = forms.CharField(
        label=_("Name"), max_length=100, widget=forms.TextInput(attrs={"placeholder": _("e.g. LFP cells")})
    )
    notify = forms.BooleanField(label=_("Notify me of new listings"), required=False, initial=True)


class ReviewRejectForm(forms.Form):
    """The reason a platform admin gives when turning a listing down."""

    reason = forms.CharField(
        label=_("Reason for rejection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
