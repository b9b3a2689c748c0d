"""The pages of announcements, policies and news: the list with a tab per category, one item with its
attachments, and an attachment's download. Anyone reads the live items; staff also open drafts,
scheduled and withdrawn items (a preview, marked as such) and publish through the Django admin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from information.models import Announcement, AnnouncementAttachment
from information.selectors import (
    announcement_counts,
    announcements_live,
    announcements_visible_to,
    in_language,
)
from platform_site.uploads import file_response

PAGE_SIZE = 10
Category = Announcement.Category


@dataclass(frozen=True)
class NewsItem:
    """An item as the list shows it, in the request's language (Chinese where the English is missing)."""

    announcement: Announcement
    title: str
    summary: str


def news(request: HttpRequest) -> HttpResponse:
    """Live items, newest first, all of them or one category's."""
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    page = Paginator(announcements_live(category=category or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = announcement_counts()
    tabs: list[tuple[str, Any, int]] = [("", _("All"), sum(counts.values()))]
    tabs += [(code, label, counts[code]) for code, label in Category.choices]
    context: dict[str, Any] = {
        "category": category,
        "tabs": tabs,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "items": [
            NewsItem(announcement=a, title=in_language(a, "title"), summary=in_language(a, "summary"))
            for a in page.object_list
        ],
    }
    return render(request, "information/news/list.html", context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One item with its attachments; a draft or withdrawn item is a 404 for anyone but staff."""
    announcement = get_object_or_404(
        announcements_visible_to(request.user).select_related("author").prefetch_related("attachments"), pk=pk
    )
    english = (get_language() or "").startswith("en")
    context: dict[str, Any] = {
        "announcement": announcement,
        "title": in_language(announcement, "title"),
        "summary": in_language(announcement, "summary"),
        # Stored sanitised (`information.services.news` cleans every body with `clean_html`).
        "body": in_language(announcement, "body"),
        "chinese_only": english and not announcement.body_en,
        "attachments": list(announcement.attachments.all()),
        "state": state_of(announcement),
    }
    return render(request, "information/news/detail.html", context)


def state_of(announcement: Announcement) -> str:
    """draft (no publish time), scheduled, live or withdrawn."""
    now = timezone.now()
    if announcement.publish_at is None:
        return "draft"
    if announcement.publish_at > now:
        return "scheduled"
    return "live" if announcement.is_live(now) else "withdrawn"


def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attachment with its checked type: images inline, PDFs as downloads."""
    announcement = get_object_or_404(announcements_visible_to(request.user), pk=pk)
    file: AnnouncementAttachment = get_object_or_404(announcement.attachments, pk=attachment_id)
    try:
        stored = file.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return file_response(
        stored,
        content_type=file.content_type,
        filename=file.original_name,
        inline=file.content_type.startswith("image/"),
    )
