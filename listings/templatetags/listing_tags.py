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

from accounts.region_table import region_of
from accounts.taxonomy import Segment, Theme
from listings.choices import FinancingDocument, Kind, PriceBand, Side
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
        # An offer's amount and term are ranges; a demand's are the one amount and term it needs.
        term = offer_term(listing)
        if listing.funding_amount is None:
            return PriceDisplay(_("Amount"), negotiable_label, note=term, negotiable=True)
        return PriceDisplay(_("Amount"), offer_amount(listing), note=term)
    label = _("Budget") if listing.side == Side.DEMAND else _("Price")
    text = _range(listing.price_min, listing.price_max)
    if not text:
        return PriceDisplay(label, negotiable_label, negotiable=True)
    # A supply's price is per unit; a demand's budget is for the whole need.
    unit = f"/{listing.unit}" if listing.side == Side.SUPPLY and listing.unit else ""
    note = negotiable_label if listing.price_negotiable else ""
    return PriceDisplay(label, text, unit, note)


# ---------------------------------------------------------------------------------------------------
# A financing offer's terms (a funding supply; a funding demand has one amount and one term)


def _months(n: int) -> str:
    return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}


def _rate(value: Decimal) -> str:
    """3.50 -> '3.5', 6.00 -> '6.0', 4.35 -> '4.35': rates as banks quote them."""
    text = f"{value:.2f}"
    return text[:-1] if text.endswith("0") else text


def offer_amount(listing: Listing) -> str:
    """'¥1,000,000–10,000,000'; an offer stating one amount lends up to it ("up to ¥50,000,000", as
    matching.features.offer_range reads it); a demand needs its one amount."""
    low, high = listing.funding_amount, listing.funding_amount_max
    if low is None:
        return ""
    if high is None:
        return _range(None, low) if is_offer(listing) else f"¥{money(low)}"
    return _range(low, high)


def offer_term(listing: Listing) -> str:
    """'6–36 months'; an offer stating one term runs up to it; a demand needs its one term."""
    low, high = listing.funding_term_months, listing.funding_term_max_months
    if not low:
        return ""
    if high is None and is_offer(listing):
        return _("up to %(months)s") % {"months": _months(low)}
    if high and high != low:
        return _("%(low)d–%(high)d months") % {"low": low, "high": high}
    return _months(low)


def offer_rate(listing: Listing) -> str:
    """'3.5–6.0% a year' (an interest rate, or the fee of a lease or guarantee)."""
    low, high = listing.funding_rate_min, listing.funding_rate_max
    if low is not None and high is not None and low != high:
        return _("%(low)s–%(high)s%% a year") % {"low": _rate(low), "high": _rate(high)}
    if low is not None:
        return _("%(rate)s%% a year") % {"rate": _rate(low)}
    if high is not None:
        return _("up to %(rate)s%% a year") % {"rate": _rate(high)}
    return ""


def offer_decision(listing: Listing) -> str:
    """'decided in about 10 days'."""
    days = listing.funding_decision_days
    if days is None:
        return ""
    if days == 0:
        return _("decided the same day")
    return ngettext("decided in about %(n)d day", "decided in about %(n)d days", days) % {"n": days}


def offer_themes(listing: Listing) -> str:
    return ", ".join(str(Theme(code).label) for code in listing.eligible_themes if code in Theme.values)


def offer_segments(listing: Listing) -> str:
    return ", ".join(str(Segment(code).label) for code in listing.eligible_segments if code in Segment.values)


def offer_provinces(listing: Listing) -> str:
    return ", ".join(region_of(code).display_name for code in listing.eligible_provinces)


@register.simple_tag
def offer_documents(listing: Listing) -> str:
    return ", ".join(
        str(FinancingDocument(code).label)
        for code in listing.required_documents
        if code in FinancingDocument.values
    )


@register.simple_tag
def offer_eligibility(listing: Listing) -> str:
    """Who may apply, for a card: 'Component enterprise · Power battery · Anhui'."""
    parts = [offer_themes(listing), offer_segments(listing), offer_provinces(listing)]
    return " · ".join(part for part in parts if part) or _("Every enterprise may apply")


def is_offer(listing: Listing) -> bool:
    return listing.kind == Kind.FUNDING and listing.side == Side.SUPPLY


@register.simple_tag
def offer_summary(listing: Listing) -> str:
    """The offer's terms in one line: '¥1,000,000–10,000,000, 6–36 months, 3.5–6.0% a year, for
    Component enterprise in Power battery, in Anhui, documents: Business licence, decided in about
    10 days'."""
    if not is_offer(listing):
        return ""
    parts = [offer_amount(listing), offer_term(listing), offer_rate(listing)]
    themes, segments, provinces = offer_themes(listing), offer_segments(listing), offer_provinces(listing)
    if themes and segments:
        parts.append(_("for %(who)s in %(segments)s") % {"who": themes, "segments": segments})
    elif themes or segments:
        parts.append(_("for %(who)s") % {"who": themes or segments})
    if provinces:
        parts.append(_("in %(provinces)s") % {"provinces": provinces})
    if documents := offer_documents(listing):
        parts.append(_("documents: %(documents)s") % {"documents": documents})
    parts.append(offer_decision(listing))
    return ", ".join(part for part in parts if part)


@register.simple_tag
def offer_facts(listing: Listing) -> list[tuple[str, str]]:
    """The offer's terms as (label, value) rows, eligibility stated even when open to all."""
    if not is_offer(listing):
        return []
    facts = [
        (_("Instrument"), listing.get_funding_instrument_display() if listing.funding_instrument else ""),
        (_("Amount"), offer_amount(listing)),
        (_("Term"), offer_term(listing)),
        (_("Annual rate or fee"), offer_rate(listing)),
        (_("Enterprise types"), offer_themes(listing) or _("Every type of enterprise")),
        (_("Industry segments"), offer_segments(listing) or _("Every segment")),
        (_("Provinces"), offer_provinces(listing) or _("Anywhere in China")),
        (_("Documents required"), offer_documents(listing)),
        (
            _("Typical decision time"),
            _days(listing.funding_decision_days) if listing.funding_decision_days is not None else "",
        ),
    ]
    return [(label, value) for label, value in facts if value]


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
        if listing.side == Side.SUPPLY:
            facts.append((_("Rate"), offer_rate(listing)))
            days = listing.funding_decision_days
            facts.append((_("Decision"), _days(days) if days is not None else ""))
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
    elif is_offer(listing):
        facts += offer_facts(listing)
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
