"""Order pages: the checkout from a listing, my orders as buyer and as seller, an order with its
timeline, its buttons and its conversation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
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
from listings.choices import Kind, Side
from listings.models import Listing
from matching.models import Match
from orders.forms import NoteForm, OrderForm, ReasonForm
from orders.models import Order
from orders.panels import order_panels
from orders.selectors import orders_visible_to
from orders.services import orders as services
from orders.views.common import approved_match
from orders.views.messages import render_thread
from platform_site.errors import ApplicationError

PAGE_SIZE = 20
ROLES = ("buyer", "seller")


def _initial(listing: Listing, membership: Membership, match: Match | None) -> dict[str, Any]:
    enterprise = membership.enterprise
    quantity = listing.min_order_quantity or 1
    if match is not None and match.demand.quantity:
        quantity = max(quantity, match.demand.quantity)
        if listing.quantity_available is not None:
            quantity = min(quantity, listing.quantity_available)
    return {
        "quantity": quantity,
        "unit_price": services.default_unit_price(listing),
        "delivery_region": enterprise.region_id,
        "delivery_address": enterprise.address,
    }


def _terms(form: OrderForm) -> services.OrderTerms:
    data = form.cleaned_data
    return services.OrderTerms(
        quantity=data["quantity"],
        unit_price=data.get("unit_price"),
        delivery_region=data["delivery_region"],
        delivery_address=data["delivery_address"],
        requested_delivery_date=data.get("requested_delivery_date"),
        note=data.get("note") or "",
    )


@member_required
def place(request: AuthenticatedRequest, membership: Membership, listing_id: int) -> HttpResponse:
    """The checkout: the listing's terms, the order form, a review of the totals, then the order."""
    listing = get_object_or_404(Listing.objects.select_related("enterprise", "region"), pk=listing_id)
    if not can_view(listing, request.user):
        raise Http404
    match = approved_match(request, listing, membership.enterprise_id)
    price_fixed = services.default_unit_price(listing) is not None
    form = OrderForm(
        request.POST or None,
        initial=_initial(listing, membership, match),
        price_fixed=price_fixed,
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        terms = _terms(form)
        try:
            if request.POST.get("step") == "review":
                services.check_orderable(listing, membership.enterprise)
                unit_price = services.check_terms(listing, terms)
                preview = {
                    "unit_price": unit_price,
                    "total": services.order_total(terms.quantity, unit_price),
                }
            else:
                order = services.order_place(actor=request.user, listing=listing, terms=terms, match=match)
                messages.success(
                    request,
                    _("Order #%(number)s is placed; the seller has been told.") % {"number": order.pk},
                )
                return redirect("orders:order_detail", pk=order.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    context = {
        "listing": listing,
        "form": form,
        "preview": preview,
        "match": match,
        "orderable": listing.is_published and listing.side == Side.SUPPLY and listing.kind == Kind.PRODUCT,
        "own": listing.enterprise_id == membership.enterprise_id,
        "verified": membership.enterprise.is_verified,
    }
    return render(request, "orders/place.html", context)


@member_required
def mine(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The enterprise's orders: all, placed (as buyer) or received (as seller), by status."""
    mine_id = membership.enterprise_id
    role = request.GET.get("role", "")
    orders = orders_visible_to(request.user).filter(Q(buyer_id=mine_id) | Q(seller_id=mine_id))
    if role in ROLES:
        orders = orders.filter(**{f"{role}_id": mine_id})
    else:
        role = ""
    counts = dict(orders.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    status = request.GET.get("status", "")
    if status in Order.Status.values:
        orders = orders.filter(status=status)
    else:
        status = ""
    page = Paginator(orders.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "enterprise": membership.enterprise,
        "role": role,
        "roles": [
            ("", _("All orders")),
            ("buyer", _("Placed (as buyer)")),
            ("seller", _("Received (as seller)")),
        ],
        "status": status,
        "statuses": [("", _("Any status"), sum(counts.values()))]
        + [(code, label, counts.get(code, 0)) for code, label in Order.Status.choices],
        "page": page,
    }
    return render(request, "orders/mine.html", context)


def _visible(request: HttpRequest, pk: int) -> Order:
    order = orders_visible_to(request.user).filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


@member_required
def detail(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """An order as one of its parties sees it: the terms, the timeline, the buttons, the conversation."""
    order = _visible(request, pk)
    context = {
        "order": order,
        "side": order.party_of(membership.enterprise_id),
        "actions": set(services.order_actions(order, membership.enterprise_id)),
        "events": order.events.select_related("actor").order_by("created_at", "id"),
        "reason_form": ReasonForm(),
        "note_form": NoteForm(),
        "thread": render_thread(request, order),
        "panels": order_panels.render(request, order),
    }
    return render(request, "orders/detail.html", context)


# The order's buttons: the service each runs and the form its note or reason comes in.
TRANSITIONS: dict[str, tuple[Callable[..., Order], type[forms.Form] | None, Any]] = {
    "accept": (
        services.order_accept,
        NoteForm,
        gettext_lazy("The order is accepted; its quantity is reserved."),
    ),
    "reject": (services.order_reject, ReasonForm, gettext_lazy("The order is rejected.")),
    "cancel": (services.order_cancel, NoteForm, gettext_lazy("The order is cancelled.")),
    "request_cancellation": (
        services.order_request_cancellation,
        ReasonForm,
        gettext_lazy("Cancellation requested; the other side will answer."),
    ),
    "confirm_cancellation": (
        services.order_confirm_cancellation,
        None,
        gettext_lazy("The order is cancelled."),
    ),
    "decline_cancellation": (
        services.order_decline_cancellation,
        NoteForm,
        gettext_lazy("The cancellation is declined."),
    ),
    "ship": (services.order_ship, NoteForm, gettext_lazy("The order is marked shipped.")),
    "mark_delivered": (
        services.order_mark_delivered,
        NoteForm,
        gettext_lazy("The order is marked delivered."),
    ),
    "confirm_receipt": (
        services.order_confirm_receipt,
        NoteForm,
        gettext_lazy("Receipt confirmed; the order is completed."),
    ),
}


@require_POST
@member_required
def transition(request: AuthenticatedRequest, membership: Membership, pk: int, action: str) -> HttpResponse:
    """One of the order's buttons; a refusal or a missing reason is shown as a message."""
    if action not in TRANSITIONS:
        raise Http404
    order = _visible(request, pk)
    service, form_class, success = TRANSITIONS[action]
    params: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason."))
            return redirect("orders:order_detail", pk=order.pk)
        params = {key: value for key, value in form.cleaned_data.items() if key in ("reason", "note")}
        if action == "cancel":
            params = {"reason": params.get("note", "")}
    try:
        service(order=order, actor=request.user, **params)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(success))
    return redirect("orders:order_detail", pk=order.pk)


def listing_panel(request: HttpRequest, listing: Listing) -> str:
    """On a published product supply: the order button for buyers, the open orders for the seller."""
    if listing.side != Side.SUPPLY or listing.kind != Kind.PRODUCT:
        return ""
    membership = membership_of(request.user)
    own = membership is not None and membership.enterprise_id == listing.enterprise_id
    if not listing.is_published and not own:
        return ""
    context: dict[str, Any] = {"listing": listing, "own": own, "membership": membership}
    if own:
        context["open_orders"] = Order.objects.filter(listing=listing, status=Order.Status.PLACED).count()
    return render_to_string("orders/includes/listing_panel.html", context, request=request)
