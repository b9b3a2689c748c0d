"""Who may see what of a listing.

A confidential attachment is shown to the publishing enterprise and staff, and to whoever a grant
registered here allows. The matching and orders apps register grants for the parties of an approved
match or an order (`listings` cannot import them: dependencies point the other way).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.http import Http404

from accounts.services import membership_of
from listings.models import Listing, ListingAttachment

ConfidentialGrant = Callable[[Listing, Any], bool]
# The same rule for many listings at once: the ids of those it lets the user see.
BulkConfidentialGrant = Callable[[Sequence[Listing], Any], set[int]]
_grants: list[tuple[ConfidentialGrant, BulkConfidentialGrant]] = []
_GRANTED = "_confidential_granted"  # set on a listing instance by `prime_confidential`


def register_confidential_grant(grant: ConfidentialGrant, bulk: BulkConfidentialGrant) -> None:
    """Add a rule that lets more users see a listing's confidential attachments: `grant` for one
    listing, `bulk` for a page of them (a list must not run a query per listing)."""
    if all(grant is not known for known, _bulk in _grants):
        _grants.append((grant, bulk))


def prime_confidential(listings: Sequence[Listing], user: Any) -> None:
    """Decide the grants for a page of listings in one go; `can_see_confidential` then reads the
    answer from each listing instead of asking every grant about it."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_staff", False):
        return
    # Most pages hold no confidential attachment (attachments are prefetched): nothing to decide.
    listings = [listing for listing in listings if any(a.confidential for a in listing.attachments.all())]
    if not listings:
        return
    granted: set[int] = set()
    for _grant, bulk in _grants:
        granted |= bulk(listings, user)
    for listing in listings:
        setattr(listing, _GRANTED, listing.pk in granted)


def is_owner(listing: Listing, user: Any) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.enterprise_id == listing.enterprise_id


def hidden_fields(listing: Listing, user: Any) -> tuple[str, ...]:
    """The fields of a listing the user does not read: the moderator's note is for the owner and staff."""
    if getattr(user, "is_staff", False) or is_owner(listing, user):
        return ()
    return ("review_note",)


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
    if not getattr(user, "is_authenticated", False):
        return False
    primed = getattr(listing, _GRANTED, None)
    if primed is not None:
        return bool(primed)
    return any(grant(listing, user) for grant, _bulk in _grants)


def visible_attachments(listing: Listing, user: Any) -> list[ListingAttachment]:
    """The listing's attachments the user may see (prefetched ones are used as they are)."""
    attachments = list(listing.attachments.all())
    if not any(a.confidential for a in attachments) or can_see_confidential(listing, user):
        return attachments
    return [a for a in attachments if not a.confidential]


def visible_attachment(listing: Listing, attachment_id: int | str, user: Any) -> ListingAttachment:
    """One attachment of a listing the user may open; 404 when unknown or confidential to them."""
    attachment = ListingAttachment.objects.filter(pk=attachment_id, listing=listing).first()
    if attachment is None or (attachment.confidential and not can_see_confidential(listing, user)):
        raise Http404
    return attachment
