"""Recommendations of the matching engine for financing: offers for an enterprise's funding needs, and
enterprises for an institution's offers.

A match of funding is a recommendation, not an introduction the platform office vouches for: it is
shown from the moment the engine proposes it (proposed or approved; never rejected, never stale), and
the enterprise decides by applying. Every read is scoped to the member's own enterprise through the
listing it owns (the demand for an enterprise, the offer for an institution), so another enterprise's
matches cannot be reached, and rows come with both listings and their enterprises in one query
(matching.selectors.match_queryset).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from listings.choices import Kind, Side
from listings.models import Listing
from matching.models import Match
from matching.selectors import match_queryset

# Shown as recommendations: what the engine proposed and the office has not rejected, still current.
RECOMMENDED = Q(status__in=(Match.Status.PROPOSED, Match.Status.APPROVED), stale=False) & Q(
    supply__kind=Kind.FUNDING,
    supply__side=Side.SUPPLY,
    supply__status=Listing.Status.PUBLISHED,
    demand__kind=Kind.FUNDING,
    demand__side=Side.DEMAND,
    demand__status=Listing.Status.PUBLISHED,
)
# The side of a match the enterprise owns, per view: its needs, or its offers.
OWN_SIDE = {"offers": "demand", "enterprises": "supply"}
VIEW_OF_SIDE: dict[str, str] = {Side.DEMAND: "offers", Side.SUPPLY: "enterprises"}


def _recommended() -> QuerySet[Match]:
    return Match.objects.filter(RECOMMENDED)


def recommended_offers(enterprise_id: int, *, need_id: int | None = None) -> QuerySet[Match]:
    """Offers recommended for the enterprise's published funding needs (of one need if given), best
    first: the match's supply is the offer, its demand the enterprise's need."""
    matches = match_queryset().filter(RECOMMENDED, demand__enterprise_id=enterprise_id)
    if need_id is not None:
        matches = matches.filter(demand_id=need_id)
    return matches.order_by("-score", "-id")


def recommended_enterprises(institution_id: int, *, offer_id: int | None = None) -> QuerySet[Match]:
    """Enterprises whose published funding needs are recommended for the institution's offers (of one
    offer if given), best first: the match's demand is the enterprise's need."""
    matches = match_queryset().filter(RECOMMENDED, supply__enterprise_id=institution_id)
    if offer_id is not None:
        matches = matches.filter(supply_id=offer_id)
    return matches.order_by("-score", "-id")


def listings_with_recommendations(enterprise_id: int, view: str) -> list[tuple[int, str, int]]:
    """The enterprise's needs (`view` "offers") or offers ("enterprises") that have recommendations:
    (listing id, title, how many), by title, in one query."""
    side = OWN_SIDE[view]
    rows = (
        _recommended()
        .filter(**{f"{side}__enterprise_id": enterprise_id})
        .order_by()
        .values_list(f"{side}_id", f"{side}__title")
        .annotate(n=Count("id"))
    )
    return sorted(((pk, title, n) for pk, title, n in rows), key=lambda row: (row[1], row[0]))


def funding_sides_of(enterprise_id: int) -> set[str]:
    """Which views concern the enterprise: "offers" when it has published funding needs, "enterprises"
    when it has published financing offers; in one query."""
    sides = (
        Listing.objects.filter(
            enterprise_id=enterprise_id, kind=Kind.FUNDING, status=Listing.Status.PUBLISHED
        )
        .order_by()
        .values_list("side", flat=True)
        .distinct()
    )
    return {VIEW_OF_SIDE[side] for side in sides}
