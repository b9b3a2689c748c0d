"""Technology licence and talent engagement requests: request, accept (recording the agreed terms),
decline, withdraw; and who may read them.

A technology supply listing takes a `licence` request (its mode is a `TransferMode`), a talent supply
listing an `engagement` request (an `EngagementMode`). Every transition locks the request, checks the
actor and `LicenceRequest.TRANSITIONS`, writes a `LicenceRequestEvent` and notifies the other side after
commit.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications import Notice, notify
from accounts.services import membership_of, require_verified_enterprise
from listings.choices import Kind, Side
from listings.models import Listing
from matching.models import Match
from orders import notices
from orders.models import LicenceRequest, LicenceRequestEvent
from orders.services.common import (
    QUOTED,
    acting_enterprise,
    people_of,
    record_match_step,
    require_match_of,
    transition,
)
from platform_site.errors import ApplicationError, Conflict, TransitionNotAllowed

Status = LicenceRequest.Status
RequestKind = LicenceRequest.Kind
Action = LicenceRequestEvent.Action

MAX_TERM_MONTHS = 360  # thirty years: longer than any patent lives
# The kind of request each kind of supply listing takes.
KIND_OF_LISTING: dict[str, str] = {Kind.TECHNOLOGY: RequestKind.LICENCE, Kind.TALENT: RequestKind.ENGAGEMENT}


# ---------------------------------------------------------------------------------------------------
# Reads


def licence_request_queryset() -> QuerySet[LicenceRequest]:
    return LicenceRequest.objects.select_related(
        "listing", "requester", "holder", "requested_by", "decided_by", "match"
    )


def licence_requests_visible_to(user: Any) -> QuerySet[LicenceRequest]:
    """Every request for staff; those an enterprise sent or received for its members; else none."""
    if getattr(user, "is_staff", False):
        return licence_request_queryset()
    membership = membership_of(user)
    if membership is None:
        return LicenceRequest.objects.none()
    mine = membership.enterprise_id
    return licence_request_queryset().filter(Q(requester_id=mine) | Q(holder_id=mine))


def licence_request_events(request: LicenceRequest) -> QuerySet[LicenceRequestEvent]:
    """The request's timeline, oldest first."""
    return request.events.select_related("actor").order_by("created_at", "id")


def licence_kind_of(listing: Listing) -> str:
    """The kind of request a listing takes ('' if none: only technology and talent supplies do)."""
    if listing.side != Side.SUPPLY:
        return ""
    return KIND_OF_LISTING.get(listing.kind, "")


def pending_request_of(listing: Listing, enterprise_id: int) -> LicenceRequest | None:
    """The enterprise's open request on the listing, if it has one."""
    return (
        LicenceRequest.objects.filter(listing=listing, requester_id=enterprise_id, status=Status.REQUESTED)
        .order_by("-created_at")
        .first()
    )


# ---------------------------------------------------------------------------------------------------
# Helpers


def _link(request: LicenceRequest) -> str:
    return reverse("orders:licence_detail", args=[request.pk])


def _record(
    request: LicenceRequest, actor: User | None, action: str, *, from_status: str = "", note: str = ""
) -> None:
    LicenceRequestEvent.objects.create(
        licence_request=request,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=request.status,
        note=note,
    )


def _tell(
    request: LicenceRequest, enterprise_id: int, notice: Notice, *, also: User | None = None, **params: str
) -> None:
    notify(
        recipients=people_of(enterprise_id, also),
        notice=notice,
        link=_link(request),
        title=request.listing.title,
        **params,
    )


def _lock(request: LicenceRequest) -> LicenceRequest:
    return (
        LicenceRequest.objects.select_for_update(of=("self",))
        .select_related("listing", "requester", "holder", "requested_by")
        .get(pk=request.pk)
    )


def _check_fee(errors: dict[str, list[str]], field: str, fee: Decimal | None) -> None:
    if fee is not None and fee < 0:
        errors[field] = [_("Must not be negative.")]


def _check_term(errors: dict[str, list[str]], field: str, months: int | None) -> None:
    if months is not None and not 1 <= months <= MAX_TERM_MONTHS:
        errors[field] = [_("Between 1 and %(max)s months.") % {"max": MAX_TERM_MONTHS}]


def check_requestable(listing: Listing, requester_id: int, kind: str | None = None) -> str:
    """The kind of request the listing takes from this enterprise; refuses anything else."""
    listing_kind = licence_kind_of(listing)
    if not listing_kind:
        raise ApplicationError(
            _("Licence requests are made on technology listings and engagement requests on talent listings."),
            code="not_requestable",
            fields={"listing": [_("Not a technology or talent supply listing.")]},
        )
    if kind is not None and kind != listing_kind:
        raise ApplicationError(
            _("This is a %(kind)s listing; send a %(request)s instead.")
            % {"kind": Kind(listing.kind).label, "request": RequestKind(listing_kind).label},
            code="wrong_kind",
            fields={"listing": [_("Takes a %(request)s.") % {"request": RequestKind(listing_kind).label}]},
        )
    if listing.enterprise_id == requester_id:
        raise ApplicationError(
            _("You cannot send a request on your own enterprise's listing."),
            code="own_listing",
            fields={"listing": [_("This is your own listing.")]},
        )
    if listing.status != Listing.Status.PUBLISHED:
        raise TransitionNotAllowed(
            _("This listing is not published, so it takes no requests."), code="listing_not_published"
        )
    return listing_kind


# ---------------------------------------------------------------------------------------------------
# Transitions


@transaction.atomic
def licence_request_create(
    *,
    actor: User,
    listing: Listing,
    mode: str,
    proposed_fee: Decimal | None = None,
    field_of_use: str = "",
    term_months: int | None = None,
    headcount: int | None = None,
    start_date: datetime.date | None = None,
    message: str = "",
    match: Match | None = None,
    kind: str | None = None,
) -> LicenceRequest:
    """A member of a verified enterprise asks the holder of a published technology (or talent) supply
    for a licence or transfer (or an engagement). `kind`, when given, is the kind the caller expects.

    From an approved match, the match's funnel moves to "quoted": the request is the quote of a licence.
    """
    requester = require_verified_enterprise(actor)
    # The listing's lock serialises requests on it, so two clicks cannot open two pending requests.
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    request_kind = check_requestable(listing, requester.pk, kind)
    require_match_of(match, listing_id=listing.pk, enterprise_id=requester.pk)

    errors: dict[str, list[str]] = {}
    modes = LicenceRequest.MODES[RequestKind(request_kind)]
    if mode not in modes.values:
        errors["mode"] = [
            _("Choose one of: %(modes)s.") % {"modes": ", ".join(str(label) for label in modes.labels)}
        ]
    _check_fee(errors, "proposed_fee", proposed_fee)
    _check_term(errors, "term_months", term_months)
    if headcount is not None:
        if request_kind != RequestKind.ENGAGEMENT:
            errors["headcount"] = [_("A headcount is given only for talent engagements.")]
        elif headcount < 1:
            errors["headcount"] = [_("At least one person.")]
        elif listing.talent_headcount is not None and headcount > listing.talent_headcount:
            errors["headcount"] = [
                _("The listing offers %(count)s people at most.") % {"count": listing.talent_headcount}
            ]
    if start_date is not None and start_date < timezone.localdate():
        errors["start_date"] = [_("The date has passed; choose today or later.")]
    if errors:
        raise ValidationError(errors)
    if pending_request_of(listing, requester.pk) is not None:
        raise Conflict(
            _("Your enterprise already has a pending request on this listing; withdraw it to send another."),
            code="request_pending",
        )

    request = LicenceRequest.objects.create(
        kind=request_kind,
        listing=listing,
        requester=requester,
        holder_id=listing.enterprise_id,
        requested_by=actor,
        match=match,
        mode=mode,
        proposed_fee=proposed_fee,
        field_of_use=(field_of_use or "").strip(),
        term_months=term_months,
        headcount=headcount,
        start_date=start_date,
        message=(message or "").strip(),
    )
    _record(request, actor, Action.REQUESTED)
    _tell(request, request.holder_id, notices.LICENCE_REQUESTED, requester=requester.display_name)
    record_match_step(match, actor, QUOTED)
    return request


@transaction.atomic
def licence_request_accept(
    *,
    request: LicenceRequest,
    actor: User,
    agreed_fee: Decimal | None = None,
    agreed_field_of_use: str = "",
    agreed_term_months: int | None = None,
    agreed_terms: str = "",
) -> LicenceRequest:
    """The holder accepts; the agreed fee, field of use and term default to the proposed ones."""
    request = _lock(request)
    acting_enterprise(
        actor, request.holder_id, message=_("Only the listing holder's members may accept the request.")
    )
    from_status = transition(request, Status.ACCEPTED, Status)
    errors: dict[str, list[str]] = {}
    _check_fee(errors, "agreed_fee", agreed_fee)
    _check_term(errors, "agreed_term_months", agreed_term_months)
    if errors:
        raise ValidationError(errors)
    request.agreed_fee = agreed_fee if agreed_fee is not None else request.proposed_fee
    request.agreed_field_of_use = (agreed_field_of_use or "").strip() or request.field_of_use
    request.agreed_term_months = agreed_term_months if agreed_term_months is not None else request.term_months
    request.agreed_terms = (agreed_terms or "").strip()
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(
        update_fields=[
            "status",
            "agreed_fee",
            "agreed_field_of_use",
            "agreed_term_months",
            "agreed_terms",
            "decided_by",
            "decided_at",
            "updated_at",
        ]
    )
    _record(request, actor, Action.ACCEPTED, from_status=from_status, note=request.agreed_terms)
    _tell(request, request.requester_id, notices.LICENCE_ACCEPTED, also=request.requested_by)
    return request


@transaction.atomic
def licence_request_decline(*, request: LicenceRequest, actor: User, reason: str) -> LicenceRequest:
    """The holder declines, with a reason the requester reads."""
    request = _lock(request)
    acting_enterprise(
        actor, request.holder_id, message=_("Only the listing holder's members may decline the request.")
    )
    from_status = transition(request, Status.DECLINED, Status)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Tell the requester why.")]})
    request.decline_reason = reason
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"])
    _record(request, actor, Action.DECLINED, from_status=from_status, note=reason)
    _tell(request, request.requester_id, notices.LICENCE_DECLINED, also=request.requested_by, reason=reason)
    return request


@transaction.atomic
def licence_request_withdraw(*, request: LicenceRequest, actor: User, reason: str = "") -> LicenceRequest:
    """The requester takes back a request the holder has not answered yet."""
    request = _lock(request)
    requester = acting_enterprise(
        actor, request.requester_id, message=_("Only the requester's members may withdraw the request.")
    )
    from_status = transition(request, Status.WITHDRAWN, Status)
    request.save(update_fields=["status", "updated_at"])
    _record(request, actor, Action.WITHDRAWN, from_status=from_status, note=(reason or "").strip())
    _tell(request, request.holder_id, notices.LICENCE_WITHDRAWN, requester=requester.display_name)
    return request


def licence_request_actions(request: LicenceRequest, enterprise_id: int | None) -> list[str]:
    """The transitions the enterprise may take on the request now (for buttons and the API)."""
    if request.status != Status.REQUESTED or enterprise_id is None:
        return []
    if enterprise_id == request.holder_id:
        return ["accept", "decline"]
    if enterprise_id == request.requester_id:
        return ["withdraw"]
    return []
