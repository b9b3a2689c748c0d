"""Django admin of financing applications and their conversations.

Read-only for platform staff, like the orders admin: applicants and institutions create applications and
move them on through `financing.services` (which lock the row, check the side, write the event and tell
the other side), so an edit here would skip all of that. Staff list, filter, search and follow the trail;
the documents and message files open through the pages' download views, which check the reader.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from financing.models import ApplicationDocument, ApplicationEvent, ApplicationMessage, FinancingApplication
from orders.admin import EVENT_FIELDS, ReadOnlyAdmin, ReadOnlyInline
from platform_site.formats import money


def _names(path: str) -> list[str]:
    """Search fields for an enterprise's Chinese and English names."""
    return [f"{path}__name_zh", f"{path}__name_en"]


def _message_file(message: ApplicationMessage) -> SafeString | str:
    if not message.file:
        return "—"
    url = reverse("financing:application_message_file", args=[message.application_id, message.pk])
    return format_html('<a href="{}">{}</a>', url, message.file_name)


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = readonly_fields = EVENT_FIELDS
    select_related = ("actor",)


class ApplicationDocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = readonly_fields = ("kind", "file_cell", "content_type", "size", "uploaded_by", "created_at")
    select_related = ("uploaded_by",)

    @admin.display(description=_("file"))
    def file_cell(self, document: ApplicationDocument) -> SafeString:
        url = reverse("financing:application_document", args=[document.application_id, document.pk])
        return format_html('<a href="{}">{}</a>', url, document.original_name)


class ApplicationMessageInline(ReadOnlyInline):
    """The conversation, oldest first."""

    model = ApplicationMessage
    fields = readonly_fields = ("created_at", "sender_enterprise", "sender", "body", "file_cell")
    select_related = ("sender_enterprise", "sender")

    @admin.display(description=_("file"))
    def file_cell(self, message: ApplicationMessage) -> SafeString | str:
        return _message_file(message)


@admin.register(FinancingApplication)
class FinancingApplicationAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "kind",
        "applicant",
        "institution",
        "offer_title",
        "amount_cell",
        "term_months",
        "status",
        "created_at",
    ]
    list_filter = ["status", "kind", "created_at"]
    # `id__exact` is skipped for a term that is not a number, so a name search keeps its index use.
    search_fields = ["id__exact", "offer__title", "purpose", *_names("applicant"), *_names("institution")]
    date_hierarchy = "created_at"
    list_select_related = ["applicant", "institution", "offer"]
    detail_select_related = (
        "applicant",
        "institution",
        "offer",
        "order",
        "submitted_by",
        "decided_by",
        "match",
    )
    inlines = [ApplicationDocumentInline, ApplicationEventInline, ApplicationMessageInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("kind", "status"),
                    ("applicant", "institution"),
                    ("offer", "order"),
                    ("submitted_by", "match"),
                )
            },
        ),
        (_("Request"), {"fields": (("amount", "term_months"), "purpose", "consent_at")}),
        (_("Information requested"), {"fields": ("info_request", ("info_requested_at", "info_answered_at"))}),
        (
            _("Decision"),
            {
                "fields": (
                    ("decided_by", "decided_at"),
                    ("approved_amount", "approved_rate", "approved_term_months"),
                    "conditions",
                    "decline_reason",
                    ("disbursed_amount", "disbursed_at"),
                    ("created_at", "updated_at"),
                )
            },
        ),
    )

    def view_on_site(self, application: FinancingApplication) -> str:
        return reverse("financing:application_detail", args=[application.pk])

    @admin.display(description=_("offer"), ordering="offer__title")
    def offer_title(self, application: FinancingApplication) -> str:
        return application.offer.title if application.offer is not None else "—"

    @admin.display(description=_("amount (CNY)"), ordering="amount")
    def amount_cell(self, application: FinancingApplication) -> str:
        return money(application.amount)


@admin.register(ApplicationMessage)
class ApplicationMessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "application_cell", "sender_enterprise", "created_at", "excerpt", "file_name"]
    list_filter = ["created_at"]
    search_fields = ["body", "file_name", *_names("sender_enterprise")]
    list_select_related = ["sender_enterprise"]
    detail_select_related = ("sender_enterprise", "sender")
    date_hierarchy = "created_at"
    extra_readonly = ("application_cell", "file_cell")
    fields = [
        "application_cell",
        "created_at",
        ("sender_enterprise", "sender"),
        "body",
        "file_cell",
        ("file_content_type", "file_size"),
    ]

    @admin.display(description=_("financing application"))
    def application_cell(self, message: ApplicationMessage) -> SafeString:
        url = reverse("admin:financing_financingapplication_change", args=[message.application_id])
        return format_html('<a href="{}">#{}</a>', url, message.application_id)

    @admin.display(description=_("message"))
    def excerpt(self, message: ApplicationMessage) -> str:
        return Truncator(message.body).chars(80) or gettext("(file only)")

    @admin.display(description=_("file"))
    def file_cell(self, message: ApplicationMessage) -> SafeString | str:
        return _message_file(message)
