"""The conversation on the pages of an order, a quote or a licence/talent request.

A detail page adds `thread_context(request, thread)` to its context and includes
`orders/includes/thread.html`; the form there posts to `thread_post`, which redirects back to the page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.services import membership_of
from orders.services import messages as service
from platform_site.errors import ApplicationError


class MessageForm(forms.Form):
    """A message: text, a file, or both; the service checks the file's content and size."""

    body = forms.CharField(
        label=gettext_lazy("Message"),
        required=False,
        strip=False,  # the service strips, so the page and the API count the same characters
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": service.BODY_MAX_LENGTH}),
    )
    file = forms.FileField(
        label=gettext_lazy("Attach an image or a PDF"),
        required=False,
        allow_empty_file=True,  # the service reports an empty file in its own words
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,application/pdf"}),
        help_text=gettext_lazy("PNG, JPEG, WebP or PDF."),
    )


FIELD_LABELS = {"body": gettext_lazy("Message"), "file": gettext_lazy("File")}


def _error_text(error: ValidationError) -> str:
    """A field error as one sentence for a message: 'File: The file is empty.'."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for field, texts in error.message_dict.items():
        label = FIELD_LABELS.get(field)
        parts.append(f"{label}: {' '.join(texts)}" if label else " ".join(texts))
    return " ".join(parts)


def _back(request: HttpRequest, thread: service.Thread) -> str:
    """The `next` the form carried when it is a page of this site, else the thread's page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return service.thread_link(thread) or reverse("accounts:dashboard")


def thread_context(request: HttpRequest, thread: service.Thread) -> dict[str, Any]:
    """What `orders/includes/thread.html` needs: the messages, and the form for a party."""
    membership = membership_of(request.user)
    mine = membership.enterprise_id if membership else None
    return {
        "thread_messages": list(service.messages_of(thread)),
        "thread_enterprise_id": mine,
        "thread_can_post": mine is not None and mine in service.thread_parties(thread),
        "thread_form": MessageForm(),
        "thread_post_url": reverse("orders:thread_post", args=[service.thread_kind(thread), thread.pk]),
        "thread_next": request.get_full_path() + "#thread",
    }


def render_thread(request: HttpRequest, thread: service.Thread) -> str:
    """The conversation of an order, quote or request, as the detail pages embed it."""
    return render_to_string("orders/includes/thread.html", thread_context(request, thread), request=request)


@login_required
@require_POST
def thread_post(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Post a message from a thread's page; a refusal or a bad file comes back as an error message."""
    if kind not in service.PAGE_KINDS:
        kind = ""  # a 404 from thread_for, like a thread of someone else
    thread = service.thread_for(request.user, kind, pk)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(_back(request, thread))
    upload = form.cleaned_data["file"]
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required lets only signed-in users through
    try:
        service.message_post(
            actor=user,
            thread=thread,
            body=form.cleaned_data["body"],
            file=upload,
            file_name=upload.name if upload else "",
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Message sent."))
    return redirect(_back(request, thread))


@login_required
@require_GET
def message_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file of a message, for the thread's parties and staff; anyone else gets 404."""
    return service.message_file_response(service.message_for(request.user, pk))
