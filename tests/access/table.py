"""The shape of the access table: one row per route, method (and variant), with the expected answer for
each of the four callers and one caller who is allowed.

The four callers of every row (world.CALLERS): `anonymous`; `other`, the owner of enterprise B, which is
no party to anything of A's; `member`, a plain member of A (the smallest role); `staff`. The allowed
caller is one of them, the owner or administrator of A, A's partner P or bank K, or the owner of a
rejected enterprise (world.py): a row cannot pass by refusing everybody.

An expected answer is a status code or one of the page redirects below. Conventions: an anonymous API
call is 401 (token authentication answers with WWW-Authenticate) and an anonymous page redirects to the
login page; an object a caller must not know exists is 404; an object the caller may see but not change,
or an action for another role or side, is 403 (API). A page reports a service's refusal as an error
message and redirects back (BOUNCED). Every refusal must leave the database as it was; the allowed
caller of a row that `writes` must change it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tests.access.world import ANONYMOUS, MEMBER, OTHER, STAFF, World

# Page redirects: to the login page; to the caller's workspace (a user without an enterprise on a
# member's page, accounts.views.member_required; a signed-in user on the registration or login page);
# back to the page with an error message, nothing done.
LOGIN = "login"
WORKSPACE = "workspace"
BOUNCED = "bounced"


@dataclass(frozen=True)
class Refused:
    """Answered with `status` (a form shown again with the reason), nothing done."""

    status: int

    def __str__(self) -> str:
        return f"{self.status}, nothing changed"


Expect = int | str | Refused

GET, POST, PUT, PATCH, DELETE = "GET", "POST", "PUT", "PATCH", "DELETE"

Kwargs = Callable[[World], dict[str, Any]]
Data = dict[str, Any] | Callable[[World], dict[str, Any]] | None


def is_refusal(expect: Expect) -> bool:
    """Refused (or turned down for the object's state): nothing may change."""
    if isinstance(expect, Refused) or expect in (LOGIN, WORKSPACE, BOUNCED):
        return True
    return isinstance(expect, int) and expect >= 400


@dataclass(frozen=True)
class Row:
    """One route and method (a variant names which object or parameter when a route has several rows)."""

    route: str
    method: str
    kwargs: Kwargs
    cells: dict[str, Expect]
    allowed: tuple[str, Expect]
    data: Data = None
    variant: str = ""
    query: str = ""
    multipart: bool = False
    writes: bool = False

    @property
    def id(self) -> str:
        return f"{self.route}[{self.variant}]" if self.variant else self.route

    def expectations(self) -> dict[str, Expect]:
        """The four callers' answers, and the allowed caller's when it is not one of them."""
        who, expect = self.allowed
        return {**self.cells, who: expect}

    def body(self, world: World) -> dict[str, Any] | None:
        return self.data(world) if callable(self.data) else self.data


Cells = tuple[Expect, Expect, Expect, Expect]


def row(
    route: str,
    method: str,
    kwargs: Kwargs,
    cells: Cells,
    allowed: tuple[str, Expect],
    **options: Any,
) -> Row:
    """A row with its four cells in the order anonymous, other, member, staff."""
    anonymous, other, member, staff = cells
    expected = {ANONYMOUS: anonymous, OTHER: other, MEMBER: member, STAFF: staff}
    who, expect = allowed
    if who in expected and expected[who] != expect:
        raise ValueError(f"{route} {method}: the allowed caller {who} is also a cell with another answer")
    if is_refusal(expect):
        raise ValueError(f"{route} {method}: the allowed caller {who} must not be refused")
    return Row(route, method, kwargs, expected, allowed, **options)


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def none(world: World) -> dict[str, Any]:
    return {}


def pk(key: str, **more: str) -> Kwargs:
    """The route's `pk` is the world's object `key`; `more` maps other URL kwargs to objects."""

    def build(world: World) -> dict[str, Any]:
        return {"pk": world.pk(key), **{name: world.pk(obj) for name, obj in more.items()}}

    return build


def kw(**values: Any) -> Kwargs:
    """URL kwargs given as constants or as callables of the world."""

    def build(world: World) -> dict[str, Any]:
        return {name: value(world) if callable(value) else value for name, value in values.items()}

    return build


def obj(key: str) -> Callable[[World], int]:
    """An object's pk, for `kw` and for request bodies."""
    return lambda world: world.pk(key)


PUBLIC = (200, 200, 200, 200)
