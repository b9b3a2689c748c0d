"""Reads of financing applications: who sees which, the timeline, and what the institution learns of
the applicant (its profile, given with consent) and of the order an application rests on.

Only the applicant's and the institution's members (and staff) see an application; anyone else is told
it does not exist. An institution reads an applicant's full profile (contact details, certifications)
only through an application it received: the applicant consented to share it with that institution.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from accounts.models import Certification, Enterprise
from accounts.services import membership_of
from accounts.taxonomy import Theme
from financing.models import ApplicationDocument, ApplicationEvent, ApplicationMessage, FinancingApplication
from orders.models import Order

Status = FinancingApplication.Status


def application_queryset() -> QuerySet[FinancingApplication]:
    """Applications with the parties, the offer's title and the order their pages and the API show; the
    offer without its long texts (a wide join costs more to plan than to run)."""
    return FinancingApplication.objects.select_related(
        "applicant", "institution", "offer", "order", "submitted_by", "decided_by"
    ).defer("offer__description", "offer__search_title", "offer__search_body", "offer__tech_patents")


def applications_visible_to(user: Any) -> QuerySet[FinancingApplication]:
    """Every application for staff; those an enterprise sent or received for its members; else none."""
    if getattr(user, "is_staff", False):
        return application_queryset()
    membership = membership_of(user)
    if membership is None:
        return FinancingApplication.objects.none()
    mine = membership.enterprise_id
    return application_queryset().filter(Q(applicant_id=mine) | Q(institution_id=mine))


def application_for(user: Any, pk: int) -> FinancingApplication:
    """The application `pk` if the user may read it; anything else is a 404."""
    found = applications_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def application_events(application: FinancingApplication) -> QuerySet[ApplicationEvent]:
    """The application's timeline, oldest first."""
    return application.events.select_related("actor").order_by("created_at", "id")


def application_documents(application: FinancingApplication) -> QuerySet[ApplicationDocument]:
    return application.documents.select_related("uploaded_by").order_by("kind", "created_at", "id")


def application_messages(application: FinancingApplication) -> QuerySet[ApplicationMessage]:
    """The conversation, oldest first, with the senders."""
    return application.messages.select_related("sender", "sender_enterprise").order_by("created_at", "id")


def side_of(application: FinancingApplication, enterprise_id: int | None) -> str:
    """'applicant', 'institution', or '' (staff, or nobody's)."""
    if enterprise_id is not None and enterprise_id == application.applicant_id:
        return "applicant"
    if enterprise_id is not None and enterprise_id == application.institution_id:
        return "institution"
    return ""


def is_financial_institution(enterprise: Enterprise | None) -> bool:
    return enterprise is not None and enterprise.theme == Theme.FINANCIAL_INSTITUTION


def financial_institutions(*, exclude: int | None = None) -> QuerySet[Enterprise]:
    """The verified financial institutions one may apply to directly, by name."""
    found = Enterprise.objects.filter(
        theme=Theme.FINANCIAL_INSTITUTION, status=Enterprise.Status.VERIFIED
    ).order_by("name_zh")
    return found.exclude(pk=exclude) if exclude is not None else found


# ---------------------------------------------------------------------------------------------------
# What the institution sees of the applicant and of the order


def applicant_profile_queryset() -> QuerySet[Enterprise]:
    """Enterprises with what a profile shows, in a fixed number of queries."""
    return Enterprise.objects.select_related("region__parent").prefetch_related(
        "segment_links", Prefetch("certifications", queryset=Certification.objects.order_by("standard"))
    )


def applicant_profile(application: FinancingApplication, user: Any) -> Enterprise | None:
    """The applicant's profile for the institution's members (and staff, and the applicant itself, who
    sees what it shared); None for anyone else. Shared because the applicant consented on applying."""
    membership = membership_of(user)
    mine = membership.enterprise_id if membership is not None else None
    if not getattr(user, "is_staff", False) and mine not in (
        application.applicant_id,
        application.institution_id,
    ):
        return None
    return applicant_profile_queryset().get(pk=application.applicant_id)


@dataclass(frozen=True)
class OrderFacts:
    """The facts of the order an application rests on, as the institution reads them: it is no party of
    the order, so it sees these and not the order's page or conversation."""

    id: int
    listing_title: str
    buyer: str
    seller: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    total: Decimal
    status: str
    status_display: str
    placed_at: datetime.datetime
    accepted_at: datetime.datetime | None
    shipped_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    completed_at: datetime.datetime | None


def order_facts(application: FinancingApplication) -> OrderFacts | None:
    """The order's facts and current status, or None for an application without an order."""
    return facts_of_order(application.order_id) if application.order_id is not None else None


def facts_of_order(order_id: int) -> OrderFacts:
    """The facts and current status of an order (read afresh: its status moves on after applying)."""
    order = Order.objects.select_related("listing", "buyer", "seller").get(pk=order_id)
    return OrderFacts(
        id=order.pk,
        listing_title=order.listing.title,
        buyer=order.buyer.display_name,
        seller=order.seller.display_name,
        quantity=order.quantity,
        unit=order.unit,
        unit_price=order.unit_price,
        total=order.total,
        status=order.status,
        status_display=str(order.get_status_display()),
        placed_at=order.created_at,
        accepted_at=order.accepted_at,
        shipped_at=order.shipped_at,
        delivered_at=order.delivered_at,
        completed_at=order.completed_at,
    )


# ---------------------------------------------------------------------------------------------------
# The institution's pipeline


def age_in_days(application: FinancingApplication, now: datetime.datetime | None = None) -> int:
    """Whole days since the application was submitted."""
    return ((now or timezone.now()) - application.created_at).days


@dataclass
class PipelineStage:
    status: str
    label: str
    count: int
    amount: Decimal
    applications: list[FinancingApplication]


# The stages shown as columns, and how many applications each column lists (the counts cover all).
PIPELINE = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED)
CLOSED = (Status.DISBURSED, Status.DECLINED, Status.WITHDRAWN)
STAGE_LIMIT = 50


def institution_pipeline(institution_id: int) -> tuple[list[PipelineStage], list[PipelineStage]]:
    """The institution's applications by status: the open stages with their oldest applications first
    (the ones waiting longest), and the closed stages with the latest first; each with count and sum."""
    received = application_queryset().filter(institution_id=institution_id)
    totals = {
        row["status"]: (row["n"], row["total"] or Decimal(0))
        for row in received.order_by().values("status").annotate(n=Count("id"), total=Sum("amount"))
    }
    now = timezone.now()

    def stage(status: str, order: str) -> PipelineStage:
        rows = list(received.filter(status=status).order_by(order, "id")[:STAGE_LIMIT])
        for row in rows:
            row.age_days = age_in_days(row, now)  # type: ignore[attr-defined]  # for the template
        count, amount = totals.get(status, (0, Decimal(0)))
        return PipelineStage(status, str(Status(status).label), count, amount, rows)

    return [stage(s, "created_at") for s in PIPELINE], [stage(s, "-updated_at") for s in CLOSED]
