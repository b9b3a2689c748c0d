"""Django admin of orders, requests for quotes, quotes, licence and talent requests and their messages.

Read-only for platform staff: the two enterprises create these and move them on through
`orders.services` (which lock the row, check the party, write the event and tell the other side), so an
edit here would skip all of that. Staff list, filter, search and follow the trail; nothing here adds,
edits, deletes or changes a status.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.taxonomy import Segment
from orders.models import (
    LicenceRequest,
    LicenceRequestEvent,
    Message,
    Order,
    OrderEvent,
    Quote,
    QuoteAttachment,
    QuoteEvent,
    QuoteRequest,
)
from platform_site.formats import money, number

EVENT_FIELDS = ("created_at", "action", "actor", "from_status", "to_status", "note")
MESSAGE_FIELDS = ("created_at", "sender_enterprise", "sender", "body", "file_cell")


# --- shared pieces ---------------------------------------------------------------------------------


def _file_link(message: Message) -> SafeString | str:
    """The message's file through the thread's download view (which checks the reader), or '—'."""
    if not message.file:
        return "—"
    return format_html(
        '<a href="{}">{}</a>', reverse("orders:message_file", args=[message.pk]), message.file_name
    )


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    """Rows shown and never added, changed or deleted."""

    extra = 0
    can_delete = False
    select_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # One query for the rows and the people and enterprises they show, not one per row.
        return super().get_queryset(request).select_related(*self.select_related)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MessageInline(ReadOnlyInline):
    """The conversation of an order, a quote or a licence request, oldest first."""

    model = Message
    fields = readonly_fields = MESSAGE_FIELDS
    select_related = ("sender_enterprise", "sender")

    @admin.display(description=_("file"))
    def file_cell(self, message: Message) -> SafeString | str:
        return _file_link(message)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Every field read-only; no add, no delete, no change (a POST to the change page is refused)."""

    # Extra read-only columns of the detail page (methods), beside the model's own fields.
    extra_readonly: tuple[str, ...] = ()
    # Related rows loaded with the object of the detail page.
    detail_select_related: tuple[str, ...] = ()
    list_per_page = 50

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields] + list(self.extra_readonly)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        # As Django's, with the related rows the page shows loaded in the same query.
        queryset = self.get_queryset(request).select_related(*self.detail_select_related)
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Members create these through the pages and the API.

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # Statuses change only through the services, by the parties.

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # The record of business between two enterprises is kept.


class ListingSegmentFilter(admin.SimpleListFilter):
    """The industry segment of the listing the row is about (`listing_path` says how to reach it)."""

    title = _("listing segment")
    parameter_name = "segment"
    listing_path = "listing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(Segment.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value in Segment.values:
            return queryset.filter(**{f"{self.listing_path}__segment": value})
        return queryset


class QuoteSegmentFilter(ListingSegmentFilter):
    listing_path = "request__listing"


def _names(path: str) -> list[str]:
    """Search fields for an enterprise's Chinese and English names."""
    return [f"{path}__name_zh", f"{path}__name_en"]


# --- orders ----------------------------------------------------------------------------------------


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = readonly_fields = EVENT_FIELDS
    select_related = ("actor",)


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "listing_title",
        "buyer",
        "seller",
        "quantity_cell",
        "total_cell",
        "status",
        "created_at",
    ]
    list_filter = ["status", ListingSegmentFilter, "created_at"]
    # `id__exact` is skipped for a term that is not a number, so a name search keeps its index use.
    search_fields = ["id__exact", "listing__title", *_names("buyer"), *_names("seller")]
    date_hierarchy = "created_at"
    list_select_related = ["listing", "buyer", "seller"]
    detail_select_related = (
        "listing",
        "buyer",
        "seller",
        "placed_by",
        "quote",
        "delivery_region__parent",
        "cancel_requested_by",
    )
    inlines = [OrderEventInline, MessageInline]
    fieldsets = (
        (None, {"fields": (("listing", "status"), ("buyer", "seller"), "placed_by", ("match", "quote"))}),
        (
            _("Terms"),
            {
                "fields": (
                    ("quantity", "unit"),
                    ("unit_price", "total"),
                    ("delivery_region", "delivery_address"),
                    "requested_delivery_date",
                    "note",
                )
            },
        ),
        (
            _("Progress"),
            {
                "fields": (
                    ("created_at", "updated_at"),
                    ("accepted_at", "shipped_at"),
                    ("delivered_at", "completed_at"),
                    "closed_at",
                    "reject_reason",
                    ("cancel_requested_by", "cancel_requested_at"),
                    "cancel_reason",
                )
            },
        ),
    )

    def view_on_site(self, order: Order) -> str:
        return reverse("orders:order_detail", args=[order.pk])

    @admin.display(description=_("listing"), ordering="listing__title")
    def listing_title(self, order: Order) -> str:
        return order.listing.title

    @admin.display(description=_("quantity"), ordering="quantity")
    def quantity_cell(self, order: Order) -> str:
        return f"{number(order.quantity)} {order.unit}".strip()

    @admin.display(description=_("total (CNY)"), ordering="total")
    def total_cell(self, order: Order) -> str:
        return money(order.total)


# --- requests for quotes and quotes ----------------------------------------------------------------


class QuoteInline(ReadOnlyInline):
    model = Quote
    fields = readonly_fields = (
        "supplier",
        "unit_price",
        "quantity",
        "total",
        "lead_time_days",
        "valid_until",
        "status",
        "created_at",
    )
    select_related = ("supplier",)
    show_change_link = True


class RequestEventInline(ReadOnlyInline):
    """The whole trail of a request for quotes: its own steps and those of its quotes."""

    model = QuoteEvent
    fk_name = "request"
    fields = readonly_fields = ("created_at", "quote", "action", "actor", "from_status", "to_status", "note")
    select_related = ("actor", "quote")


class QuoteEventInline(ReadOnlyInline):
    model = QuoteEvent
    fk_name = "quote"
    fields = readonly_fields = EVENT_FIELDS
    select_related = ("actor",)


class QuoteAttachmentInline(ReadOnlyInline):
    model = QuoteAttachment
    fields = readonly_fields = ("file_cell", "content_type", "size", "uploaded_by", "created_at")
    select_related = ("uploaded_by",)

    @admin.display(description=_("file"))
    def file_cell(self, attachment: QuoteAttachment) -> SafeString:
        url = reverse("orders:quote_attachment", args=[attachment.quote_id, attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


@admin.register(QuoteRequest)
class QuoteRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "listing_title",
        "buyer",
        "deadline",
        "quotes_cell",
        "max_quotes",
        "status",
        "created_at",
    ]
    list_filter = ["status", ListingSegmentFilter, "deadline", "created_at"]
    search_fields = ["id__exact", "listing__title", *_names("buyer")]
    list_select_related = ["listing", "buyer"]
    detail_select_related = ("listing", "buyer", "opened_by")
    inlines = [QuoteInline, RequestEventInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[QuoteRequest]:
        # The number of quotes in the same query as the rows.
        queryset: QuerySet[QuoteRequest] = super().get_queryset(request)
        return queryset.annotate(quote_count=Count("quotes"))

    def view_on_site(self, quote_request: QuoteRequest) -> str:
        return reverse("orders:rfq_detail", args=[quote_request.pk])

    @admin.display(description=_("demand listing"), ordering="listing__title")
    def listing_title(self, quote_request: QuoteRequest) -> str:
        return quote_request.listing.title

    @admin.display(description=_("quotes"), ordering="quote_count")
    def quotes_cell(self, quote_request: Any) -> int:
        return int(quote_request.quote_count)


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "listing_title",
        "supplier",
        "unit_price_cell",
        "total_cell",
        "lead_time_days",
        "status",
        "created_at",
    ]
    list_filter = ["status", QuoteSegmentFilter, "created_at"]
    search_fields = ["id__exact", "request__listing__title", *_names("supplier"), *_names("request__buyer")]
    list_select_related = ["request__listing", "supplier"]
    detail_select_related = ("request__listing", "supplier", "submitted_by")
    inlines = [QuoteAttachmentInline, QuoteEventInline, MessageInline]

    def view_on_site(self, quote: Quote) -> str:
        return reverse("orders:quote_detail", args=[quote.pk])

    @admin.display(description=_("demand listing"), ordering="request__listing__title")
    def listing_title(self, quote: Quote) -> str:
        return quote.request.listing.title

    @admin.display(description=_("unit price (CNY)"), ordering="unit_price")
    def unit_price_cell(self, quote: Quote) -> str:
        return money(quote.unit_price)

    @admin.display(description=_("total (CNY)"), ordering="total")
    def total_cell(self, quote: Quote) -> str:
        return money(quote.total)


# --- licence and talent requests -------------------------------------------------------------------


class LicenceRequestEventInline(ReadOnlyInline):
    model = LicenceRequestEvent
    fields = readonly_fields = EVENT_FIELDS
    select_related = ("actor",)


@admin.register(LicenceRequest)
class LicenceRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "kind",
        "listing_title",
        "requester",
        "holder",
        "mode_cell",
        "fee_cell",
        "status",
        "created_at",
    ]
    list_filter = ["kind", "status", "created_at"]
    search_fields = ["id__exact", "listing__title", *_names("requester"), *_names("holder")]
    list_select_related = ["listing", "requester", "holder"]
    detail_select_related = ("listing", "requester", "holder", "requested_by", "decided_by")
    extra_readonly = ("mode_cell",)
    inlines = [LicenceRequestEventInline, MessageInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("kind", "status"),
                    "listing",
                    ("requester", "holder"),
                    ("requested_by", "match"),
                )
            },
        ),
        (
            _("Proposal"),
            {
                "fields": (
                    ("mode_cell", "proposed_fee"),
                    ("field_of_use", "term_months"),
                    ("headcount", "start_date"),
                    "message",
                )
            },
        ),
        (
            _("Decision"),
            {
                "fields": (
                    ("decided_by", "decided_at"),
                    "decline_reason",
                    ("agreed_fee", "agreed_term_months"),
                    "agreed_field_of_use",
                    "agreed_terms",
                    ("created_at", "updated_at"),
                )
            },
        ),
    )

    def view_on_site(self, licence_request: LicenceRequest) -> str:
        return reverse("orders:licence_detail", args=[licence_request.pk])

    @admin.display(description=_("listing"), ordering="listing__title")
    def listing_title(self, licence_request: LicenceRequest) -> str:
        return licence_request.listing.title

    @admin.display(description=_("mode"), ordering="mode")
    def mode_cell(self, licence_request: LicenceRequest) -> str:
        modes = LicenceRequest.MODES.get(licence_request.kind)  # type: ignore[call-overload]
        labels = dict(modes.choices) if modes is not None else {}
        return str(labels.get(licence_request.mode, licence_request.mode))

    @admin.display(description=_("proposed fee (CNY)"), ordering="proposed_fee")
    def fee_cell(self, licence_request: LicenceRequest) -> str:
        return "—" if licence_request.proposed_fee is None else money(licence_request.proposed_fee)


# --- messages --------------------------------------------------------------------------------------

ORDER, QUOTE, LICENCE = "order", "quote", "licence_request"
THREADS: dict[str, Any] = {
    ORDER: _("Order"),
    QUOTE: _("Quote"),
    LICENCE: _("Licence or talent request"),
}


class ThreadFilter(admin.SimpleListFilter):
    """Which kind of conversation a message belongs to."""

    title = _("thread")
    parameter_name = "thread"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(THREADS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Message]) -> QuerySet[Message]:
        value = self.value()
        if value in THREADS:
            return queryset.filter(**{f"{value}__isnull": False})
        return queryset


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "thread_cell", "sender_enterprise", "created_at", "excerpt", "file_name"]
    list_filter = [ThreadFilter, "created_at"]
    search_fields = ["body", "file_name", *_names("sender_enterprise")]
    list_select_related = ["sender_enterprise"]
    detail_select_related = ("sender_enterprise", "sender")
    date_hierarchy = "created_at"
    extra_readonly = ("thread_cell", "file_cell")
    fields = [
        "thread_cell",
        "created_at",
        ("sender_enterprise", "sender"),
        "body",
        "file_cell",
        ("file_content_type", "file_size"),
    ]

    @admin.display(description=_("thread"))
    def thread_cell(self, message: Message) -> SafeString:
        """'Order #12', linked to the thread's own admin page; built from the ids, so no query."""
        for kind, model in ((ORDER, "order"), (QUOTE, "quote"), (LICENCE, "licencerequest")):
            pk = getattr(message, f"{kind}_id")
            if pk is not None:
                url = reverse(f"admin:orders_{model}_change", args=[pk])
                return format_html('<a href="{}">{} #{}</a>', url, THREADS[kind], pk)
        return format_html("{}", "—")

    @admin.display(description=_("message"))
    def excerpt(self, message: Message) -> str:
        return Truncator(message.body).chars(80) or gettext("(file only)")

    @admin.display(description=_("file"))
    def file_cell(self, message: Message) -> SafeString | str:
        return _file_link(message)
