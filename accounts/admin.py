"""Django admin for accounts: platform admins verify and reject enterprises here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import (
    Certification,
    Enterprise,
    EnterpriseEvent,
    EnterpriseSegment,
    Invitation,
    Membership,
    Notification,
    Region,
    User,
)
from platform_site.admin_actions import apply_each, reason_or_page


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


class SegmentInline(admin.TabularInline[EnterpriseSegment, Enterprise]):
    model = EnterpriseSegment
    extra = 0


class CertificationInline(admin.TabularInline[Certification, Enterprise]):
    model = Certification
    extra = 0


class MembershipInline(admin.TabularInline[Membership, Enterprise]):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class EventInline(admin.TabularInline[EnterpriseEvent, Enterprise]):
    model = EnterpriseEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("created_at", "action", "actor", "from_status", "to_status", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin[Enterprise]):
    list_display = ["name_zh", "credit_code", "theme", "region", "status", "created_at"]
    list_filter = ["status", "theme", "segment_links__segment", "created_at"]
    search_fields = ["name_zh", "name_en", "credit_code"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "review_note", "created_at", "updated_at"]
    autocomplete_fields = ["region"]
    inlines = [SegmentInline, CertificationInline, MembershipInline, EventInline]
    actions = ["verify_selected", "reject_selected"]
    list_select_related = ["region"]

    @admin.action(description=_("Verify selected enterprises"))
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Enterprise]) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda enterprise: services.enterprise_verify(enterprise=enterprise, actor=request.user),  # type: ignore[arg-type]
            lambda n: _("%(n)d enterprise(s) verified.") % {"n": n},
        )

    @admin.action(description=_("Reject selected enterprises (with a reason)"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Enterprise]) -> HttpResponse | None:
        reason = reason_or_page(
            self,
            request,
            queryset,
            title=_("Reject enterprises"),
            template="admin/accounts/enterprise/reject.html",
        )
        if isinstance(reason, HttpResponse):
            return reason
        apply_each(
            self,
            request,
            queryset,
            lambda enterprise: services.enterprise_reject(
                enterprise=enterprise,
                actor=request.user,  # type: ignore[arg-type]
                reason=reason,
            ),
            lambda n: _("%(n)d enterprise(s) rejected.") % {"n": n},
        )
        return None


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name_zh", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "enterprise", "role", "status", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "enterprise__name_zh"]
    readonly_fields = ["token_hash", "status", "accepted_by", "accepted_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__email"]
