"""Who may see what of a listing.

A confidential attachment is shown to the publishing enterprise and staff, and to whoever a grant
registered here allows. The matching and orders apps register grants for the parties of an approved
match or an order (`listings` cannot import them: dependencies point the other way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404

from accounts.services import membership_of
from listings.models import Listing, ListingAttachment

ConfidentialGrant = Callable[[Listing, Any], bool]
_grants: list[ConfidentialGrant] = []


def register_confidential_grant(grant: ConfidentialGrant) -> ConfidentialGrant:
    """Add a rule that lets more users see a listing's confidential attachments (usable as a decorator)."""
    if grant not in _grants:
        _grants.append(grant)
    return grant


def is_owner(listing: Listing, user: Any) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.enterprise_id == listing.enterprise_id


def can_view(listing: Listing, user: Any) -> bool:
    """Published listings are public; others only for their enterprise and staff."""
    return (
        listing.status == Listing.Status.PUBLISHED
        or is_owner(listing, user)
        or bool(getattr(user, "is_staff", False))
    )


def can_see_confidential(listing: Listing, user: Any) -> bool:
    if getattr(user, "is_staff", False) or is_owner(listing, user):
        return True
    return bool(getattr(user, "is_authenticated", False)) and any(grant(listing, user) for grant in _grants)


def visible_attachments(listing: Listing, user: Any) -> list[ListingAttachment]:
    """The listing's attachments the user may see (prefetched ones are used as they are)."""
    confidential = can_see_confidential(listing, user)
    return [a for a in listing.attachments.all() if confidential or not a.confidential]


def visible_attachment(listing: Listing, attachment_id: int | str, user: Any) -> ListingAttachment:
    """One attachment of a listing the user may open; 404 when unknown or confidential to them."""
    attachment = ListingAttachment.objects.filter(pk=attachment_id, listing=listing).first()
    if attachment is None or (attachment.confidential and not can_see_confidential(listing, user)):
        raise Http404
    return attachment
