"""The access matrix: every route of the URL conf, called by anonymous, a member of another enterprise, a
plain member of the owning enterprise and staff, answers as its row in the table says; one allowed caller
per row succeeds. The table is in tests/access/ (rows_api.py, rows_pages.py); a route without a row (or
an explicit exclusion) fails `test_every_route_has_a_row`, so a new endpoint cannot be forgotten.

The world (tests/access/world.py) is built once per module inside a transaction; every test runs in a
savepoint rolled back after it, so each cell sees the same untouched world.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import transaction
from django.http import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.access.exclusions import EXCLUDED, excluded
from tests.access.routes import Route, all_routes
from tests.access.rows_api import API_ROWS
from tests.access.rows_pages import PAGE_ROWS
from tests.access.state import changed_tables, snapshot
from tests.access.table import BOUNCED, LOGIN, WORKSPACE, Expect, Refused, Row, is_refusal
from tests.access.world import World, build_world
from tests.factories import MembershipFactory, StaffFactory

ROWS: list[Row] = API_ROWS + PAGE_ROWS


# ---------------------------------------------------------------------------------------------------
# The world, once per module


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built in a transaction of its own that is rolled back at the end of the module; the tests'
    transactions are savepoints inside it (pytest-django supports wrapping tests in this way)."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("access-media")))
    media.enable()
    atomic = transaction.atomic()
    try:
        with django_db_blocker.unblock():  # only while building: the tests ask for the database themselves
            atomic.__enter__()
            built = build_world()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        media.disable()


@pytest.fixture(autouse=True)
def _media_in_tmp() -> None:
    """The world's files live in the module's media directory (the suite's per-test one would hide them)."""


# ---------------------------------------------------------------------------------------------------
# Completeness: every route of the URL conf has a row


def _without_rows(routes: dict[str, Route]) -> list[str]:
    declared = {(r.route, r.method) for r in ROWS}
    return sorted(
        f"{name} {method} ({route.pattern})"
        for name, route in routes.items()
        if not excluded(route)
        for method in route.methods
        if (name, method) not in declared
    )


def test_every_route_has_a_row() -> None:
    routes = all_routes()
    missing = _without_rows(routes)
    assert not missing, "Routes without a row in the access table (tests/access/):\n" + "\n".join(missing)

    answered = {(name, method) for name, route in routes.items() for method in route.methods}
    stale = sorted(f"{r.route} {r.method}" for r in ROWS if (r.route, r.method) not in answered)
    assert not stale, "Rows for routes or methods the URL conf does not have:\n" + "\n".join(stale)

    unused = sorted(
        rule.prefix
        for rule in EXCLUDED
        if not rule.optional and not any(rule.matches(route) for route in routes.values())
    )
    assert not unused, f"Exclusions that match no route: {unused}"

    ids = [(r.id, r.method) for r in ROWS]
    assert len(ids) == len(set(ids)), "Two rows with the same route, method and variant"


def test_a_new_route_without_a_row_is_named() -> None:
    routes = all_routes() | {
        "orders:invoice": Route("orders:invoice", "orders/<int:pk>/invoice/", frozenset({"GET"}))
    }

    assert _without_rows(routes) == ["orders:invoice GET (orders/<int:pk>/invoice/)"]


def test_the_methods_of_each_kind_of_view_are_found() -> None:
    routes = all_routes()

    assert routes["listing-detail"].methods == {"GET", "PUT", "PATCH", "DELETE"}  # a DRF viewset
    assert routes["notification-read"].methods == {"POST"}  # an @action
    assert routes["order-thread"].methods == {"GET", "POST"}  # a DRF generic view
    assert routes["accounts:logout"].methods == {"POST"}  # a Django class-based view
    assert routes["accounts:resubmit"].methods == {"POST"}  # @require_POST
    assert routes["orders:message_file"].methods == {"GET"}  # @require_GET under @login_required
    assert routes["listings:catalogue"].methods == {"GET", "POST"}  # undeclared: both


# ---------------------------------------------------------------------------------------------------
# The matrix


# One request handler per kind of client for the whole run: a new handler loads the middleware again,
# and WhiteNoise's scans every static file (a tenth of a second each time).
_HANDLERS: dict[type, Any] = {}


def _client(world: World, who: str, api: bool) -> Any:
    user = world.users[who]
    client: Any = APIClient() if api else Client()
    client.handler = _HANDLERS.setdefault(type(client), client.handler)
    if user is None:
        return client
    if api:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    else:
        client.force_login(user)
    return client


class _Pks(dict[str, int]):
    """`{name}` in a row's query string is the pk of the world's object `name`."""

    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world

    def __missing__(self, key: str) -> int:
        return self.world.pk(key)


def _url(world: World, row: Row) -> str:
    return reverse(row.route, kwargs=row.kwargs(world)) + row.query.format_map(_Pks(world))


def _call(world: World, row: Row, url: str, client: Any) -> HttpResponseBase:
    handler = getattr(client, row.method.lower())
    body = row.body(world)
    if isinstance(client, APIClient):
        if row.method == "GET":
            return handler(url)
        return handler(url, body, format="multipart" if row.multipart else "json")
    if row.method == "GET":
        return handler(url)
    if row.method == "POST":
        return handler(url, body or {})
    # Django's test client sends other methods' bodies as they are: encode the form.
    return handler(url, urlencode(body or {}), content_type="application/x-www-form-urlencoded")


def _check(response: HttpResponseBase, expect: Expect) -> str:
    """What is wrong with the response for the expectation, or ''."""
    location = response.get("Location", "")
    login = resolve_url(settings.LOGIN_URL)
    status = response.status_code
    if expect == LOGIN:
        return "" if status == 302 and location.startswith(login) else f"{status} {location}"
    if expect == WORKSPACE:
        dashboard = reverse("accounts:dashboard")
        return "" if status == 302 and location == dashboard else f"{status} {location}"
    if isinstance(expect, Refused):
        return "" if status == expect.status else f"{status} {location}"
    if expect == BOUNCED:
        request = getattr(response, "wsgi_request", None)
        errors = [m for m in get_messages(request) if m.level == messages.ERROR] if request else []
        ok = status == 302 and not location.startswith(login) and errors
        return "" if ok else f"{status} {location} without an error message"
    if status != expect:
        return f"{status} {location}"
    if status == 302 and location.startswith(login):
        return "302 to the login page"
    return ""


CELLS = [(row, who, expect) for row in ROWS for who, expect in row.expectations().items()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "who", "expect"), CELLS, ids=[f"{r.id}-{r.method}-{who}" for r, who, _ in CELLS]
)
def test_access(world: World, row: Row, who: str, expect: Expect) -> None:
    url = _url(world, row)
    api = url.startswith("/api/")
    client = _client(world, who, api)
    before = snapshot()  # after signing in, which writes the user's last login

    response = _call(world, row, url, client)

    problem = _check(response, expect)
    content = getattr(response, "content", b"")[:300]
    assert not problem, f"{row.method} {row.id} as {who}: expected {expect}, got {problem}: {content!r}"
    if api and response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json"), "an API error that is not JSON"
        assert set(response.json()["error"]) == {"code", "message", "fields"}, "not the API's error shape"
    changed = changed_tables(before, snapshot())
    if is_refusal(expect):
        assert not changed, f"refused, but changed {changed}"
    elif row.writes and who == row.allowed[0]:
        assert changed, "allowed, but nothing changed"


# ---------------------------------------------------------------------------------------------------
# The Django admin: one check that it is for staff only (each admin page is Django's and covered by it)


@pytest.mark.django_db
def test_the_admin_is_for_staff_only(client: Client) -> None:
    assert client.get("/admin/").status_code == 302
    client.force_login(MembershipFactory().user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    client.force_login(StaffFactory(is_superuser=True))
    assert client.get("/admin/").status_code == 200
