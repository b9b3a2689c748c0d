"""Django admin for listings: platform admins review listings here (approve, or reject with a reason).

Listings are created and edited by their enterprises through `listings.services` (which keep the
province, the search tokens and the audit trail right), so the admin shows a listing read-only and
changes its status only through the review actions, which call the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from listings import services
from listings.models import Listing, ListingAttachment, ListingCertification, ListingEvent, SavedSearch
from platform_site.errors import ApplicationError


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


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


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
        done = 0
        for listing in queryset:
            try:
                services.listing_approve(listing=listing, actor=request.user)  # type: ignore[arg-type]
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"{listing}: {exc.message}", messages.WARNING)
        if done:
            self.message_user(
                request,
                ngettext("%(n)d listing published.", "%(n)d listings published.", done) % {"n": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Reject selected listings (with a reason)"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Listing]) -> HttpResponse | None:
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Reject listings"),
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return render(request, "admin/listings/listing/reject.html", context)
        done = 0
        for listing in queryset:
            try:
                services.listing_reject(
                    listing=listing,
                    actor=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                )
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"{listing}: {exc.message}", messages.WARNING)
            except ValidationError as exc:
                self.message_user(request, f"{listing}: {' '.join(exc.messages)}", messages.WARNING)
        if done:
            self.message_user(
                request,
                ngettext("%(n)d listing rejected.", "%(n)d listings rejected.", done) % {"n": done},
                messages.SUCCESS,
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
