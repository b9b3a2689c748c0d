"""Full-text matching and ranking: a GIN-indexed tsvector on PostgreSQL, token LIKEs on SQLite.

Both read the same stored tokens (listings.search.text), so they find the same listings; PostgreSQL
ranks with ts_rank (title and category weigh A, the rest D), SQLite counts matched terms, title first.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Case, ExpressionWrapper, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from listings.models import Listing
from listings.search.text import Alternative, Term, query_terms, tsquery

# The generated column and the GIN index exist on PostgreSQL only (migration 0002).
VECTOR = '"listings_listing"."search_vector"'


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


def search(queryset: QuerySet[Listing], text: str) -> QuerySet[Listing]:
    """Listings matching every term of the text, annotated with `rank` (higher is better)."""
    terms = query_terms(text)
    if not terms:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        query = tsquery(terms)
        return queryset.filter(
            # The tsquery is a bound parameter; VECTOR is a constant.
            RawSQL(f"{VECTOR} @@ to_tsquery('simple', %s)", [query], output_field=BooleanField())  # noqa: S611
        ).annotate(
            rank=RawSQL(f"ts_rank({VECTOR}, to_tsquery('simple', %s))", [query], output_field=FloatField())  # noqa: S611
        )
    for term in terms:
        queryset = queryset.filter(_sqlite_term(term, "search_title") | _sqlite_term(term, "search_body"))
    # Every result matches every term; those matching in the title or category come first.
    title_hits = sum(
        (Case(When(_sqlite_term(term, "search_title"), then=Value(1)), default=Value(0)) for term in terms),
        Value(0),
    )
    return queryset.annotate(rank=ExpressionWrapper(title_hits, output_field=FloatField()))
