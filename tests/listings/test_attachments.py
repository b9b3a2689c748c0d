"""Attachments of listings through the API: real files checked by content, stored safely, served safely."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import Membership, User
from listings import access
from listings.models import Listing, ListingAttachment, ListingEvent
from tests.conftest import client_for
from tests.factories import ListingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/listings/"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A real 1x1 RGB PNG: signature, IHDR, IDAT, IEND.
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    + _chunk(b"IDAT", zlib.compress(b"\x00\xff\x80\x00"))
    + _chunk(b"IEND", b"")
)
# A minimal one-page PDF.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def content_of(response: Any) -> bytes:
    """The body of a file response; reading it to the end closes the file (the test client wraps it)."""
    return b"".join(response.streaming_content)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def listing(owner: Membership) -> Listing:
    """A published listing of the owner's enterprise."""
    return ListingFactory(enterprise=owner.enterprise, created_by=owner.user)


def attach(
    user: User, listing: Listing, name: str = "photo.png", content: bytes = PNG, **extra: Any
) -> dict[str, Any]:
    response = client_for(user).post(
        f"{URL}{listing.pk}/attachments/", {"file": upload(name, content), **extra}, format="multipart"
    )
    assert response.status_code == 201, response.content
    return response.json()


# --- upload ----------------------------------------------------------------------------------------


def test_uploading_a_png(member: Membership, listing: Listing, media: Path) -> None:
    response = client_for(member.user).post(
        f"{URL}{listing.pk}/attachments/",
        {"file": upload("产品照片.png", PNG, "image/png")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "产品照片.png"
    assert (body["content_type"], body["file_kind"], body["size"]) == ("image/png", "image", len(PNG))
    assert body["confidential"] is False
    assert body["url"] == f"{URL}{listing.pk}/attachments/{body['id']}/download/"

    attachment = ListingAttachment.objects.get(pk=body["id"])
    assert attachment.uploaded_by == member.user
    [path] = stored_files(media)
    assert path.read_bytes() == PNG
    # Stored under a generated name in the listing's folder, nothing of the upload's own name
    assert path.relative_to(media).as_posix() == attachment.file.name
    assert attachment.file.name.startswith(f"listings/{listing.pk}/") and path.suffix == ".png"
    assert "产品照片" not in attachment.file.name and len(path.stem) == 32
    event = listing.events.get()
    assert (event.action, event.note, event.actor) == ("attachment_added", "产品照片.png", member.user)
    # The listing shows it
    assert [a["id"] for a in APIClient().get(f"{URL}{listing.pk}/").json()["attachments"]] == [body["id"]]


def test_uploading_a_pdf(owner: Membership, listing: Listing, media: Path) -> None:
    body = attach(owner.user, listing, "spec.pdf", PDF)
    assert (body["content_type"], body["file_kind"], body["size"]) == ("application/pdf", "pdf", len(PDF))
    [path] = stored_files(media)
    assert path.suffix == ".pdf" and path.read_bytes() == PDF and path.name != "spec.pdf"


def test_two_uploads_of_the_same_name_are_stored_apart(
    owner: Membership, listing: Listing, media: Path
) -> None:
    first = attach(owner.user, listing, "spec.pdf", PDF)
    second = attach(owner.user, listing, "spec.pdf", PDF + b"% v2\n")
    assert first["id"] != second["id"]
    assert len(stored_files(media)) == 2


def test_the_type_comes_from_the_content_not_the_name(
    owner: Membership, listing: Listing, media: Path
) -> None:
    body = attach(owner.user, listing, "scan.jpg", PNG)
    assert body["content_type"] == "image/png"
    [path] = stored_files(media)
    assert path.suffix == ".png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("spec.pdf", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"),
        ("spec.pdf", b""),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64),
        ("drawings.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 64),
        ("notes.txt", "规格说明：280Ah 电芯".encode()),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("photo.png", PNG[:7]),  # a truncated signature
    ],
    ids=["html-named-pdf", "empty", "exe", "zip", "text", "svg", "truncated-png"],
)
def test_refused_files_are_a_400_and_nothing_is_stored(
    owner: Membership, listing: Listing, media: Path, name: str, content: bytes
) -> None:
    response = client_for(owner.user).post(
        f"{URL}{listing.pk}/attachments/",
        {"file": upload(name, content, "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    body = error(response)
    assert body["code"] == "invalid" and body["fields"]["file"]
    assert not ListingAttachment.objects.exists()
    assert not ListingEvent.objects.exists()
    assert stored_files(media) == []


def test_the_refusal_says_what_is_accepted(owner: Membership, listing: Listing) -> None:
    response = client_for(owner.user).post(
        f"{URL}{listing.pk}/attachments/",
        {"file": upload("spec.pdf", b"<html></html>")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    [message] = error(response)["fields"]["file"]
    assert "PDF" in message and "PNG" in message


def test_an_empty_file_is_refused_as_empty(owner: Membership, listing: Listing) -> None:
    response = client_for(owner.user).post(
        f"{URL}{listing.pk}/attachments/",
        {"file": upload("spec.pdf", b"")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "empty" in " ".join(error(response)["fields"]["file"])


def test_an_oversize_file_is_refused(owner: Membership, listing: Listing, media: Path, settings: Any) -> None:
    settings.LISTING_ATTACHMENT_MAX_BYTES = len(PNG) - 1
    response = client_for(owner.user).post(
        f"{URL}{listing.pk}/attachments/", {"file": upload("photo.png", PNG)}, format="multipart"
    )
    assert response.status_code == 400 and error(response)["fields"]["file"]
    assert not ListingAttachment.objects.exists() and stored_files(media) == []
    # Exactly at the limit is fine
    settings.LISTING_ATTACHMENT_MAX_BYTES = len(PNG)
    attach(owner.user, listing)


def test_no_more_than_the_count_limit(
    owner: Membership, listing: Listing, media: Path, settings: Any
) -> None:
    settings.LISTING_ATTACHMENT_MAX_COUNT = 2
    attach(owner.user, listing, "a.png")
    attach(owner.user, listing, "b.pdf", PDF)
    response = client_for(owner.user).post(
        f"{URL}{listing.pk}/attachments/", {"file": upload("c.png", PNG)}, format="multipart"
    )
    assert response.status_code == 400 and error(response)["fields"]["file"]
    assert listing.attachments.count() == 2
    assert len(stored_files(media)) == 2


def test_a_missing_file_is_a_400(owner: Membership, listing: Listing) -> None:
    response = client_for(owner.user).post(f"{URL}{listing.pk}/attachments/", {}, format="multipart")
    assert response.status_code == 400 and "file" in error(response)["fields"]


def test_only_the_publishing_enterprise_uploads(
    other_owner: Membership, listing: Listing, media: Path, staff: User
) -> None:
    for client, status in ((client_for(other_owner.user), 403), (client_for(staff), 403), (APIClient(), 401)):
        response = client.post(
            f"{URL}{listing.pk}/attachments/", {"file": upload("photo.png", PNG)}, format="multipart"
        )
        assert response.status_code == status, response.content
    assert not ListingAttachment.objects.exists() and stored_files(media) == []


def test_a_closed_listing_takes_no_attachments(owner: Membership, media: Path) -> None:
    closed = ListingFactory(enterprise=owner.enterprise, status=Listing.Status.CLOSED)
    response = client_for(owner.user).post(
        f"{URL}{closed.pk}/attachments/", {"file": upload("photo.png", PNG)}, format="multipart"
    )
    assert response.status_code == 409
    assert not ListingAttachment.objects.exists() and stored_files(media) == []


# --- download --------------------------------------------------------------------------------------


def test_downloading_a_pdf(owner: Membership, listing: Listing) -> None:
    body = attach(owner.user, listing, "规格书 v2.pdf", PDF)
    response = APIClient().get(body["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E8%A7%84%E6%A0%BC%E4%B9%A6%20v2.pdf" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert content_of(response) == PDF


def test_an_image_is_shown_inline_with_its_sniffed_type(owner: Membership, listing: Listing) -> None:
    body = attach(owner.user, listing, "photo.png", PNG)
    response = APIClient().get(body["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="photo.png"'
    assert content_of(response) == PNG


def test_an_unknown_attachment_is_a_404(owner: Membership, listing: Listing) -> None:
    other = ListingFactory(enterprise=owner.enterprise)
    body = attach(owner.user, other)
    # The attachment exists, but under another listing
    response = client_for(owner.user).get(f"{URL}{listing.pk}/attachments/{body['id']}/download/")
    assert response.status_code == 404
    assert client_for(owner.user).get(f"{URL}{listing.pk}/attachments/999999/download/").status_code == 404


def test_attachments_of_a_draft_are_for_its_enterprise(
    owner: Membership, other_owner: Membership, staff: User
) -> None:
    draft = ListingFactory(enterprise=owner.enterprise, status=Listing.Status.DRAFT, published_at=None)
    body = attach(owner.user, draft)
    download = f"{URL}{draft.pk}/attachments/{body['id']}/download/"
    assert APIClient().get(download).status_code == 404
    assert client_for(other_owner.user).get(download).status_code == 404
    assert client_for(other_owner.user).get(f"{URL}{draft.pk}/attachments/").status_code == 404
    response = client_for(staff).get(download)
    assert response.status_code == 200 and content_of(response) == PNG


# --- confidential ----------------------------------------------------------------------------------


@pytest.fixture
def confidential(owner: Membership, listing: Listing) -> dict[str, Any]:
    body = attach(owner.user, listing, "报价单.pdf", PDF, confidential="true")
    assert body["confidential"] is True
    return body


@pytest.fixture
def public(owner: Membership, listing: Listing) -> dict[str, Any]:
    return attach(owner.user, listing, "photo.png", PNG)


def listed(client: APIClient, listing: Listing, *, signed_in: bool = True) -> list[str]:
    """The attachment names the client sees in the listing's detail (and in attachments/ when signed in)."""
    names = [a["name"] for a in client.get(f"{URL}{listing.pk}/").json()["attachments"]]
    if signed_in:
        response = client.get(f"{URL}{listing.pk}/attachments/")
        assert response.status_code == 200, response.content
        assert [a["name"] for a in response.json()] == names
    return names


def test_a_confidential_attachment_is_for_the_owner_and_staff(
    owner: Membership,
    member: Membership,
    staff: User,
    listing: Listing,
    confidential: dict[str, Any],
    public: dict[str, Any],
) -> None:
    for user in (owner.user, member.user, staff):
        client = client_for(user)
        assert listed(client, listing) == ["报价单.pdf", "photo.png"]
        response = client.get(confidential["url"])
        assert response.status_code == 200 and content_of(response) == PDF


def test_a_confidential_attachment_is_hidden_from_others(
    other_owner: Membership, listing: Listing, confidential: dict[str, Any], public: dict[str, Any]
) -> None:
    for client, signed_in in ((client_for(other_owner.user), True), (APIClient(), False)):
        assert listed(client, listing, signed_in=signed_in) == ["photo.png"]
        response = client.get(confidential["url"])
        assert response.status_code == 404
        assert error(response)["code"] == "not_found"
        # The public one of the published listing is open to all
        response = client.get(public["url"])
        assert response.status_code == 200 and content_of(response) == PNG


def test_anonymous_visitors_list_the_public_attachments(
    listing: Listing, confidential: dict[str, Any], public: dict[str, Any]
) -> None:
    response = APIClient().get(f"{URL}{listing.pk}/attachments/")
    assert response.status_code == 200
    assert [a["name"] for a in response.json()] == ["photo.png"]


@pytest.fixture
def granted(db: None) -> Iterator[User]:
    """A user of another enterprise whom a registered grant (an approved match, say) lets in."""
    user = MembershipFactory().user

    def grant(listing: Listing, viewer: Any) -> bool:
        return viewer.pk == user.pk

    def bulk(listings: Sequence[Listing], viewer: Any) -> set[int]:
        return {listing.pk for listing in listings} if viewer.pk == user.pk else set()

    access.register_confidential_grant(grant, bulk)
    try:
        yield user
    finally:
        access._grants.remove((grant, bulk))


def test_a_grant_opens_a_confidential_attachment(
    granted: User, other_owner: Membership, listing: Listing, confidential: dict[str, Any]
) -> None:
    client = client_for(granted)
    assert listed(client, listing) == ["报价单.pdf"]
    response = client.get(confidential["url"])
    assert response.status_code == 200 and content_of(response) == PDF
    # Only for the granted user
    assert client_for(other_owner.user).get(confidential["url"]).status_code == 404
    assert APIClient().get(confidential["url"]).status_code == 404


def test_a_grant_opens_confidential_attachments_in_the_list(
    granted: User, other_owner: Membership, listing: Listing, confidential: dict[str, Any]
) -> None:
    def names(user: User) -> list[str]:
        rows = client_for(user).get("/api/v1/listings/").json()["results"]
        return [a["name"] for row in rows if row["id"] == listing.pk for a in row["attachments"]]

    assert "报价单.pdf" in names(granted)
    assert "报价单.pdf" not in names(other_owner.user)


def test_registering_a_grant_twice_keeps_one(listing: Listing) -> None:
    def grant(listing: Listing, viewer: Any) -> bool:
        return False

    def bulk(listings: Sequence[Listing], viewer: Any) -> set[int]:
        return set()

    try:
        access.register_confidential_grant(grant, bulk)
        access.register_confidential_grant(grant, bulk)
        assert [known for known, _ in access._grants].count(grant) == 1
    finally:
        access._grants.remove((grant, bulk))


# --- delete ----------------------------------------------------------------------------------------


def test_deleting_an_attachment_removes_the_file_after_commit(
    owner: Membership, listing: Listing, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    body = attach(owner.user, listing)
    [path] = stored_files(media)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(owner.user).delete(f"{URL}{listing.pk}/attachments/{body['id']}/")
    assert response.status_code == 204
    assert not ListingAttachment.objects.exists()
    assert path.exists()  # Not before the transaction commits
    for callback in callbacks:
        callback()
    assert not path.exists()
    event = listing.events.first()
    assert event is not None and (event.action, event.note) == ("attachment_removed", "photo.png")


def test_deleting_an_attachment_with_commit(
    owner: Membership, listing: Listing, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    body = attach(owner.user, listing, "spec.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner.user).delete(f"{URL}{listing.pk}/attachments/{body['id']}/")
    assert response.status_code == 204
    assert stored_files(media) == []
    assert APIClient().get(body["url"]).status_code == 404


def test_others_cannot_delete_an_attachment(
    owner: Membership,
    other_owner: Membership,
    staff: User,
    listing: Listing,
    media: Path,
    public: dict[str, Any],
    confidential: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for client, attachment, status in (
            (client_for(other_owner.user), public, 403),
            (client_for(other_owner.user), confidential, 404),
            (client_for(staff), public, 403),
            (APIClient(), public, 401),
        ):
            response = client.delete(f"{URL}{listing.pk}/attachments/{attachment['id']}/")
            assert response.status_code == status, response.content
    assert listing.attachments.count() == 2
    assert len(stored_files(media)) == 2


def test_deleting_a_draft_removes_its_files(
    owner: Membership, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    draft = ListingFactory(enterprise=owner.enterprise, status=Listing.Status.DRAFT, published_at=None)
    attach(owner.user, draft)
    attach(owner.user, draft, "spec.pdf", PDF)
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner.user).delete(f"{URL}{draft.pk}/")
    assert response.status_code == 204
    assert stored_files(media) == []
