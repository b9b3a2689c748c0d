"""Site-wide pages: home, health check, error pages (JSON under /api/)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from accounts import selectors
from accounts.models import Enterprise
from accounts.taxonomy import Segment
from listings.choices import Side
from listings.selectors import listing_catalogue
from platform_site.api.exceptions import error_body, json_not_found, json_server_error


def home(request: HttpRequest) -> HttpResponse:
    """The front page: verified enterprises by theme, listings in the catalogue, search, segments."""
    by_theme = selectors.verified_counts_by_theme()
    # What the catalogue shows (published and still valid), by side, in one query.
    listing_counts = dict(
        listing_catalogue().order_by().values_list("side").annotate(n=Count("id")).values_list("side", "n")
    )
    context = {
        "by_theme": by_theme,
        "verified_total": sum(row["count"] for row in by_theme),
        "registered_total": Enterprise.objects.count(),
        "segments": Segment.choices,
        "recent": selectors.enterprise_directory().order_by("-reviewed_at")[:6],
        "supply_total": listing_counts.get(Side.SUPPLY, 0),
        "demand_total": listing_counts.get(Side.DEMAND, 0),
    }
    return render(request, "home.html", context)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and docker-compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return json_not_found(request, exception)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return json_server_error(request)
    # Rendered without the request: its context processors query the database, which may be the fault.
    return HttpResponse(render_to_string("500.html"), status=500)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("permission_denied", str(exception or "")), status=403)
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)
