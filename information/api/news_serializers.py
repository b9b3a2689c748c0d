"""API serializers of announcements, policies and news: an item as readers see it (the list without the
bodies, the detail with them and the attachments), and the staff's create and update bodies.

There is no status field: an item's state is its publish and unpublish times, which staff set when they
write it (scheduling) or move to now with the `publish` and `unpublish` actions.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.validators import MinValueValidator
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from information.models import Announcement, AnnouncementAttachment
from information.selectors import in_language


class AnnouncementAttachmentSerializer(serializers.ModelSerializer[AnnouncementAttachment]):
    """A file of an item, downloaded from `url`."""

    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField(help_text="Where to download it.")

    class Meta:
        model = AnnouncementAttachment
        fields = ["id", "name", "content_type", "size", "url", "created_at"]
        read_only_fields = fields

    def get_url(self, attachment: AnnouncementAttachment) -> str:
        return reverse("information:news_attachment", args=[attachment.announcement_id, attachment.pk])


class AnnouncementSerializer(serializers.ModelSerializer[Announcement]):
    """An item in a list: both languages' titles and summaries, and `title`/`summary` in the request's
    language (Chinese where the English is missing)."""

    category_display = serializers.CharField(source="get_category_display", read_only=True)
    title = serializers.SerializerMethodField(help_text="The title in the request's language.")
    summary = serializers.SerializerMethodField(help_text="The summary in the request's language.")
    live = serializers.SerializerMethodField(help_text="Whether the public sees it now.")
    url = serializers.SerializerMethodField(help_text="Its page.")

    class Meta:
        model = Announcement
        fields = [
            "id",
            "url",
            "category",
            "category_display",
            "title",
            "summary",
            "title_zh",
            "title_en",
            "summary_zh",
            "summary_en",
            "publish_at",
            "unpublish_at",
            "live",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_title(self, announcement: Announcement) -> str:
        return in_language(announcement, "title")

    def get_summary(self, announcement: Announcement) -> str:
        return in_language(announcement, "summary")

    def get_live(self, announcement: Announcement) -> bool:
        return announcement.is_live(timezone.now())

    def get_url(self, announcement: Announcement) -> str:
        return reverse("information:news_detail", args=[announcement.pk])


class AnnouncementDetailSerializer(AnnouncementSerializer):
    """One item with its bodies (sanitised HTML: p, br, strong, em, lists, h2-h4, blockquote, links,
    tables) and its attachments."""

    body = serializers.SerializerMethodField(help_text="The body in the request's language (HTML).")
    attachments = AnnouncementAttachmentSerializer(many=True, read_only=True)

    class Meta(AnnouncementSerializer.Meta):
        fields = [*AnnouncementSerializer.Meta.fields, "body", "body_zh", "body_en", "attachments"]
        read_only_fields = fields

    def get_body(self, announcement: Announcement) -> str:
        return in_language(announcement, "body")


# A sensible floor for publication times: before 1901 the time zone's offset has seconds (local mean
# time), which no RFC 3339 date-time can carry, so the item could not even be answered correctly.
NOT_BEFORE_2000 = MinValueValidator(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))


class AnnouncementWriteSerializer(serializers.Serializer[Any]):
    """What staff write. Bodies are HTML and are sanitised when stored: anything but text markup
    (scripts, styles, frames, event handlers, `javascript:` links) is removed. Without `publish_at` the
    item is a draft; with a future one it is scheduled."""

    category = serializers.ChoiceField(choices=Announcement.Category.choices)
    title_zh = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    summary_zh = serializers.CharField(max_length=400, required=False, allow_blank=True, default="")
    summary_en = serializers.CharField(max_length=400, required=False, allow_blank=True, default="")
    body_zh = serializers.CharField(trim_whitespace=False)
    body_en = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    publish_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, validators=[NOT_BEFORE_2000]
    )
    unpublish_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, validators=[NOT_BEFORE_2000]
    )


class AnnouncementUploadSerializer(AnnouncementWriteSerializer):
    """An item as multipart/form-data, with its files: repeat `attachments` (each a PDF or an image)."""

    attachments = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False),
        required=False,
        default=list,
        help_text="The files, checked by content (PDF, PNG, JPEG, WebP).",
    )


class AnnouncementAttachmentUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=True, use_url=False, help_text="A PDF or an image.")
