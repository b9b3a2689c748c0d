"""What makes a listing valid: the fields each kind carries and every rule across them.

Shared by the form, the API, bulk import and the seed through `validate_listing`, which reports every
field error at once. The database constraints (listings/models.py) back the rules that must never be
broken; here each has a message a person understands, under the field it concerns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from listings import patents
from listings.choices import Kind, Side
from listings.models import Listing
from listings.rules import check_theme_allows
from platform_site import formats

# What an owner may set. Side and kind are chosen at creation and fixed afterwards.
EDITABLE_FIELDS = (
    "title",
    "description",
    "segment",
    "category",
    "region",
    "language",
    "quantity",
    "unit",
    "min_order_quantity",
    "price_min",
    "price_max",
    "price_negotiable",
    "lead_time_days",
    "deadline",
    "valid_until",
    "tech_patents",
    "tech_trl",
    "tech_transfer_mode",
    "tech_field",
    "talent_headcount",
    "talent_skills",
    "talent_experience_years",
    "talent_salary_min",
    "talent_salary_max",
    "talent_work_region",
    "funding_amount",
    "funding_term_months",
    "funding_instrument",
)
# The fields a moderator judged. Changing one on a published listing sends it back to review; the
# commercial terms (price, quantity, lead time, dates) change freely, as in any online shop.
MATERIAL_FIELDS = (
    "title",
    "description",
    "segment",
    "category",
    "region",
    "tech_patents",
    "tech_trl",
    "tech_transfer_mode",
    "tech_field",
    "talent_skills",
    "funding_instrument",
)
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.PRODUCT: ("quantity", "unit", "min_order_quantity"),
    Kind.TECHNOLOGY: ("tech_patents", "tech_trl", "tech_transfer_mode", "tech_field"),
    Kind.TALENT: (
        "talent_headcount",
        "talent_skills",
        "talent_experience_years",
        "talent_salary_min",
        "talent_salary_max",
        "talent_work_region",
    ),
    Kind.FUNDING: ("funding_amount", "funding_term_months", "funding_instrument"),
}
REQUIRED_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    (Kind.TECHNOLOGY, Side.SUPPLY): ("tech_trl", "tech_transfer_mode"),
    (Kind.TECHNOLOGY, Side.DEMAND): ("tech_transfer_mode",),
    (Kind.TALENT, Side.SUPPLY): ("talent_headcount", "talent_skills"),
    (Kind.TALENT, Side.DEMAND): ("talent_headcount", "talent_skills"),
    (Kind.FUNDING, Side.SUPPLY): ("funding_amount", "funding_term_months", "funding_instrument"),
    (Kind.FUNDING, Side.DEMAND): ("funding_amount", "funding_term_months", "funding_instrument"),
}
# Talent is priced by salary and funding by amount; the price fields belong to products and technology.
PRICED_KINDS = (Kind.PRODUCT, Kind.TECHNOLOGY)
MAX_VALIDITY_DAYS = 366
MAX_CERTIFICATIONS = 20


@dataclass(frozen=True)
class CertificationInput:
    """A certification named on a listing: held (supply) or required, perhaps mandatory (demand)."""

    standard: str
    mandatory: bool = False


def _empty(value: Any) -> bool:
    return value is None or value == ""


def clean_certifications(listing: Listing, items: Iterable[CertificationInput]) -> list[CertificationInput]:
    seen: dict[str, CertificationInput] = {}
    errors = []
    for item in items:
        standard = " ".join(item.standard.split())
        if not standard:
            continue
        if len(standard) > 100:
            errors.append(_("A certification name has at most 100 characters."))
            continue
        if item.mandatory and listing.side != Side.DEMAND:
            errors.append(_("Only a demand can make a certification mandatory."))
        seen.setdefault(standard.casefold(), CertificationInput(standard, item.mandatory))
    if len(seen) > MAX_CERTIFICATIONS:
        errors.append(_("At most %(n)d certifications.") % {"n": MAX_CERTIFICATIONS})
    if errors:
        raise ValidationError({"certifications": errors})
    return list(seen.values())


def _check_dates(listing: Listing, errors: dict[str, list[str]], changed: set[str], submitting: bool) -> None:
    today = timezone.localdate()
    if listing.valid_until and ("valid_until" in changed or submitting):
        if listing.valid_until < today:
            errors.setdefault("valid_until", []).append(_("The validity date is in the past."))
        elif listing.valid_until > today + datetime.timedelta(days=MAX_VALIDITY_DAYS):
            errors.setdefault("valid_until", []).append(_("A listing is valid for at most one year."))
    if listing.deadline and ("deadline" in changed or submitting) and listing.deadline < today:
        errors.setdefault("deadline", []).append(_("The date needed by is in the past."))


def _check_kind_fields(listing: Listing, errors: dict[str, list[str]]) -> None:
    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for kind, fields in KIND_FIELDS.items():
        if kind == listing.kind:
            continue
        for field in fields:
            value = getattr(listing, field + "_id" if field.endswith("region") else field)
            if not _empty(value):
                add(field, _("Only for %(kind)s listings.") % {"kind": Kind(kind).label})
    for field in REQUIRED_FIELDS.get((listing.kind, listing.side), ()):
        value = getattr(listing, field + "_id" if field.endswith("region") else field)
        if _empty(value):
            add(field, _("This field is required for this kind of listing."))

    if listing.kind in PRICED_KINDS:
        if listing.price_min is None and listing.price_max is None and not listing.price_negotiable:
            add("price_min", _("Give a price or budget, or mark it negotiable."))
    else:
        for field in ("price_min", "price_max"):
            if getattr(listing, field) is not None:
                add(field, _("Talent is priced by salary and funding by amount; leave the price empty."))
    for low, high, field in (
        ("price_min", "price_max", "price_max"),
        ("talent_salary_min", "talent_salary_max", "talent_salary_max"),
        ("min_order_quantity", "quantity", "min_order_quantity"),
    ):
        a, b = getattr(listing, low), getattr(listing, high)
        if a is not None and b is not None and a > b:
            add(
                field,
                _("Must not be more than %(value)s.") % {"value": b}
                if field == low
                else _("Must not be less than %(value)s.") % {"value": a},
            )
    for field in ("price_min", "price_max", "talent_salary_min", "talent_salary_max"):
        if (value := getattr(listing, field)) is not None and value < 0:
            add(field, _("Must not be negative."))
    for field in ("quantity", "min_order_quantity", "funding_amount", "talent_headcount"):
        if (value := getattr(listing, field)) is not None and value <= 0:
            add(field, _("Must be more than zero."))
    if listing.quantity is not None and listing.quantity < listing.quantity_committed:
        add(
            "quantity",
            _("Orders for %(count)s have been accepted; the quantity cannot be less.")
            % {"count": formats.number(listing.quantity_committed)},
        )
    if listing.quantity is not None and not listing.unit:
        add("unit", _("Give the unit of the quantity."))
    if listing.min_order_quantity is not None and listing.side != Side.SUPPLY:
        add("min_order_quantity", _("Only a supply has a minimum order quantity."))
    if listing.lead_time_days is not None and listing.side != Side.SUPPLY:
        add("lead_time_days", _("Only a supply has a lead time; a demand gives the date needed by."))
    if listing.deadline is not None and listing.side != Side.DEMAND:
        add("deadline", _("Only a demand has a date needed by; a supply gives its lead time."))
    for number in listing.patent_numbers:
        problem = patents.problem(number)
        if problem is None:
            continue
        if problem.startswith("check"):
            add(
                "tech_patents",
                _("%(number)s: wrong check character, it should be %(check)s.")
                % {"number": number, "check": problem[-1]},
            )
        else:
            add("tech_patents", _("%(number)s is not a patent number.") % {"number": number})


def validate_listing(
    listing: Listing,
    certifications: Iterable[CertificationInput],
    *,
    changed: Iterable[str] = EDITABLE_FIELDS,
    submitting: bool = False,
) -> list[CertificationInput]:
    """Check the whole listing and report every field error at once."""
    errors: dict[str, list[str]] = {}
    try:
        # The database constraints are checked field by field below, with messages a person understands.
        listing.full_clean(
            exclude=["enterprise", "province", "search_title", "search_body", "language"],
            validate_constraints=False,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if listing.side in Side.values and listing.kind in Kind.values:
        try:
            check_theme_allows(listing.enterprise.theme, listing.side, listing.kind)
        except ValidationError as exc:
            errors.setdefault("kind", []).extend(exc.message_dict["kind"])
        _check_kind_fields(listing, errors)
    _check_dates(listing, errors, set(changed), submitting)
    cleaned: list[CertificationInput] = []
    try:
        cleaned = clean_certifications(listing, certifications)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError({field: list(dict.fromkeys(messages)) for field, messages in errors.items()})
    return cleaned
