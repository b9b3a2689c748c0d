"""The conversation of a financing application: messages between the applicant and the institution,
each with at most one file (an image or PDF, checked by content), and a notification to the other side.

The institution's requests for more information and the applicant's answers are messages of this
conversation too (`financing.services.applications` writes them through `store_message`). Staff read
every conversation but do not take part in it; anyone else is told the application does not exist.
"""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Enterprise, User
from accounts.notifications import notify
from accounts.services import membership_of
from financing import notices
from financing.models import ApplicationMessage, FinancingApplication
from financing.selectors import applications_visible_to
from orders.services.common import acting_enterprise, people_of
from orders.services.messages import BODY_MAX_LENGTH, EXCERPT_LENGTH
from platform_site.errors import NotPermitted
from platform_site.uploads import FileType, check_upload, generated_name

FOLDER = "financing/messages"


def application_link(application: FinancingApplication) -> str:
    return reverse("financing:application_detail", args=[application.pk])


def clean_file_name(name: str, file: Any = None) -> str:
    """The base name of an upload (no client path), at most 200 characters, never empty."""
    name = (name or getattr(file, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return name[-200:] or "file"


def other_side(application: FinancingApplication, enterprise_id: int) -> int:
    return (
        application.institution_id if enterprise_id == application.applicant_id else application.applicant_id
    )


def starter_of(application: FinancingApplication, enterprise_id: int) -> User | None:
    """The member who started the business on a side hears of it besides the managers: the applicant's
    submitter, the institution's decision maker."""
    if enterprise_id == application.applicant_id:
        return application.submitted_by
    return application.decided_by


def check_body(body: str, *, field: str = "body") -> str:
    body = (body or "").strip()
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            {field: [_("A message has at most %(n)d characters.") % {"n": BODY_MAX_LENGTH}]}
        )
    return body


def store_message(
    *,
    application: FinancingApplication,
    actor: User,
    enterprise: Enterprise,
    body: str,
    file: IO[bytes] | None = None,
    file_name: str = "",
    file_type: FileType | None = None,
    stored: list[str],
) -> ApplicationMessage:
    """Write one message (its file already checked, as `file_type`); the stored file's name is appended
    to `stored` so that the caller deletes it if its transaction fails."""
    fields: dict[str, Any] = {}
    if file is not None and file_type is not None:
        name = default_storage.save(generated_name(FOLDER, file_type), File(file))
        stored.append(name)
        fields = {
            "file": name,
            "file_name": clean_file_name(file_name, file),
            "file_content_type": file_type.content_type,
            "file_size": default_storage.size(name),
        }
    return ApplicationMessage.objects.create(
        application=application, sender=actor, sender_enterprise=enterprise, body=body, **fields
    )


def delete_stored(stored: list[str]) -> None:
    for name in stored:
        default_storage.delete(name)


# ---------------------------------------------------------------------------------------------------
# Reads


def message_for(user: Any, pk: int) -> ApplicationMessage:
    """A message of an application the user may read; anyone else gets 404."""
    message = ApplicationMessage.objects.filter(pk=pk).first()
    if message is None or not applications_visible_to(user).filter(pk=message.application_id).exists():
        raise Http404
    return message


# ---------------------------------------------------------------------------------------------------
# Writing


def _sender(actor: User, application: FinancingApplication) -> Enterprise:
    if actor.is_staff and membership_of(actor) is None:
        raise NotPermitted(_("Platform staff can read conversations but do not take part in them."))
    return acting_enterprise(
        actor,
        application.applicant_id,
        application.institution_id,
        message=_("Only the applicant and the institution can write in this conversation."),
    )


def message_post(
    *,
    actor: User,
    application: FinancingApplication,
    body: str = "",
    file: IO[bytes] | None = None,
    file_name: str = "",
) -> ApplicationMessage:
    """Add a message (text, a file, or both) to an application's conversation and notify the other side
    after commit. Nothing is kept, the file included, if the message cannot be written."""
    enterprise = _sender(actor, application)  # Before the file: a stranger learns nothing from the checks.
    body = check_body(body)
    if not body and file is None:
        raise ValidationError({"body": [_("Write a message or attach a file.")]})
    file_type = None
    if file is not None:
        file_type = check_upload(file, max_bytes=settings.FINANCING_DOCUMENT_MAX_BYTES, field="file")
    stored: list[str] = []
    try:
        with transaction.atomic():
            message = store_message(
                application=application,
                actor=actor,
                enterprise=enterprise,
                body=body,
                file=file,
                file_name=file_name,
                file_type=file_type,
                stored=stored,
            )
            other = other_side(application, enterprise.pk)
            notify(
                recipients=people_of(other, starter_of(application, other)),
                notice=notices.APPLICATION_MESSAGE,
                link=application_link(application) + "#thread",
                sender=enterprise.display_name,
                number=str(application.pk),
                excerpt=body[:EXCERPT_LENGTH] if body else message.file_name,
            )
    except BaseException:
        delete_stored(stored)
        raise
    return message
