"""Every write that matters in listings: create, edit, the moderation pipeline, expiry.

Each transition opens a transaction, re-reads the listing with `select_for_update()` (an admin approving
while the owner closes must not both win), checks the actor and `Listing.TRANSITIONS`, saves with
`update_fields`, writes a `ListingEvent`, and notifies and signals after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Enterprise, Membership, User
from accounts.notifications import notify
from accounts.services import require_verified_enterprise
from listings import notices
from listings.models import Listing, ListingCertification, ListingEvent
from listings.search.index import index_listing
from listings.search.text import detect_language
from listings.signals import listing_published, listing_withdrawn
from listings.validation import EDITABLE_FIELDS, MATERIAL_FIELDS, CertificationInput, validate_listing
from platform_site import outbox
from platform_site.errors import NotPermitted, TransitionNotAllowed

Status = Listing.Status
# Published -> pending review is in the table too, but only as the effect of a material edit.
SUBMITTABLE = (Status.DRAFT, Status.REJECTED, Status.EXPIRED)

# ---------------------------------------------------------------------------------------------------
# Actors


def require_listing_owner(listing: Listing, actor: User) -> None:
    """Members of the listing's (verified) enterprise manage it; anyone else is refused."""
    enterprise = require_verified_enterprise(actor)
    if enterprise.pk != listing.enterprise_id:
        raise NotPermitted(_("Only members of the publishing enterprise may change this listing."))


def _require_staff(actor: User) -> None:
    if not actor.is_staff:
        raise NotPermitted(_("Only platform administrators review listings."))


def _owners(listing: Listing) -> list[User]:
    """Who hears about a listing: its author while still a member, and the enterprise's managers."""
    memberships = Membership.objects.filter(enterprise_id=listing.enterprise_id).select_related("user")
    return [
        m.user
        for m in memberships
        if m.user.is_active and (m.can_manage or m.user_id == listing.created_by_id)
    ]


def staff_users() -> list[User]:
    """The platform admins, who review listings."""
    return list(User.objects.filter(is_staff=True, is_active=True))


def _link(listing: Listing) -> str:
    return reverse("listings:detail", args=[listing.pk])


# ---------------------------------------------------------------------------------------------------
# Helpers shared by the create, edit and bulk paths


def _prepare(listing: Listing, certifications: Sequence[CertificationInput]) -> None:
    """Derived fields: the province, the text's language when not given, the search tokens."""
    listing.province_id = listing.region.province_code
    if not listing.language:
        listing.language = detect_language(f"{listing.title} {listing.description}")
    index_listing(listing, [c.standard for c in certifications])


def save_certifications(listing: Listing, items: Sequence[CertificationInput]) -> None:
    """Replace the listing's certifications with the (validated) items."""
    listing.certifications.all().delete()
    ListingCertification.objects.bulk_create(
        [ListingCertification(listing=listing, standard=c.standard, mandatory=c.mandatory) for c in items]
    )


def record_event(
    listing: Listing, actor: User | None, action: str, *, from_status: str = "", note: str = ""
) -> ListingEvent:
    return ListingEvent.objects.create(
        listing=listing,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=listing.status,
        note=note,
    )


# ---------------------------------------------------------------------------------------------------
# Create and edit


def listing_build(
    *,
    enterprise: Enterprise,
    side: str,
    kind: str,
    certifications: Iterable[CertificationInput] = (),
    **fields: Any,
) -> tuple[Listing, list[CertificationInput]]:
    """A validated, unsaved listing of the enterprise (shared by the form, the API and bulk import)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    fields.setdefault(
        "valid_until",
        timezone.localdate() + datetime.timedelta(days=settings.LISTING_DEFAULT_VALIDITY_DAYS),
    )
    listing = Listing(enterprise=enterprise, side=side, kind=kind, **fields)
    cleaned = validate_listing(listing, certifications)
    _prepare(listing, cleaned)
    return listing, cleaned


@transaction.atomic
def listing_create(
    *,
    actor: User,
    side: str,
    kind: str,
    certifications: Iterable[CertificationInput] = (),
    **fields: Any,
) -> Listing:
    """A new draft listing of the actor's verified enterprise."""
    enterprise = require_verified_enterprise(actor)
    listing, cleaned = listing_build(
        enterprise=enterprise, side=side, kind=kind, certifications=certifications, **fields
    )
    listing.created_by = actor
    listing.save()
    save_certifications(listing, cleaned)
    record_event(listing, actor, ListingEvent.Action.CREATED)
    return listing


def lock_listing(listing: Listing) -> Listing:
    return Listing.objects.select_for_update().select_related("enterprise", "region").get(pk=listing.pk)


@transaction.atomic
def listing_update(
    *,
    listing: Listing,
    actor: User,
    certifications: Iterable[CertificationInput] | None = None,
    **fields: Any,
) -> Listing:
    """Edit a listing; a material edit of a published one sends it back to review."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    listing = lock_listing(listing)
    require_listing_owner(listing, actor)
    if listing.status == Status.CLOSED:
        raise TransitionNotAllowed(_("A closed listing cannot be edited."))

    old_certs = {(c.standard, c.mandatory) for c in listing.certifications.all()}
    new_certs: Sequence[CertificationInput] = (
        list(certifications)
        if certifications is not None
        else [CertificationInput(standard, mandatory) for standard, mandatory in sorted(old_certs)]
    )
    before = {
        field: getattr(listing, field + "_id" if field.endswith("region") else field) for field in fields
    }
    for field, value in fields.items():
        setattr(listing, field, value)
    changed = {
        field
        for field in fields
        if getattr(listing, field + "_id" if field.endswith("region") else field) != before[field]
    }
    cleaned = validate_listing(listing, new_certs, changed=changed)
    certs_changed = {(c.standard, c.mandatory) for c in cleaned} != old_certs
    if not changed and not certs_changed:
        return listing

    if "valid_until" in changed:
        listing.expiry_warned_at = None  # A new date earns a new warning.
    _prepare(listing, cleaned)
    material = bool(changed & set(MATERIAL_FIELDS)) or certs_changed
    from_status = listing.status
    if material and listing.status == Status.PUBLISHED:
        listing.status = Status.PENDING_REVIEW
        listing.submitted_at = timezone.now()
    listing.save()
    if certs_changed:
        save_certifications(listing, cleaned)
    note = ", ".join(sorted(changed | ({"certifications"} if certs_changed else set())))
    if listing.status != from_status:
        record_event(
            listing, actor, ListingEvent.Action.RETURNED_TO_REVIEW, from_status=from_status, note=note
        )
        notify(
            recipients=staff_users(),
            notice=notices.LISTING_RETURNED_TO_REVIEW,
            link=_link(listing),
            title=listing.title,
        )
        _signal_withdrawn(listing)
    else:
        record_event(listing, actor, ListingEvent.Action.UPDATED, from_status=from_status, note=note)
    return listing


@transaction.atomic
def listing_delete(*, listing: Listing, actor: User) -> None:
    """Delete a draft that was never submitted; anything submitted is closed instead, to keep its trail."""
    listing = lock_listing(listing)
    require_listing_owner(listing, actor)
    if listing.status != Status.DRAFT:
        raise TransitionNotAllowed(_("Only a draft can be deleted; close the listing instead."))
    for attachment in listing.attachments.all():
        transaction.on_commit(partial(attachment.file.storage.delete, str(attachment.file.name)))
    listing.delete()


# ---------------------------------------------------------------------------------------------------
# Moderation pipeline


def _transition(listing: Listing, to: str) -> str:
    from_status = listing.status
    if to not in Listing.TRANSITIONS[from_status]:
        raise TransitionNotAllowed(
            _("A listing that is %(from)s cannot become %(to)s.")
            % {"from": Status(from_status).label, "to": Status(to).label}
        )
    listing.status = to
    return from_status


def _signal_withdrawn(listing: Listing) -> None:
    transaction.on_commit(
        partial(listing_withdrawn.send, sender=Listing, listing_id=listing.pk, status=listing.status)
    )


@transaction.atomic
def listing_submit(*, listing: Listing, actor: User) -> Listing:
    """Send a draft, rejected or expired listing to the platform admins for review."""
    listing = lock_listing(listing)
    require_listing_owner(listing, actor)
    if listing.status not in SUBMITTABLE:
        raise TransitionNotAllowed(
            _("A listing that is %(status)s cannot be submitted.") % {"status": Status(listing.status).label}
        )
    certifications = [CertificationInput(c.standard, c.mandatory) for c in listing.certifications.all()]
    validate_listing(listing, certifications, changed=(), submitting=True)
    from_status = _transition(listing, Status.PENDING_REVIEW)
    listing.submitted_at = timezone.now()
    listing.review_note = ""
    listing.save(update_fields=["status", "submitted_at", "review_note", "updated_at"])
    record_event(listing, actor, ListingEvent.Action.SUBMITTED, from_status=from_status)
    notify(
        recipients=staff_users(), notice=notices.LISTING_SUBMITTED, link=_link(listing), title=listing.title
    )
    return listing


@transaction.atomic
def listing_approve(*, listing: Listing, actor: User, note: str = "") -> Listing:
    """Publish a listing under review: it enters the catalogue, matching and saved-search alerts."""
    _require_staff(actor)
    listing = lock_listing(listing)
    if listing.status == Status.PENDING_REVIEW and listing.valid_until < timezone.localdate():
        raise TransitionNotAllowed(_("The listing's validity date has passed; the owner must extend it."))
    from_status = _transition(listing, Status.PUBLISHED)
    listing.published_at = timezone.now()
    listing.reviewed_by, listing.reviewed_at, listing.review_note = actor, timezone.now(), note
    listing.save(
        update_fields=["status", "published_at", "reviewed_by", "reviewed_at", "review_note", "updated_at"]
    )
    record_event(listing, actor, ListingEvent.Action.APPROVED, from_status=from_status, note=note)
    notify(
        recipients=_owners(listing), notice=notices.LISTING_APPROVED, link=_link(listing), title=listing.title
    )
    from listings.tasks import notify_saved_searches

    outbox.enqueue(notify_saved_searches, listing.pk)
    transaction.on_commit(partial(listing_published.send, sender=Listing, listing_id=listing.pk))
    return listing


@transaction.atomic
def listing_reject(*, listing: Listing, actor: User, reason: str) -> Listing:
    """Turn a listing under review down, with a reason the owner reads before resubmitting."""
    _require_staff(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the owner a reason.")]})
    listing = lock_listing(listing)
    from_status = _transition(listing, Status.REJECTED)
    listing.reviewed_by, listing.reviewed_at, listing.review_note = actor, timezone.now(), reason
    listing.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    record_event(listing, actor, ListingEvent.Action.REJECTED, from_status=from_status, note=reason)
    notify(
        recipients=_owners(listing),
        notice=notices.LISTING_REJECTED,
        link=_link(listing),
        title=listing.title,
        reason=reason,
    )
    return listing


@transaction.atomic
def listing_close(*, listing: Listing, actor: User, note: str = "") -> Listing:
    """The owner takes a listing off the platform for good (sold out, filled, no longer needed)."""
    listing = lock_listing(listing)
    require_listing_owner(listing, actor)
    from_status = _transition(listing, Status.CLOSED)
    listing.closed_at = timezone.now()
    listing.save(update_fields=["status", "closed_at", "updated_at"])
    record_event(listing, actor, ListingEvent.Action.CLOSED, from_status=from_status, note=note)
    if from_status == Status.PUBLISHED:
        _signal_withdrawn(listing)
    return listing


# ---------------------------------------------------------------------------------------------------
# Expiry (periodic)


def listings_expire(*, today: datetime.date | None = None) -> int:
    """Expire published listings whose validity date has passed; returns how many."""
    today = today or timezone.localdate()
    due = Listing.objects.filter(status=Status.PUBLISHED, valid_until__lt=today).values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        with transaction.atomic():
            listing = (
                Listing.objects.select_for_update()
                .filter(pk=pk, status=Status.PUBLISHED, valid_until__lt=today)
                .first()
            )
            if listing is None:  # Renewed or closed since the list was read.
                continue
            from_status = _transition(listing, Status.EXPIRED)
            listing.save(update_fields=["status", "updated_at"])
            record_event(listing, None, ListingEvent.Action.EXPIRED, from_status=from_status)
            notify(
                recipients=_owners(listing),
                notice=notices.LISTING_EXPIRED,
                link=_link(listing),
                title=listing.title,
            )
            _signal_withdrawn(listing)
            expired += 1
    return expired


def listings_warn_expiring(*, today: datetime.date | None = None) -> int:
    """Warn owners once, `LISTING_EXPIRY_WARNING_DAYS` ahead, that a published listing will expire."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.LISTING_EXPIRY_WARNING_DAYS)
    pending = Listing.objects.filter(
        status=Status.PUBLISHED,
        valid_until__gte=today,
        valid_until__lte=horizon,
        expiry_warned_at__isnull=True,
    ).values_list("pk", flat=True)
    warned = 0
    for pk in list(pending):
        with transaction.atomic():
            listing = Listing.objects.select_for_update().filter(pk=pk, expiry_warned_at__isnull=True).first()
            if listing is None:
                continue
            listing.expiry_warned_at = timezone.now()
            listing.save(update_fields=["expiry_warned_at"])
            record_event(listing, None, ListingEvent.Action.EXPIRY_WARNED, from_status=listing.status)
            notify(
                recipients=_owners(listing),
                notice=notices.LISTING_EXPIRING,
                link=_link(listing),
                title=listing.title,
                date=listing.valid_until.isoformat(),
            )
            warned += 1
    return warned
