"""Forms of the quote pages: opening a demand for quotes, a quote and its revision, the buttons' notes.

They parse and shape input; `orders.services.quotes` decides what is valid and the views put its field
errors under these fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.services.quotes import MAX_QUOTES

DECIMAL_ATTRS = {"step": "any", "min": "0", "inputmode": "decimal"}


class QuoteRequestForm(forms.Form):
    """The buyer's request for quotes: until when, how many at most, what suppliers should know."""

    deadline = forms.DateTimeField(
        label=_("Quotes due by"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("At most 180 days ahead. Quotes close at this time or when the maximum is reached."),
    )
    max_quotes = forms.IntegerField(
        label=_("Maximum number of quotes"), min_value=1, max_value=MAX_QUOTES, initial=10
    )
    instructions = forms.CharField(
        label=_("Instructions to suppliers"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Specifications, certificates to attach, delivery terms."),
    )


class QuoteForm(forms.Form):
    """A supplier's quote (also its one revision, with every field filled in from the quote)."""

    unit_price = forms.DecimalField(
        label=_("Unit price (CNY)"), max_digits=18, decimal_places=2, widget=forms.NumberInput(DECIMAL_ATTRS)
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=14, decimal_places=3, widget=forms.NumberInput(DECIMAL_ATTRS)
    )
    lead_time_days = forms.IntegerField(label=_("Lead time (days)"), min_value=0, max_value=3650)
    valid_until = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    terms = forms.CharField(
        label=_("Terms"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Taxes, delivery, payment, warranty."),
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] if name != "terms" else data.get("terms") or "" for name in self.fields}


class RepriceForm(forms.Form):
    """The supplier's answer to the buyer's request for a revised price."""

    unit_price = forms.DecimalField(
        label=_("Revised unit price (CNY)"),
        max_digits=18,
        decimal_places=2,
        widget=forms.NumberInput(DECIMAL_ATTRS),
    )


class RepriceRequestForm(forms.Form):
    note = forms.CharField(
        label=_("What you would like"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("You can ask each supplier once."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AwardForm(forms.Form):
    delivery_address = forms.CharField(
        label=_("Delivery address"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use your enterprise's address."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG or WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,application/pdf"}),
    )
