"""Quote pages: opening a demand for quotes, submitting a quote, the RFQ page with the buyer's
side-by-side comparison and buttons, my quotes and my requests, a quote with its trail and buttons, and
the panel on a demand listing's page.

Whatever is not visible to the user (`orders.quote_selectors`) is a 404; the services decide everything
else and their refusals come back as messages or as errors under the form's fields.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Membership
from accounts.services import membership_of
from accounts.views import AuthenticatedRequest, add_service_errors, member_required
from listings.access import can_view
from listings.choices import Side
from listings.models import Listing
from matching.models import Match
from orders import quote_selectors as selectors
from orders.forms_quotes import (
    AttachmentForm,
    AwardForm,
    QuoteForm,
    QuoteRequestForm,
    ReasonForm,
    RepriceForm,
    RepriceRequestForm,
)
from orders.models import Quote, QuoteAttachment, QuoteRequest
from orders.services import quotes as services
from orders.services.orders import default_unit_price
from orders.views.common import approved_match
from orders.views.messages import render_thread
from platform_site.errors import ApplicationError
from platform_site.uploads import file_response

PAGE_SIZE = 20
RStatus = QuoteRequest.Status
QStatus = Quote.Status


# ---------------------------------------------------------------------------------------------------
# Helpers


def _enterprise_id(request: HttpRequest) -> int | None:
    membership = membership_of(request.user)
    return membership.enterprise_id if membership else None


def _next_or(request: HttpRequest, default: str) -> str:
    """The `next` the form carried when it is a page of this site, else the default."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _error_text(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    labels = {name: str(field.label) for name, field in QuoteForm.base_fields.items()}
    parts = []
    for field, texts in error.message_dict.items():
        label = labels.get(field, "")
        parts.append(f"{label}: {' '.join(texts)}" if label else " ".join(texts))
    return " ".join(parts)


def _run(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service for a button; a refusal or a field error becomes an error message."""
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)
        return True
    return False


def _service_form(form: forms.Form, action: Callable[[], Any]) -> Any:
    """Run a service for a form; its errors go under the form's fields (or on top). None on failure."""
    try:
        return action()
    except ValidationError as exc:
        add_service_errors(form, exc)
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        for field, errors in exc.fields.items():
            if field in form.fields:
                for error in errors:
                    form.add_error(field, error)
    return None


def _visible_rfq(request: HttpRequest, pk: int) -> QuoteRequest:
    rfq = selectors.quote_requests_visible_to(request.user).filter(pk=pk).first()
    if rfq is None:
        raise Http404
    return rfq


def _visible_quote(request: HttpRequest, pk: int) -> Quote:
    quote = selectors.quotes_visible_to(request.user).filter(pk=pk).first()
    if quote is None:
        raise Http404
    return quote


def _tabs(counts: dict[str, int], choices: list[tuple[str, Any]]) -> list[tuple[str, str, int]]:
    return [("", _("All"), sum(counts.values()))] + [
        (code, str(label), counts.get(code, 0)) for code, label in choices
    ]


def _page(request: HttpRequest, queryset: Any) -> dict[str, Any]:
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }


# ---------------------------------------------------------------------------------------------------
# Opening a demand for quotes


def _default_deadline() -> datetime.datetime:
    """A week from now at the next full hour, in local time."""
    soon = timezone.localtime() + datetime.timedelta(days=7, hours=1)
    return soon.replace(minute=0, second=0, microsecond=0)


@member_required
def rfq_open(request: AuthenticatedRequest, membership: Membership, listing_id: int) -> HttpResponse:
    """The owner of a published demand opens it for quotes: deadline, maximum, instructions."""
    listing = get_object_or_404(
        Listing.objects.select_related("enterprise", "region"),
        pk=listing_id,
        enterprise_id=membership.enterprise_id,
    )
    existing = QuoteRequest.objects.filter(listing=listing).first()
    if existing is not None and existing.status != RStatus.CANCELLED:
        messages.info(request, _("This demand is already open for quotes."))
        return redirect("orders:rfq_detail", pk=existing.pk)
    form = QuoteRequestForm(request.POST or None, initial={"deadline": _default_deadline(), "max_quotes": 10})
    if request.method == "POST" and form.is_valid():
        rfq = _service_form(
            form,
            lambda: services.quote_request_open(
                actor=request.user,
                listing=listing,
                deadline=form.cleaned_data["deadline"],
                max_quotes=form.cleaned_data["max_quotes"],
                instructions=form.cleaned_data.get("instructions") or "",
            ),
        )
        if rfq is not None:
            messages.success(request, _("Your demand is open for quotes; suppliers can now quote."))
            return redirect("orders:rfq_detail", pk=rfq.pk)
    context = {
        "listing": listing,
        "form": form,
        "verified": membership.enterprise.is_verified,
        "quotable": listing.is_published
        and listing.side == Side.DEMAND
        and listing.kind in services.QUOTABLE_KINDS,
    }
    return render(request, "orders/quotes/open.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------------------------------
# Submitting a quote


def _quote_initial(listing: Listing, match: Match | None) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "quantity": listing.quantity,
        "valid_until": timezone.localdate() + datetime.timedelta(days=30),
    }
    if match is not None:
        initial["unit_price"] = default_unit_price(match.supply)
        initial["lead_time_days"] = match.supply.lead_time_days
    return initial


@member_required
def quote_submit(request: AuthenticatedRequest, membership: Membership, listing_id: int) -> HttpResponse:
    """A supplier's quote on a demand open for quotes, prefilled from the demand (and a match)."""
    listing = get_object_or_404(
        Listing.objects.select_related("enterprise", "region"), pk=listing_id, side=Side.DEMAND
    )
    if not can_view(listing, request.user):
        raise Http404
    rfq = selectors.quote_requests_visible_to(request.user).filter(listing=listing).first()
    if rfq is None:
        raise Http404
    mine = selectors.quote_of(rfq, membership.enterprise_id)
    if mine is not None:
        messages.info(request, _("Your enterprise has already quoted; here is its quote."))
        return redirect("orders:quote_detail", pk=mine.pk)
    match = approved_match(request, listing, membership.enterprise_id)
    form = QuoteForm(request.POST or None, initial=_quote_initial(listing, match))
    if request.method == "POST" and form.is_valid():
        quote = _service_form(
            form,
            lambda: services.quote_submit(
                actor=request.user, request=rfq, match=match, **form.service_kwargs()
            ),
        )
        if quote is not None:
            messages.success(
                request,
                _("Your quote is sent; the buyer has been told. You can attach drawings or certificates."),
            )
            return redirect("orders:quote_detail", pk=quote.pk)
    context = {
        "listing": listing,
        "rfq": rfq,
        "form": form,
        "match": match,
        "own": rfq.buyer_id == membership.enterprise_id,
        "verified": membership.enterprise.is_verified,
    }
    return render(request, "orders/quotes/submit.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------------------------------
# The request for quotes and the comparison


@login_required
def rfq_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The request: its terms; for the buyer (and staff) the quotes side by side with the buttons; for
    a supplier its own quote or the button to quote."""
    rfq = _visible_rfq(request, pk)
    enterprise_id = _enterprise_id(request)
    is_buyer = enterprise_id == rfq.buyer_id
    context: dict[str, Any] = {
        "rfq": rfq,
        "listing": rfq.listing,
        "is_buyer": is_buyer,
        "rfq_actions": set(services.quote_request_actions(rfq, enterprise_id)),
        "reason_form": ReasonForm(),
        "reprice_form": RepriceRequestForm(),
    }
    if is_buyer or request.user.is_staff:
        rows = selectors.quote_comparison(rfq)
        context["rows"] = [(row, set(services.quote_actions(row.quote, enterprise_id))) for row in rows]
        context["events"] = selectors.quote_request_events(rfq)
    else:
        membership = membership_of(request.user)
        context["my_quote"] = selectors.quote_of(rfq, enterprise_id)
        context["can_quote"] = (
            context["my_quote"] is None
            and rfq.accepting_quotes
            and membership is not None
            and membership.enterprise.is_verified
        )
    return render(request, "orders/quotes/rfq_detail.html", context)


@require_POST
@member_required
def rfq_action(request: AuthenticatedRequest, membership: Membership, pk: int, action: str) -> HttpResponse:
    """The request's button: `cancel`, with an optional reason."""
    if action != "cancel":
        raise Http404
    rfq = _visible_rfq(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    _run(
        request,
        lambda: services.quote_request_cancel(request=rfq, actor=request.user, reason=reason),
        _("The request for quotes is cancelled; the suppliers have been told."),
    )
    return redirect("orders:rfq_detail", pk=rfq.pk)


@member_required
def rfq_mine(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The enterprise's requests for quotes (as buyer), by status, with their number of quotes."""
    rfqs = selectors.quote_request_queryset().filter(buyer_id=membership.enterprise_id)
    counts = dict(
        QuoteRequest.objects.filter(buyer_id=membership.enterprise_id)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    status = request.GET.get("status", "")
    if status in RStatus.values:
        rfqs = rfqs.filter(status=status)
    else:
        status = ""
    context = {
        "enterprise": membership.enterprise,
        "tabs": _tabs(counts, RStatus.choices),
        "status": status,
        **_page(request, rfqs.order_by("-created_at", "-id")),
    }
    return render(request, "orders/quotes/rfq_mine.html", context)


# ---------------------------------------------------------------------------------------------------
# My quotes and a quote


@member_required
def quote_mine(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The quotes the enterprise sent (as supplier), by status."""
    quotes = selectors.quote_queryset().filter(supplier_id=membership.enterprise_id)
    counts = dict(
        Quote.objects.filter(supplier_id=membership.enterprise_id)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    status = request.GET.get("status", "")
    if status in QStatus.values:
        quotes = quotes.filter(status=status)
    else:
        status = ""
    context = {
        "enterprise": membership.enterprise,
        "tabs": _tabs(counts, QStatus.choices),
        "status": status,
        **_page(request, quotes.order_by("-created_at", "-id")),
    }
    return render(request, "orders/quotes/mine.html", context)


def _revise_initial(quote: Quote) -> dict[str, Any]:
    return {name: getattr(quote, name) for name in services.QUOTE_FIELDS}


def _render_quote(request: HttpRequest, quote: Quote, *, status: int = 200, **forms_: Any) -> HttpResponse:
    enterprise_id = _enterprise_id(request)
    side = (
        "supplier"
        if enterprise_id == quote.supplier_id
        else "buyer"
        if enterprise_id == quote.request.buyer_id
        else ""
    )
    context: dict[str, Any] = {
        "quote": quote,
        "rfq": quote.request,
        "listing": quote.request.listing,
        "side": side,
        "actions": set(services.quote_actions(quote, enterprise_id)),
        "events": selectors.quote_events(quote).order_by("created_at", "id"),
        "attachments": list(quote.attachments.all()),
        "order": getattr(quote, "order", None),
        "revise_form": forms_.get("revise_form") or QuoteForm(initial=_revise_initial(quote)),
        "reprice_form": forms_.get("reprice_form") or RepriceForm(),
        "reprice_request_form": forms_.get("reprice_request_form") or RepriceRequestForm(),
        "reason_form": ReasonForm(),
        "attachment_form": forms_.get("attachment_form") or AttachmentForm(),
        "thread": render_thread(request, quote),
    }
    return render(request, "orders/quotes/detail.html", context, status=status)


@login_required
def quote_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A quote as one of its parties (or staff) sees it: terms, files, trail and buttons."""
    return _render_quote(request, _visible_quote(request, pk))


@login_required
def quote_attachment(request: AuthenticatedRequest, pk: int, attachment_id: int) -> FileResponse:
    """A file of a quote, for the parties and staff."""
    quote = _visible_quote(request, pk)
    attachment = get_object_or_404(QuoteAttachment, pk=attachment_id, quote=quote)
    return file_response(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        filename=attachment.original_name,
        inline=attachment.content_type.startswith("image/"),
    )


SIMPLE_ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "shortlist": (services.quote_shortlist, gettext_lazy("The quote is on your shortlist.")),
    "unshortlist": (services.quote_unshortlist, gettext_lazy("The quote is off your shortlist.")),
}


@member_required
def quote_action(request: AuthenticatedRequest, membership: Membership, pk: int, action: str) -> HttpResponse:
    """A quote's buttons. `award` asks for confirmation first (GET); everything else is a POST."""
    quote = _visible_quote(request, pk)
    if action == "award":
        return _award(request, quote)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    back = _next_or(request, reverse("orders:quote_detail", args=[quote.pk]))
    user = request.user
    if action in SIMPLE_ACTIONS:
        service, success = SIMPLE_ACTIONS[action]
        _run(request, lambda: service(quote=quote, actor=user), str(success))
        return redirect(back)
    if action == "withdraw":
        form = ReasonForm(request.POST)
        reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
        _run(
            request,
            lambda: services.quote_withdraw(quote=quote, actor=user, reason=reason),
            _("Your quote is withdrawn; the buyer has been told."),
        )
        return redirect(back)
    if action == "request_reprice":
        reprice_request_form = RepriceRequestForm(request.POST)
        if reprice_request_form.is_valid():
            note = reprice_request_form.cleaned_data.get("note") or ""
            _run(
                request,
                lambda: services.quote_request_reprice(quote=quote, actor=user, note=note),
                _("The supplier has been asked for a revised price."),
            )
        else:
            messages.error(request, _error_text(ValidationError(reprice_request_form.errors)))
        return redirect(back)
    return _form_action(request, quote, action)


def _form_action(request: AuthenticatedRequest, quote: Quote, action: str) -> HttpResponse:
    """The buttons that come with a form shown on the quote's page: revise, reprice, attach. On an
    error the page is shown again with the form and its errors."""
    user = request.user
    detail = reverse("orders:quote_detail", args=[quote.pk])
    if action == "revise":
        revise_form = QuoteForm(request.POST)
        if revise_form.is_valid():
            changes = revise_form.service_kwargs()
            if _service_form(revise_form, lambda: services.quote_revise(quote=quote, actor=user, **changes)):
                messages.success(request, _("Your quote is revised; the buyer has been told."))
                return redirect(detail)
        return _render_quote(request, _fresh(quote), status=400, revise_form=revise_form)
    if action == "reprice":
        reprice_form = RepriceForm(request.POST)
        if reprice_form.is_valid():
            price = reprice_form.cleaned_data["unit_price"]
            if _service_form(
                reprice_form, lambda: services.quote_reprice(quote=quote, actor=user, unit_price=price)
            ):
                messages.success(request, _("Your revised price is sent to the buyer."))
                return redirect(detail)
        return _render_quote(request, _fresh(quote), status=400, reprice_form=reprice_form)
    if action == "attach":
        attachment_form = AttachmentForm(request.POST, request.FILES)
        if attachment_form.is_valid():
            upload = attachment_form.cleaned_data["file"]
            if _service_form(
                attachment_form,
                lambda: services.quote_add_attachment(quote=quote, actor=user, file=upload, name=upload.name),
            ):
                messages.success(request, _("The file is attached to your quote."))
                return redirect(detail)
        return _render_quote(request, _fresh(quote), status=400, attachment_form=attachment_form)
    raise Http404


def _fresh(quote: Quote) -> Quote:
    return selectors.quote_queryset().get(pk=quote.pk)


def _award(request: AuthenticatedRequest, quote: Quote) -> HttpResponse:
    """The buyer confirms the award (and the delivery address); the accepted order is shown next."""
    enterprise_id = _enterprise_id(request)
    if "award" not in services.quote_actions(quote, enterprise_id):
        if request.method == "POST":
            # Let the service say why (not the buyer, already decided, withdrawn ...).
            _run(request, lambda: services.quote_award(quote=quote, actor=request.user), "")
        else:
            messages.error(request, _("This quote cannot be awarded now."))
        return redirect("orders:quote_detail", pk=quote.pk)
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        order = _service_form(
            form,
            lambda: services.quote_award(
                quote=quote,
                actor=request.user,
                delivery_address=form.cleaned_data.get("delivery_address") or "",
            ),
        )
        if order is not None:
            messages.success(
                request,
                _("Quote awarded: order #%(number)s is created and accepted; the other suppliers were told.")
                % {"number": order.pk},
            )
            return redirect("orders:order_detail", pk=order.pk)
    others = (
        Quote.objects.filter(request_id=quote.request_id, status__in=Quote.ACTIVE)
        .exclude(pk=quote.pk)
        .count()
    )
    context = {"quote": quote, "rfq": quote.request, "listing": quote.request.listing, "form": form}
    context["others"] = others
    return render(request, "orders/quotes/award_confirm.html", context, status=400 if form.errors else 200)


# ---------------------------------------------------------------------------------------------------
# The panel on a demand listing's page


def listing_panel(request: HttpRequest, listing: Listing) -> str:
    """On a product or technology demand: for its owner, "Open for quotes" or the request's status; for
    another member, "Submit a quote" while it is open (or a link to the quote sent)."""
    if listing.side != Side.DEMAND or listing.kind not in services.QUOTABLE_KINDS:
        return ""
    membership = membership_of(request.user)
    own = membership is not None and membership.enterprise_id == listing.enterprise_id
    rfq = selectors.quote_request_queryset().filter(listing=listing).first()
    context: dict[str, Any] = {"listing": listing, "rfq": rfq, "own": own, "membership": membership}
    if own:
        if rfq is None and not listing.is_published:
            return ""
        context["can_open"] = (
            listing.is_published
            and membership is not None
            and membership.enterprise.is_verified
            # A cancelled request is reopened only if nobody had quoted on it (see the services).
            and (rfq is None or (rfq.status == RStatus.CANCELLED and not rfq.quotes.exists()))
        )
    else:
        if rfq is None:
            return ""
        mine = selectors.quote_of(rfq, membership.enterprise_id) if membership else None
        if mine is None and not (rfq.accepting_quotes and listing.is_published):
            return ""
        context["my_quote"] = mine
        context["verified"] = membership is not None and membership.enterprise.is_verified
    return render_to_string("orders/quotes/panel.html", context, request=request)
