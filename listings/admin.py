"""Django admin for listings: platform admins review listings here (approve, or reject with a reason).

Listings are created and edited by their enterprises through `listings.services` (which keep the
province, the search tokens and the audit trail right), so the admin shows a listing read-only and
changes its status only through the review actions, which call the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from listings import services
from listings.models import Listing, ListingAttachment, ListingCertification, ListingEvent, SavedSearch
from platform_site.admin_actions import apply_each, reason_or_page


class ReadOnlyInline(admin.TabularInline[Any, Listing]):
    """An inline that shows rows and changes none of them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CertificationInline(ReadOnlyInline):
    model = ListingCertification
    fields = readonly_fields = ("standard", "mandatory")


class AttachmentInline(ReadOnlyInline):
    model = ListingAttachment
    fields = readonly_fields = (
        "original_name",
        "file_kind",
        "content_type",
        "size",
        "confidential",
        "created_at",
    )


class EventInline(ReadOnlyInline):
    model = ListingEvent
    fields = readonly_fields = ("created_at", "action", "actor", "from_status", "to_status", "note")


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin[Listing]):
    list_display = [
        "title",
        "enterprise",
        "side",
        "kind",
        "segment",
        "status",
        "submitted_at",
        "published_at",
    ]
    list_filter = ["status", "side", "kind", "segment", ("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "enterprise__name_zh", "enterprise__name_en"]
    date_hierarchy = "created_at"
    list_select_related = ["enterprise"]
    inlines = [CertificationInline, AttachmentInline, EventInline]
    actions = ["approve_selected", "reject_selected"]
    fieldsets = (
        (
            None,
            {"fields": ("title", "enterprise", "side", "kind", "segment", "category", "region", "language")},
        ),
        (_("Description"), {"fields": ("description",)}),
        (
            _("Terms"),
            {
                "fields": (
                    ("quantity", "unit", "min_order_quantity"),
                    ("price_min", "price_max", "price_negotiable"),
                    ("lead_time_days", "deadline", "valid_until"),
                )
            },
        ),
        (
            _("Technology, talent, funding"),
            {
                "classes": ("collapse",),
                "fields": (
                    ("tech_trl", "tech_transfer_mode", "tech_field"),
                    "tech_patents",
                    ("talent_headcount", "talent_experience_years", "talent_work_region"),
                    ("talent_skills", "talent_salary_min", "talent_salary_max"),
                    ("funding_amount", "funding_term_months", "funding_instrument"),
                ),
            },
        ),
        (
            _("Review"),
            {
                "fields": (
                    "status",
                    ("submitted_at", "published_at", "closed_at"),
                    ("reviewed_by", "reviewed_at"),
                    "review_note",
                    ("created_by", "created_at", "updated_at"),
                )
            },
        ),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Listing | None = None) -> list[str]:
        # Everything: an edit here would skip the service (search tokens, province, audit trail).
        return [field.name for field in Listing._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Enterprises publish through the pages, the API or an import.

    def has_change_permission(self, request: HttpRequest, obj: Listing | None = None) -> bool:
        # The change list (and so its review actions) needs the permission; a single listing is shown
        # read-only, so that its status never changes except through the review actions.
        return obj is None and super().has_change_permission(request)

    def get_ordering(self, request: HttpRequest) -> tuple[str, ...]:
        # The review queue is worked oldest submission first, like selectors.listing_review_queue.
        if request.GET.get("status__exact") == Listing.Status.PENDING_REVIEW:
            return ("submitted_at", "id")
        return ("-created_at", "-id")

    @admin.action(description=_("Approve and publish selected listings"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda listing: services.listing_approve(listing=listing, actor=request.user),  # type: ignore[arg-type]
            lambda n: ngettext("%(n)d listing published.", "%(n)d listings published.", n) % {"n": n},
        )

    @admin.action(description=_("Reject selected listings (with a reason)"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Listing]) -> HttpResponse | None:
        reason = reason_or_page(
            self, request, queryset, title=_("Reject listings"), template="admin/listings/listing/reject.html"
        )
        if isinstance(reason, HttpResponse):
            return reason
        apply_each(
            self,
            request,
            queryset,
            lambda listing: services.listing_reject(listing=listing, actor=request.user, reason=reason),  # type: ignore[arg-type]
            lambda n: ngettext("%(n)d listing rejected.", "%(n)d listings rejected.", n) % {"n": n},
        )
        return None


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin[SavedSearch]):
    """Members' saved searches, for support: readable, deletable, not editable."""

    list_display = ["name", "user", "query", "notify", "created_at"]
    list_filter = ["notify"]
    search_fields = ["name", "query", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "query", "filters", "created_at", "updated_at"]
    fields = ["user", "name", "query", "filters", "notify", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # A saved search is validated against the catalogue's filters by its service.
