"""Request rates: API writes per user, and the sign-in and registration forms per address.

The rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (settings.py), read at request time so that a
changed setting applies at once. A page form and its API twin share one counter (same scope, same
address): the sign-in rate holds for an address whichever door it knocks on, the page or the token API.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import ngettext
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

if TYPE_CHECKING:
    # Only for types: rest_framework.views imports this module (DEFAULT_THROTTLE_CLASSES) as it loads.
    from rest_framework.request import Request
    from rest_framework.views import APIView

PageView = Callable[..., HttpResponseBase]


def configured_rate(scope: str) -> str | None:
    """The scope's rate as settings name it now ("30/minute"), or None for no limit."""
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
    return str(rate) if rate else None


class WriteRateThrottle(UserRateThrottle):
    """POST, PUT, PATCH and DELETE per user (per address when anonymous); reads are not counted.

    A ceiling for a runaway script or a stolen token, far above what a person at a screen or an
    integration placing orders does (the `write` rate, API_WRITE_RATE; empty turns it off).
    """

    scope = "write"

    def get_rate(self) -> str | None:
        return configured_rate("write")

    def allow_request(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class AddressRateThrottle(SimpleRateThrottle):
    """One scope's rate per client address, for page forms (the key DRF's ScopedRateThrottle gives an
    anonymous API call of the same scope)."""

    def __init__(self, scope: str) -> None:
        self.page_scope = self.scope = scope  # page_scope: the same, typed str (DRF's scope may be None)
        super().__init__()

    def get_rate(self) -> str | None:
        return configured_rate(self.page_scope)

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.page_scope, "ident": self.get_ident(request)}

    def allow_page(self, request: HttpRequest) -> bool:
        # DRF's throttle reads only the address (request.META) and no view: a Django request will do.
        return self.allow_request(request, None)  # type: ignore[arg-type]


def throttle_posts(scope: str) -> Callable[[PageView], PageView]:
    """Answer a page's POSTs beyond the scope's rate with a 429 page; GETs are never counted."""

    def decorator(view: PageView) -> PageView:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                throttle = AddressRateThrottle(scope)
                if not throttle.allow_page(request):
                    return too_many_requests(request, throttle.wait())
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request: HttpRequest, wait: float | None) -> HttpResponse:
    """The 429 page, with a Retry-After header in seconds."""
    seconds = max(1, round(wait or 1))
    minutes = -(-seconds // 60)  # rounded up: never tell someone to come back too early
    message = ngettext(
        "Too many attempts from your address. Try again in %(minutes)d minute.",
        "Too many attempts from your address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
