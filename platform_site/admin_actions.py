"""Admin actions that apply a review service to each selected object, shared by every reviewed model.

The service decides; a refusal of one object is reported beside it and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from platform_site.errors import ApplicationError


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


def apply_each(
    model_admin: admin.ModelAdmin[Any],
    request: HttpRequest,
    queryset: QuerySet[Any],
    service: Callable[[Any], object],
    done: Callable[[int], str],
) -> None:
    """Call `service` for each object, report each refusal, then how many succeeded."""
    count = 0
    for obj in queryset:
        try:
            service(obj)
            count += 1
        except ApplicationError as exc:
            model_admin.message_user(request, f"{obj}: {exc.message}", messages.WARNING)
        except ValidationError as exc:
            model_admin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.WARNING)
    if count:
        model_admin.message_user(request, done(count), messages.SUCCESS)


def reason_or_page(
    model_admin: admin.ModelAdmin[Any],
    request: HttpRequest,
    queryset: QuerySet[Model],
    *,
    title: str | Promise,
    template: str,
) -> str | HttpResponse:
    """The reason posted with the action, or the intermediate page that asks for it."""
    form = ReasonForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        reason: str = form.cleaned_data["reason"]
        return reason
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "opts": model_admin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return render(request, template, context)
