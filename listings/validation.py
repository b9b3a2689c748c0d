"""What makes a listing valid: the fields each kind carries and every rule across them.

Shared by the form, the API, bulk import and the seed through `validate_listing`, which reports every
field error at once. The database constraints (listings/models.py) back the rules that must never be
broken; here each has a message a person understands, under the field it concerns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Region
from accounts.region_table import regions_by_code
from accounts.taxonomy import Segment, Theme
from listings import patents
from listings.choices import FinancingDocument, Kind, Side, codes_field
from listings.models import Listing
from listings.rules import check_theme_allows
from platform_site import formats

# A financing offer's product terms: only a funding supply states them. A funding demand states its need
# with `funding_amount`, `funding_term_months` and `funding_instrument` alone; on an offer these are the
# lowest amount and the shortest term, and the fields below the rest of the ranges.
OFFER_TERM_FIELDS = (
    "funding_amount_max",
    "funding_term_max_months",
    "funding_rate_min",
    "funding_rate_max",
    "funding_eligible_themes",
    "funding_eligible_segments",
    "funding_eligible_provinces",
    "funding_required_documents",
    "funding_decision_days",
)
# The offer's lists of codes, stored between commas (`listings.choices.codes_field`): each accepts a
# list of codes (or such a string) and is checked against its table.
CODE_FIELDS = (
    "funding_eligible_themes",
    "funding_eligible_segments",
    "funding_eligible_provinces",
    "funding_required_documents",
)
MAX_RATE = Decimal(100)

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
    *OFFER_TERM_FIELDS,
)
# The fields a moderator judged. Changing one on a published listing sends it back to review; the
# commercial terms (price, quantity, lead time, dates) change freely, as in any online shop. A financing
# offer's rates and eligibility are judged too: the office checks that an offer states its true cost and
# whom it serves (it refuses one that hides its rate), while its amounts, terms, documents and decision
# time are commercial terms like a price.
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
    "funding_rate_min",
    "funding_rate_max",
    "funding_eligible_themes",
    "funding_eligible_segments",
    "funding_eligible_provinces",
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
    Kind.FUNDING: ("funding_amount", "funding_term_months", "funding_instrument", *OFFER_TERM_FIELDS),
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


def code_choices(field: str) -> list[tuple[str, str]]:
    """The codes (with their labels) an offer's list field accepts, in the order pages show them."""
    if field == "funding_eligible_themes":
        return list(Theme.choices)
    if field == "funding_eligible_segments":
        return list(Segment.choices)
    if field == "funding_required_documents":
        return list(FinancingDocument.choices)
    provinces = [r for r in regions_by_code().values() if r.level == Region.Level.PROVINCE]
    return [(r.code, r.display_name) for r in sorted(provinces, key=lambda r: r.code)]


def split_codes(value: Any) -> list[str]:
    """The codes of a list, or of a string separated by commas (the stored ",a,b," or a typed "a, b")."""
    if value is None:
        return []
    parts: Sequence[Any] = value.replace("，", ",").split(",") if isinstance(value, str) else value
    return [str(part).strip() for part in parts if str(part).strip()]


def codes_value(field: str, value: Any) -> str:
    """A list of codes as the column stores it: known codes, once each, in table order, between commas.

    The order is fixed so that the same choice in another order is no change (and no new review).
    """
    order = {code: n for n, (code, _label) in enumerate(code_choices(field))}
    codes = list(dict.fromkeys(split_codes(value)))
    unknown = [code for code in codes if code not in order]
    if unknown:
        if field == "funding_eligible_provinces":
            message = _("Unknown province code %(codes)s; give province-level codes such as 340000.")
        else:
            message = _("Unknown code %(codes)s; use: %(allowed)s.")
        raise ValidationError(message % {"codes": ", ".join(unknown), "allowed": ", ".join(order)})
    return codes_field(sorted(codes, key=order.__getitem__))


def _normalize_codes(listing: Listing, errors: dict[str, list[str]]) -> None:
    """Store the offer's lists of codes in their column form (before `full_clean`, which would turn a
    Python list into its repr)."""
    for field in CODE_FIELDS:
        try:
            setattr(listing, field, codes_value(field, getattr(listing, field)))
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
            setattr(listing, field, "")


def _check_offer_terms(listing: Listing, errors: dict[str, list[str]]) -> None:
    """The ranges of a financing offer, and no offer terms on a funding demand."""

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if listing.kind != Kind.FUNDING:
        return  # _check_kind_fields refuses the terms on other kinds
    if listing.side == Side.DEMAND:
        for field in OFFER_TERM_FIELDS:
            if not _empty(getattr(listing, field)):
                add(
                    field,
                    _(
                        "Only a financing offer (a funding supply) states this; a demand gives the "
                        "amount, term and instrument it needs."
                    ),
                )
        return

    def value(field: str) -> Any:
        # A value `full_clean` refused is still the raw input: leave it out of the comparisons.
        return None if field in errors else getattr(listing, field)

    low, high = value("funding_amount"), value("funding_amount_max")
    if high is not None and high <= 0:
        add("funding_amount_max", _("Must be more than zero."))
    elif low is not None and high is not None and high < low:
        add(
            "funding_amount_max",
            _("The highest amount must not be less than the lowest, ¥%(amount)s.")
            % {"amount": formats.money(low)},
        )
    shortest, longest = value("funding_term_months"), value("funding_term_max_months")
    if shortest is not None and longest is not None and longest < shortest:
        add(
            "funding_term_max_months",
            _("The longest term must not be shorter than the shortest, %(months)s months.")
            % {"months": shortest},
        )
    for field in ("funding_rate_min", "funding_rate_max"):
        rate = value(field)
        if rate is not None and not Decimal(0) <= rate <= MAX_RATE:
            add(field, _("Give an annual rate between 0 and 100 (%)."))
    rate_min, rate_max = value("funding_rate_min"), value("funding_rate_max")
    if rate_min is not None and rate_max is not None and rate_max < rate_min:
        add(
            "funding_rate_max",
            _("The highest rate must not be lower than the lowest, %(rate)s%%.") % {"rate": rate_min},
        )
    # The decision time (0 to 365 days) and the longest term (1 to 360 months) are bounded by the
    # model fields' validators, which `full_clean` reports.


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
    _normalize_codes(listing, errors)
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
        _check_offer_terms(listing, errors)
    _check_dates(listing, errors, set(changed), submitting)
    cleaned: list[CertificationInput] = []
    try:
        cleaned = clean_certifications(listing, certifications)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError({field: list(dict.fromkeys(messages)) for field, messages in errors.items()})
    return cleaned
