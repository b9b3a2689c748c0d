"""Django admin of information release: where the office writes and publishes announcements, policies
and news, and runs its events.

Announcements and events are written here, but every save goes through `information.services` (staff
only, the rules, rich text sanitised before it is stored), so the admin and the API keep the same rules.
Registrations and meeting requests belong to the enterprises: staff follow them read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from information.models import Announcement, AnnouncementAttachment, Event, EventRegistration, MeetingRequest
from information.selectors import live_q
from information.services import events as event_services
from information.services import news as services
from orders.admin import ReadOnlyAdmin, ReadOnlyInline
from platform_site.admin_actions import apply_each
from platform_site.errors import ApplicationError

MARKUP_HELP = _(
    "HTML: paragraphs, line breaks, bold, italics, underline, lists, headings (h2-h4), quotes, links "
    "(http, https, mailto) and tables. Anything else (scripts, styles, frames, images) is removed when saved."
)


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - the admin lets only signed-in staff in
    return request.user


def _field_errors(form: forms.BaseForm, errors: dict[str, list[str]]) -> None:
    """Add a service's errors to the form, each under its field when the form has it."""
    for name, messages in errors.items():
        if name in form.errors:
            continue  # The field's own check already said what is wrong with it.
        form.add_error(name if name in form.fields else None, messages)


# --- announcements, policies and news --------------------------------------------------------------


class AnnouncementForm(forms.ModelForm[Announcement]):
    """The fields staff write, checked by the service's rules; the bodies come back sanitised."""

    class Meta:
        model = Announcement
        fields = list(services.EDITABLE)
        help_texts = {"body_zh": MARKUP_HELP, "body_en": MARKUP_HELP}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service's rules, with messages that name the field; the model's check constraints say
        # the same in generic words, so they are left to the database.
        self._validate_constraints = False
        fields, errors = services.clean_fields(cleaned)
        _field_errors(self, errors)
        cleaned.update({name: fields[name] for name in services.HTML_FIELDS if name in fields})
        return cleaned


class AttachmentForm(forms.ModelForm[AnnouncementAttachment]):
    """A new file, checked by content (PDF or image) before the announcement is saved."""

    upload = forms.FileField(label=_("file"), required=False, help_text=_("PDF, PNG, JPEG or WebP."))

    class Meta:
        model = AnnouncementAttachment
        fields: list[str] = []

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            _types, problems = services.check_attachments([(upload, upload.name)], field="upload")
            if problems:
                raise ValidationError(problems)
        return upload


class AttachmentInline(admin.TabularInline[AnnouncementAttachment, Announcement]):
    """Files are added (checked) and removed; a stored file is never replaced in place."""

    model = AnnouncementAttachment
    form = AttachmentForm
    extra = 1
    max_num = services.ATTACHMENT_MAX_COUNT
    fields = ("upload", "download", "content_type", "size", "created_at")
    readonly_fields = ("download", "content_type", "size", "created_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # Existing rows are shown read-only; new rows take an upload.

    @admin.display(description=_("download"))
    def download(self, attachment: AnnouncementAttachment) -> SafeString | str:
        if attachment.pk is None:
            return "—"
        url = reverse("information:news_attachment", args=[attachment.announcement_id, attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


class StateFilter(admin.SimpleListFilter):
    """Live (the public sees it), scheduled, draft or withdrawn, at the time of the request."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("live", _("Live")),
            ("scheduled", _("Scheduled")),
            ("draft", _("Draft")),
            ("withdrawn", _("Withdrawn")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Announcement]) -> QuerySet[Announcement]:
        now = timezone.now()
        conditions = {
            "live": live_q(now),
            "scheduled": Q(publish_at__gt=now),
            "draft": Q(publish_at__isnull=True),
            "withdrawn": Q(publish_at__lte=now, unpublish_at__lte=now),
        }
        value = self.value()
        return queryset.filter(conditions[value]) if value in conditions else queryset


def state_label(announcement: Announcement) -> str:
    now = timezone.now()
    if announcement.publish_at is None:
        return gettext("Draft")
    if announcement.publish_at > now:
        return gettext("Scheduled")
    return gettext("Live") if announcement.is_live(now) else gettext("Withdrawn")


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin[Announcement]):
    form = AnnouncementForm
    list_display = ["title_zh", "category", "state_cell", "publish_at", "unpublish_at", "files", "author"]
    list_filter = ["category", StateFilter, "publish_at"]
    search_fields = ["title_zh", "title_en", "summary_zh", "summary_en"]
    date_hierarchy = "publish_at"
    list_select_related = ["author"]
    readonly_fields = ["author", "created_at", "updated_at"]
    inlines = [AttachmentInline]
    actions = ["publish_now", "unpublish_now"]
    fieldsets = (
        (None, {"fields": ("category", ("title_zh", "title_en"), ("summary_zh", "summary_en"))}),
        (_("Text"), {"fields": ("body_zh", "body_en")}),
        (
            _("Publication"),
            {
                "fields": (("publish_at", "unpublish_at"), ("author", "created_at", "updated_at")),
                "description": _(
                    "Empty publish time: a draft. A future one: scheduled. The public sees the item from "
                    "its publish time until its unpublish time (if any)."
                ),
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Announcement]:
        return super().get_queryset(request).annotate(file_count=Count("attachments"))

    def view_on_site(self, announcement: Announcement) -> str:
        return reverse("information:news_detail", args=[announcement.pk])

    @admin.display(description=_("state"))
    def state_cell(self, announcement: Announcement) -> str:
        return state_label(announcement)

    @admin.display(description=_("attachments"), ordering="file_count")
    def files(self, announcement: Any) -> int:
        return int(announcement.file_count)

    def save_model(self, request: HttpRequest, obj: Announcement, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE if name in form.cleaned_data}
        if change:
            saved = services.announcement_update(announcement=obj, actor=_actor(request), **fields)
        else:
            saved = services.announcement_create(actor=_actor(request), **fields)
        # The admin goes on with `obj` (the inlines' parent, the messages, the redirect): make it the row
        # the service saved.
        obj.__dict__.update(saved.__dict__)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Attachments through the service (checked by content, stored under generated names)."""
        if formset.model is not AnnouncementAttachment:
            super().save_formset(request, form, formset, change)
            return
        actor = _actor(request)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            if row in formset.deleted_forms:
                if row.instance.pk is not None:
                    services.announcement_attachment_delete(attachment=row.instance, actor=actor)
                    formset.deleted_objects.append(row.instance)
            elif row.instance.pk is None and row.cleaned_data.get("upload") is not None:
                upload = row.cleaned_data["upload"]
                formset.new_objects.append(
                    services.announcement_attach(
                        announcement=form.instance, actor=actor, file=upload, name=upload.name
                    )
                )

    def delete_model(self, request: HttpRequest, obj: Announcement) -> None:
        for attachment in obj.attachments.all():
            services.announcement_attachment_delete(attachment=attachment, actor=_actor(request))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Announcement]) -> None:
        for attachment in AnnouncementAttachment.objects.filter(announcement__in=queryset):
            services.announcement_attachment_delete(attachment=attachment, actor=_actor(request))
        super().delete_queryset(request, queryset)

    @admin.action(description=_("Publish selected items now"))
    def publish_now(self, request: HttpRequest, queryset: QuerySet[Announcement]) -> None:
        actor = _actor(request)
        apply_each(
            self,
            request,
            queryset,
            lambda item: services.announcement_publish(announcement=item, actor=actor),
            lambda n: ngettext("%(n)d item published.", "%(n)d items published.", n) % {"n": n},
        )

    @admin.action(description=_("Withdraw selected items now"))
    def unpublish_now(self, request: HttpRequest, queryset: QuerySet[Announcement]) -> None:
        actor = _actor(request)
        apply_each(
            self,
            request,
            queryset,
            lambda item: services.announcement_unpublish(announcement=item, actor=actor),
            lambda n: ngettext("%(n)d item withdrawn.", "%(n)d items withdrawn.", n) % {"n": n},
        )


# --- events ----------------------------------------------------------------------------------------


class _DryRun(Exception):
    """Rolls back a service call made only to learn whether the service would refuse it."""


def refusal(call: Callable[[], object]) -> ValidationError | None:
    """What the service says to `call`, found out in a transaction that is always rolled back (so the
    form shows the service's own messages under the fields before anything is saved)."""
    try:
        with transaction.atomic():
            call()
            raise _DryRun
    except _DryRun:
        return None
    except ValidationError as exc:
        return exc
    except ApplicationError as exc:
        return ValidationError(exc.message)


class EventForm(forms.ModelForm[Event]):
    """An event's details, checked by `information.services.events` (rich text sanitised on save)."""

    actor: User | None = None  # set by the admin for the request

    class Meta:
        model = Event
        fields = list(event_services.EDITABLE_FIELDS)
        help_texts = {name: MARKUP_HELP for name in event_services.RICH_FIELDS}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._validate_constraints = False  # The service's checks say the same, under the fields.
        if self.errors or self.actor is None:
            return cleaned
        fields = {name: cleaned.get(name) for name in event_services.EDITABLE_FIELDS if name in self.fields}
        actor, event = self.actor, self.instance
        if event.pk is None:
            error = refusal(lambda: event_services.event_create(actor=actor, **fields))
        else:  # The service re-reads the row under its lock: the form's changes to `instance` do not count.
            error = refusal(lambda: event_services.event_update(event=event, actor=actor, **fields))
        if error is not None:
            _field_errors(self, error.message_dict if hasattr(error, "error_dict") else {"": error.messages})
        return cleaned


class RegistrationInline(ReadOnlyInline):
    model = EventRegistration
    fields = readonly_fields = (
        "enterprise",
        "status",
        "attendees",
        "registered_by",
        "created_at",
        "cancelled_at",
    )
    select_related = ("enterprise", "registered_by")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    form = EventForm
    list_display = ["title_zh", "starts_at", "place_cell", "registered_cell", "capacity", "published_at"]
    list_filter = ["starts_at", "published_at"]
    search_fields = ["title_zh", "title_en", "place"]
    date_hierarchy = "starts_at"
    readonly_fields = ["published_at", "organiser", "created_at", "updated_at"]
    inlines = [RegistrationInline]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = (
        (None, {"fields": (("title_zh", "title_en"), ("starts_at", "ends_at"), ("place", "online_url"))}),
        (_("Registration"), {"fields": (("capacity", "registration_closes_at"),)}),
        (
            _("Description and agenda"),
            {"fields": ("description_zh", "description_en", "agenda_zh", "agenda_en")},
        ),
        (_("Publication"), {"fields": (("published_at", "organiser"), ("created_at", "updated_at"))}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        registered = Count(
            "registrations", filter=Q(registrations__status=EventRegistration.Status.REGISTERED)
        )
        return super().get_queryset(request).annotate(registered_count=registered)

    def get_form(
        self, request: HttpRequest, obj: Event | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        # A class made for this request (modelform_factory), so the actor does not leak to another.
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.actor = _actor(request)
        return form

    def view_on_site(self, event: Event) -> str:
        return reverse("information:event_detail", args=[event.pk])

    @admin.display(description=_("place"))
    def place_cell(self, event: Event) -> str:
        return event.place or gettext("Online")

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered_cell(self, event: Any) -> int:
        return int(event.registered_count)

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        fields = {
            name: form.cleaned_data[name]
            for name in event_services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            saved = event_services.event_update(event=obj, actor=_actor(request), **fields)
        else:
            saved = event_services.event_create(actor=_actor(request), **fields)
        obj.__dict__.update(saved.__dict__)  # The admin goes on with `obj`: make it the saved row.

    def has_delete_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False  # Registrations and meetings hang on it: unpublish instead.

    @admin.action(description=_("Publish selected events"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        actor = _actor(request)
        apply_each(
            self,
            request,
            queryset,
            lambda event: event_services.event_publish(event=event, actor=actor),
            lambda n: ngettext("%(n)d event published.", "%(n)d events published.", n) % {"n": n},
        )

    @admin.action(description=_("Unpublish selected events"))
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        actor = _actor(request)
        apply_each(
            self,
            request,
            queryset,
            lambda event: event_services.event_unpublish(event=event, actor=actor),
            lambda n: ngettext("%(n)d event unpublished.", "%(n)d events unpublished.", n) % {"n": n},
        )


@admin.register(EventRegistration)
class EventRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["event", "enterprise", "status", "attendees", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["event__title_zh", "enterprise__name_zh", "enterprise__name_en"]
    list_select_related = ["event", "enterprise"]
    detail_select_related = ("event", "enterprise", "registered_by")


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["event", "requester", "invitee", "proposed_slot", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = [
        "event__title_zh",
        "requester__name_zh",
        "requester__name_en",
        "invitee__name_zh",
        "invitee__name_en",
    ]
    list_select_related = ["event", "requester", "invitee"]
    detail_select_related = (
        "event",
        "requester",
        "invitee",
        "requested_by",
        "decided_by",
        "listing",
        "match",
    )
