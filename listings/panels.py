"""Panels other apps add to a listing's page (place an order, open it for quotes, request a licence).

`listings` cannot import the apps that build on it, so they register a panel here: a function of the
request and the listing that returns rendered HTML, or an empty string when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from listings.models import Listing

DetailPanel = Callable[[HttpRequest, Listing], str]
_panels: list[DetailPanel] = []


def register_detail_panel(panel: DetailPanel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def detail_panels(request: HttpRequest, listing: Listing) -> list[str]:
    """The HTML of every panel that has something to show on this listing's page, for this user."""
    return [html for panel in _panels if (html := panel(request, listing))]
