"""Forms of the order pages: the order itself and the notes and reasons its buttons carry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import RegionField


class OrderForm(forms.Form):
    """The buyer's order: how many, at what unit price (when the listing gives no single one), where to."""

    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3)
    unit_price = forms.DecimalField(
        label=_("Unit price (CNY)"),
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to take the listing's price."),
    )
    delivery_region = RegionField(label=_("Delivery region"))
    delivery_address = forms.CharField(label=_("Delivery address"), max_length=300)
    requested_delivery_date = forms.DateField(
        label=_("Requested delivery date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note to the seller"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, price_fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not price_fixed:
            self.fields["unit_price"].help_text = _(
                "The listing gives a range: propose a unit price within it."
            )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
