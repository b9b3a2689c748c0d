"""The API against its own schema: Schemathesis generates requests for every operation of /api/schema/
and calls the app in-process (WSGI), as the owner of a verified enterprise and as platform staff. No
answer may be a server error, and every answer must be one the schema documents: its status code, its
content type and its body.

Path parameters are mostly the ids of the world's objects (tests/api_schema/world.py), so that calls
reach real orders, quotes and applications in their statuses rather than a 404 for a random id.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_schema.world import World

pytestmark = pytest.mark.api_schema

CONFIG = schemathesis.Config.from_dict(
    {
        # The coverage phase walks every boundary of every field: thousands of calls for the listing
        # forms alone, minutes of CI. Fuzzing (valid and invalid inputs) keeps the run near 3 minutes.
        "phases": {"coverage": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)

# Not the default set: these are the checks this suite promises (no 5xx, answers as documented). The
# others judge API design choices (e.g. that every invalid input is refused, that a 404 follows a
# DELETE) that the schema does not state.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The world of the running test, which the hook below reads while Hypothesis draws.
_current: dict[str, World] = {}


@schema.hook
def flatmap_path_parameters(context: schemathesis.HookContext, path_parameters: dict[str, Any] | None) -> Any:
    """Each path parameter is one of the world's values for the path up to it, or the generated one."""
    world, operation = _current.get("world"), context.operation
    if world is None or operation is None or not path_parameters:
        return st.just(path_parameters)
    drawn = {}
    for name, value in path_parameters.items():
        key = operation.path[: operation.path.index(f"{{{name}}}") + len(name) + 2]
        drawn[name] = st.sampled_from([*world.path_values.get(key, []), value])
    return st.fixed_dictionaries(drawn)


@schema.hook
def flatmap_body(context: schemathesis.HookContext, body: Any) -> Any:
    """Each id a body names (`listing`, `event`, …) is one of the world's, or the generated value."""
    world = _current.get("world")
    if world is None or not isinstance(body, dict):
        return st.just(body)
    drawn = {name: st.sampled_from([*world.body_values.get(name, []), value]) for name, value in body.items()}
    return st.fixed_dictionaries(drawn)


@pytest.fixture(params=["member", "staff"])
def auth_headers(request: pytest.FixtureRequest, world: World, db: None) -> Iterator[dict[str, str]]:
    _current["world"] = world
    yield {"Authorization": f"Token {world.tokens[request.param]}"}
    _current.clear()


@schema.parametrize()
@hypothesis.settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    # The world is shared by an operation's examples, and each example may change it, by design.
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_api(case: schemathesis.Case, auth_headers: dict[str, str]) -> None:
    case.call_and_validate(headers=auth_headers, checks=CHECKS)
