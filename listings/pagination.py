"""API pages of the catalogue: counted up to the search result window (listings.search.results)."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response

from listings.search.results import CappedPaginator
from platform_site.api.pagination import PageNumberPagination


class CataloguePagination(PageNumberPagination):
    """`count` stops at the result limit; `count_capped` is true when more listings match."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        paginator = self.page.paginator if self.page else None
        response.data["count_capped"] = isinstance(paginator, CappedPaginator) and paginator.capped
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "More listings match than `count` (the result limit): refine the search.",
        }
        return paginated
