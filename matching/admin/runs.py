"""The record of full rematches in the Django admin, read-only, with a button that starts one."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import User
from matching.models import MatchRun
from platform_site.errors import ApplicationError


def _render_run_errors(run: MatchRun) -> SafeString:
    if not run.errors:
        return format_html("{}", "—")
    return format_html("<pre>{}</pre>", "\n".join(str(error) for error in run.errors))


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin[MatchRun]):
    """Full rematches: read-only records, and a button that starts one."""

    list_display = [
        "__str__",
        "status",
        "trigger",
        "started_by",
        "started_at",
        "duration",
        "chunks",
        "listings",
        "matches_written",
        "matches_staled",
        "error_count",
    ]
    list_filter = ["status", "trigger"]
    list_select_related = ["started_by"]
    exclude = ["errors"]  # Shown as a list by `errors_list`.

    def get_readonly_fields(self, request: HttpRequest, obj: MatchRun | None = None) -> list[str]:
        return [field.name for field in MatchRun._meta.fields if field.name != "errors"] + [
            "duration",
            "errors_list",
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # A run is started with the button, the schedule or `manage.py rematch`.

    def has_delete_permission(self, request: HttpRequest, obj: MatchRun | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MatchRun | None = None) -> bool:
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("duration"))
    def duration(self, run: MatchRun) -> str:
        seconds = run.duration_seconds
        return "—" if seconds is None else f"{seconds:.1f} s"

    @admin.display(description=_("chunks"))
    def chunks(self, run: MatchRun) -> str:
        return f"{run.chunks_done} / {run.chunks_total}"

    @admin.display(description=_("listings"))
    def listings(self, run: MatchRun) -> str:
        return f"{run.listings_done} / {run.listings_total}"

    @admin.display(description=_("errors"))
    def error_count(self, run: MatchRun) -> int:
        return len(run.errors or [])

    @admin.display(description=_("errors"))
    def errors_list(self, run: MatchRun) -> SafeString:
        return _render_run_errors(run)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "start/",
                self.admin_site.admin_view(require_POST(self.start_view)),
                name="matching_matchrun_start",
            )
        ]
        return own + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {"can_start": self.has_change_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def start_view(self, request: HttpRequest) -> HttpResponse:
        """Start a full rematch of the catalogue in the workers."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        # Imported here: the run service is written alongside this admin and loads the engine.
        from matching.services.matching import rematch_start

        assert isinstance(request.user, User)  # noqa: S101 - behind admin_view
        try:
            run = rematch_start(trigger=MatchRun.Trigger.ADMIN, actor=request.user)
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.WARNING)
        else:
            self.message_user(
                request,
                gettext("Rematch %(id)s started; refresh to follow it.") % {"id": run.pk},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:matching_matchrun_changelist"))
