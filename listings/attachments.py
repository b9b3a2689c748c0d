"""Attachments of listings: images and PDFs, checked by content, limited in size and number."""

from __future__ import annotations

from functools import partial
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from accounts.models import User
from listings.models import Listing, ListingAttachment, ListingEvent
from listings.services import lock_listing, record_event, require_listing_owner
from platform_site.errors import TransitionNotAllowed
from platform_site.uploads import check_upload, file_response, generated_name


def attachment_add(
    *, listing: Listing, actor: User, file: IO[bytes], name: str, confidential: bool = False
) -> ListingAttachment:
    """Store a checked file under a generated name and attach it; nothing is kept if anything fails."""
    require_listing_owner(listing, actor)  # Before the file: a stranger learns nothing from the checks.
    file_type = check_upload(file, max_bytes=settings.LISTING_ATTACHMENT_MAX_BYTES)
    stored = ""
    try:
        with transaction.atomic():
            listing = lock_listing(listing)
            require_listing_owner(listing, actor)
            if listing.status == Listing.Status.CLOSED:
                raise TransitionNotAllowed(_("A closed listing cannot be changed."))
            if listing.attachments.count() >= settings.LISTING_ATTACHMENT_MAX_COUNT:
                raise ValidationError(
                    {
                        "file": [
                            _("A listing has at most %(n)d attachments.")
                            % {"n": settings.LISTING_ATTACHMENT_MAX_COUNT}
                        ]
                    }
                )
            stored = default_storage.save(generated_name(f"listings/{listing.pk}", file_type), File(file))
            attachment = ListingAttachment.objects.create(
                listing=listing,
                file=stored,
                original_name=(name or "file")[-200:],
                content_type=file_type.content_type,
                file_kind=file_type.kind,
                size=default_storage.size(stored),
                confidential=confidential,
                uploaded_by=actor,
            )
            record_event(
                listing,
                actor,
                ListingEvent.Action.ATTACHMENT_ADDED,
                from_status=listing.status,
                note=attachment.original_name,
            )
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: ListingAttachment, actor: User) -> None:
    """Detach a file; the stored file is deleted once the transaction commits."""
    listing = lock_listing(attachment.listing)
    require_listing_owner(listing, actor)
    if listing.status == Listing.Status.CLOSED:
        raise TransitionNotAllowed(_("A closed listing cannot be changed."))
    name = str(attachment.file.name)
    attachment.delete()
    record_event(
        listing,
        actor,
        ListingEvent.Action.ATTACHMENT_REMOVED,
        from_status=listing.status,
        note=attachment.original_name,
    )
    transaction.on_commit(partial(default_storage.delete, name))


def attachment_response(attachment: ListingAttachment) -> FileResponse:
    """The stored file, served with its checked type: images inline, PDFs as downloads."""
    return file_response(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        filename=attachment.original_name,
        inline=attachment.file_kind == ListingAttachment.FileKind.IMAGE,
    )
