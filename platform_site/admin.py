"""Admin of the platform's own records: tasks waiting in the outbox for the broker."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from platform_site.models import OutboxTask


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin[OutboxTask]):
    """Read only: rows here are tasks the broker could not take yet; the relay sends and removes them."""

    list_display = ("task", "args", "created_at", "attempts", "last_error")
    list_filter = ("task",)
    readonly_fields = ("task", "args", "created_at", "attempts", "last_error")
    ordering = ("id",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
