"""Uploaded files: checked by their content (magic bytes), never by name; stored under generated names;
served so that a browser can neither sniff them into HTML nor run them in the site's origin.

Every app that accepts a file (listing attachments, order messages, financing documents) goes through
`check_upload` and `file_response`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    kind: str  # "image" or "pdf"
    label: str


PDF = FileType("application/pdf", ".pdf", "pdf", "PDF")
PNG = FileType("image/png", ".png", "image", "PNG")
JPEG = FileType("image/jpeg", ".jpg", "image", "JPEG")
WEBP = FileType("image/webp", ".webp", "image", "WebP")
IMAGES_AND_PDF = (PDF, PNG, JPEG, WEBP)


def sniff(head: bytes) -> FileType | None:
    """The type the first bytes of a file declare, whatever the file is called."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    file.seek(0)
    return int(size)


def check_upload(
    file: IO[bytes], *, allowed: tuple[FileType, ...] = IMAGES_AND_PDF, max_bytes: int, field: str = "file"
) -> FileType:
    """The file's type, or a field error: empty, too large, or not one of the allowed types."""
    size = _size(file)
    if size == 0:
        raise ValidationError({field: [_("The file is empty.")]})
    if size > max_bytes:
        raise ValidationError(
            {field: [_("The file is too large: at most %(mb)s MB.") % {"mb": f"{max_bytes / 1024 / 1024:g}"}]}
        )
    head = file.read(16)
    file.seek(0)
    detected = sniff(head)
    if detected not in allowed:
        raise ValidationError(
            {
                field: [
                    _("Only %(types)s files are accepted; the content of this file is not one of them.")
                    % {"types": ", ".join(t.label for t in allowed)}
                ]
            }
        )
    assert detected is not None  # noqa: S101 - None is never in `allowed`
    return detected


def generated_name(folder: str, file_type: FileType) -> str:
    """A storage name that reveals nothing of the upload's own name and cannot collide."""
    return f"{folder}/{uuid.uuid4().hex}{file_type.extension}"


def file_response(file: IO[bytes], *, content_type: str, filename: str, inline: bool) -> FileResponse:
    """Serve a stored upload with its checked type, a download name, no sniffing and no active content."""
    response = FileResponse(file, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
