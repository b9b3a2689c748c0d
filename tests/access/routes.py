"""Every route of the URL conf with the HTTP methods it answers, found by walking the resolver.

DRF viewsets name their methods in the router's `actions` mapping (one route per action, `@action`
routes included); class-based views (DRF's APIView and Django's View) by the handlers they implement;
function views by a `require_http_methods` family decorator when they have one, else GET and POST (a
function view may read `request.method` itself, so both are declared and tested).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    """A named route, its pattern as written, and the methods it answers."""

    name: str
    pattern: str
    methods: frozenset[str]

    @property
    def api(self) -> bool:
        return self.pattern.startswith("api/")


def _declared_methods(view: Callable[..., Any]) -> frozenset[str] | None:
    """The methods a `require_http_methods` family decorator (anywhere in the wrapper chain) allows."""
    allowed: frozenset[str] | None = None
    func: Any = view
    while func is not None:
        code = getattr(func, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = func.__closure__[code.co_freevars.index("request_method_list")]
            methods = frozenset(m.upper() for m in cell.cell_contents) & frozenset(METHODS)
            allowed = methods if allowed is None else allowed & methods
        func = getattr(func, "__wrapped__", None)
    return allowed


def view_methods(callback: Callable[..., Any]) -> frozenset[str]:
    actions = getattr(callback, "actions", None)
    if actions:  # a DRF viewset route: {"get": "list", "post": "create"}
        return frozenset(method.upper() for method in actions) & frozenset(METHODS)  # not DRF's HEAD
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None:  # DRF APIView or Django View: the handlers it implements
        names = getattr(view_class, "http_method_names", [])
        return frozenset(m.upper() for m in names if m.upper() in METHODS and hasattr(view_class, m))
    declared = _declared_methods(callback)
    return declared if declared is not None else frozenset({"GET", "POST"})


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield name, prefix + str(entry.pattern), entry.callback


def all_routes() -> dict[str, Route]:
    """Every route by name (an unnamed one by its pattern). DRF's format-suffix twins (`.json`) share
    their route's name and view, so they are folded into it."""
    routes: dict[str, Route] = {}
    for name, pattern, callback in _walk(get_resolver().url_patterns, "", ""):
        key = name or pattern
        methods = view_methods(callback)
        if key in routes:
            known = routes[key]
            routes[key] = Route(key, known.pattern, known.methods | methods)
        else:
            routes[key] = Route(key, pattern, methods)
    return routes
