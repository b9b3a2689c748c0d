"""Listings in bulk: import from a CSV or XLSX file, its template, and export of the enterprise's listings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.models import Membership
from accounts.views import AuthenticatedRequest, member_required
from listings import bulk, selectors
from listings.forms import ImportForm
from listings.views.common import Status, _field_label, _not_verified
from platform_site.errors import ApplicationError


def _download(content: bytes, file_format: str, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=bulk.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response


@member_required
def export(request: AuthenticatedRequest, membership: Membership, file_format: str) -> HttpResponse:
    """The enterprise's listings (of one status, if asked) as CSV or XLSX in the import layout."""
    if file_format not in bulk.CONTENT_TYPES:
        raise Http404
    listings = selectors.listing_owned_by(membership.enterprise_id).order_by("id")
    status = request.GET.get("status", "")
    if status in Status.values:
        listings = listings.filter(status=status)
    content = bulk.listings_export(listings=listings, file_format=file_format)
    return _download(content, file_format, f"listings-{timezone.localdate():%Y%m%d}")


# ---------------------------------------------------------------------------------------------------
# Import


@member_required
def import_listings(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """Upload a CSV or XLSX of listings: all are created, or none and every error is listed."""
    enterprise = membership.enterprise
    if not enterprise.is_verified:
        return _not_verified(request, enterprise)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "enterprise": enterprise}
    if request.method == "POST" and form.is_valid():
        try:
            created = bulk.listings_import(
                actor=request.user, file=form.cleaned_data["file"], submit=form.cleaned_data["submit"]
            )
        except bulk.ImportRejected as exc:
            context |= {
                "rejected": exc.message,
                "file_errors": exc.fields.get("file") or [],
                "row_errors": [
                    (error.row, error.field, _field_label(error.field), error.messages)
                    for error in bulk.row_errors(exc)
                ],
            }
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            count = len(created)
            if form.cleaned_data["submit"]:
                text = ngettext(
                    "%(n)d listing imported and submitted for review.",
                    "%(n)d listings imported and submitted for review.",
                    count,
                )
            else:
                text = ngettext(
                    "%(n)d listing imported as a draft.", "%(n)d listings imported as drafts.", count
                )
            messages.success(request, text % {"n": count})
            return redirect("listings:mine")
    return render(request, "listings/import.html", context)


@member_required
def import_template(request: AuthenticatedRequest, membership: Membership, file_format: str) -> HttpResponse:
    """The import file with its header row and commented examples."""
    if file_format not in bulk.CONTENT_TYPES:
        raise Http404
    return _download(bulk.import_template(file_format), file_format, "chainmatch-listings-template")
