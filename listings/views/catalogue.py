"""The public pages of listings: the catalogue, a listing's detail and attachments, staff review buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.views import AuthenticatedRequest, HtmxRequest
from listings import selectors, services
from listings.access import can_view, is_owner, visible_attachment, visible_attachments
from listings.attachments import attachment_response
from listings.filters import ListingFilter
from listings.forms import ReviewRejectForm, SavedSearchForm
from listings.models import Listing, ListingAttachment
from listings.panels import detail_panels
from listings.search.facets import catalogue_facets
from listings.search.results import CappedPaginator
from listings.templatetags.listing_tags import without_param
from listings.views.common import Status, _detail_url, _run, owner_actions
from listings.views.search_params import FILTER_LABELS, FilterDescriber, _catalogue_params, _saved_params

CATALOGUE_PAGE_SIZE = 20
EVENTS_SHOWN = 30
# The facets of the sidebar, in order: (parameter, heading, one value at a time).
FACETS: tuple[tuple[str, Any, bool], ...] = (
    ("side", gettext_lazy("Supply or demand"), True),
    ("kind", gettext_lazy("Kind"), False),
    ("segment", gettext_lazy("Industry segment"), False),
    ("theme", gettext_lazy("Enterprise type"), False),
    ("price_band", gettext_lazy("Price"), False),
    ("province", gettext_lazy("Province"), False),
    ("certification", gettext_lazy("Certification"), False),
)


# ---------------------------------------------------------------------------------------------------
# The catalogue


def catalogue(request: HtmxRequest) -> HttpResponse:
    """Published listings: search, facets with counts, sort, pages; htmx swaps the body on facet clicks."""
    params, dropped = _catalogue_params(request.GET)
    base = selectors.listing_catalogue()
    # Filtered without the joins and prefetches of a card: each filter copies the queryset.
    plain = base.select_related(None).prefetch_related(None)
    listing_filter = ListingFilter(params, queryset=plain, request=request)
    results = listing_filter.results()  # Invalid values are left out (reported below).
    page = CappedPaginator(results, CATALOGUE_PAGE_SIZE).get_page(params.get("page"))
    rows = base.in_bulk(page.object_list)
    # The page's ids, now as listings; one closed or sent back to review since the window was read is
    # not in `base` any more, and drops out.
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    errors = listing_filter.form.errors
    valid = params.copy()  # What the results were filtered by: facets count and chips show these.
    for name in errors:
        valid.pop(name, None)

    cleaned = listing_filter.form.cleaned_data
    describer = FilterDescriber()
    chips = [(text, without_param(params, name, value)) for name, value, text in describer.describe(valid)]
    facet_values = catalogue_facets(valid, request)
    context = {
        "params": params,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "facets": [(name, title, facet_values.get(name, []), single) for name, title, single in FACETS],
        "chips": chips,
        "filter_errors": [
            f"{FILTER_LABELS.get(name, name)}: {' '.join(messages_)}" for name, messages_ in errors.items()
        ]
        + dropped,
        "sort": listing_filter.effective_sort(),
        "sort_choices": [(value, label) for value, label in listing_filter.filters["sort"].extra["choices"]],
        "q": cleaned.get("q") or "",
        "saved_search_form": SavedSearchForm(),
        "saved_search_params": _saved_params(valid).urlencode(),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "listings/includes/catalogue_body.html" if partial else "listings/catalogue.html"
    response = render(request, template, context)
    # The same URL answers with a fragment or a page: caches must tell them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


# ---------------------------------------------------------------------------------------------------
# Listing detail and its buttons


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One listing: every field of its kind, attachments, the enterprise, similar listings; owner and
    staff also see its status, history and buttons."""
    listing = get_object_or_404(selectors.listing_queryset(), pk=pk)
    if not can_view(listing, request.user):
        raise Http404
    own = is_owner(listing, request.user)
    staff = bool(getattr(request.user, "is_staff", False))
    attachments = visible_attachments(listing, request.user)
    context: dict[str, Any] = {
        "listing": listing,
        "enterprise": listing.enterprise,
        "is_owner": own,
        "is_staff": staff,
        "images": [a for a in attachments if a.file_kind == ListingAttachment.FileKind.IMAGE],
        "documents": [a for a in attachments if a.file_kind == ListingAttachment.FileKind.PDF],
        "has_mandatory": any(c.mandatory for c in listing.certifications.all()),
        "similar": selectors.listing_similar(listing),
        "actions": owner_actions(listing) if own else {},
        "can_review": staff and listing.status == Status.PENDING_REVIEW,
        "reject_form": ReviewRejectForm(),
        "panels": detail_panels.render(request, listing),
    }
    if own or staff:
        context["events"] = list(selectors.listing_events(listing)[:EVENTS_SHOWN])
    return render(request, "listings/detail.html", context)


def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attachment of a listing the user may open; a confidential one only for those granted."""
    listing = get_object_or_404(selectors.listing_visible_to(request.user), pk=pk)
    return attachment_response(visible_attachment(listing, attachment_id, request.user))


def _require_staff(request: HttpRequest) -> None:
    if not getattr(request.user, "is_staff", False):
        raise PermissionDenied(_("Only platform administrators review listings."))


@require_POST
@login_required
def approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A platform admin publishes a listing under review from its page."""
    _require_staff(request)
    listing = get_object_or_404(Listing, pk=pk)
    _run(
        request,
        lambda: services.listing_approve(listing=listing, actor=request.user),
        _("The listing is published."),
    )
    return redirect(_detail_url(listing))


@require_POST
@login_required
def reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A platform admin turns a listing under review down, with a reason for the owner."""
    _require_staff(request)
    listing = get_object_or_404(Listing, pk=pk)
    form = ReviewRejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the owner a reason for the rejection."))
    else:
        _run(
            request,
            lambda: services.listing_reject(
                listing=listing, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            _("The listing is rejected; the owner has been told why."),
        )
    return redirect(_detail_url(listing))
