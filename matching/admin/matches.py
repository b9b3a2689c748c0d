"""The review queue of proposed matches in the Django admin.

The queue opens on the pending, current matches, best first, each with its reasons in the admin's
language. Admins approve or reject one by one (from the change page) or in bulk (actions, and "approve
all pending above a score" within the current filters). Every decision goes through
`matching.services.review`; nothing here sets a status. Matches are written by the engine, so the admin
shows them read-only and never adds or deletes them.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.taxonomy import Segment
from listings.choices import Kind
from listings.models import Listing
from matching import selectors
from matching.admin.filters import (
    AgeBandFilter,
    KindFilter,
    ProvinceFilter,
    ReviewFilter,
    ScoreBandFilter,
    SegmentFilter,
)
from matching.models import Match, MatchEvent
from matching.reasons import match_reasons, reasons_line
from matching.services import review
from platform_site.admin_actions import apply_each, reason_or_page
from platform_site.errors import ApplicationError

APPROVE_ABOVE_THRESHOLDS = (0.9, 0.85, 0.8, 0.7)


def _age(delta: datetime.timedelta | None) -> str:
    """'3 days, 4 hours' (the admin's language), or '' for no age."""
    if delta is None:
        return ""
    return timesince(timezone.now() - delta)


class ApproveAboveForm(forms.Form):
    min_score = forms.FloatField(
        label=_("Lowest score"),
        min_value=0.0,
        max_value=1.0,
        initial=0.85,
        widget=forms.NumberInput({"step": "0.01"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(required=False, max_length=2000)


class EventInline(admin.TabularInline[MatchEvent, Match]):
    model = MatchEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("created_at", "action", "actor", "from_status", "to_status", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _listing_cell(listing: Listing) -> SafeString:
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a><br><small>{}</small>',
        reverse("listings:detail", args=[listing.pk]),
        listing.title,
        listing.enterprise.display_name,
    )


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin[Match]):
    list_display = [
        "score_cell",
        "supply_cell",
        "demand_cell",
        "segment_cell",
        "kind_cell",
        "region_cell",
        "age_cell",
        "status_cell",
        "reasons_cell",
    ]
    list_display_links = ["score_cell"]
    list_filter = [
        ReviewFilter,
        "stale",
        SegmentFilter,
        KindFilter,
        ProvinceFilter,
        ScoreBandFilter,
        AgeBandFilter,
    ]
    search_fields = [
        "supply__title",
        "demand__title",
        "supply__enterprise__name_zh",
        "demand__enterprise__name_zh",
    ]
    list_per_page = 50
    actions = ["approve_selected", "reject_selected"]
    inlines = [EventInline]
    fieldsets = (
        (
            None,
            {"fields": ("supply_cell", "demand_cell", ("score", "algorithm_version"), ("status", "stale"))},
        ),
        (_("Why they match"), {"fields": ("breakdown_table",)}),
        (_("Review"), {"fields": (("reviewed_by", "reviewed_at"), "review_note")}),
        (
            _("Funnel"),
            {"fields": (("contacted_at", "quoted_at", "ordered_at"), ("created_at", "updated_at"))},
        ),
    )

    # --- the queue ---------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Match]:
        return selectors.match_queryset()

    def get_ordering(self, request: HttpRequest) -> tuple[str, ...]:
        return ("-score", "id")  # The queue is worked best first.

    def get_readonly_fields(self, request: HttpRequest, obj: Match | None = None) -> list[str]:
        # Everything: a decision goes through the review service (event, notifications, checks).
        return [field.name for field in Match._meta.fields] + [
            "supply_cell",
            "demand_cell",
            "breakdown_table",
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # The engine proposes matches.

    def has_delete_permission(self, request: HttpRequest, obj: Match | None = None) -> bool:
        return False  # A decision is kept for the record; a deleted proposal would come back with a rematch.

    def has_change_permission(self, request: HttpRequest, obj: Match | None = None) -> bool:
        # The change list (and so the review actions) needs the permission; one match is shown read-only.
        return obj is None and super().has_change_permission(request)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        age, target = selectors.oldest_pending_age(), selectors.review_target()
        context = {
            "title": _("Review matches"),
            "oldest_pending_age": _age(age),
            "oldest_pending_overdue": age is not None and age > target,
            "review_target": _age(target),
            "pending_count": selectors.match_review_queue().count(),
            "approve_above_url": reverse("admin:matching_match_approve_above"),
        }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    # --- columns -----------------------------------------------------------------------------------

    @admin.display(description=_("score"), ordering="score")
    def score_cell(self, match: Match) -> str:
        return f"{match.score:.2f}"

    @admin.display(description=_("supply"))
    def supply_cell(self, match: Match) -> SafeString:
        return _listing_cell(match.supply)

    @admin.display(description=_("demand"))
    def demand_cell(self, match: Match) -> SafeString:
        return _listing_cell(match.demand)

    @admin.display(description=_("segment"))
    def segment_cell(self, match: Match) -> str:
        return str(Segment(match.demand.segment).label)

    @admin.display(description=_("kind"))
    def kind_cell(self, match: Match) -> str:
        return str(Kind(match.demand.kind).label)

    @admin.display(description=_("region"))
    def region_cell(self, match: Match) -> str:
        return f"{match.supply.region.display_name} → {match.demand.region.display_name}"

    @admin.display(description=_("age"), ordering="created_at")
    def age_cell(self, match: Match) -> str:
        return timesince(match.created_at)

    @admin.display(description=_("status"), ordering="status")
    def status_cell(self, match: Match) -> str:
        label = str(match.get_status_display())
        return f"{label} · {gettext('stale')}" if match.stale else label

    @admin.display(description=_("reasons"))
    def reasons_cell(self, match: Match) -> str:
        return reasons_line(match)

    @admin.display(description=_("breakdown"))
    def breakdown_table(self, match: Match) -> SafeString:
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (r.label, f"{r.value:.2f}", f"{r.weight:.2f}", r.reason, r.miss_label)
                for r in match_reasons(match)
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            gettext("Feature"),
            gettext("Value"),
            gettext("Weight"),
            gettext("Reason"),
            gettext("Missed"),
            rows,
        )

    # --- actions -----------------------------------------------------------------------------------

    def _actor(self, request: HttpRequest) -> User:
        assert isinstance(request.user, User)  # noqa: S101 - the admin lets only signed-in staff in
        return request.user

    @admin.action(description=_("Approve selected matches"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Match]) -> None:
        actor = self._actor(request)
        apply_each(
            self,
            request,
            queryset,
            lambda match: review.match_approve(match=match, actor=actor),
            lambda n: ngettext("%(n)d match approved.", "%(n)d matches approved.", n) % {"n": n},
        )

    @admin.action(description=_("Reject selected matches (with a note)"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Match]) -> HttpResponse | None:
        note = reason_or_page(
            self, request, queryset, title=_("Reject matches"), template="admin/matching/match/reject.html"
        )
        if isinstance(note, HttpResponse):
            return note
        actor = self._actor(request)
        apply_each(
            self,
            request,
            queryset,
            lambda match: review.match_reject(match=match, actor=actor, note=note),
            lambda n: ngettext("%(n)d match rejected.", "%(n)d matches rejected.", n) % {"n": n},
        )
        return None

    # --- views: approve above a score, review one match ----------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "approve-above/",
                self.admin_site.admin_view(self.approve_above_view),
                name="matching_match_approve_above",
            ),
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(require_POST(self.review_view)),
                name="matching_match_review",
            ),
        ]
        return own + super().get_urls()

    def _changelist_url(self, filters: str = "") -> str:
        url = reverse("admin:matching_match_changelist")
        return f"{url}?{filters}" if filters else url

    def _filtered(self, request: HttpRequest, filters: str) -> QuerySet[Match]:
        """The change list's queryset under its filters (the query string it was shown with)."""
        listing_request = copy.copy(request)
        listing_request.GET = QueryDict(filters)
        listing_request.method = "GET"
        try:
            changelist = self.get_changelist_instance(listing_request)
        except IncorrectLookupParameters:
            return selectors.match_review_queue()
        return changelist.get_queryset(listing_request)

    def approve_above_view(self, request: HttpRequest) -> HttpResponse:
        """Approve every pending match scoring at least a given score, within the change list's filters."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        filters = request.POST.get("_changelist_filters") or request.GET.get("_changelist_filters", "")
        queryset = self._filtered(request, filters)
        form = ApproveAboveForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                count = review.matches_approve_above(
                    actor=self._actor(request),
                    min_score=form.cleaned_data["min_score"],
                    queryset=queryset,
                    note=form.cleaned_data["note"],
                )
            except (ApplicationError, ValidationError) as exc:
                text = exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)
                self.message_user(request, text, messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext("%(n)d match approved.", "%(n)d matches approved.", count) % {"n": count},
                    messages.SUCCESS if count else messages.WARNING,
                )
                return HttpResponseRedirect(self._changelist_url(filters))
        approvable = queryset.filter(review.APPROVABLE).order_by()
        counts = approvable.aggregate(
            **{f"t{i}": Count("pk", filter=Q(score__gte=t)) for i, t in enumerate(APPROVE_ABOVE_THRESHOLDS)}
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Approve all pending matches above a score"),
            "opts": self.model._meta,
            "form": form,
            "filters": filters,
            "changelist_url": self._changelist_url(filters),
            "thresholds": [(t, counts[f"t{i}"]) for i, t in enumerate(APPROVE_ABOVE_THRESHOLDS)],
        }
        return TemplateResponse(request, "admin/matching/match/approve_above.html", context)

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Approve or reject one match from its change page."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        match = get_object_or_404(Match, pk=object_id)
        form = ReviewForm(request.POST)
        change_url = reverse("admin:matching_match_change", args=[match.pk])
        if not form.is_valid():
            self.message_user(request, gettext("Choose approve or reject."), messages.ERROR)
            return HttpResponseRedirect(change_url)
        actor, note = self._actor(request), form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "approve":
                review.match_approve(match=match, actor=actor, note=note)
                self.message_user(
                    request, gettext("The match is approved; both enterprises are told."), messages.SUCCESS
                )
            else:
                review.match_reject(match=match, actor=actor, note=note)
                self.message_user(request, gettext("The match is rejected."), messages.SUCCESS)
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        return HttpResponseRedirect(change_url)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        match = Match.objects.filter(pk=object_id).only("status", "stale").first()
        context = {
            "can_review": match is not None
            and match.status == Match.Status.PROPOSED
            and self.has_change_permission(request),
            "match_is_stale": match is not None and match.stale,
        }
        return super().change_view(request, object_id, form_url, {**context, **(extra_context or {})})
