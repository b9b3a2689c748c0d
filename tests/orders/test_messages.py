"""The conversation of orders, quotes and licence/talent requests: both parties write, the other side is
notified, files are checked by content, and nobody else sees a thing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from accounts.models import Membership, Notification, User
from orders.models import LicenceRequest, Message, Order
from orders.services import messages as service
from orders.views.messages import thread_context
from tests.conftest import client_for
from tests.factories import (
    EnterpriseFactory,
    LicenceRequestFactory,
    ListingFactory,
    MembershipFactory,
    OrderFactory,
    PendingEnterpriseFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def content_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@dataclass
class Thread:
    """A thread and the owners of its two sides, `a` the side that opened the business."""

    obj: Order | Any
    url: str
    a: Membership
    b: Membership


def order_thread(seller: Membership) -> Thread:
    order = OrderFactory(listing=ListingFactory(enterprise=seller.enterprise, created_by=seller.user))
    buyer = MembershipFactory(enterprise=order.buyer, role=Membership.Role.OWNER)
    return Thread(order, f"/api/v1/orders/{order.pk}/messages/", buyer, seller)


def quote_thread(buyer: Membership) -> Thread:
    quote = QuoteFactory(request__listing__enterprise=buyer.enterprise)
    supplier = MembershipFactory(enterprise=quote.supplier, role=Membership.Role.OWNER)
    return Thread(quote, f"/api/v1/quotes/{quote.pk}/messages/", supplier, buyer)


def licence_thread(holder: Membership) -> Thread:
    request = LicenceRequestFactory(listing__enterprise=holder.enterprise)
    requester = MembershipFactory(enterprise=request.requester, role=Membership.Role.OWNER)
    return Thread(request, f"/api/v1/licence-requests/{request.pk}/messages/", requester, holder)


def talent_thread(holder: Membership) -> Thread:
    request = LicenceRequestFactory(
        listing__enterprise=holder.enterprise, kind=LicenceRequest.Kind.ENGAGEMENT, mode="recruitment"
    )
    requester = MembershipFactory(enterprise=request.requester, role=Membership.Role.OWNER)
    return Thread(request, f"/api/v1/talent-requests/{request.pk}/messages/", requester, holder)


MAKERS = {"order": order_thread, "quote": quote_thread, "licence": licence_thread, "talent": talent_thread}


@pytest.fixture(params=list(MAKERS))
def thread(request: Any, owner: Membership) -> Thread:
    """A thread of every kind; `owner` (of the conftest) is the listing's side."""
    return MAKERS[request.param](owner)


@pytest.fixture
def order(owner: Membership) -> Thread:
    return order_thread(owner)


def post(user: User, url: str, data: dict[str, Any], **extra: Any) -> Any:
    """Post as the user, asking for English so that messages can be compared."""
    fmt = "multipart" if "file" in data else "json"
    return client_for(user).post(url, data, format=fmt, HTTP_ACCEPT_LANGUAGE="en", **extra)


# --- both parties ----------------------------------------------------------------------------------


def test_both_parties_post_and_read_oldest_first(thread: Thread) -> None:
    # Given a thread, when each side writes once
    first = post(thread.a.user, thread.url, {"body": "  请确认交货期。\nThanks  "})
    assert first.status_code == 201, first.content
    second = post(thread.b.user, thread.url, {"body": "Confirmed: 30 days."})
    assert second.status_code == 201, second.content

    # Then both read the same thread, oldest first, with their own messages marked
    body = first.json()
    assert body["body"] == "请确认交货期。\nThanks"  # stripped
    assert body["sender_enterprise"]["id"] == thread.a.enterprise_id
    assert body["sender_name"] == thread.a.user.full_name
    assert body["file"] is None and body["mine"] is True
    for reader, mine in ((thread.a.user, [True, False]), (thread.b.user, [False, True])):
        listing = client_for(reader).get(thread.url)
        assert listing.status_code == 200
        results = listing.json()["results"]
        assert [m["body"] for m in results] == ["请确认交货期。\nThanks", "Confirmed: 30 days."]
        assert [m["mine"] for m in results] == mine
    assert Message.objects.count() == 2
    assert {m.sender_enterprise_id for m in Message.objects.all()} == {
        thread.a.enterprise_id,
        thread.b.enterprise_id,
    }


def test_the_other_side_is_notified_and_not_the_sender(thread: Thread) -> None:
    # Given a plain member on each side besides the owners
    colleague_a = MembershipFactory(enterprise=thread.a.enterprise, role=Membership.Role.MEMBER)
    colleague_b = MembershipFactory(enterprise=thread.b.enterprise, role=Membership.Role.MEMBER)

    # When side a writes
    response = post(colleague_a.user, thread.url, {"body": "Can you do 2,000 units?"})
    assert response.status_code == 201, response.content

    # Then side b's owner hears of it; nobody on side a does, nor b's plain member
    notification = Notification.objects.get()
    assert notification.recipient == thread.b.user
    assert notification.kind == "message.received"
    assert thread.a.enterprise.display_name in notification.title
    listing = thread.obj.request.listing if hasattr(thread.obj, "request") else thread.obj.listing
    assert listing.title in notification.title
    assert notification.body == "Can you do 2,000 units?"
    assert notification.link == service.thread_link(thread.obj)
    assert not Notification.objects.filter(recipient__in=[colleague_a.user, colleague_b.user, thread.a.user])

    # And the answer goes to side a
    post(thread.b.user, thread.url, {"body": "Yes."})
    assert Notification.objects.filter(recipient=thread.a.user).count() == 1


def test_the_member_who_placed_the_order_hears_the_seller(owner: Membership) -> None:
    # Given an order placed by a plain member of the buyer
    order = OrderFactory(listing=ListingFactory(enterprise=owner.enterprise))
    buyer_owner = MembershipFactory(enterprise=order.buyer)
    placer = MembershipFactory(enterprise=order.buyer, role=Membership.Role.MEMBER)
    Order.objects.filter(pk=order.pk).update(placed_by=placer.user)

    # When the seller writes, the owner and the member who placed it are told
    post(owner.user, f"/api/v1/orders/{order.pk}/messages/", {"body": "Shipped tomorrow."})
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        buyer_owner.user.pk,
        placer.user.pk,
    }


def test_an_order_notification_links_to_the_order_page(order: Thread) -> None:
    post(order.a.user, order.url, {"body": "Hello"})
    assert Notification.objects.get().link == f"/orders/{order.obj.pk}/#thread"


def test_a_talent_request_is_not_a_licence_thread_of_talent_requests(owner: Membership) -> None:
    # A licence request is not served under talent-requests
    licence = licence_thread(owner)
    response = client_for(licence.a.user).get(f"/api/v1/talent-requests/{licence.obj.pk}/messages/")
    assert response.status_code == 404


# --- who may not -----------------------------------------------------------------------------------


def test_another_enterprise_gets_404_everywhere(thread: Thread, other_owner: Membership, media: Path) -> None:
    # Given a message with a file in the thread
    sent = post(thread.a.user, thread.url, {"body": "spec", "file": upload("spec.pdf", PDF)})
    assert sent.status_code == 201, sent.content
    message_id = sent.json()["id"]
    stranger = client_for(other_owner.user)

    # Then a stranger can neither read, nor post, nor download, and learns nothing
    assert stranger.get(thread.url).status_code == 404
    response = stranger.post(thread.url, {"body": "Hi"}, format="json")
    assert response.status_code == 404
    assert error(response)["code"] == "not_found"
    assert stranger.get(f"/api/v1/messages/{message_id}/file/").status_code == 404
    assert Message.objects.count() == 1
    assert not Notification.objects.exclude(recipient=thread.b.user).exists()

    # Nor on the pages
    browser = Client()
    browser.force_login(other_owner.user)
    kind = service.thread_kind(thread.obj)
    assert browser.post(f"/threads/{kind}/{thread.obj.pk}/messages/", {"body": "Hi"}).status_code == 404
    assert browser.get(f"/messages/{message_id}/file/").status_code == 404
    assert Message.objects.count() == 1


def test_unknown_threads_and_anonymous_callers(order: Thread) -> None:
    assert client_for(order.a.user).get("/api/v1/orders/999999/messages/").status_code == 404
    assert client_for(order.a.user).get("/api/v1/messages/999999/file/").status_code == 404
    assert APIClient().get(order.url).status_code == 401
    assert APIClient().post(order.url, {"body": "Hi"}, format="json").status_code == 401
    browser = Client()
    browser.force_login(order.a.user)
    assert browser.post(f"/threads/nonsense/{order.obj.pk}/messages/", {"body": "Hi"}).status_code == 404
    assert browser.post(f"/threads/talent/{order.obj.pk}/messages/", {"body": "Hi"}).status_code == 404
    # Anonymous visitors of the pages are sent to sign in
    response = Client().post(f"/threads/order/{order.obj.pk}/messages/", {"body": "Hi"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Message.objects.exists()


def test_staff_read_every_thread_but_do_not_post(thread: Thread, staff: User, media: Path) -> None:
    post(thread.a.user, thread.url, {"body": "With a file", "file": upload("spec.pdf", PDF)})
    message = Message.objects.get()

    api = client_for(staff)
    listing = api.get(thread.url)
    assert listing.status_code == 200
    assert [m["body"] for m in listing.json()["results"]] == ["With a file"]
    assert listing.json()["results"][0]["mine"] is False
    download = api.get(f"/api/v1/messages/{message.pk}/file/")
    assert download.status_code == 200 and content_of(download) == PDF

    response = api.post(thread.url, {"body": "Staff here"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "do not take part" in error(response)["message"]
    assert Message.objects.count() == 1


def test_a_party_whose_enterprise_is_not_verified_cannot_post(owner: Membership) -> None:
    order = OrderFactory(
        listing=ListingFactory(enterprise=owner.enterprise), buyer=PendingEnterpriseFactory()
    )
    buyer = MembershipFactory(enterprise=order.buyer)
    url = f"/api/v1/orders/{order.pk}/messages/"
    response = post(buyer.user, url, {"body": "Hi"})
    assert response.status_code == 403
    assert error(response)["code"] == "enterprise_not_verified"
    # It still reads the thread
    assert client_for(buyer.user).get(url).status_code == 200
    assert not Message.objects.exists()


# --- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_message_is_refused_on_body(order: Thread, body: str) -> None:
    response = post(order.a.user, order.url, {"body": body})
    assert response.status_code == 400
    assert error(response)["fields"]["body"] == ["Write a message or attach a file."]
    assert post(order.a.user, order.url, {}).status_code == 400
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_a_message_too_long_is_refused(order: Thread) -> None:
    response = post(order.a.user, order.url, {"body": "长" * 5001})
    assert response.status_code == 400
    assert "5000" in error(response)["fields"]["body"][0]
    assert post(order.a.user, order.url, {"body": "长" * 5000}).status_code == 201


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("invoice.pdf", HTML, "Only PDF, PNG, JPEG, WebP files are accepted"),
        ("empty.pdf", b"", "The file is empty."),
        ("huge.pdf", PDF + b"0" * 2048, "The file is too large"),
    ],
)
def test_a_refused_file_stores_nothing(
    order: Thread, media: Path, settings: Any, name: str, content: bytes, expected: str
) -> None:
    settings.ORDER_FILE_MAX_BYTES = 1024
    response = post(order.a.user, order.url, {"body": "See attached", "file": upload(name, content)})
    assert response.status_code == 400, response.content
    assert expected in error(response)["fields"]["file"][0]
    assert not Message.objects.exists()
    assert stored_files(media) == []
    assert not Notification.objects.exists()


def test_a_failure_after_storing_the_file_removes_it(order: Thread, media: Path, monkeypatch: Any) -> None:
    # Given notifying fails after the file was stored and the row written
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("mail queue down")

    monkeypatch.setattr(service, "notify", broken)
    with pytest.raises(RuntimeError):
        service.message_post(actor=order.a.user, thread=order.obj, body="x", file=upload("a.pdf", PDF))
    # Then neither the row nor the file is left
    assert not Message.objects.exists()
    assert stored_files(media) == []


# --- files -----------------------------------------------------------------------------------------


def test_a_pdf_round_trips(order: Thread, media: Path) -> None:
    # When the buyer sends a PDF with a message
    response = post(
        order.a.user, order.url, {"body": "技术规格书", "file": upload("规格书 v2.pdf", PDF, "text/html")}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file"] == {
        "name": "规格书 v2.pdf",
        "content_type": "application/pdf",  # from the content, not what the client claimed
        "size": len(PDF),
        "url": f"/api/v1/messages/{body['id']}/file/",
    }
    # Then it is stored under a generated name
    message = Message.objects.get()
    [path] = stored_files(media)
    assert path.relative_to(media).as_posix() == message.file.name
    assert message.file.name.startswith("messages/") and path.suffix == ".pdf" and "规格书" not in path.name

    # And the seller downloads it, as a download that no browser sniffs
    download = client_for(order.b.user).get(body["file"]["url"])
    assert download.status_code == 200
    assert content_of(download) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E8%A7%84%E6%A0%BC%E4%B9%A6%20v2.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    # The notification names the file when there is no text
    post(order.b.user, order.url, {"file": upload("photo.png", PNG, "image/png")})
    assert Notification.objects.get(recipient=order.a.user).body == "photo.png"
    image = Message.objects.get(file_name="photo.png")
    page = Client()
    page.force_login(order.a.user)
    inline = page.get(f"/messages/{image.pk}/file/")
    assert inline.status_code == 200 and inline["Content-Type"] == "image/png"
    assert inline["Content-Disposition"].startswith("inline;")
    content_of(inline)


def test_a_message_without_a_file_has_no_download(order: Thread) -> None:
    message = post(order.a.user, order.url, {"body": "Just text"}).json()
    assert client_for(order.b.user).get(f"/api/v1/messages/{message['id']}/file/").status_code == 404


# --- idempotency -----------------------------------------------------------------------------------


def test_a_replayed_post_creates_one_message(order: Thread) -> None:
    headers = {"HTTP_IDEMPOTENCY_KEY": "msg-7f1c"}
    first = post(order.a.user, order.url, {"body": "Once"}, **headers)
    again = post(order.a.user, order.url, {"body": "Once"}, **headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Message.objects.count() == 1
    assert Notification.objects.count() == 1

    changed = post(order.a.user, order.url, {"body": "Twice"}, **headers)
    assert changed.status_code == 422
    assert error(changed)["code"] == "idempotency_key_reused"
    assert Message.objects.count() == 1


def test_a_refused_post_does_not_burn_its_key(order: Thread) -> None:
    headers = {"HTTP_IDEMPOTENCY_KEY": "msg-empty"}
    assert post(order.a.user, order.url, {"body": ""}, **headers).status_code == 400
    # A different body with the same key runs: the refused request kept nothing, its key included
    assert post(order.a.user, order.url, {"body": "Now with text"}, **headers).status_code == 201


# --- list ------------------------------------------------------------------------------------------


def test_the_list_is_paginated_without_a_query_per_message(
    order: Thread, media: Path, django_assert_max_num_queries: Any
) -> None:
    for n in range(25):
        side = order.a if n % 2 else order.b
        service.message_post(actor=side.user, thread=order.obj, body=f"message {n}")
    service.message_post(actor=order.a.user, thread=order.obj, file=upload("a.pdf", PDF))
    api = client_for(order.a.user)
    with django_assert_max_num_queries(8):
        first = api.get(order.url).json()
    assert first["count"] == 26
    assert [m["body"] for m in first["results"][:2]] == ["message 0", "message 1"]
    last = api.get(order.url, {"page": 2}).json()
    assert last["results"][-1]["file"]["name"] == "a.pdf"


# --- pages -----------------------------------------------------------------------------------------


def page_client(user: User) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def flashed(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_page_post_sends_and_returns_to_the_page(order: Thread, media: Path) -> None:
    browser = page_client(order.b.user)
    back = f"/orders/{order.obj.pk}/#thread"
    response = browser.post(
        f"/threads/order/{order.obj.pk}/messages/",
        {"body": "Your order ships Monday.", "file": upload("packing list.pdf", PDF), "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    assert flashed(response) == ["Message sent."]
    message = Message.objects.get()
    assert (message.body, message.file_name, message.sender) == (
        "Your order ships Monday.",
        "packing list.pdf",
        order.b.user,
    )
    assert Notification.objects.get().recipient == order.a.user
    # A `next` off the site is ignored
    response = browser.post(
        f"/threads/order/{order.obj.pk}/messages/", {"body": "Again", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == service.thread_link(order.obj)


def test_a_page_post_with_a_bad_file_shows_the_error(order: Thread, media: Path) -> None:
    browser = page_client(order.a.user)
    response = browser.post(
        f"/threads/order/{order.obj.pk}/messages/", {"body": "See file", "file": upload("x.pdf", HTML)}
    )
    assert response.status_code == 302
    [text] = flashed(response)
    assert text.startswith("File: Only PDF, PNG, JPEG, WebP files are accepted")
    assert not Message.objects.exists() and stored_files(media) == []
    response = browser.post(f"/threads/order/{order.obj.pk}/messages/", {"body": " "})
    assert flashed(response)[-1] == "Message: Write a message or attach a file."


def test_staff_posting_from_a_page_is_refused(order: Thread, staff: User) -> None:
    response = page_client(staff).post(f"/threads/order/{order.obj.pk}/messages/", {"body": "Hi"})
    assert response.status_code == 302
    assert flashed(response) == ["Platform staff can read conversations but do not take part in them."]
    assert not Message.objects.exists()


def render_thread(user: User, thread: Any) -> str:
    request = RequestFactory().get("/orders/1/")
    request.user = user
    return render_to_string("orders/includes/thread.html", thread_context(request, thread), request=request)


def test_the_thread_include_shows_messages_escaped_and_the_form_to_parties(
    order: Thread, staff: User, media: Path
) -> None:
    service.message_post(actor=order.a.user, thread=order.obj, body="<script>x()</script>\nline two")
    service.message_post(actor=order.b.user, thread=order.obj, file=upload("drawing.pdf", PDF))
    file_message = Message.objects.get(file_name="drawing.pdf")

    html = render_thread(order.a.user, order.obj)
    assert "&lt;script&gt;x()&lt;/script&gt;<br>line two" in html and "<script>" not in html
    assert order.b.enterprise.display_name in html
    assert f'href="/messages/{file_message.pk}/file/"' in html and "drawing.pdf" in html
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert f'action="/threads/order/{order.obj.pk}/messages/"' in html
    assert 'name="body"' in html and 'type="file"' in html

    staff_html = render_thread(staff, order.obj)
    assert "line two" in staff_html and 'name="body"' not in staff_html


def test_the_thread_include_invites_the_first_message(order: Thread) -> None:
    html = render_thread(order.a.user, order.obj)
    assert "No message yet." in html and 'name="body"' in html
    outsider = MembershipFactory(enterprise=EnterpriseFactory())
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert thread_context(request, order.obj)["thread_can_post"] is False
    request.user = outsider.user
    assert thread_context(request, order.obj)["thread_can_post"] is False
