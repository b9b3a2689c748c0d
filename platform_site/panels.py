"""Panels an app adds to another app's page without the page's app importing it (dependencies point one
way: listings <- matching <- orders <- financing). The page's app owns a `Panels` registry; an app to
its right registers a function of the request and the object that returns rendered HTML, or "" when it
has nothing to show there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from django.http import HttpRequest

_T = TypeVar("_T")


class Panels(Generic[_T]):
    """The panels registered for one kind of page."""

    def __init__(self) -> None:
        self._panels: list[Callable[[HttpRequest, _T], str]] = []

    def register(self, panel: Callable[[HttpRequest, _T], str]) -> None:
        if panel not in self._panels:
            self._panels.append(panel)

    def render(self, request: HttpRequest, obj: _T) -> list[str]:
        """The HTML of every panel that has something to show on this object's page, for this user."""
        return [html for panel in self._panels if (html := panel(request, obj))]
