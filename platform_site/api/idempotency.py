"""`Idempotency-Key` on the API's creating POSTs (orders, quotes, requests, financing applications).

A client that did not hear the answer to a POST sends it again with the same key: the first response is
replayed and nothing is created twice. The same key with a different request is refused with 422. Keys
are kept per enterprise for `IDEMPOTENCY_KEY_HOURS`.

The key is reserved by inserting its row in the transaction that creates the object: a second request
with the same key waits on the unique index until the first commits, then replays its response; if the
first fails, its reservation rolls back with it and the second runs.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import IdempotencyKey
from accounts.services import require_membership
from platform_site.errors import ApplicationError

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique string (a UUID). Sending the same request again with the same key returns the first "
        "response and creates nothing; the same key with a different request is refused with 422. Keys "
        "are kept for 24 hours per enterprise."
    ),
)


class IdempotencyKeyReused(ApplicationError):
    status_code = 422
    code = "idempotency_key_reused"


def _canonical(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    return value


def fingerprint(request: Request) -> str:
    """A digest of what the request asks for: method, path and body (uploaded files by content)."""
    data = request.data
    if hasattr(data, "lists"):  # form data: every value of every key
        body: Any = {key: [_canonical(v) for v in values] for key, values in data.lists()}
    else:
        body = data
    document = json.dumps(
        [request.method, request.path, body], sort_keys=True, cls=DjangoJSONEncoder, default=_canonical
    )
    return hashlib.sha256(document.encode()).hexdigest()


def _replay(record: IdempotencyKey, digest: str) -> Response:
    if record.fingerprint != digest:
        raise IdempotencyKeyReused(
            _("This Idempotency-Key was already used for a different request; use a new key."),
            fields={HEADER: [_("Already used for a different request.")]},
        )
    return Response(record.response, status=record.status_code, headers={"Idempotent-Replayed": "true"})


def run_once(request: Request, create: Callable[[], Response]) -> Response:
    """Run `create` once per (enterprise, key); without the header, simply run it."""
    key = request.headers.get(HEADER)
    if key is None:
        return create()
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ApplicationError(
            _("The Idempotency-Key header must be 1 to %(max)s characters.") % {"max": MAX_KEY_LENGTH},
            fields={HEADER: [_("1 to %(max)s characters.") % {"max": MAX_KEY_LENGTH}]},
        )
    enterprise = require_membership(request.user).enterprise
    digest = fingerprint(request)
    cutoff = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    with transaction.atomic():
        IdempotencyKey.objects.filter(enterprise=enterprise, key=key, created_at__lt=cutoff).delete()
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    enterprise=enterprise, key=key, fingerprint=digest, status_code=0, response={}
                )
        except IntegrityError:
            return _replay(IdempotencyKey.objects.get(enterprise=enterprise, key=key), digest)
        response = create()
        if response.status_code >= 400:
            transaction.set_rollback(True)  # keep nothing of a refused request, the key included
            return response
        record.status_code = response.status_code
        record.response = json.loads(json.dumps(response.data, cls=DjangoJSONEncoder))
        record.save(update_fields=["status_code", "response"])
    return response


class IdempotentCreateMixin:
    """A viewset mixin: `create` runs the viewset's `create_once(request)` once per `Idempotency-Key`
    (a replayed key answers the first response without calling it)."""

    create_once: Callable[[Request], Response]

    @extend_schema(parameters=[IDEMPOTENCY_PARAMETER])
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return run_once(request, lambda: self.create_once(request))
