"""Application errors that services raise and every interface (API, pages, admin) reports the same way."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A business rule refused the request; the message is meant for the user."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class NotPermitted(ApplicationError):
    """The actor is known but may not do this."""

    status_code = 403
    code = "permission_denied"


class TransitionNotAllowed(ApplicationError):
    """The object's current status does not allow the requested transition."""

    status_code = 409
    code = "transition_not_allowed"


class Conflict(ApplicationError):
    """The request is valid but the state of the data does not allow it now (sold out, taken)."""

    status_code = 409
    code = "conflict"
