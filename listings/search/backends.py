"""Full-text matching and ranking: a GIN-indexed tsvector on PostgreSQL, token LIKEs on SQLite.

Both read the same stored tokens (listings.search.text), so they find the same listings; PostgreSQL
ranks with ts_rank (title and category weigh A, the rest D), SQLite counts matched terms, title first.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    ExpressionWrapper,
    Field,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)

from listings.models import Listing
from listings.search.text import Alternative, Term, tsquery


class _OnVector(Expression):
    """SQL over the generated `search_vector` column (PostgreSQL only, migration 0002).

    The model does not declare the column, so this names it under whatever alias the query gives the
    listings table: "listings_listing" at the top, "U0" inside a subquery.
    """

    def __init__(self, template: str, query: str, output_field: Field[Any, Any]) -> None:
        super().__init__(output_field=output_field)
        self.template, self.query = template, query

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str, ...]]:
        # Django 6.1 renamed quote_name_unless_alias (5.2 LTS, on Python 3.11) to quote_name.
        quote = getattr(compiler, "quote_name", None) or compiler.quote_name_unless_alias
        table = quote(compiler.query.get_initial_alias())
        vector = f"{table}.{connection.ops.quote_name('search_vector')}"
        return self.template.format(vector=vector), (self.query,)


def _sqlite_alternative(alternative: Alternative, field: str) -> Q:
    q = Q()
    for lexeme in alternative:
        needle = f" {lexeme.text}" if lexeme.prefix else f" {lexeme.text} "
        q &= Q(**{f"{field}__contains": needle})
    return q


def _sqlite_term(term: Term, field: str) -> Q:
    q = Q()
    for alternative in term:
        q |= _sqlite_alternative(alternative, field)
    return q


def matching(queryset: QuerySet[Listing], terms: list[Term]) -> QuerySet[Listing]:
    """Listings matching every term."""
    if connection.vendor == "postgresql":
        return queryset.filter(
            _OnVector("{vector} @@ to_tsquery('simple', %s)", tsquery(terms), BooleanField())
        )
    for term in terms:
        queryset = queryset.filter(_sqlite_term(term, "search_title") | _sqlite_term(term, "search_body"))
    return queryset


def rank(terms: list[Term]) -> Expression:
    """How well a matching listing fits the terms: higher is better."""
    if connection.vendor == "postgresql":
        return _OnVector("ts_rank({vector}, to_tsquery('simple', %s))", tsquery(terms), FloatField())
    # Every result matches every term; those matching in the title or category come first.
    title_hits = sum(
        (Case(When(_sqlite_term(term, "search_title"), then=Value(1)), default=Value(0)) for term in terms),
        Value(0),
    )
    return ExpressionWrapper(title_hits, output_field=FloatField())
