"""Announcements, policies and news: platform staff write them, schedule them by their publish and
unpublish times, publish or withdraw them now, and attach files (a policy's PDF).

Every write goes through here, from the API and from the Django admin alike, so that the rules hold
whichever way the office works: only staff write; the Chinese title and body are required (English is
optional, the pages fall back to Chinese); the unpublish time comes after the publish time; bodies are
stored sanitised (`information.sanitize.clean_html`), which is what lets the pages render them as HTML;
attachments are checked by content (PDF and images) before anything is written, and files stored for a
transaction that fails are deleted again.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from information.models import Announcement, AnnouncementAttachment
from information.sanitize import clean_html, has_text
from platform_site.errors import NotPermitted, TransitionNotAllowed
from platform_site.uploads import IMAGES_AND_PDF, FileType, check_upload, generated_name

# A policy document with scanned pages runs to a few megabytes; twenty is ample and bounds the disk.
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 10
ATTACHMENT_FOLDER = "information/attachments"

TEXT_FIELDS = ("title_zh", "title_en", "summary_zh", "summary_en")
HTML_FIELDS = ("body_zh", "body_en")
# What staff may set; `author` is the actor, and there is no status: the two times are the state.
EDITABLE = ("category", *TEXT_FIELDS, *HTML_FIELDS, "publish_at", "unpublish_at")

Upload = tuple[IO[bytes], str]  # (file, original name)


# ---------------------------------------------------------------------------------------------------
# Checks


def _require_staff(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_staff):
        raise NotPermitted(_("Only platform staff may publish announcements, policies and news."))


def clean_fields(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The fields as they are stored (texts trimmed, bodies sanitised) and the errors, by field.

    Shared with the admin's form, so that the office sees the same messages as an API client.
    """
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {name: values[name] for name in EDITABLE if name in values}
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name in HTML_FIELDS:
        if name in fields:
            body = clean_html(fields[name])
            fields[name] = body if has_text(body) else ""
    if "category" in fields and fields["category"] not in Announcement.Category.values:
        errors["category"] = [
            _("Choose one of: %(choices)s.")
            % {"choices": ", ".join(str(label) for label in Announcement.Category.labels)}
        ]
    if "title_zh" in fields and not fields["title_zh"]:
        errors["title_zh"] = [_("Give the Chinese title.")]
    if "body_zh" in fields and not fields["body_zh"]:
        errors["body_zh"] = [_("Write the Chinese text (markup alone is not a text).")]
    publish_at, unpublish_at = fields.get("publish_at"), fields.get("unpublish_at")
    if publish_at is not None and unpublish_at is not None and unpublish_at <= publish_at:
        errors["unpublish_at"] = [_("The unpublish time must come after the publish time.")]
    return fields, errors


def _full_clean(announcement: Announcement, errors: dict[str, list[str]]) -> None:
    """Add the model's own checks (lengths) to `errors` and raise them all at once, if any. Its check
    constraints are the rules above in generic words: the database enforces them, the messages are ours."""
    try:
        announcement.full_clean(exclude=["author"], validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)  # Ours first: they say more than "cannot be blank".
    if errors:
        raise ValidationError(errors)


def file_name(name: str, file: Any = None) -> str:
    """The base name of an upload (no client path), at most 200 characters, never empty."""
    name = (name or getattr(file, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return name[-200:] or "file"


def check_attachments(
    uploads: Sequence[Upload], *, existing: int = 0, field: str = "attachments"
) -> tuple[list[FileType], list[str]]:
    """Each upload's type (PDF or image, by content) and the problems, all found before any is kept."""
    problems: list[str] = []
    if existing + len(uploads) > ATTACHMENT_MAX_COUNT:
        problems.append(_("At most %(n)d attachments per item.") % {"n": ATTACHMENT_MAX_COUNT})
    types: list[FileType] = []
    for file, name in uploads:
        try:
            types.append(
                check_upload(file, allowed=IMAGES_AND_PDF, max_bytes=ATTACHMENT_MAX_BYTES, field=field)
            )
        except ValidationError as exc:
            problems.extend(f"{file_name(name, file)}: {text}" for text in exc.messages)
    return types, problems


# ---------------------------------------------------------------------------------------------------
# Files


def _store(
    announcement: Announcement, upload: Upload, file_type: FileType, stored: list[str]
) -> AnnouncementAttachment:
    file, name = upload
    path = default_storage.save(generated_name(ATTACHMENT_FOLDER, file_type), File(file))
    stored.append(path)
    return AnnouncementAttachment.objects.create(
        announcement=announcement,
        file=path,
        original_name=file_name(name, file),
        content_type=file_type.content_type,
        size=default_storage.size(path),
    )


def _delete_stored(stored: list[str]) -> None:
    for path in stored:
        default_storage.delete(path)


def _lock(announcement: Announcement) -> Announcement:
    return Announcement.objects.select_for_update().get(pk=announcement.pk)


# ---------------------------------------------------------------------------------------------------
# Writing


def announcement_create(
    *,
    actor: User,
    category: str,
    title_zh: str,
    body_zh: str,
    title_en: str = "",
    summary_zh: str = "",
    summary_en: str = "",
    body_en: str = "",
    publish_at: datetime.datetime | None = None,
    unpublish_at: datetime.datetime | None = None,
    attachments: Sequence[Upload] = (),
) -> Announcement:
    """Write an item (a draft without `publish_at`, scheduled with a future one) with its files."""
    _require_staff(actor)
    fields, errors = clean_fields(
        {
            "category": category,
            "title_zh": title_zh,
            "title_en": title_en,
            "summary_zh": summary_zh,
            "summary_en": summary_en,
            "body_zh": body_zh,
            "body_en": body_en,
            "publish_at": publish_at,
            "unpublish_at": unpublish_at,
        }
    )
    types, problems = check_attachments(attachments)
    if problems:
        errors["attachments"] = problems
    announcement = Announcement(author=actor, **fields)
    _full_clean(announcement, errors)
    stored: list[str] = []
    try:
        with transaction.atomic():
            announcement.save()
            for upload, file_type in zip(attachments, types, strict=True):
                _store(announcement, upload, file_type, stored)
    except BaseException:
        _delete_stored(stored)
        raise
    return announcement


@transaction.atomic
def announcement_update(*, announcement: Announcement, actor: User, **changes: Any) -> Announcement:
    """Change the given fields (any of `EDITABLE`); the rules are checked on the result as a whole."""
    _require_staff(actor)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise TypeError(f"announcement_update() cannot change {', '.join(unknown)}")
    locked = _lock(announcement)
    fields, errors = clean_fields(changes)
    for name, value in fields.items():
        setattr(locked, name, value)
    # The window is checked on the result: moving only one end may cross the other.
    if locked.publish_at and locked.unpublish_at and locked.unpublish_at <= locked.publish_at:
        errors.setdefault("unpublish_at", [_("The unpublish time must come after the publish time.")])
    _full_clean(locked, errors)
    locked.save(update_fields=[*fields, "updated_at"])
    return locked


@transaction.atomic
def announcement_publish(*, announcement: Announcement, actor: User) -> Announcement:
    """Show the item from now on (a draft, a scheduled item or a withdrawn one)."""
    _require_staff(actor)
    locked = _lock(announcement)
    now = timezone.now()
    if locked.is_live(now):
        raise TransitionNotAllowed(_("This item is already published."))
    locked.publish_at = now
    if locked.unpublish_at is not None and locked.unpublish_at <= now:
        locked.unpublish_at = None  # Published again after it was withdrawn: until withdrawn again.
    locked.save(update_fields=["publish_at", "unpublish_at", "updated_at"])
    return locked


@transaction.atomic
def announcement_unpublish(*, announcement: Announcement, actor: User) -> Announcement:
    """Withdraw a live item now, or cancel the schedule of a future one (back to a draft)."""
    _require_staff(actor)
    locked = _lock(announcement)
    now = timezone.now()
    if locked.is_live(now):
        assert locked.publish_at is not None  # noqa: S101 - a live item has a publish time
        # The window must stay ordered even for an item published in this very microsecond.
        locked.unpublish_at = max(now, locked.publish_at + datetime.timedelta(microseconds=1))
    elif locked.publish_at is not None and locked.publish_at > now:
        locked.publish_at = None
    else:
        raise TransitionNotAllowed(_("This item is not published."))
    locked.save(update_fields=["publish_at", "unpublish_at", "updated_at"])
    return locked


def announcement_attach(
    *, announcement: Announcement, actor: User, file: IO[bytes], name: str = ""
) -> AnnouncementAttachment:
    """Add one file (PDF or image, checked by content) to an item."""
    _require_staff(actor)
    # Checked before the lock and the write: a refused file leaves nothing behind.
    types, problems = check_attachments(
        [(file, name)], existing=announcement.attachments.count(), field="file"
    )
    if problems:
        raise ValidationError({"file": problems})
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = _lock(announcement)
            # Counted again under the lock: two uploads at once must not pass the limit together.
            if locked.attachments.count() >= ATTACHMENT_MAX_COUNT:
                raise ValidationError(
                    {"file": [_("At most %(n)d attachments per item.") % {"n": ATTACHMENT_MAX_COUNT}]}
                )
            attachment = _store(locked, (file, name), types[0], stored)
            Announcement.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    except BaseException:
        _delete_stored(stored)
        raise
    return attachment


@transaction.atomic
def announcement_attachment_delete(*, attachment: AnnouncementAttachment, actor: User) -> None:
    """Remove a file from an item; the stored file goes once the removal is committed."""
    _require_staff(actor)
    path = attachment.file.name
    attachment.delete()
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))
