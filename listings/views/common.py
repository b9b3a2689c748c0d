"""Helpers the listing pages share: service errors as messages, the owner's listing and its buttons.

A listing of another enterprise is looked up through `_owned`, so changing it is a 404 and nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.models import Enterprise, Membership
from listings import selectors
from listings.forms import listing_field_label
from listings.models import Listing
from platform_site.errors import ApplicationError

Status = Listing.Status


def _field_label(field: str) -> str:
    """The label of a listing field named in a service error ('' for errors of the whole listing)."""
    if field in ("__all__", ""):
        return ""
    if field == "certifications":
        return _("Certifications")
    try:
        return listing_field_label(field)
    except FieldDoesNotExist:
        return field


def _error_text(error: ValidationError) -> str:
    """A service's ValidationError as one sentence for a message: 'Valid until: in the past.'."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for field, texts in error.message_dict.items():
        label = _field_label(field)
        parts.append(f"{label}: {' '.join(texts)}" if label else " ".join(texts))
    return " ".join(parts)


def _run(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service for a POST button; a refusal or a field error becomes an error message."""
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


def _next_or(request: HttpRequest, default: str) -> str:
    """The `next` the form carried when it is a page of this site, else the default."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _owned(membership: Membership, pk: int) -> Listing:
    """A listing of the member's own enterprise; any other is a 404."""
    return get_object_or_404(selectors.listing_owned_by(membership.enterprise_id), pk=pk)


def _detail_url(listing: Listing) -> str:
    return reverse("listings:detail", args=[listing.pk])


def _edit_url(listing: Listing) -> str:
    return reverse("listings:edit", args=[listing.pk])


def owner_actions(listing: Listing) -> dict[str, bool]:
    """Which buttons the owner gets, by `Listing.TRANSITIONS` (the services check again)."""
    allowed = Listing.TRANSITIONS[listing.status]
    return {
        "edit": listing.status != Status.CLOSED,
        # A published listing goes back to review only through a material edit, never by a button.
        "submit": Status.PENDING_REVIEW in allowed and listing.status != Status.PUBLISHED,
        "close": Status.CLOSED in allowed,
        "delete": listing.status == Status.DRAFT,
    }


def _not_verified(request: HttpRequest, enterprise: Enterprise) -> HttpResponse:
    """Why a member of an enterprise that is not verified cannot publish yet."""
    return render(request, "listings/not_verified.html", {"enterprise": enterprise}, status=403)
