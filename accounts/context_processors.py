"""Template context every page needs: the user's membership and unread notification count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.selectors import unread_count
from accounts.services import membership_of


def membership(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"membership": membership_of(user), "unread_notifications": unread_count(user)}
