"""The statistics API: every figure as JSON at `/api/v1/stats/`, and each table as JSON or CSV at
`/api/v1/stats/<figure>/` (`?format=csv`) and `/api/v1/stats/<figure>.csv`.

Anyone may read the public part; platform staff get the full set. Everything comes from the cache
(`stats.cache`): a warm request runs no database query (an anonymous one), or only the token
look-up.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from stats import cache
from stats.serializers import StatsSerializer, StatsTableSerializer
from stats.tables import TABLES, TABLES_BY_SLUG, Table, present, tables_for


class CSVRenderer(BaseRenderer):
    """One table as CSV: UTF-8, comma-separated, a header row of the column names, CRLF line ends
    (RFC 4180). An error is written as a two-column `error,message` table."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        if isinstance(data, dict) and "columns" in data and "rows" in data:
            columns = data["columns"]
            writer.writerow(columns)
            for row in data["rows"]:
                writer.writerow(["" if row.get(column) is None else row.get(column) for column in columns])
        else:
            error = data.get("error", {}) if isinstance(data, dict) else {}
            writer.writerow(["error", "message"])
            writer.writerow([error.get("code", ""), error.get("message", "")])
        return out.getvalue().encode(self.charset)


def _is_staff(request: Request) -> bool:
    return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class StatsView(APIView):
    """All the figures (the public part, or everything for staff) and the list of table downloads."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def get_throttles(self) -> list[Any]:
        return [AnonRateThrottle()]

    @extend_schema(
        summary="Platform statistics",
        description=(
            "The figures the provincial office judges the platform by: enterprises registered and "
            "verified (by theme, segment and month); published listings by kind and side with the "
            "supply share (by month); the match funnel and the median days from approval to first "
            "order; orders and ordered value (accepted or later) by month and segment; financing "
            "applied for, approved and disbursed; the localisation rate (share of ordered value where "
            "buyer and seller are in the same province); and chain gaps (published demands with no "
            "published supply of their segment and category from the buyer's province). Anyone may "
            "read it; fields marked 'Staff only' are present for platform staff. Cached, and refreshed "
            "when the underlying data changes. `downloads` lists each table's CSV."
        ),
        responses={200: StatsSerializer},
        operation_id="stats",
        tags=["stats"],
    )
    def get(self, request: Request) -> Response:
        staff = _is_staff(request)
        data: dict[str, Any] = {"audience": "staff" if staff else "public"}
        data.update(present(cache.figures(), staff=staff))
        data["downloads"] = [
            {
                "figure": table.slug,
                "title": str(table.title),
                "staff_only": table.staff_only,
                "csv": request.build_absolute_uri(f"{request.path}{table.slug}.csv"),
                "json": request.build_absolute_uri(f"{request.path}{table.slug}/"),
            }
            for table in tables_for(staff=staff)
        ]
        return Response(data)


FIGURE_DESCRIPTION = "One of: " + ", ".join(
    f"`{table.slug}`{' (staff only)' if table.staff_only else ''}" for table in TABLES
)


class StatsTableView(APIView):
    """One table of the figures, as JSON or CSV (open data)."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, CSVRenderer]

    def get_throttles(self) -> list[Any]:
        return [AnonRateThrottle()]

    def handle_exception(self, exc: Exception) -> Response:
        # A client that asked for CSV still gets the error as JSON, the API's one error shape.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def table(self, request: Request, figure: str) -> Table:
        table = TABLES_BY_SLUG.get(figure)
        if table is None:
            raise exceptions.NotFound(_("No such figure: %(figure)s.") % {"figure": figure})
        if table.staff_only and not _is_staff(request):
            if not (request.user and request.user.is_authenticated):
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied(_("This table is for platform staff."))
        return table

    @extend_schema(
        summary="One table of the statistics, as JSON or CSV",
        description=(
            "The rows of one table of `/api/v1/stats/`. As CSV (UTF-8, comma-separated, header row) with "
            "`?format=csv`, an `Accept: text/csv` header, or the path `/api/v1/stats/<figure>.csv`. "
            "Staff-only tables answer 401 without credentials and 403 to other users."
        ),
        parameters=[
            OpenApiParameter(
                "figure", OpenApiTypes.STR, OpenApiParameter.PATH, description=FIGURE_DESCRIPTION
            ),
            OpenApiParameter(
                "format", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["json", "csv"], required=False
            ),
        ],
        responses={
            (200, "application/json"): StatsTableSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The table as CSV."),
            401: OpenApiResponse(description="A staff-only table, without credentials."),
            403: OpenApiResponse(description="A staff-only table, for a user who is not staff."),
            404: OpenApiResponse(description="No such figure."),
        },
        operation_id="stats_table",
        tags=["stats"],
    )
    def get(self, request: Request, figure: str, **kwargs: Any) -> Response:
        return self.respond(request, figure)

    def respond(self, request: Request, figure: str) -> Response:
        table = self.table(request, figure)
        staff = _is_staff(request)
        rows = present(cache.figures((table.section,)), staff=staff)[table.section][table.key]
        data = {
            "figure": table.slug,
            "title": str(table.title),
            "columns": list(table.columns),
            "rows": [{column: row.get(column) for column in table.columns} for row in rows],
        }
        headers = {}
        if request.accepted_renderer.format == "csv":
            filename = f"chainmatch-{table.slug}-{timezone.localdate():%Y%m%d}.csv"
            headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return Response(data, headers=headers)


class StatsTableCSVView(StatsTableView):
    """One table of the figures as a CSV file, at `/api/v1/stats/<figure>.csv` (the URL sets the format)."""

    @extend_schema(
        summary="One table of the statistics as a CSV file",
        description=(
            "The same rows as `/api/v1/stats/<figure>/`, as CSV: UTF-8, comma-separated, a header row of "
            "the column names, CRLF line ends, sent as an attachment. Errors are the API's JSON errors."
        ),
        parameters=[
            OpenApiParameter(
                "figure", OpenApiTypes.STR, OpenApiParameter.PATH, description=FIGURE_DESCRIPTION
            )
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The table as CSV."),
            401: OpenApiResponse(description="A staff-only table, without credentials."),
            403: OpenApiResponse(description="A staff-only table, for a user who is not staff."),
            404: OpenApiResponse(description="No such figure."),
        },
        operation_id="stats_table_csv",
        tags=["stats"],
    )
    def get(self, request: Request, figure: str, **kwargs: Any) -> Response:
        return self.respond(request, figure)
