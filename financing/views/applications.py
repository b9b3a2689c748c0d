"""Financing application pages: the application form (on an offer, to an institution, or with an order
as evidence), the enterprise's applications, and one application with its terms, decision, documents,
timeline, conversation and the forms of both sides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Enterprise, Membership, Region
from accounts.services import membership_of
from accounts.taxonomy import Segment, Theme
from accounts.views import AuthenticatedRequest, add_service_errors, member_required
from financing import selectors
from financing.forms import (
    AnswerForm,
    ApplicationForm,
    ApproveForm,
    DeclineForm,
    DisburseForm,
    DocumentForm,
    QuestionForm,
    StartReviewForm,
    WithdrawForm,
)
from financing.models import ApplicationDocument, FinancingApplication
from financing.services import applications as services
from financing.views.thread import render_thread
from listings.access import can_view
from listings.choices import Kind, Side
from listings.models import Listing
from orders.models import Order
from orders.selectors import orders_visible_to
from orders.services.messages import message_file_response
from platform_site.errors import ApplicationError
from platform_site.formats import money
from platform_site.uploads import file_response

PAGE_SIZE = 20
Status = FinancingApplication.Status
AppKind = FinancingApplication.Kind


# ---------------------------------------------------------------------------------------------------
# Applying


def _number(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name) or ""
    return int(raw) if raw.isdigit() else None


def _offer(request: HttpRequest) -> Listing | None:
    """The offer of `?offer=`: a funding supply the user may see; anything else is a 404."""
    pk = _number(request, "offer")
    if pk is None:
        return None
    offer = get_object_or_404(
        Listing.objects.select_related("enterprise", "region"), pk=pk, side=Side.SUPPLY, kind=Kind.FUNDING
    )
    if not can_view(offer, request.user):
        raise Http404
    return offer


def _order(request: HttpRequest) -> Order | None:
    """The order of `?order=`: one of the member's enterprise's orders; anything else is a 404."""
    pk = _number(request, "order")
    if pk is None:
        return None
    order = orders_visible_to(request.user).filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


def _initial(offer: Listing | None, order: Order | None) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    if offer is not None:
        initial = {"amount": offer.funding_amount, "term_months": offer.funding_term_months}
    if order is not None:
        initial["amount"] = order.total
        initial["kind"] = AppKind.ORDER if order.status == Order.Status.ACCEPTED else AppKind.RECEIVABLES
        initial["purpose"] = _("Financing of order #%(number)s: %(title)s") % {
            "number": order.pk,
            "title": order.listing.title,
        }
    return initial


@member_required
def apply(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """Apply for financing: `?offer=` a financing offer, `?institution=` an institution directly (or one
    chosen on the form), `?order=` an order of the enterprise's as evidence of order financing."""
    enterprise = membership.enterprise
    offer, order = _offer(request), _order(request)
    institution: Enterprise | None = offer.enterprise if offer is not None else None
    institutions = None
    if institution is None and (pk := _number(request, "institution")) is not None:
        institution = get_object_or_404(selectors.financial_institutions(), pk=pk)
    if institution is None:
        institutions = selectors.financial_institutions(exclude=enterprise.pk)
    required = offer.required_documents if offer is not None else []
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        institutions=institutions,
        institution_name=institution.display_name if institution is not None else "",
        required_documents=required,
        with_order=order is not None,
        initial=_initial(offer, order),
    )
    document_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        params = form.service_kwargs()
        params.setdefault("institution", institution)
        try:
            application = services.application_submit(actor=request.user, offer=offer, order=order, **params)
        except ValidationError as exc:
            errors: dict[str, list[str]] = (
                dict(exc.message_dict) if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
            )
            document_errors = errors.pop("documents", [])  # shown beside the document inputs
            if errors:
                add_service_errors(form, ValidationError(errors))
            if document_errors and not form.errors:
                form.add_error(None, _("Check the documents."))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Your application #%(number)s is sent; %(institution)s has been told.")
                % {"number": application.pk, "institution": application.institution.display_name},
            )
            return redirect("financing:application_detail", pk=application.pk)
    context = {
        "offer": offer,
        "order": order,
        "order_facts": _facts_of(order),
        "institution": institution,
        "form": form,
        "document_errors": document_errors,
        "own": institution is not None and institution.pk == enterprise.pk,
        "verified": enterprise.is_verified,
        "seller": order is None or order.seller_id == enterprise.pk,
        "offer_terms": offer_terms(offer),
    }
    failed = request.method == "POST"  # a successful POST redirected above
    return render(request, "financing/apply.html", context, status=400 if failed else 200)


def _facts_of(order: Order | None) -> selectors.OrderFacts | None:
    return selectors.facts_of_order(order.pk) if order is not None else None


def offer_terms(offer: Listing | None) -> list[tuple[str, str]]:
    """An offer's product terms as (label, value) rows for the page."""
    if offer is None:
        return []
    rows: list[tuple[str, str]] = []
    if offer.funding_instrument:
        rows.append((_("Instrument"), str(offer.get_funding_instrument_display())))
    if offer.funding_amount is not None or offer.funding_amount_max is not None:
        low, high = offer.funding_amount, offer.funding_amount_max
        amounts = "–".join(f"¥{money(v)}" for v in (low, high) if v is not None)
        rows.append((_("Amount"), amounts))
    if offer.funding_term_months is not None or offer.funding_term_max_months is not None:
        terms = "–".join(
            str(v) for v in (offer.funding_term_months, offer.funding_term_max_months) if v is not None
        )
        rows.append((_("Term"), _("%(range)s months") % {"range": terms}))
    if rate := _rate_range(offer):
        rows.append((_("Annual rate or fee"), rate))
    if offer.eligible_themes:
        rows.append(
            (_("For"), ", ".join(str(Theme(c).label) for c in offer.eligible_themes if c in Theme.values))
        )
    if offer.eligible_segments:
        labels = [str(Segment(c).label) for c in offer.eligible_segments if c in Segment.values]
        rows.append((_("Segments"), ", ".join(labels)))
    if offer.eligible_provinces:
        regions = Region.objects.filter(code__in=offer.eligible_provinces)
        rows.append((_("Provinces"), ", ".join(r.display_name for r in regions)))
    if offer.required_documents:
        labels = [services.document_label(c) for c in offer.required_documents]
        rows.append((_("Documents required"), ", ".join(labels)))
    if offer.funding_decision_days:
        rows.append((_("Typical decision time"), _("%(days)s days") % {"days": offer.funding_decision_days}))
    return rows


def _rate_range(offer: Listing | None) -> str:
    if offer is None or (offer.funding_rate_min is None and offer.funding_rate_max is None):
        return ""
    low, high = offer.funding_rate_min, offer.funding_rate_max
    if low is not None and high is not None and low != high:
        return f"{low:g}–{high:g}%"
    return f"{(low if low is not None else high):g}%"


# ---------------------------------------------------------------------------------------------------
# My applications


@member_required
def mine(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The enterprise's applications by status, with amounts; an institution is shown its workspace."""
    enterprise = membership.enterprise
    shown = selectors.applications_visible_to(request.user).filter(applicant_id=enterprise.pk)
    counts = dict(shown.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    status = request.GET.get("status", "")
    if status in Status.values:
        shown = shown.filter(status=status)
    else:
        status = ""
    page = Paginator(shown.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        # For the template: the institution waits for this applicant's answer.
        row.awaiting_answer = row.status in FinancingApplication.PENDING and services.is_open_question(row)  # type: ignore[attr-defined]
    received = None
    if selectors.is_financial_institution(enterprise):
        received = FinancingApplication.objects.filter(institution=enterprise).aggregate(
            pending=Count("id", filter=Q(status__in=FinancingApplication.PENDING)),
            approved=Count("id", filter=Q(status=Status.APPROVED)),
            amount=Sum("amount", filter=Q(status__in=FinancingApplication.PENDING)),
        )
    context = {
        "enterprise": enterprise,
        "status": status,
        "statuses": [("", _("Any status"), sum(counts.values()))]
        + [(code, label, counts.get(code, 0)) for code, label in Status.choices],
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "received": received,
    }
    return render(request, "financing/applications/mine.html", context)


# ---------------------------------------------------------------------------------------------------
# One application


def _forms(application: FinancingApplication) -> dict[str, forms.Form]:
    offer = application.offer
    return {
        "start_review_form": StartReviewForm(),
        "question_form": QuestionForm(),
        "answer_form": AnswerForm(),
        "document_form": DocumentForm(),
        "approve_form": ApproveForm(
            initial={
                "amount": application.amount,
                "term_months": application.term_months,
                "rate": offer.funding_rate_min if offer is not None else None,
            }
        ),
        "decline_form": DeclineForm(),
        "disburse_form": DisburseForm(initial={"amount": application.approved_amount}),
        "withdraw_form": WithdrawForm(),
    }


def _detail(
    request: HttpRequest,
    application: FinancingApplication,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    membership = membership_of(request.user)
    enterprise_id = membership.enterprise_id if membership is not None else None
    context: dict[str, Any] = {
        "app": application,
        "side": selectors.side_of(application, enterprise_id),
        "actions": set(services.application_actions(application, enterprise_id)),
        "open_question": services.is_open_question(application),
        "events": selectors.application_events(application),
        "documents": selectors.application_documents(application),
        "profile": selectors.applicant_profile(application, request.user),
        "order_facts": selectors.order_facts(application),
        "age_days": selectors.age_in_days(application),
        "offer_terms": offer_terms(application.offer),
        "thread": render_thread(request, application),
        **_forms(application),
        **(bound or {}),
    }
    return render(request, "financing/applications/detail.html", context, status=status)


@login_required
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An application as the applicant, the institution (and staff, read-only) see it."""
    return _detail(request, selectors.application_for(request.user, pk))


# The forms of both sides: the form each posts, its context name, the service, what success says.
ACTIONS: dict[str, tuple[type[Any], str, Any, Any]] = {
    "start_review": (
        StartReviewForm,
        "start_review_form",
        services.application_start_review,
        gettext_lazy("Review started; the applicant has been told."),
    ),
    "request_info": (
        QuestionForm,
        "question_form",
        services.application_request_info,
        gettext_lazy("Your question is posted; the applicant has been told."),
    ),
    "answer_info": (
        AnswerForm,
        "answer_form",
        services.application_answer_info,
        gettext_lazy("Your answer is sent; the institution has been told."),
    ),
    "add_document": (
        DocumentForm,
        "document_form",
        services.application_add_document,
        gettext_lazy("Document added; the institution has been told."),
    ),
    "approve": (
        ApproveForm,
        "approve_form",
        services.application_approve,
        gettext_lazy("Application approved; the applicant has been told."),
    ),
    "decline": (
        DeclineForm,
        "decline_form",
        services.application_decline,
        gettext_lazy("Application declined; the applicant has been told."),
    ),
    "disburse": (
        DisburseForm,
        "disburse_form",
        services.application_disburse,
        gettext_lazy("Disbursement recorded; the applicant has been told."),
    ),
    "withdraw": (
        WithdrawForm,
        "withdraw_form",
        services.application_withdraw,
        gettext_lazy("Application withdrawn; the institution has been told."),
    ),
}


@require_POST
@login_required
def application_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """One of the forms on an application's page. Field errors come back under the fields (400); a
    refusal as a message."""
    if action not in ACTIONS:
        raise Http404
    application = selectors.application_for(request.user, pk)
    form_class, form_name, service, success = ACTIONS[action]
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            service(application=application, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("financing:application_detail", pk=application.pk)
        else:
            messages.success(request, str(success))
            return redirect("financing:application_detail", pk=application.pk)
    messages.error(request, _("Correct the form below."))
    return _detail(request, application, {form_name: form}, status=400)


@login_required
@require_GET
def document_download(request: AuthenticatedRequest, pk: int, document_id: int) -> FileResponse:
    """A document of the application, for its parties and staff; anyone else gets 404."""
    application = selectors.application_for(request.user, pk)
    document = get_object_or_404(ApplicationDocument, pk=document_id, application=application)
    return file_response(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=document.original_name,
        inline=document.content_type.startswith("image/"),
    )


@login_required
@require_GET
def message_file(request: AuthenticatedRequest, pk: int, message_id: int) -> FileResponse:
    """The file of a message of the application's conversation, for its parties and staff."""
    application = selectors.application_for(request.user, pk)
    message = get_object_or_404(application.messages.all(), pk=message_id)
    return message_file_response(message)


def order_panel(request: HttpRequest, order: Order) -> str:
    """On an order's page, for its seller once the buyer's order is accepted: finance it."""
    membership = membership_of(request.user)
    if membership is None or membership.enterprise_id != order.seller_id:
        return ""
    if order.status not in services.ORDER_STATUSES[FinancingApplication.Kind.ORDER]:
        return ""
    live = FinancingApplication.objects.filter(order=order).exclude(
        status__in=[FinancingApplication.Status.DECLINED, FinancingApplication.Status.WITHDRAWN]
    )
    context = {"order": order, "application": live.first()}
    return render_to_string("financing/order_panel.html", context, request=request)
