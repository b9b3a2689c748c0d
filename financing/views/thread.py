"""The conversation on an application's page: `render_thread` embeds it, `thread_post` takes a message
from its form and goes back to the page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.services import membership_of
from accounts.views import AuthenticatedRequest
from financing import selectors
from financing.models import FinancingApplication
from financing.services import messages as conversation
from orders.views.messages import MessageForm
from platform_site.errors import ApplicationError


def thread_context(request: HttpRequest, application: FinancingApplication) -> dict[str, Any]:
    """What `financing/includes/thread.html` needs: the messages, and the form for a party."""
    membership = membership_of(request.user)
    mine = membership.enterprise_id if membership else None
    return {
        "app": application,
        "thread_messages": list(selectors.application_messages(application)),
        "thread_enterprise_id": mine,
        "thread_can_post": mine in (application.applicant_id, application.institution_id),
        "thread_form": MessageForm(),
        "thread_post_url": reverse("financing:application_message_post", args=[application.pk]),
    }


def render_thread(request: HttpRequest, application: FinancingApplication) -> str:
    return render_to_string(
        "financing/includes/thread.html", thread_context(request, application), request=request
    )


@login_required
def thread_post(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Post a message from the application's page; a refusal or a bad file comes back as a message."""
    application = selectors.application_for(request.user, pk)
    back = reverse("financing:application_detail", args=[application.pk]) + "#thread"
    if request.method != "POST":
        return redirect(back)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    upload = form.cleaned_data["file"]
    try:
        conversation.message_post(
            actor=request.user,
            application=application,
            body=form.cleaned_data["body"],
            file=upload,
            file_name=upload.name if upload else "",
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Message sent."))
    return redirect(back)
