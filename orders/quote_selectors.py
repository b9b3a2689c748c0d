"""Reads of requests for quotes and quotes: who sees which, and the buyer's side-by-side comparison.

Only the two parties (and staff) see a quote; an open request on a published listing is visible to every
member so that suppliers can find it, a decided one only to its buyer and the suppliers who quoted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Certification
from accounts.services import membership_of
from listings.models import Listing
from matching.models import Match
from orders.models import Quote, QuoteEvent, QuoteRequest

RStatus = QuoteRequest.Status
QStatus = Quote.Status


def quote_request_queryset() -> QuerySet[QuoteRequest]:
    """Requests with their listing and buyer, and the number of active quotes (`quote_count`)."""
    return QuoteRequest.objects.select_related("listing", "buyer", "opened_by").annotate(
        quote_count=Count("quotes", filter=Q(quotes__status__in=Quote.ACTIVE), distinct=True)
    )


def quote_requests_visible_to(user: Any) -> QuerySet[QuoteRequest]:
    """Staff see every request; a member sees the enterprise's own, those it quoted on, and every open
    request on a published listing (so suppliers can find them); anyone else none."""
    if getattr(user, "is_staff", False):
        return quote_request_queryset()
    membership = membership_of(user)
    if membership is None:
        return QuoteRequest.objects.none()
    mine = membership.enterprise_id
    quoted = Quote.objects.filter(request=OuterRef("pk"), supplier_id=mine)
    return quote_request_queryset().filter(
        Q(buyer_id=mine)
        | Q(Exists(quoted))
        | Q(status=RStatus.OPEN, listing__status=Listing.Status.PUBLISHED)
    )


def quote_queryset() -> QuerySet[Quote]:
    return Quote.objects.select_related(
        "request", "request__listing", "request__buyer", "supplier", "submitted_by", "order"
    ).prefetch_related("attachments")


def quotes_visible_to(user: Any) -> QuerySet[Quote]:
    """Staff see every quote; a member the quotes the enterprise sent and those on its requests."""
    if getattr(user, "is_staff", False):
        return quote_queryset()
    membership = membership_of(user)
    if membership is None:
        return Quote.objects.none()
    mine = membership.enterprise_id
    return quote_queryset().filter(Q(supplier_id=mine) | Q(request__buyer_id=mine))


def quote_of(rfq: QuoteRequest, enterprise_id: int | None) -> Quote | None:
    """The enterprise's quote on the request, if it sent one."""
    if enterprise_id is None:
        return None
    return Quote.objects.filter(request=rfq, supplier_id=enterprise_id).first()


@dataclass(frozen=True)
class QuoteRow:
    """One column of the buyer's side-by-side comparison."""

    quote: Quote
    supplier_id: int
    supplier: str
    region: str
    unit_price: Decimal
    previous_unit_price: Decimal | None
    quantity: Decimal
    total: Decimal
    lead_time_days: int
    valid_until: datetime.date
    validity_passed: bool
    certifications: list[str]
    match_score: float | None
    status: str
    status_label: str
    revised: bool
    repriced: bool
    reprice_requested: bool
    attachments: int
    cheapest: bool
    fastest: bool


def _match_scores(rfq: QuoteRequest, supplier_ids: Iterable[int]) -> dict[int, float]:
    """The best score, per supplier, of a match (not rejected) between the demand and its supplies."""
    rows = (
        Match.objects.filter(demand_id=rfq.listing_id, supply__enterprise_id__in=list(supplier_ids))
        .exclude(status=Match.Status.REJECTED)
        .values("supply__enterprise_id")
        .annotate(best=Max("score"))
        .order_by()
    )
    return {row["supply__enterprise_id"]: row["best"] for row in rows}


def quote_comparison(rfq: QuoteRequest) -> list[QuoteRow]:
    """The request's quotes side by side, active ones first by total: in three queries whatever their
    number (quotes with suppliers, regions and attachment counts; valid certifications; match scores)."""
    today = timezone.localdate()
    valid_certs = Certification.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    quotes = list(
        Quote.objects.filter(request=rfq)
        .select_related("supplier", "supplier__region", "supplier__region__parent", "order")
        .prefetch_related(
            Prefetch("supplier__certifications", queryset=valid_certs, to_attr="valid_certifications")
        )
        .annotate(attachment_count=Count("attachments"))
    )
    scores = _match_scores(rfq, {q.supplier_id for q in quotes})
    active = [q for q in quotes if q.status in Quote.ACTIVE]
    lowest = min((q.total for q in active), default=None)
    fastest = min((q.lead_time_days for q in active), default=None)
    quotes.sort(key=lambda q: (q.status not in Quote.ACTIVE, q.total, q.lead_time_days, q.pk))
    return [
        QuoteRow(
            quote=q,
            supplier_id=q.supplier_id,
            supplier=q.supplier.display_name,
            region=q.supplier.region.display_name,
            unit_price=q.unit_price,
            previous_unit_price=q.previous_unit_price,
            quantity=q.quantity,
            total=q.total,
            lead_time_days=q.lead_time_days,
            valid_until=q.valid_until,
            validity_passed=q.valid_until < today,
            certifications=sorted({c.standard for c in getattr(q.supplier, "valid_certifications", [])}),
            match_score=scores.get(q.supplier_id),
            status=q.status,
            status_label=str(QStatus(q.status).label),
            revised=q.revised_at is not None,
            repriced=q.repriced_at is not None,
            reprice_requested=q.reprice_requested_at is not None,
            attachments=q.attachment_count,
            cheapest=q.status in Quote.ACTIVE and len(active) > 1 and q.total == lowest,
            fastest=q.status in Quote.ACTIVE and len(active) > 1 and q.lead_time_days == fastest,
        )
        for q in quotes
    ]


def quote_events(quote: Quote) -> QuerySet[QuoteEvent]:
    """The quote's own trail, newest first."""
    return QuoteEvent.objects.filter(quote=quote).select_related("actor")


def quote_request_events(rfq: QuoteRequest) -> QuerySet[QuoteEvent]:
    """The request's own steps (opened, closed, cancelled, awarded), newest first."""
    return QuoteEvent.objects.filter(request=rfq, quote__isnull=True).select_related("actor")
