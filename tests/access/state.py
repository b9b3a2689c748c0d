"""What a refused call must leave as it was: every row of every table of the project's models.

A whole dump is cheap here (the world has a few hundred rows, about a millisecond on SQLite) and cannot
forget a table a new endpoint writes to. Left out: tables no endpoint of the matrix may change, which
hold reference data (regions, permissions, content types), and bookkeeping that signing in or a failed
login legitimately writes (sessions, django-axes' logs).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection

IGNORED = frozenset(
    {
        "accounts_region",
        "auth_permission",
        "django_content_type",
        "django_session",
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
    }
)


def _tables() -> list[str]:
    models = (m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy)
    return sorted({m._meta.db_table for m in models} - IGNORED)


Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot() -> Snapshot:
    state: Snapshot = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - table names of our models
            state[table] = [tuple(map(str, row)) for row in cursor.fetchall()]
    return state


def changed_tables(before: Snapshot, after: Snapshot) -> list[str]:
    return [table for table in before if before[table] != after.get(table)]
