"""The conversation of an order, a quote or a licence/talent request: a thread of messages between the
two enterprises, each message with at most one file, and a notification to the other side.

Only the two parties read and write a thread; staff read every thread but do not take part in it.
Anyone else is told the thread does not exist (404), so ids reveal nothing.
"""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts.models import Enterprise, User
from accounts.notifications import notify
from accounts.services import membership_of
from orders import notices
from orders.models import LicenceRequest, Message, Order, Quote
from orders.services.common import acting_enterprise, people_of
from platform_site.errors import NotPermitted
from platform_site.uploads import check_upload, file_response, generated_name

Thread = Order | Quote | LicenceRequest

BODY_MAX_LENGTH = 5000
EXCERPT_LENGTH = 200

# Thread kinds as pages and the API name them. "licence" on a page is any licence or talent request;
# the API keeps "licence-requests" and "talent-requests" apart, as its viewsets do.
ORDER, QUOTE, LICENCE, TALENT = "order", "quote", "licence", "talent"
KINDS = frozenset({ORDER, QUOTE, LICENCE, TALENT})
PAGE_KINDS = frozenset({ORDER, QUOTE, LICENCE})


# ---------------------------------------------------------------------------------------------------
# What a thread is about


def thread_parties(thread: Thread) -> tuple[int, int]:
    """The enterprise ids of the two sides: (buyer, seller), (buyer, supplier) or (requester, holder)."""
    if isinstance(thread, Order):
        return thread.buyer_id, thread.seller_id
    if isinstance(thread, Quote):
        return thread.request.buyer_id, thread.supplier_id
    if isinstance(thread, LicenceRequest):
        return thread.requester_id, thread.holder_id
    raise TypeError(f"not a thread: {thread!r}")


def thread_kind(thread: Thread) -> str:
    """The page kind of a thread (order, quote, licence), as `thread_post` takes it."""
    if isinstance(thread, Order):
        return ORDER
    if isinstance(thread, Quote):
        return QUOTE
    return LICENCE


def thread_subject(thread: Thread) -> str:
    """What the thread is about, for a notification: the listing's title."""
    if isinstance(thread, Quote):
        return str(thread.request.listing.title)
    return str(thread.listing.title)


def thread_link(thread: Thread) -> str:
    """The page that shows the thread, or "" while that page does not exist."""
    name = {ORDER: "orders:order_detail", QUOTE: "orders:quote_detail", LICENCE: "orders:licence_detail"}
    try:
        return reverse(name[thread_kind(thread)], args=[thread.pk]) + "#thread"
    except NoReverseMatch:
        return ""


def _thread_field(thread: Thread) -> dict[str, Thread]:
    """The Message field that points at the thread."""
    if isinstance(thread, Order):
        return {"order": thread}
    if isinstance(thread, Quote):
        return {"quote": thread}
    return {"licence_request": thread}


def _started_by(thread: Thread, enterprise_id: int) -> User | None:
    """The member who opened the business on one side: they hear of messages besides the managers."""
    if isinstance(thread, Order):
        return thread.placed_by if enterprise_id == thread.buyer_id else None
    if isinstance(thread, Quote):
        return thread.submitted_by if enterprise_id == thread.supplier_id else thread.request.opened_by
    return thread.requested_by if enterprise_id == thread.requester_id else thread.decided_by


# ---------------------------------------------------------------------------------------------------
# Reads


def messages_of(thread: Thread) -> QuerySet[Message]:
    """The thread's messages, oldest first, with their senders."""
    return (
        Message.objects.filter(**_thread_field(thread))
        .select_related("sender", "sender_enterprise")
        .order_by("created_at", "id")
    )


def _threads(kind: str) -> QuerySet[Any]:
    if kind == ORDER:
        return Order.objects.select_related("listing", "buyer", "seller", "placed_by")
    if kind == QUOTE:
        return Quote.objects.select_related(
            "request", "request__listing", "request__buyer", "request__opened_by", "supplier", "submitted_by"
        )
    requests = LicenceRequest.objects.select_related(
        "listing", "requester", "holder", "requested_by", "decided_by"
    )
    if kind == TALENT:
        return requests.filter(kind=LicenceRequest.Kind.ENGAGEMENT)
    return requests


def _party_filter(kind: str, enterprise_id: int) -> Q:
    if kind == ORDER:
        return Q(buyer_id=enterprise_id) | Q(seller_id=enterprise_id)
    if kind == QUOTE:
        return Q(request__buyer_id=enterprise_id) | Q(supplier_id=enterprise_id)
    return Q(requester_id=enterprise_id) | Q(holder_id=enterprise_id)


def thread_for(user: Any, kind: str, pk: int) -> Thread:
    """The order, quote or request `pk` if the user's enterprise is a party (or the user is staff);
    anything else, an unknown kind included, is a 404."""
    if kind not in KINDS:
        raise Http404
    threads = _threads(kind)
    if not getattr(user, "is_staff", False):
        membership = membership_of(user)
        if membership is None:
            raise Http404
        threads = threads.filter(_party_filter(kind, membership.enterprise_id))
    thread: Thread | None = threads.filter(pk=pk).first()
    if thread is None:
        raise Http404
    return thread


def message_for(user: Any, pk: int) -> Message:
    """A message whose thread the user may read; anyone else gets 404."""
    message = Message.objects.filter(pk=pk).first()
    if message is None:
        raise Http404
    if message.order_id is not None:
        thread_for(user, ORDER, message.order_id)
    elif message.quote_id is not None:
        thread_for(user, QUOTE, message.quote_id)
    else:
        assert message.licence_request_id is not None  # noqa: S101 - the thread constraint says so
        thread_for(user, LICENCE, message.licence_request_id)
    return message


def message_file_response(message: Message | Any) -> FileResponse:
    """The file of a message (of any conversation: orders' or financing's) with its checked type: images
    inline, PDFs as downloads; 404 without one."""
    if not message.file:
        raise Http404
    return file_response(
        message.file.open("rb"),
        content_type=message.file_content_type,
        filename=message.file_name,
        inline=message.file_content_type.startswith("image/"),
    )


# ---------------------------------------------------------------------------------------------------
# Writing


def _sender(actor: User, thread: Thread) -> Enterprise:
    if actor.is_staff and membership_of(actor) is None:
        raise NotPermitted(_("Platform staff can read conversations but do not take part in them."))
    return acting_enterprise(
        actor, *thread_parties(thread), message=_("Only the two parties can write in this conversation.")
    )


def message_post(
    *, actor: User, thread: Thread, body: str = "", file: IO[bytes] | None = None, file_name: str = ""
) -> Message:
    """Add a message (text, a file, or both) to a thread and notify the other side after commit.

    The file is checked by content (images and PDF) and stored under a generated name; if the message
    cannot be written, the stored file is deleted again.
    """
    enterprise = _sender(actor, thread)  # Before the file: a stranger learns nothing from the checks.
    body = (body or "").strip()
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            {"body": [_("A message has at most %(n)d characters.") % {"n": BODY_MAX_LENGTH}]}
        )
    if not body and file is None:
        raise ValidationError({"body": [_("Write a message or attach a file.")]})
    file_type = None
    if file is not None:
        file_type = check_upload(file, max_bytes=settings.ORDER_FILE_MAX_BYTES, field="file")
        file_name = (file_name or getattr(file, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
        file_name = file_name[-200:] or "file"

    stored = ""
    try:
        with transaction.atomic():
            fields: dict[str, Any] = {}
            if file is not None and file_type is not None:
                stored = default_storage.save(generated_name("messages", file_type), File(file))
                fields = {
                    "file": stored,
                    "file_name": file_name,
                    "file_content_type": file_type.content_type,
                    "file_size": default_storage.size(stored),
                }
            message = Message.objects.create(
                **_thread_field(thread), sender=actor, sender_enterprise=enterprise, body=body, **fields
            )
            buyer_side, seller_side = thread_parties(thread)
            other = seller_side if enterprise.pk == buyer_side else buyer_side
            notify(
                recipients=people_of(other, _started_by(thread, other)),
                notice=notices.MESSAGE_RECEIVED,
                link=thread_link(thread),
                sender=enterprise.display_name,
                subject=thread_subject(thread),
                excerpt=body[:EXCERPT_LENGTH] if body else file_name,
            )
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return message
