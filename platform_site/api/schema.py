"""Schema rules for the whole API, so that each view documents only what is its own.

The error responses: each view documents its successes (and may describe its errors); the
postprocessing hook `document_errors` adds the errors that the shared plumbing answers on any operation
of a kind, all in the one error shape of `platform_site.api.exceptions`:

- 400 for a write (invalid input, a refused business rule) and for a read with query parameters;
- 401 and 403 everywhere (a bad token; a role, a status or a CSRF check that refuses);
- 404 where the path names an object, and on paginated lists (a page past the end);
- 409 for a write (the object's status, or the state of the data, does not allow it now);
- 415 where a request body is accepted (a Content-Type the operation does not document);
- 422 where an Idempotency-Key header is accepted (the key was used for a different request);
- 429 for a write (the write rate; sign-in and registration rates) and for a read open to anonymous callers.

A response a view declared keeps its description; one declared without a body gets the error body.

Also: a read-only field of a model field that may be blank says so (`_ReadOnlyBlankMixin`), and file
downloads name the types they serve (`UPLOADED_FILE`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from platform_site.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from platform_site.uploads import IMAGES_AND_PDF

ERROR_COMPONENT = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every API error: a stable code, a message for people, and the refused fields.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "Stable, for programs: invalid, not_found, …"},
                "message": {"type": "string", "description": "For people, in the request's language."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {},
                    "description": "Messages per refused field (lists, or objects for nested fields).",
                },
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
}

DESCRIPTIONS = {
    "400": "Invalid input, or a business rule refused the request.",
    "401": "No credentials, or invalid ones.",
    "403": "Not allowed for this account, its role or its enterprise's status.",
    "404": "No such object for this account, or no such page.",
    "409": "The object's status, or the state of the data, does not allow this now.",
    "415": "The request body's Content-Type is not one this operation accepts.",
    "422": "The Idempotency-Key was already used for a different request.",
    "429": "Too many requests; retry after the Retry-After header's seconds.",
}

WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


def _error_statuses(method: str, operation: dict[str, Any]) -> set[str]:
    parameters = operation.get("parameters", [])
    query = {p["name"] for p in parameters if p.get("in") == "query"}
    write = method in WRITE_METHODS
    statuses = {"401", "403"}
    if write or query:
        statuses.add("400")
    if write:
        statuses |= {"409", "429"}
    if "requestBody" in operation:
        statuses.add("415")
    if any(p.get("in") == "path" for p in parameters) or "page" in query:
        statuses.add("404")
    if any(p.get("in") == "header" and p.get("name") == IDEMPOTENCY_HEADER for p in parameters):
        statuses.add("422")
    if {} in operation.get("security", []):  # open to anonymous callers: the anonymous read rate
        statuses.add("429")
    return statuses


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Add the shared error responses to every operation (a POSTPROCESSING_HOOKS entry)."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for status in _error_statuses(method, operation):
                responses.setdefault(status, {"description": DESCRIPTIONS[status]})
            for status, response in responses.items():
                if status.startswith("4") and "content" not in response:
                    response["content"] = {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}
                    }
            operation["responses"] = dict(sorted(responses.items()))
    return result


def file_responses(*content_types: str) -> dict[tuple[int, str], Any]:
    """A 200 answered with a file of one of these types (a `responses` argument of extend_schema)."""
    return {(200, content_type.split(";")[0]): OpenApiTypes.BINARY for content_type in content_types}


# A stored upload (an attachment, a document, a message's file): one of the types uploads accept.
UPLOADED_FILE = file_responses(*(file_type.content_type for file_type in IMAGES_AND_PDF))


class _ReadOnlyBlankMixin:
    """A read-only field of a model field that may be blank may be answered blank: DRF drops
    `allow_blank` from read-only fields (it only concerns input), and without it the schema would call
    an empty website, contact address or transfer mode invalid. Restoring it lets drf-spectacular
    document the blank value (an empty string beside a format, a blank choice beside an enum)."""

    target: serializers.Field[Any, Any, Any, Any]

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field = self.target
        if field.read_only and not getattr(field, "allow_blank", False) and _model_field_is_blank(field):
            field.allow_blank = True  # type: ignore[attr-defined]  # read-only: never validates input
        return auto_schema._map_serializer_field(field, direction, bypass_extensions=True)


def _model_field_is_blank(field: serializers.Field[Any, Any, Any, Any]) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    return isinstance(model_field, models.CharField | models.TextField) and model_field.blank


# drf-spectacular registers extensions in an untyped __init_subclass__.
class ReadOnlyBlankCharExtension(_ReadOnlyBlankMixin, OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = serializers.CharField
    match_subclasses = True


class ReadOnlyBlankChoiceExtension(_ReadOnlyBlankMixin, OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = serializers.ChoiceField
    match_subclasses = True
