"""Licence and talent request pages: the request form from a listing, the enterprise's requests sent
and received, a request with its terms, timeline and buttons, and the panel on a listing's page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Membership
from accounts.services import membership_of
from accounts.views import AuthenticatedRequest, add_service_errors, member_required
from listings.access import can_view
from listings.models import Listing
from matching.models import Match
from orders.api.licence_serializers import mode_label
from orders.forms_licences import (
    LicenceAcceptForm,
    LicenceDeclineForm,
    LicenceRequestForm,
    LicenceWithdrawForm,
)
from orders.models import LicenceRequest
from orders.services import licences as services
from orders.views.common import approved_match
from orders.views.messages import render_thread
from platform_site.errors import ApplicationError

PAGE_SIZE = 20
Kind = LicenceRequest.Kind
Status = LicenceRequest.Status
# Tabs of the list: the request's side the member's enterprise is on.
ROLES = {"sent": "requester", "received": "holder"}


# ---------------------------------------------------------------------------------------------------
# The request form


def _initial(listing: Listing, kind: str, match: Match | None) -> dict[str, Any]:
    """The form's first values: the listing's own terms, then what the matched demand asks for."""
    demand = match.demand if match is not None else None
    if kind == Kind.LICENCE:
        initial: dict[str, Any] = {
            "mode": listing.tech_transfer_mode or None,
            "field_of_use": (demand.tech_field if demand else "") or listing.tech_field,
        }
    else:
        initial = {"headcount": (demand.talent_headcount if demand else None) or listing.talent_headcount}
    if demand is not None:
        initial["proposed_fee"] = demand.price_max or demand.price_min
        initial["message"] = _("About our need: %(title)s") % {"title": demand.title}
    return initial


@member_required
def request_new(request: AuthenticatedRequest, membership: Membership, listing_id: int) -> HttpResponse:
    """Ask the holder of a technology listing for a licence, or of a talent listing for an engagement."""
    listing = get_object_or_404(Listing.objects.select_related("enterprise", "region"), pk=listing_id)
    if not can_view(listing, request.user):
        raise Http404
    kind = services.licence_kind_of(listing)
    enterprise = membership.enterprise
    match = approved_match(request, listing, enterprise.pk)
    pending = services.pending_request_of(listing, enterprise.pk) if kind else None
    form = None
    if kind:
        form = LicenceRequestForm(request.POST or None, kind=kind, initial=_initial(listing, kind, match))
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            created = services.licence_request_create(
                actor=request.user, listing=listing, match=match, kind=kind, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your request is sent; the holder has been told."))
            return redirect("orders:licence_detail", pk=created.pk)
    context = {
        "listing": listing,
        "kind": kind,
        "form": form,
        "match": match,
        "pending": pending,
        "own": listing.enterprise_id == enterprise.pk,
        "verified": enterprise.is_verified,
    }
    return render(request, "orders/licences/new.html", context, status=400 if form and form.errors else 200)


# ---------------------------------------------------------------------------------------------------
# Sent and received


@member_required
def request_list(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The enterprise's licence and talent requests: all, sent or received, by status."""
    mine = membership.enterprise_id
    shown = services.licence_requests_visible_to(request.user).filter(
        Q(requester_id=mine) | Q(holder_id=mine)
    )
    tab_counts = shown.aggregate(
        sent=Count("id", filter=Q(requester_id=mine)), received=Count("id", filter=Q(holder_id=mine))
    )
    tab = request.GET.get("tab", "")
    if tab in ROLES:
        shown = shown.filter(**{f"{ROLES[tab]}_id": mine})
    else:
        tab = ""
    listing = request.GET.get("listing", "")
    if listing.isdigit():
        shown = shown.filter(listing_id=int(listing))
    else:
        listing = ""
    counts = dict(shown.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    status = request.GET.get("status", "")
    if status in Status.values:
        shown = shown.filter(status=status)
    else:
        status = ""
    page = Paginator(shown.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "enterprise": membership.enterprise,
        "tab": tab,
        "tabs": [
            ("", _("All"), tab_counts["sent"] + tab_counts["received"]),
            ("sent", _("Sent"), tab_counts["sent"]),
            ("received", _("Received"), tab_counts["received"]),
        ],
        "listing": listing,
        "status": status,
        "statuses": [("", _("Any status"), sum(counts.values()))]
        + [(code, label, counts.get(code, 0)) for code, label in Status.choices],
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": [(item, mode_label(item)) for item in page.object_list],
    }
    return render(request, "orders/licences/list.html", context)


# ---------------------------------------------------------------------------------------------------
# One request


def _visible(request: HttpRequest, pk: int) -> LicenceRequest:
    """A request the user's enterprise sent or received (any, for staff); anything else is a 404."""
    found = services.licence_requests_visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _detail(
    request: HttpRequest, item: LicenceRequest, forms_: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    membership = membership_of(request.user)
    enterprise_id = membership.enterprise_id if membership is not None else None
    side = {item.requester_id: "requester", item.holder_id: "holder"}.get(enterprise_id or 0, "")
    context: dict[str, Any] = {
        "item": item,
        "mode": mode_label(item),
        "side": side,
        "actions": set(services.licence_request_actions(item, enterprise_id)),
        "events": services.licence_request_events(item),
        "accept_form": LicenceAcceptForm(),
        "decline_form": LicenceDeclineForm(),
        "withdraw_form": LicenceWithdrawForm(),
        "thread": render_thread(request, item),
    }
    context.update(forms_ or {})
    return render(request, "orders/licences/detail.html", context, status=status)


@login_required
def request_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A request as its two enterprises (and staff, read-only) see it: terms, answer, timeline, buttons."""
    return _detail(request, _visible(request, pk))


# The buttons: the form each one posts, the context name of that form, and what success says.
ACTIONS: dict[str, tuple[type[Any], str, Any, Any]] = {
    "accept": (
        LicenceAcceptForm,
        "accept_form",
        services.licence_request_accept,
        gettext_lazy("Request accepted; the agreed terms are recorded and the requester has been told."),
    ),
    "decline": (
        LicenceDeclineForm,
        "decline_form",
        services.licence_request_decline,
        gettext_lazy("Request declined; the requester has been told."),
    ),
    "withdraw": (
        LicenceWithdrawForm,
        "withdraw_form",
        services.licence_request_withdraw,
        gettext_lazy("Request withdrawn."),
    ),
}


@require_POST
@login_required
def request_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """One of the request's buttons. Field errors are shown under the fields; a refusal as a message."""
    if action not in ACTIONS:
        raise Http404
    item = _visible(request, pk)
    form_class, form_name, service, success = ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(request=item, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("orders:licence_detail", pk=item.pk)
        else:
            messages.success(request, str(success))
            return redirect("orders:licence_detail", pk=item.pk)
    return _detail(request, item, {form_name: form}, status=400)


# ---------------------------------------------------------------------------------------------------
# The panel on a listing's page


def listing_panel(request: HttpRequest, listing: Listing) -> str:
    """On a published technology or talent supply: the request button (or the pending request) for
    another enterprise's members, the count of pending requests for the holder."""
    kind = services.licence_kind_of(listing)
    if not kind:
        return ""
    membership = membership_of(request.user)
    own = membership is not None and membership.enterprise_id == listing.enterprise_id
    if not own and (listing.status != Listing.Status.PUBLISHED or getattr(request.user, "is_staff", False)):
        return ""
    context: dict[str, Any] = {"listing": listing, "kind": kind, "own": own, "membership": membership}
    if own:
        context["pending_count"] = LicenceRequest.objects.filter(
            listing=listing, status=Status.REQUESTED
        ).count()
    elif membership is not None:
        context["verified"] = membership.enterprise.is_verified
        context["pending"] = services.pending_request_of(listing, membership.enterprise_id)
    return render_to_string("orders/licences/listing_panel.html", context, request=request)
