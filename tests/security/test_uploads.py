"""Every way a file enters the platform checks its content, not its name: a Windows program called a PDF
and a web page called a PNG are refused with a field error (400 in the API, an error on the page), and
nothing is stored. Checked for each entry point, API and page; and no admin form takes a raw file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.forms import FileField as FormFileField
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import User
from financing.models import ApplicationDocument, ApplicationMessage, FinancingApplication
from information.models import Announcement, AnnouncementAttachment
from listings.models import Listing, ListingAttachment
from orders.models import Message, QuoteAttachment
from tests.conftest import client_for
from tests.security.conftest import EXE, HTML, OWNER, STAFF, World
from tests.uploads import pdf

pytestmark = pytest.mark.django_db

CONTENT_REFUSED = "Only PDF, PNG, JPEG, WebP files are accepted"
IMPORT_REFUSED = ("Unreadable file", "Unknown columns")


def api_as(w: World, who: str) -> Any:
    client = client_for(w.user(who))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def application_form(w: World, upload: SimpleUploadedFile) -> dict[str, Any]:
    return {
        "amount": "3000000",
        "term_months": "12",
        "purpose": "扩充电驱总成产线流动资金",
        "consent": "on",
        "doc_business_licence": upload,
        "doc_financial_statements": pdf("年报.pdf"),
    }


def admin_announcement(upload: SimpleUploadedFile) -> dict[str, Any]:
    return {
        "category": "policy",
        "title_zh": "汽车产业链奖励政策",
        "title_en": "",
        "summary_zh": "",
        "summary_en": "",
        "body_zh": "<p>正文</p>",
        "body_en": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "10",
        "attachments-0-upload": upload,
    }


@dataclass(frozen=True)
class Entry:
    """One way a file enters: how to send it, and the API field or the page text that refuses it."""

    name: str
    send: Callable[[World, SimpleUploadedFile], Any]
    field: str = ""  # the API's error field; empty for a page
    refusal: tuple[str, ...] = (CONTENT_REFUSED,)  # one of these texts says why
    file_name: str = ""  # what the file claims to be, when not the case's own name

    @property
    def takes_documents(self) -> bool:
        """Everything but the listing import takes a PDF (the import takes a spreadsheet)."""
        return not self.file_name


API = "/api/v1"
ENTRIES = [
    # Listings
    Entry(
        "api-listing-attachment",
        lambda w, f: api_as(w, OWNER).post(
            f"{API}/listings/{w['published'].pk}/attachments/", {"file": f}, format="multipart"
        ),
        field="file",
    ),
    Entry(
        "page-listing-attachment",
        lambda w, f: w.browser(OWNER).post(
            reverse("listings:edit", args=[w["draft"].pk]), {"form": "attachment", "attachment-file": f}
        ),
    ),
    Entry(
        "api-listing-import",
        lambda w, f: api_as(w, OWNER).post(f"{API}/listings/import/", {"file": f}, format="multipart"),
        field="file",
        refusal=IMPORT_REFUSED,
        file_name="listings.xlsx",
    ),
    Entry(
        "page-listing-import",
        lambda w, f: w.browser(OWNER).post(reverse("listings:import"), {"file": f}),
        refusal=IMPORT_REFUSED,
        file_name="listings.csv",
    ),
    # Orders, quotes and their conversations
    Entry(
        "api-order-message",
        lambda w, f: api_as(w, OWNER).post(
            f"{API}/orders/{w['order'].pk}/messages/", {"body": "图纸见附件", "file": f}, format="multipart"
        ),
        field="file",
    ),
    Entry(
        "page-order-message",
        lambda w, f: w.browser(OWNER).post(
            reverse("orders:thread_post", args=["order", w["order"].pk]),
            {"body": "图纸见附件", "file": f},
            follow=True,
        ),
    ),
    Entry(
        "api-quote-attachment",
        lambda w, f: api_as(w, OWNER).post(
            f"{API}/quotes/{w['my_quote'].pk}/attachments/", {"file": f}, format="multipart"
        ),
        field="file",
    ),
    Entry(
        "page-quote-attachment",
        lambda w, f: w.browser(OWNER).post(
            reverse("orders:quote_action", args=[w["my_quote"].pk, "attach"]), {"file": f}
        ),
    ),
    # Financing
    Entry(
        "api-financing-apply",
        lambda w, f: api_as(w, OWNER).post(
            f"{API}/financing/applications/",
            {
                "offer": w["offer"].pk,
                "amount": "3000000",
                "term_months": "12",
                "purpose": "扩充电驱总成产线流动资金",
                "consent": "true",
                "documents": [f, pdf("年报.pdf")],
                "document_kinds": ["business_licence", "financial_statements"],
            },
            format="multipart",
        ),
        field="documents",
    ),
    Entry(
        "page-financing-apply",
        lambda w, f: w.browser(OWNER).post(
            f"{reverse('financing:apply')}?offer={w['offer'].pk}", application_form(w, f)
        ),
    ),
    Entry(
        "api-financing-document",
        lambda w, f: api_as(w, OWNER).post(
            f"{API}/financing/applications/{w['application'].pk}/documents/",
            {"kind": "invoices", "file": f},
            format="multipart",
        ),
        field="file",
    ),
    Entry(
        "page-financing-document",
        lambda w, f: w.browser(OWNER).post(
            reverse("financing:application_action", args=[w["application"].pk, "add_document"]),
            {"kind": "invoices", "file": f},
        ),
    ),
    Entry(
        "api-financing-answer",
        lambda w, f: api_as(w, OWNER).post(
            f"{API}/financing/applications/{w['application_asked'].pk}/answer-info/",
            {"answer": "见附件", "files": [f]},
            format="multipart",
        ),
        field="files",
    ),
    Entry(
        "page-financing-answer",
        lambda w, f: w.browser(OWNER).post(
            reverse("financing:application_action", args=[w["application_asked"].pk, "answer_info"]),
            {"answer": "见附件", "answer_files": f},
        ),
    ),
    Entry(
        "api-financing-message",
        lambda w, f: api_as(w, OWNER).post(
            f"{API}/financing/applications/{w['application'].pk}/messages/",
            {"body": "见附件", "file": f},
            format="multipart",
        ),
        field="file",
    ),
    Entry(
        "page-financing-message",
        lambda w, f: w.browser(OWNER).post(
            reverse("financing:application_message_post", args=[w["application"].pk]),
            {"body": "见附件", "file": f},
            follow=True,
        ),
    ),
    # Information (the platform office)
    Entry(
        "api-announcement-create",
        lambda w, f: api_as(w, STAFF).post(
            f"{API}/announcements/",
            {
                "category": "policy",
                "title_zh": "带附件的政策",
                "body_zh": "<p>见附件</p>",
                "attachments": [f],
            },
            format="multipart",
        ),
        field="attachments",
    ),
    Entry(
        "api-announcement-attach",
        lambda w, f: api_as(w, STAFF).post(
            f"{API}/announcements/{w['announcement'].pk}/attachments/", {"file": f}, format="multipart"
        ),
        field="file",
    ),
    Entry(
        "admin-announcement-attachment",
        lambda w, f: superuser_browser(w).post("/admin/information/announcement/add/", admin_announcement(f)),
    ),
]

FILE_ROWS = (
    ListingAttachment,
    Listing,
    Message,
    QuoteAttachment,
    FinancingApplication,
    ApplicationDocument,
    ApplicationMessage,
    Announcement,
    AnnouncementAttachment,
)


def superuser(w: World) -> User:
    """Platform staff with every admin permission."""
    staff = w.user(STAFF)
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    return staff


def superuser_browser(w: World) -> Client:
    superuser(w)
    return w.browser(STAFF)


def stored(media: Path) -> set[Path]:
    return {path for path in media.rglob("*") if path.is_file()} if media.exists() else set()


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in FILE_ROWS}


@pytest.mark.parametrize(
    ("claimed", "content"),
    [("drawing.pdf", EXE), ("photo.png", HTML)],
    ids=["exe-called-pdf", "html-called-png"],
)
@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.name for entry in ENTRIES])
def test_a_file_that_is_not_what_it_claims_is_refused(
    world: World, media: Path, entry: Entry, claimed: str, content: bytes
) -> None:
    # Given the files and rows there are
    files_before, rows_before = stored(media), rows()
    upload = SimpleUploadedFile(entry.file_name or claimed, content, content_type="application/pdf")

    # When the file is sent
    response = entry.send(world, upload)

    # Then it is refused, with an error on the field (API) or on the page
    if entry.field:
        assert response.status_code == 400, response.content
        error = response.json()["error"]
        assert any(text in str(error["fields"][entry.field]) for text in entry.refusal), error
    else:
        assert response.status_code in (200, 400), response.status_code
        page = response.content.decode()
        assert any(text in page for text in entry.refusal), page[:3000]
    # and nothing is stored
    assert stored(media) == files_before
    assert rows() == rows_before


@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if e.takes_documents], ids=[e.name for e in ENTRIES if e.takes_documents]
)
def test_the_same_entry_takes_a_real_pdf(world: World, media: Path, entry: Entry) -> None:
    """The control: the refusals above are about the content, not a request that could never succeed."""
    files_before = stored(media)

    response = entry.send(world, pdf("drawing.pdf"))

    assert response.status_code < 400, response.content.decode()[:3000]
    assert CONTENT_REFUSED not in response.content.decode()
    assert len(stored(media) - files_before) >= 1


def test_every_file_field_is_covered_by_an_entry_point() -> None:
    """A new model file field needs its entry points in ENTRIES (and a content check in its service)."""
    fields = sorted(
        f"{model._meta.label}.{field.name}"
        for model in (
            m for app in ("listings", "orders", "financing", "information", "accounts") for m in _models(app)
        )
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
    )
    assert fields == [
        "financing.ApplicationDocument.file",
        "financing.ApplicationMessage.file",
        "information.AnnouncementAttachment.file",
        "listings.ListingAttachment.file",
        "orders.Message.file",
        "orders.QuoteAttachment.file",
    ]


def _models(app_label: str) -> list[Any]:
    from django.apps import apps

    return list(apps.get_app_config(app_label).get_models())


def test_no_admin_form_takes_a_file_past_the_content_check(world: World) -> None:
    """The admin shows stored files read-only; the one upload it takes (announcement attachments) is a
    form field of its own that goes through the service's check (the case above)."""
    request = RequestFactory().get("/admin/")
    request.user = superuser(world)
    raw = []
    for model, model_admin in admin.site._registry.items():
        forms = [model_admin.get_form(request)]
        forms += [inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)]
        for form in forms:
            form_model = form._meta.model
            for name, field in form.base_fields.items():
                model_field = next((f for f in form_model._meta.get_fields() if f.name == name), None)
                if isinstance(field, FormFileField) and isinstance(model_field, FileField):
                    raw.append(f"{model._meta.label}: {form_model._meta.label}.{name}")
    assert raw == []
