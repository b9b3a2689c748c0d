"""Forms of the financing application pages: the application (with a file input per document the offer
asks for) and the steps of both sides. The services check the business rules; these only parse."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise
from financing.models import FinancingApplication
from financing.services.applications import MAX_TERM, MIN_TERM, document_label
from listings.choices import FinancingDocument

ACCEPT = "image/png,image/jpeg,image/webp,application/pdf"
AppKind = FinancingApplication.Kind


def _file_field(label: Any, *, help_text: Any = "") -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,  # the service names the missing documents, as the API does
        allow_empty_file=True,  # the service reports an empty file in its own words
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=help_text or _("PDF, PNG, JPEG or WebP."),
    )


class InstitutionField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Institutions by the name in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ApplicationForm(forms.Form):
    """An application: to the offer or institution of the page, or to an institution chosen here."""

    institution = InstitutionField(
        label=_("Financial institution"), queryset=Enterprise.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of financing"),
        choices=[(AppKind.ORDER, AppKind.ORDER.label), (AppKind.RECEIVABLES, AppKind.RECEIVABLES.label)],
        help_text=_(
            "Order financing funds an accepted order; receivables financing advances what the buyer owes."
        ),
    )
    amount = forms.DecimalField(label=_("Amount (CNY)"), max_digits=16, decimal_places=2)
    term_months = forms.IntegerField(
        label=_("Term (months)"),
        help_text=_("%(min)s to %(max)s months.") % {"min": MIN_TERM, "max": MAX_TERM},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the funds are for, and how they will be repaid."),
    )
    extra_kind = forms.ChoiceField(
        label=_("Another document"), choices=[("", "—"), *FinancingDocument.choices], required=False
    )
    extra_file = _file_field(_("File"))
    consent = forms.BooleanField(label=_("I agree to share my enterprise profile"), required=False)

    def __init__(
        self,
        *args: Any,
        institutions: QuerySet[Enterprise] | None,
        institution_name: str,
        required_documents: Sequence[str],
        with_order: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        if institutions is None:  # the offer or the page names it
            del self.fields["institution"]
        else:
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
            field.queryset = institutions
            field.required = True
        if not with_order:
            del self.fields["kind"]
        self.required_documents = list(required_documents)
        for code in self.required_documents:
            self.fields[f"doc_{code}"] = _file_field(document_label(code))
        shared = _("name, type, region, segments, certifications, description and contact details")
        self.fields["consent"].label = _(
            "I agree to share my enterprise profile (%(shared)s) with %(institution)s for this application."
        ) % {"shared": shared, "institution": institution_name or _("the institution")}

    def document_fields(self) -> list[forms.BoundField]:
        return [self[f"doc_{code}"] for code in self.required_documents]

    def documents(self) -> list[tuple[str, Any, str]]:
        """(kind, file, name) of each uploaded document."""
        data = self.cleaned_data
        found = [(code, data[f"doc_{code}"]) for code in self.required_documents if data.get(f"doc_{code}")]
        if data.get("extra_file") and data.get("extra_kind"):
            found.append((data["extra_kind"], data["extra_file"]))
        return [(code, file, file.name) for code, file in found]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("extra_file") and not data.get("extra_kind"):
            self.add_error("extra_kind", _("Say what the file is."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs: dict[str, Any] = {
            "amount": data["amount"],
            "term_months": data["term_months"],
            "purpose": data["purpose"],
            "consent": bool(data.get("consent")),
            "documents": self.documents(),
        }
        if "kind" in self.fields:
            kwargs["kind"] = data["kind"]
        if "institution" in self.fields:
            kwargs["institution"] = data["institution"]
        return kwargs


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("What do you need to know?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {"question": self.cleaned_data["question"]}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    answer_files = MultipleFileField(
        label=_("Files"),
        required=False,
        allow_empty_file=True,
        help_text=_("PDF, PNG, JPEG or WebP; several at once."),
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "answer": self.cleaned_data.get("answer") or "",
            "files": self.cleaned_data.get("answer_files") or [],
        }


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=FinancingDocument.choices)
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, PNG, JPEG or WebP."),
    )

    def service_kwargs(self) -> dict[str, Any]:
        upload = self.cleaned_data["file"]
        return {"kind": self.cleaned_data["kind"], "file": upload, "name": upload.name}


class ApproveForm(forms.Form):
    amount = forms.DecimalField(label=_("Approved amount (CNY)"), max_digits=16, decimal_places=2)
    rate = forms.DecimalField(label=_("Annual rate or fee (%)"), max_digits=5, decimal_places=2)
    term_months = forms.IntegerField(label=_("Term (months)"))
    conditions = forms.CharField(
        label=_("Conditions"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "amount": data["amount"],
            "rate": data["rate"],
            "term_months": data["term_months"],
            "conditions": data.get("conditions") or "",
        }


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class DisburseForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount paid out (CNY)"),
        max_digits=16,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty for the approved amount."),
    )
    note = forms.CharField(label=_("Note (payment reference)"), max_length=2000, required=False)

    def service_kwargs(self) -> dict[str, Any]:
        return {"amount": self.cleaned_data.get("amount"), "note": self.cleaned_data.get("note") or ""}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data.get("reason") or ""}


class StartReviewForm(forms.Form):
    def service_kwargs(self) -> dict[str, Any]:
        return {}
