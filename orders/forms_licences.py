"""Forms of the licence and talent request pages: the request (its modes follow the kind) and the
holder's and requester's answers. The services check the business rules; these only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import LicenceRequest
from orders.services.licences import MAX_TERM_MONTHS

Kind = LicenceRequest.Kind


class LicenceRequestForm(forms.Form):
    """A request on a technology listing (licence or transfer) or a talent listing (engagement)."""

    mode = forms.ChoiceField(label=_("Mode"))
    proposed_fee = forms.DecimalField(
        label=_("Proposed fee (CNY)"),
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to let the holder propose one."),
    )
    field_of_use = forms.CharField(label=_("Field of use"), max_length=300, required=False)
    term_months = forms.IntegerField(
        label=_("Term (months)"),
        required=False,
        help_text=_("1 to %(max)s months.") % {"max": MAX_TERM_MONTHS},
    )
    headcount = forms.IntegerField(label=_("Headcount"), required=False)
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    message = forms.CharField(
        label=_("Message to the holder"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modes = LicenceRequest.MODES[Kind(kind)]
        mode = self.fields["mode"]
        assert isinstance(mode, forms.ChoiceField)  # noqa: S101 - declared above
        mode.choices = modes.choices
        if kind == Kind.LICENCE:
            mode.label = _("Licence or transfer mode")
            del self.fields["headcount"]
        else:
            mode.label = _("Engagement mode")
            self.fields["proposed_fee"].label = _("Proposed fee or salary budget (CNY)")
            self.fields["field_of_use"].label = _("Role or field of work")
            self.fields["term_months"].label = _("Duration (months)")

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "mode": data["mode"],
            "proposed_fee": data.get("proposed_fee"),
            "field_of_use": data.get("field_of_use") or "",
            "term_months": data.get("term_months"),
            "headcount": data.get("headcount"),
            "start_date": data.get("start_date"),
            "message": data.get("message") or "",
        }


class LicenceAcceptForm(forms.Form):
    """The terms the holder agrees to; an empty field keeps what the requester proposed."""

    agreed_fee = forms.DecimalField(
        label=_("Agreed fee (CNY)"), max_digits=18, decimal_places=2, required=False
    )
    agreed_field_of_use = forms.CharField(label=_("Agreed field of use"), max_length=300, required=False)
    agreed_term_months = forms.IntegerField(label=_("Agreed term (months)"), required=False)
    agreed_terms = forms.CharField(
        label=_("Other agreed terms"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "agreed_fee": data.get("agreed_fee"),
            "agreed_field_of_use": data.get("agreed_field_of_use") or "",
            "agreed_term_months": data.get("agreed_term_months"),
            "agreed_terms": data.get("agreed_terms") or "",
        }


class LicenceDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class LicenceWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data.get("reason") or ""}
