"""The Atom feed of announcements, policies and news (`/information/feed/`): the live items, newest first,
titled and summarised in the request's language (Chinese where the English is missing), so that
enterprises and portals can follow the office without visiting the site."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from information.models import Announcement
from information.selectors import announcements_live, in_language

FEED_SIZE = 30
SUMMARY_WORDS = 80


class AnnouncementFeed(Feed[Announcement, None]):
    """The latest live items."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Chainmatch · News & policies")

    def subtitle(self) -> str:
        return _("Announcements, industrial policies and news of the provincial automotive industry office.")

    def link(self) -> str:
        return reverse("information:news")

    def items(self) -> QuerySet[Announcement]:
        return announcements_live()[:FEED_SIZE]

    def item_title(self, item: Announcement) -> str:
        return in_language(item, "title")

    def item_description(self, item: Announcement) -> str:
        """The summary, or the start of the text when there is none (plain text: readers differ on HTML)."""
        summary = in_language(item, "summary")
        if summary:
            return summary
        return Truncator(strip_tags(in_language(item, "body"))).chars(SUMMARY_WORDS * 3)

    def item_link(self, item: Announcement) -> str:
        return reverse("information:news_detail", args=[item.pk])

    def item_pubdate(self, item: Announcement) -> datetime.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: Announcement) -> datetime.datetime:
        return item.updated_at

    def item_categories(self, item: Announcement) -> list[Any]:
        return [item.get_category_display()]
