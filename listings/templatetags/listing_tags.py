"""Template helpers of the listing pages: prices and key facts as shoppers read them, catalogue links.

Everything here reads only what `selectors.listing_queryset()` selects or prefetches, so a list of cards
runs no query per card.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from listings.choices import Kind, PriceBand, Side
from listings.forms import listing_field_label
from listings.models import Listing, ListingAttachment
from platform_site.formats import money, number

register = template.Library()


# ---------------------------------------------------------------------------------------------------
# Numbers and prices


def _range(low: Decimal | None, high: Decimal | None) -> str:
    if low is not None and high is not None:
        return f"¥{money(low)}" if low == high else f"¥{money(low)}–{money(high)}"
    if low is not None:
        return _("from ¥%(price)s") % {"price": money(low)}
    if high is not None:
        return _("up to ¥%(price)s") % {"price": money(high)}
    return ""


@dataclass(frozen=True)
class PriceDisplay:
    """What a card shows in its price corner: a label, the figure, a unit, a note."""

    label: str
    text: str
    unit: str = ""
    note: str = ""
    negotiable: bool = False


@register.simple_tag
def listing_price(listing: Listing) -> PriceDisplay:
    """Price or budget (products, technology), salary (talent), amount (funding); '面议' when none."""
    negotiable_label = str(PriceBand.NEGOTIABLE.label)
    if listing.kind == Kind.TALENT:
        text = _range(listing.talent_salary_min, listing.talent_salary_max)
        if not text:
            return PriceDisplay(_("Monthly salary"), negotiable_label, negotiable=True)
        return PriceDisplay(_("Monthly salary"), text, _("/month"))
    if listing.kind == Kind.FUNDING:
        term = (
            ngettext("%(n)d month", "%(n)d months", listing.funding_term_months)
            % {"n": listing.funding_term_months}
            if listing.funding_term_months
            else ""
        )
        if listing.funding_amount is None:
            return PriceDisplay(_("Amount"), negotiable_label, note=term, negotiable=True)
        return PriceDisplay(_("Amount"), f"¥{money(listing.funding_amount)}", note=term)
    label = _("Budget") if listing.side == Side.DEMAND else _("Price")
    text = _range(listing.price_min, listing.price_max)
    if not text:
        return PriceDisplay(label, negotiable_label, negotiable=True)
    # A supply's price is per unit; a demand's budget is for the whole need.
    unit = f"/{listing.unit}" if listing.side == Side.SUPPLY and listing.unit else ""
    note = negotiable_label if listing.price_negotiable else ""
    return PriceDisplay(label, text, unit, note)


# ---------------------------------------------------------------------------------------------------
# Facts


def _date(value: datetime.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _quantity(value: Decimal | None, unit: str) -> str:
    return f"{number(value)} {unit}".strip() if value is not None else ""


@register.simple_tag
def card_facts(listing: Listing) -> list[tuple[str, str]]:
    """The two or three facts a buyer scans a card for, per kind and side."""
    facts: list[tuple[str, str]] = []
    if listing.kind == Kind.PRODUCT:
        if listing.side == Side.SUPPLY:
            facts.append((_("MOQ"), _quantity(listing.min_order_quantity, listing.unit)))
            facts.append((_("Available"), _quantity(listing.quantity_available, listing.unit)))
        else:
            facts.append((_("Quantity"), _quantity(listing.quantity, listing.unit)))
    elif listing.kind == Kind.TECHNOLOGY:
        facts.append(("TRL", f"{listing.tech_trl}/9" if listing.tech_trl else ""))
        facts.append(
            (_("Transfer"), listing.get_tech_transfer_mode_display() if listing.tech_transfer_mode else "")
        )
    elif listing.kind == Kind.TALENT:
        headcount = listing.talent_headcount
        facts.append(
            (
                _("Headcount"),
                ngettext("%(n)d person", "%(n)d people", headcount) % {"n": headcount} if headcount else "",
            )
        )
        years = listing.talent_experience_years
        facts.append(
            (_("Experience"), ngettext("%(n)d year", "%(n)d years", years) % {"n": years} if years else "")
        )
    elif listing.kind == Kind.FUNDING:
        facts.append(
            (_("Instrument"), listing.get_funding_instrument_display() if listing.funding_instrument else "")
        )
    if listing.side == Side.SUPPLY and listing.lead_time_days is not None:
        facts.append((_("Lead time"), _days(listing.lead_time_days)))
    if listing.side == Side.DEMAND and listing.deadline:
        facts.append((_("Needed by"), _date(listing.deadline)))
    return [(label, value) for label, value in facts if value]


@register.simple_tag
def detail_facts(listing: Listing) -> list[tuple[str, str]]:
    """Every stated field of the listing as (label, value), in reading order; empty ones left out."""

    label = listing_field_label

    facts: list[tuple[str, str]] = [
        (label("segment"), listing.get_segment_display()),
        (label("category"), listing.category),
        (label("region"), listing.region.display_name),
    ]
    if listing.kind == Kind.PRODUCT:
        facts.append(
            (
                _("Quantity needed") if listing.side == Side.DEMAND else _("Quantity available"),
                _quantity(
                    listing.quantity if listing.side == Side.DEMAND else listing.quantity_available,
                    listing.unit,
                ),
            )
        )
        facts.append((label("min_order_quantity"), _quantity(listing.min_order_quantity, listing.unit)))
    elif listing.kind == Kind.TECHNOLOGY:
        facts += [
            (label("tech_trl"), f"TRL {listing.tech_trl} / 9" if listing.tech_trl else ""),
            (
                label("tech_transfer_mode"),
                listing.get_tech_transfer_mode_display() if listing.tech_transfer_mode else "",
            ),
            (label("tech_field"), listing.tech_field),
        ]
    elif listing.kind == Kind.TALENT:
        years = listing.talent_experience_years
        facts += [
            (label("talent_headcount"), str(listing.talent_headcount or "")),
            (label("talent_experience_years"), str(years) if years is not None else ""),
            (
                label("talent_work_region"),
                listing.talent_work_region.display_name if listing.talent_work_region else "",
            ),
        ]
    elif listing.kind == Kind.FUNDING:
        facts += [
            (label("funding_amount"), f"¥{money(listing.funding_amount)}" if listing.funding_amount else ""),
            (label("funding_term_months"), str(listing.funding_term_months or "")),
            (
                label("funding_instrument"),
                listing.get_funding_instrument_display() if listing.funding_instrument else "",
            ),
        ]
    if listing.lead_time_days is not None:
        facts.append((label("lead_time_days"), _days(listing.lead_time_days)))
    facts.append((label("deadline"), _date(listing.deadline)))
    facts.append((label("valid_until"), _date(listing.valid_until)))
    facts.append((_("Published"), _date(listing.published_at.date()) if listing.published_at else ""))
    return [(name, value) for name, value in facts if value]


# ---------------------------------------------------------------------------------------------------
# Attachments and statuses


@register.filter
def first_public_image(listing: Listing) -> ListingAttachment | None:
    """The first image anyone may see, for the card thumbnail (reads the prefetched attachments)."""
    for attachment in listing.attachments.all():
        if attachment.file_kind == ListingAttachment.FileKind.IMAGE and not attachment.confidential:
            return attachment
    return None


@register.filter
def status_label(code: str) -> str:
    """The label of a listing status code ('' for none), e.g. in the event timeline."""
    return str(dict(Listing.Status.choices).get(code, code)) if code else ""


# ---------------------------------------------------------------------------------------------------
# Catalogue links that keep the other filters


def _catalogue_url(data: QueryDict) -> str:
    data.pop("page", None)  # A new filter starts on page one.
    for key in [k for k, v in data.lists() if not any(v)]:
        del data[key]
    query = data.urlencode()
    base = reverse("listings:catalogue")
    return f"{base}?{query}" if query else base


@register.simple_tag
def facet_url(params: QueryDict, name: str, value: str, single: bool = False) -> str:
    """The catalogue with `value` of facet `name` toggled: added, removed, or (single) replacing."""
    data = params.copy()
    values = data.getlist(name)
    if value in values:
        values = [v for v in values if v != value]
    elif single:
        values = [value]
    else:
        values = [*values, value]
    data.setlist(name, values)
    return _catalogue_url(data)


@register.simple_tag
def without_param(params: QueryDict, name: str, value: str | None = None) -> str:
    """The catalogue without parameter `name` (or only without that one value of it)."""
    data = params.copy()
    if value is None:
        data.pop(name, None)
    else:
        data.setlist(name, [v for v in data.getlist(name) if v != value])
    return _catalogue_url(data)


@register.simple_tag
def with_param(params: QueryDict, name: str, value: str) -> str:
    """The catalogue with parameter `name` set to `value` (the sort order, say)."""
    data = params.copy()
    data[name] = value
    return _catalogue_url(data)


@register.simple_tag
def hidden_params(params: QueryDict, *exclude: str) -> SafeString:
    """Hidden inputs that carry the current filters through a form (the search box, the sort select)."""
    skip = {*exclude, "page"}
    pairs = [(name, value) for name, values in params.lists() if name not in skip for value in values]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)


@register.filter
def in_list(value: Any, values: Any) -> bool:
    return value in values
