"""The member's own listings: the list by status, create and edit forms, attachments, the owner's buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Membership
from accounts.views import AuthenticatedRequest, add_service_errors, member_required
from listings import selectors, services
from listings.attachments import attachment_add, attachment_remove
from listings.choices import Kind, Side
from listings.forms import AttachmentForm, ListingForm, listing_field_names
from listings.models import Listing, ListingAttachment
from listings.rules import allowed_kinds
from listings.validation import MATERIAL_FIELDS
from listings.views.common import (
    Status,
    _detail_url,
    _edit_url,
    _error_text,
    _field_label,
    _next_or,
    _not_verified,
    _owned,
    _run,
    owner_actions,
)
from platform_site.errors import ApplicationError

MINE_PAGE_SIZE = 20
KIND_HINTS: dict[tuple[str, str], Any] = {
    (Side.SUPPLY, Kind.PRODUCT): gettext_lazy("Parts, materials, equipment or vehicles you sell."),
    (Side.SUPPLY, Kind.TECHNOLOGY): gettext_lazy("Patents and know-how to license, transfer or develop."),
    (Side.SUPPLY, Kind.TALENT): gettext_lazy("Engineers, researchers or graduates you can place."),
    (Side.SUPPLY, Kind.FUNDING): gettext_lazy("Loans, equity, leasing and supply-chain finance."),
    (Side.DEMAND, Kind.PRODUCT): gettext_lazy("What you want to buy, with quantity and budget."),
    (Side.DEMAND, Kind.TECHNOLOGY): gettext_lazy("A technology partner or a licence you look for."),
    (Side.DEMAND, Kind.TALENT): gettext_lazy("People you want to recruit or second."),
    (Side.DEMAND, Kind.FUNDING): gettext_lazy("Financing your projects need."),
}


# ---------------------------------------------------------------------------------------------------
# My listings


@member_required
def mine(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The enterprise's listings in every status, by status tab, newest change first."""
    enterprise = membership.enterprise
    counts = dict(
        Listing.objects.filter(enterprise_id=enterprise.pk)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    shown = selectors.listing_owned_by(enterprise.pk)
    if status:
        shown = shown.filter(status=status)
    page = Paginator(shown.order_by("-updated_at", "-id"), MINE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "enterprise": enterprise,
        "tabs": [("", _("All"), sum(counts.values()))]
        + [(code, label, counts.get(code, 0)) for code, label in Status.choices],
        "status": status,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": [(listing, owner_actions(listing)) for listing in page.object_list],
        "can_publish": enterprise.is_verified,
        "saved_count": selectors.saved_searches_of(request.user).count(),
    }
    return render(request, "listings/mine.html", context)


# ---------------------------------------------------------------------------------------------------
# Create and edit


@member_required
def create_choose(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """First step of a new listing: the side and the kinds the enterprise's theme may publish."""
    enterprise = membership.enterprise
    if not enterprise.is_verified:
        return _not_verified(request, enterprise)
    sides = [
        (
            side,
            label,
            [
                (kind, Kind(kind).label, KIND_HINTS[(side, kind)])
                for kind in allowed_kinds(enterprise.theme, side)
            ],
        )
        for side, label in Side.choices
    ]
    return render(request, "listings/create_choose.html", {"enterprise": enterprise, "sides": sides})


def _submit_saved(request: HttpRequest, listing: Listing) -> HttpResponse:
    """Submit a listing just saved by the form; if the review refuses it, it stays saved and says why."""
    try:
        services.listing_submit(listing=listing, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, _("Saved, but not submitted: %(errors)s") % {"errors": _error_text(exc)})
        return redirect(_edit_url(listing))
    except ApplicationError as exc:
        messages.error(request, _("Saved, but not submitted: %(errors)s") % {"errors": exc.message})
        return redirect(_detail_url(listing))
    messages.success(request, _("Submitted for review. You will be notified of the decision."))
    return redirect(_detail_url(listing))


@member_required
def create(request: AuthenticatedRequest, membership: Membership, side: str, kind: str) -> HttpResponse:
    """The form of a new listing of one side and kind; saves a draft, or saves and submits it."""
    enterprise = membership.enterprise
    if not enterprise.is_verified:
        return _not_verified(request, enterprise)
    if side not in Side.values or kind not in allowed_kinds(enterprise.theme, side):
        raise Http404
    form = ListingForm(request.POST or None, side=side, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(
                actor=request.user,
                side=side,
                kind=kind,
                certifications=form.certification_items(),
                **form.listing_data(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if request.POST.get("action") == "submit":
                return _submit_saved(request, listing)
            messages.success(
                request, _("Draft saved. Add images and documents below, then submit it for review.")
            )
            return redirect(_edit_url(listing) + "#attachments")
    context = {
        "form": form,
        "side": Side(side),
        "kind": Kind(kind),
        "listing": None,
        "enterprise": enterprise,
    }
    return render(request, "listings/form.html", context)


@member_required
def edit(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """Edit a listing of the enterprise and manage its attachments."""
    listing = _owned(membership, pk)
    if listing.status == Status.CLOSED:
        messages.info(request, _("A closed listing cannot be edited."))
        return redirect(_detail_url(listing))
    form = ListingForm(side=listing.side, kind=listing.kind, listing=listing)
    attachment_form = AttachmentForm(prefix="attachment")
    if request.method == "POST" and request.POST.get("form") == "attachment":
        attachment_form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
        if attachment_form.is_valid():
            upload = attachment_form.cleaned_data["file"]
            try:
                attachment_add(
                    listing=listing,
                    actor=request.user,
                    file=upload,
                    name=upload.name,
                    confidential=attachment_form.cleaned_data["confidential"],
                )
            except ValidationError as exc:
                add_service_errors(attachment_form, exc)
            except ApplicationError as exc:
                attachment_form.add_error(None, exc.message)
            else:
                messages.success(request, _("%(name)s attached.") % {"name": upload.name})
                return redirect(_edit_url(listing) + "#attachments")
    elif request.method == "POST":
        form = ListingForm(request.POST, side=listing.side, kind=listing.kind, listing=listing)
        if form.is_valid():
            before = listing.status
            try:
                listing = services.listing_update(
                    listing=listing,
                    actor=request.user,
                    certifications=form.certification_items(),
                    **form.listing_data(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if request.POST.get("action") == "submit" and owner_actions(listing)["submit"]:
                    return _submit_saved(request, listing)
                if before == Status.PUBLISHED and listing.status == Status.PENDING_REVIEW:
                    messages.warning(
                        request,
                        _("Saved. The changes need review again; the listing is back in the review queue."),
                    )
                else:
                    messages.success(request, _("Saved."))
                return redirect(_detail_url(listing))
    material = [
        _field_label(name)
        for name in MATERIAL_FIELDS
        if name in listing_field_names(listing.side, listing.kind)
    ] + [_("Certifications")]
    context = {
        "form": form,
        "side": Side(listing.side),
        "kind": Kind(listing.kind),
        "listing": listing,
        "enterprise": membership.enterprise,
        "actions": owner_actions(listing),
        "attachments": listing.attachments.all(),
        "attachment_form": attachment_form,
        "material_fields": material,
    }
    return render(request, "listings/form.html", context)


@require_POST
@member_required
def attachment_delete(
    request: AuthenticatedRequest, membership: Membership, pk: int, attachment_id: int
) -> HttpResponse:
    """Remove an attachment of the enterprise's listing."""
    listing = _owned(membership, pk)
    attachment = get_object_or_404(ListingAttachment, pk=attachment_id, listing=listing)
    _run(
        request,
        lambda: attachment_remove(attachment=attachment, actor=request.user),
        _("%(name)s removed.") % {"name": attachment.original_name},
    )
    return redirect(_edit_url(listing) + "#attachments")


# ---------------------------------------------------------------------------------------------------
# The owner's buttons


@require_POST
@member_required
def submit(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """Send the enterprise's draft, rejected or expired listing for review."""
    listing = _owned(membership, pk)
    _run(
        request,
        lambda: services.listing_submit(listing=listing, actor=request.user),
        _("Submitted for review. You will be notified of the decision."),
    )
    return redirect(_next_or(request, _detail_url(listing)))


@require_POST
@member_required
def close(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """Take the enterprise's listing off the platform for good."""
    listing = _owned(membership, pk)
    _run(
        request,
        lambda: services.listing_close(listing=listing, actor=request.user),
        _("The listing is closed."),
    )
    return redirect(_next_or(request, _detail_url(listing)))


@require_POST
@member_required
def delete(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """Delete a draft of the enterprise (anything submitted is closed instead)."""
    listing = _owned(membership, pk)
    title = listing.title
    if _run(
        request,
        lambda: services.listing_delete(listing=listing, actor=request.user),
        _("Draft %(title)s deleted.") % {"title": title},
    ):
        return redirect("listings:mine")
    return redirect(_next_or(request, _detail_url(listing)))
