"""Requests for quotes (RFQ) on demand listings and the quotes suppliers send.

The buyer opens a published product or technology demand for quotes until a deadline or a number of
quotes; members of other verified enterprises quote once each and may revise once before the deadline;
the buyer shortlists, may ask each supplier once for a revised price, and awards one quote, which
becomes an accepted order while every other active quote is told it was not selected.

Locking: every service that changes a quote locks its request first and the quote after it (the award
locks all the request's quotes after the request), always in that order, so two services never wait on
each other. The request's lock also serialises submissions, so the cap cannot be passed by racing
submits. Each change writes a `QuoteEvent` and notifies the other side after commit.

Reopening: a request is one row per listing (`QuoteRequest.listing` is one-to-one). A cancelled request
that received no quote is reopened by reusing its row; once suppliers have quoted on it, it stays
cancelled (409), because its quotes belong to that round and a supplier may quote only once per row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Enterprise, User
from accounts.notifications import Notice, notify
from accounts.services import require_verified_enterprise
from listings.choices import Kind, Side
from listings.models import Listing
from matching.models import Match
from orders import notices
from orders.models import Order, Quote, QuoteAttachment, QuoteEvent, QuoteRequest
from orders.services.common import (
    QUOTED,
    acting_enterprise,
    people_of,
    record_match_step,
    require_match_of,
    transition,
)
from orders.services.orders import MAX_TOTAL, order_create_from_quote, order_total
from platform_site.errors import ApplicationError, Conflict, NotPermitted, TransitionNotAllowed
from platform_site.uploads import check_upload, generated_name

RStatus = QuoteRequest.Status
QStatus = Quote.Status
Action = QuoteEvent.Action
QUOTABLE_KINDS = frozenset({Kind.PRODUCT, Kind.TECHNOLOGY})
MAX_DEADLINE_DAYS = 180
MAX_QUOTES = 50
# Requests in which the buyer still compares and decides.
DECIDING = frozenset({RStatus.OPEN, RStatus.CLOSED})
QUOTE_FIELDS = ("unit_price", "quantity", "lead_time_days", "valid_until", "terms")
MAX_LEAD_TIME_DAYS = 3650
ADDRESS_MAX = 300  # Order.delivery_address


# ---------------------------------------------------------------------------------------------------
# Helpers


def rfq_link(rfq: QuoteRequest) -> str:
    return reverse("orders:rfq_detail", args=[rfq.pk])


def quote_link(quote: Quote) -> str:
    return reverse("orders:quote_detail", args=[quote.pk])


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _record(
    rfq: QuoteRequest,
    actor: User | None,
    action: str,
    *,
    quote: Quote | None = None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> QuoteEvent:
    return QuoteEvent.objects.create(
        request=rfq,
        quote=quote,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status or (quote.status if quote is not None else rfq.status),
        note=note,
    )


def _tell(
    enterprise_id: int, notice: Notice, *, link: str, title: str, also: User | None = None, **params: str
) -> None:
    notify(recipients=people_of(enterprise_id, also), notice=notice, link=link, title=title, **params)


def _tell_buyer(rfq: QuoteRequest, notice: Notice, **params: str) -> None:
    _tell(rfq.buyer_id, notice, link=rfq_link(rfq), title=rfq.listing.title, also=rfq.opened_by, **params)


def _tell_supplier(quote: Quote, notice: Notice, **params: str) -> None:
    _tell(
        quote.supplier_id,
        notice,
        link=quote_link(quote),
        title=quote.request.listing.title,
        also=quote.submitted_by,
        **params,
    )


def _lock_request(rfq_pk: int) -> QuoteRequest:
    """The request, locked (its row only), with what notices and checks read."""
    return (
        QuoteRequest.objects.select_for_update(of=("self",))
        .select_related("listing", "buyer", "opened_by")
        .get(pk=rfq_pk)
    )


def _lock_quote(quote: Quote) -> Quote:
    """The request locked first, then the quote (the one lock order of this module)."""
    rfq = _lock_request(quote.request_id)
    locked = (
        Quote.objects.select_for_update(of=("self",))
        .select_related("supplier", "submitted_by")
        .get(pk=quote.pk)
    )
    locked.request = rfq
    return locked


def _as_buyer(rfq: QuoteRequest, actor: User) -> Enterprise:
    return acting_enterprise(actor, rfq.buyer_id, message=_("Only the buyer's members may do this."))


def _as_supplier(quote: Quote, actor: User) -> Enterprise:
    return acting_enterprise(
        actor, quote.supplier_id, message=_("Only the members of the quoting supplier may do this.")
    )


def _require_active(quote: Quote) -> None:
    if quote.status not in Quote.ACTIVE:
        raise TransitionNotAllowed(
            _("This quote is %(status)s; it can no longer be changed.")
            % {"status": QStatus(quote.status).label}
        )


def _require_deciding(rfq: QuoteRequest) -> None:
    if rfq.status not in DECIDING:
        raise TransitionNotAllowed(
            _("This request for quotes is %(status)s; nothing more can be decided on it.")
            % {"status": RStatus(rfq.status).label}
        )


def _require_accepting(rfq: QuoteRequest) -> None:
    if rfq.status != RStatus.OPEN:
        raise TransitionNotAllowed(
            _("This request for quotes is %(status)s and takes no more quotes.")
            % {"status": RStatus(rfq.status).label},
            code="quotes_closed",
        )
    if rfq.deadline <= timezone.now():
        raise TransitionNotAllowed(
            _("The deadline for quotes has passed."),
            code="quotes_closed",
        )


def _as_decimal(value: Any) -> Decimal | None:
    """A finite Decimal from a Decimal, an int or a numeric string; None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def _check_terms(
    *,
    unit_price: Decimal | None,
    quantity: Decimal | None,
    lead_time_days: int | None,
    valid_until: datetime.date | None,
    terms: str,
) -> dict[str, list[str]]:
    """Field errors of a quote's terms (every one at once); empty when they are fine."""
    errors: dict[str, list[str]] = {}
    if unit_price is None:
        errors["unit_price"] = [_("Give a unit price.")]
    elif unit_price < 0:
        errors["unit_price"] = [_("Must not be negative.")]
    elif unit_price.as_tuple().exponent < -2:  # type: ignore[operator]
        errors["unit_price"] = [_("At most two decimal places (fen).")]
    if quantity is None or quantity <= 0:
        errors["quantity"] = [_("Quote for more than zero.")]
    elif quantity.as_tuple().exponent < -3:  # type: ignore[operator]
        errors["quantity"] = [_("At most three decimal places.")]
    elif unit_price is not None and "unit_price" not in errors and quantity * unit_price > MAX_TOTAL:
        errors["quantity"] = [_("The total of this quote is too large.")]
    if not isinstance(lead_time_days, int) or not 0 <= lead_time_days <= MAX_LEAD_TIME_DAYS:
        errors["lead_time_days"] = [
            _("Give the lead time in days, 0 to %(max)d.") % {"max": MAX_LEAD_TIME_DAYS}
        ]
    if valid_until is None:
        errors["valid_until"] = [_("Say until when the quote is valid.")]
    elif valid_until < timezone.localdate():
        errors["valid_until"] = [_("The date has passed; choose today or later.")]
    if len(terms) > Quote._meta.get_field("terms").max_length:  # type: ignore[operator]
        errors["terms"] = [_("At most 4000 characters.")]
    return errors


def _active_count(rfq: QuoteRequest) -> int:
    """Quotes that count against the cap: those not withdrawn (nor settled, which only happens when
    the request is decided)."""
    return rfq.quotes.filter(status__in=Quote.ACTIVE).count()


# ---------------------------------------------------------------------------------------------------
# The request for quotes


def _check_opening(
    listing: Listing,
    buyer: Enterprise,
    deadline: datetime.datetime | None,
    max_quotes: int,
    instructions: str,
) -> None:
    if listing.enterprise_id != buyer.pk:
        raise NotPermitted(_("Only the enterprise that published the demand may open it for quotes."))
    if listing.side != Side.DEMAND or listing.kind not in QUOTABLE_KINDS:
        raise ApplicationError(
            _("Only product and technology demands can be opened for quotes."),
            code="not_quotable",
            fields={"listing": [_("Not a product or technology demand.")]},
        )
    if listing.status != Listing.Status.PUBLISHED:
        raise TransitionNotAllowed(
            _("Only a published listing can be opened for quotes."), code="listing_not_published"
        )
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    if deadline is None:
        errors["deadline"] = [_("Give the deadline for quotes.")]
    elif timezone.is_naive(deadline):
        errors["deadline"] = [_("Give the deadline with its time zone.")]
    elif deadline <= now:
        errors["deadline"] = [_("The deadline must be in the future.")]
    elif deadline > now + datetime.timedelta(days=MAX_DEADLINE_DAYS):
        errors["deadline"] = [_("The deadline must be within %(days)d days.") % {"days": MAX_DEADLINE_DAYS}]
    if not isinstance(max_quotes, int) or not 1 <= max_quotes <= MAX_QUOTES:
        errors["max_quotes"] = [_("Between 1 and %(max)d quotes.") % {"max": MAX_QUOTES}]
    if len(instructions) > QuoteRequest._meta.get_field("instructions").max_length:  # type: ignore[operator]
        errors["instructions"] = [_("At most 2000 characters.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def quote_request_open(
    *,
    actor: User,
    listing: Listing,
    deadline: datetime.datetime,
    max_quotes: int = 10,
    instructions: str = "",
) -> QuoteRequest:
    """The owner opens a published product or technology demand for quotes until a deadline or a cap.

    One request per listing: a cancelled one without quotes is reopened (its row reused).
    """
    buyer = require_verified_enterprise(actor)
    # The listing's lock makes two openings of the same listing wait for each other.
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    instructions = (instructions or "").strip()
    _check_opening(listing, buyer, deadline, max_quotes, instructions)
    existing = QuoteRequest.objects.select_for_update().filter(listing=listing).first()
    if existing is not None:
        if existing.status != RStatus.CANCELLED:
            raise Conflict(
                _("This listing already has a request for quotes (%(status)s).")
                % {"status": RStatus(existing.status).label},
                code="rfq_exists",
            )
        if existing.quotes.exists():
            raise Conflict(
                _(
                    "This listing's request for quotes was cancelled after suppliers had quoted; "
                    "publish a new demand to ask for quotes again."
                ),
                code="rfq_exists",
            )
    fields = {
        "buyer": buyer,
        "opened_by": actor,
        "deadline": deadline,
        "max_quotes": max_quotes,
        "instructions": instructions,
        "status": RStatus.OPEN,
        "closed_at": None,
    }
    if existing is None:
        rfq = QuoteRequest.objects.create(listing=listing, **fields)
        from_status = ""
    else:
        rfq, from_status = existing, existing.status
        for name, value in fields.items():
            setattr(rfq, name, value)
        rfq.save(update_fields=[*fields, "updated_at"])
    rfq.listing = listing
    _record(rfq, actor, Action.OPENED, from_status=from_status)
    return rfq


@transaction.atomic
def quote_request_cancel(*, request: QuoteRequest, actor: User, reason: str = "") -> QuoteRequest:
    """The buyer cancels an open or closed request; the suppliers still in the running are told."""
    rfq = _lock_request(request.pk)
    _as_buyer(rfq, actor)
    reason = (reason or "").strip()
    from_status = transition(rfq, RStatus.CANCELLED, RStatus)
    rfq.closed_at = timezone.now()
    rfq.save(update_fields=["status", "closed_at", "updated_at"])
    _record(rfq, actor, Action.CANCELLED, from_status=from_status, note=reason)
    _settle_others(rfq, actor, keep=None, note=reason)
    return rfq


def _settle_others(rfq: QuoteRequest, actor: User | None, *, keep: Quote | None, note: str = "") -> int:
    """Every active quote of the request but `keep` becomes not selected, and its supplier is told."""
    others = (
        Quote.objects.select_for_update(of=("self",))
        .select_related("supplier", "submitted_by")
        .filter(request=rfq, status__in=Quote.ACTIVE)
        .order_by("pk")
    )
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    now = timezone.now()
    settled = 0
    for other in others:
        other.request = rfq
        from_status = transition(other, QStatus.NOT_SELECTED, QStatus)
        other.decided_at = now
        other.save(update_fields=["status", "decided_at", "updated_at"])
        _record(rfq, actor, Action.NOT_SELECTED, quote=other, from_status=from_status, note=note)
        _tell_supplier(other, notices.QUOTE_NOT_SELECTED)
        settled += 1
    return settled


def _close(rfq: QuoteRequest, actor: User | None, note: str) -> None:
    """Close an open request (deadline or cap) and tell the buyer how many quotes it has."""
    from_status = transition(rfq, RStatus.CLOSED, RStatus)
    rfq.closed_at = timezone.now()
    rfq.save(update_fields=["status", "closed_at", "updated_at"])
    _record(rfq, actor, Action.CLOSED, from_status=from_status, note=note)
    _tell_buyer(rfq, notices.QUOTE_REQUEST_CLOSED, count=str(_active_count(rfq)))


def quote_requests_close_due(*, now: datetime.datetime | None = None) -> int:
    """Periodic: close open requests whose deadline has passed; returns how many were closed."""
    now = now or timezone.now()
    due = QuoteRequest.objects.filter(status=RStatus.OPEN, deadline__lte=now).values_list("pk", flat=True)
    closed = 0
    for pk in list(due):
        with transaction.atomic():
            rfq = (
                QuoteRequest.objects.select_for_update(of=("self",))
                .select_related("listing", "opened_by")
                .filter(pk=pk, status=RStatus.OPEN, deadline__lte=now)
                .first()
            )
            if rfq is None:  # Closed, cancelled or awarded since the list was read.
                continue
            _close(rfq, None, _("The deadline passed."))
            closed += 1
    return closed


# ---------------------------------------------------------------------------------------------------
# A supplier's quote


@transaction.atomic
def quote_submit(
    *,
    actor: User,
    request: QuoteRequest,
    unit_price: Decimal,
    quantity: Decimal,
    lead_time_days: int,
    valid_until: datetime.date,
    terms: str = "",
    match: Match | None = None,
) -> Quote:
    """A member of a verified enterprise quotes once on an open request of another enterprise.

    The quote that reaches the cap closes the request; from an approved match, the match's funnel
    moves to "quoted".
    """
    supplier = require_verified_enterprise(actor)
    # The request's lock serialises submissions: the count below cannot be passed by a racing submit.
    rfq = _lock_request(request.pk)
    if rfq.buyer_id == supplier.pk:
        raise ApplicationError(
            _("You cannot quote on your own enterprise's request."),
            code="own_listing",
            fields={"request": [_("This is your own request for quotes.")]},
        )
    _require_accepting(rfq)
    if rfq.listing.status != Listing.Status.PUBLISHED:
        raise TransitionNotAllowed(
            _("The demand is no longer published, so it takes no quotes."), code="quotes_closed"
        )
    if Quote.objects.filter(request=rfq, supplier=supplier).exists():
        raise Conflict(
            _("Your enterprise has already quoted on this request; revise that quote instead."),
            code="already_quoted",
        )
    terms = (terms or "").strip()
    unit_price, quantity = _as_decimal(unit_price), _as_decimal(quantity)  # type: ignore[assignment]
    errors = _check_terms(
        unit_price=unit_price,
        quantity=quantity,
        lead_time_days=lead_time_days,
        valid_until=valid_until,
        terms=terms,
    )
    if errors:
        raise ValidationError(errors)
    require_match_of(match, listing_id=rfq.listing_id, enterprise_id=supplier.pk)
    try:
        with transaction.atomic():  # The unique constraint backs the check above.
            quote = Quote.objects.create(
                request=rfq,
                supplier=supplier,
                submitted_by=actor,
                match=match,
                unit_price=unit_price,
                quantity=quantity,
                total=order_total(quantity, unit_price),
                lead_time_days=lead_time_days,
                valid_until=valid_until,
                terms=terms,
            )
    except IntegrityError as exc:
        raise Conflict(
            _("Your enterprise has already quoted on this request; revise that quote instead."),
            code="already_quoted",
        ) from exc
    quote.request = rfq
    _record(rfq, actor, Action.SUBMITTED, quote=quote)
    _tell_buyer(
        rfq,
        notices.QUOTE_SUBMITTED,
        supplier=supplier.display_name,
        unit_price=_money(quote.unit_price),
        lead_time=str(quote.lead_time_days),
    )
    if _active_count(rfq) >= rfq.max_quotes:
        _close(rfq, actor, _("The maximum number of quotes was reached."))
    record_match_step(match, actor, QUOTED)
    return quote


def _describe_changes(quote: Quote, changed: dict[str, Any]) -> str:
    labels = {name: str(getattr(Quote._meta.get_field(name), "verbose_name", name)) for name in changed}
    parts = []
    for name, value in changed.items():
        if name == "terms":
            parts.append(labels[name])
        else:
            parts.append(f"{labels[name]}: {getattr(quote, name)} → {value}")
    return "; ".join(parts)


@transaction.atomic
def quote_revise(*, quote: Quote, actor: User, **changes: Any) -> Quote:
    """The supplier revises its active quote once, before the deadline, while the request is open."""
    unknown = set(changes) - set(QUOTE_FIELDS)
    if unknown:
        raise TypeError(f"Not revisable: {', '.join(sorted(unknown))}")
    quote = _lock_quote(quote)
    _as_supplier(quote, actor)
    _require_active(quote)
    if quote.revised_at is not None:
        raise TransitionNotAllowed(_("A quote can be revised only once."), code="already_revised")
    _require_accepting(quote.request)
    if "terms" in changes:
        changes["terms"] = (changes["terms"] or "").strip()
    for name in ("unit_price", "quantity"):
        if name in changes:
            changes[name] = _as_decimal(changes[name])
    changed = {name: value for name, value in changes.items() if value != getattr(quote, name)}
    if not changed:
        raise ValidationError({NON_FIELD_ERRORS: [_("Nothing was changed.")]})
    merged = {name: changed.get(name, getattr(quote, name)) for name in QUOTE_FIELDS}
    errors = _check_terms(**merged)
    if errors:
        raise ValidationError(errors)
    note = _describe_changes(quote, changed)
    for name, value in changed.items():
        setattr(quote, name, value)
    quote.total = order_total(quote.quantity, quote.unit_price)
    quote.revised_at = timezone.now()
    quote.save(update_fields=[*changed, "total", "revised_at", "updated_at"])
    _record(quote.request, actor, Action.REVISED, quote=quote, from_status=quote.status, note=note)
    _tell_buyer(quote.request, notices.QUOTE_REVISED, supplier=quote.supplier.display_name)
    return quote


@transaction.atomic
def quote_withdraw(*, quote: Quote, actor: User, reason: str = "") -> Quote:
    """The supplier withdraws its active quote (an awarded or settled one stays)."""
    quote = _lock_quote(quote)
    _as_supplier(quote, actor)
    _require_active(quote)
    reason = (reason or "").strip()
    from_status = transition(quote, QStatus.WITHDRAWN, QStatus)
    quote.decided_at = timezone.now()
    quote.save(update_fields=["status", "decided_at", "updated_at"])
    _record(quote.request, actor, Action.WITHDRAWN, quote=quote, from_status=from_status, note=reason)
    _tell_buyer(quote.request, notices.QUOTE_WITHDRAWN, supplier=quote.supplier.display_name)
    return quote


def quote_add_attachment(*, quote: Quote, actor: User, file: IO[bytes], name: str) -> QuoteAttachment:
    """The supplier adds a checked file (a drawing, a certificate) to its active quote; nothing is kept if
    anything fails."""
    _as_supplier(quote, actor)  # Before the file: a stranger learns nothing from the checks.
    file_type = check_upload(file, max_bytes=settings.ORDER_FILE_MAX_BYTES)
    stored = ""
    try:
        with transaction.atomic():
            quote = _lock_quote(quote)
            _as_supplier(quote, actor)
            _require_active(quote)
            if quote.attachments.count() >= settings.QUOTE_ATTACHMENT_MAX_COUNT:
                raise ValidationError(
                    {
                        "file": [
                            _("A quote has at most %(n)d attachments.")
                            % {"n": settings.QUOTE_ATTACHMENT_MAX_COUNT}
                        ]
                    }
                )
            stored = default_storage.save(generated_name("quotes", file_type), File(file))
            attachment = QuoteAttachment.objects.create(
                quote=quote,
                file=stored,
                original_name=(name or "file")[-200:],
                content_type=file_type.content_type,
                size=default_storage.size(stored),
                uploaded_by=actor,
            )
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return attachment


# ---------------------------------------------------------------------------------------------------
# The buyer's comparison and decision


@transaction.atomic
def quote_shortlist(*, quote: Quote, actor: User) -> Quote:
    """The buyer puts a submitted quote on the shortlist; the supplier is told."""
    quote = _lock_quote(quote)
    _as_buyer(quote.request, actor)
    _require_deciding(quote.request)
    from_status = transition(quote, QStatus.SHORTLISTED, QStatus)
    quote.save(update_fields=["status", "updated_at"])
    _record(quote.request, actor, Action.SHORTLISTED, quote=quote, from_status=from_status)
    _tell_supplier(quote, notices.QUOTE_SHORTLISTED)
    return quote


@transaction.atomic
def quote_unshortlist(*, quote: Quote, actor: User) -> Quote:
    """The buyer takes a quote off the shortlist (back to submitted)."""
    quote = _lock_quote(quote)
    _as_buyer(quote.request, actor)
    _require_deciding(quote.request)
    if quote.status != QStatus.SHORTLISTED:
        raise TransitionNotAllowed(_("This quote is not on the shortlist."))
    from_status = transition(quote, QStatus.SUBMITTED, QStatus)
    quote.save(update_fields=["status", "updated_at"])
    _record(quote.request, actor, Action.UNSHORTLISTED, quote=quote, from_status=from_status)
    return quote


@transaction.atomic
def quote_request_reprice(*, quote: Quote, actor: User, note: str = "") -> Quote:
    """The buyer asks the supplier for a revised price, once per quote, until the request is decided."""
    quote = _lock_quote(quote)
    _as_buyer(quote.request, actor)
    _require_deciding(quote.request)
    _require_active(quote)
    if quote.reprice_requested_at is not None:
        raise TransitionNotAllowed(
            _("A revised price has already been requested for this quote."), code="already_requested"
        )
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": [_("At most 2000 characters.")]})
    quote.reprice_requested_at, quote.reprice_note = timezone.now(), note
    quote.save(update_fields=["reprice_requested_at", "reprice_note", "updated_at"])
    _record(quote.request, actor, Action.REPRICE_REQUESTED, quote=quote, from_status=quote.status, note=note)
    _tell_supplier(quote, notices.QUOTE_REPRICE_REQUESTED, note=note)
    return quote


@transaction.atomic
def quote_reprice(*, quote: Quote, actor: User, unit_price: Decimal) -> Quote:
    """The supplier answers the buyer's request with a revised unit price, once; the deadline does not
    apply (the buyer asked)."""
    quote = _lock_quote(quote)
    _as_supplier(quote, actor)
    _require_active(quote)
    _require_deciding(quote.request)
    if quote.reprice_requested_at is None:
        raise TransitionNotAllowed(
            _("The buyer has not asked for a revised price."), code="reprice_not_requested"
        )
    if quote.repriced_at is not None:
        raise TransitionNotAllowed(_("The revised price has already been sent."), code="already_repriced")
    unit_price = _as_decimal(unit_price)  # type: ignore[assignment]
    errors = _check_terms(
        unit_price=unit_price,
        quantity=quote.quantity,
        lead_time_days=quote.lead_time_days,
        valid_until=max(quote.valid_until, timezone.localdate()),  # validity is not being changed
        terms=quote.terms,
    )
    if errors:
        raise ValidationError(errors)
    note = f"{_money(quote.unit_price)} → {_money(unit_price)}"
    quote.previous_unit_price, quote.unit_price = quote.unit_price, unit_price
    quote.total = order_total(quote.quantity, unit_price)
    quote.repriced_at = timezone.now()
    quote.save(update_fields=["previous_unit_price", "unit_price", "total", "repriced_at", "updated_at"])
    _record(quote.request, actor, Action.REPRICED, quote=quote, from_status=quote.status, note=note)
    _tell_buyer(quote.request, notices.QUOTE_REPRICED, supplier=quote.supplier.display_name)
    return quote


@transaction.atomic
def quote_award(*, quote: Quote, actor: User, delivery_address: str = "") -> Order:
    """The buyer awards one active quote: it becomes an accepted order, every other active quote is not
    selected and its supplier told, and the request is decided."""
    delivery_address = (delivery_address or "").strip()
    if len(delivery_address) > ADDRESS_MAX:
        raise ValidationError({"delivery_address": [_("At most %(n)d characters.") % {"n": ADDRESS_MAX}]})
    rfq = _lock_request(quote.request_id)  # Request first, then its quotes.
    _as_buyer(rfq, actor)
    quote = (
        Quote.objects.select_for_update(of=("self",))
        .select_related("supplier", "submitted_by", "match")
        .get(pk=quote.pk)
    )
    quote.request = rfq
    _require_active(quote)
    from_request = transition(rfq, RStatus.AWARDED, RStatus)
    from_quote = transition(quote, QStatus.AWARDED, QStatus)
    now = timezone.now()
    quote.decided_at = now
    quote.save(update_fields=["status", "decided_at", "updated_at"])
    rfq.closed_at = now
    rfq.save(update_fields=["status", "closed_at", "updated_at"])
    order = order_create_from_quote(quote=quote, actor=actor, delivery_address=delivery_address)
    supplier = quote.supplier.display_name
    _record(rfq, actor, Action.AWARDED, quote=quote, from_status=from_quote)
    _record(rfq, actor, Action.AWARDED, from_status=from_request, note=supplier)
    _settle_others(rfq, actor, keep=quote)
    _tell_supplier(quote, notices.QUOTE_AWARDED, number=str(order.pk))
    return order


# ---------------------------------------------------------------------------------------------------
# What an enterprise may do now (buttons and the API)


def quote_actions(quote: Quote, enterprise_id: int | None) -> list[str]:
    """The actions the enterprise may take on the quote now; the services check again."""
    rfq = quote.request
    active = quote.status in Quote.ACTIVE
    deciding = rfq.status in DECIDING
    if enterprise_id is not None and enterprise_id == quote.supplier_id:
        actions = {
            "revise": active and quote.revised_at is None and rfq.accepting_quotes,
            "withdraw": active,
            "reprice": active
            and deciding
            and quote.reprice_requested_at is not None
            and quote.repriced_at is None,
            "attach": active,
        }
    elif enterprise_id is not None and enterprise_id == rfq.buyer_id:
        actions = {
            "shortlist": deciding and quote.status == QStatus.SUBMITTED,
            "unshortlist": deciding and quote.status == QStatus.SHORTLISTED,
            "request_reprice": deciding and active and quote.reprice_requested_at is None,
            "award": deciding and active,
        }
    else:
        return []
    return [name for name, allowed in actions.items() if allowed]


def quote_request_actions(rfq: QuoteRequest, enterprise_id: int | None) -> list[str]:
    """`cancel` for the buyer while undecided."""
    if enterprise_id is not None and enterprise_id == rfq.buyer_id and rfq.status in DECIDING:
        return ["cancel"]
    return []
