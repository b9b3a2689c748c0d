"""Middleware of the platform: a database that cannot be reached answers 503, not 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from platform_site.api.exceptions import error_body

logger = logging.getLogger(__name__)

# Seconds a client should wait before retrying: about what a PostgreSQL restart or failover takes.
RETRY_AFTER = 5


class DatabaseUnavailableMiddleware:
    """A request that finds the database unreachable (restarting, failing over) gets 503 with
    Retry-After: nothing is wrong with the request, and retrying it soon will work. The broken
    connection is closed when the request ends, and the next request connects again
    (CONN_HEALTH_CHECKS), so the application recovers without a restart of its own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
        response: HttpResponse
        if request.path.startswith("/api/"):
            message = _("The service is briefly unavailable. Please retry in a few seconds.")
            response = JsonResponse(error_body("service_unavailable", message), status=503)
        else:
            # Rendered without the request: its context processors would query the database.
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
