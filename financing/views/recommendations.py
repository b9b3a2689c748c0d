"""Recommendations of financing: the offers the matching engine recommends for an enterprise's funding
needs ("Recommended offers", with an Apply button), and the enterprises it recommends for an
institution's offers ("Recommended enterprises"). Best first, with the engine's reasons.

Every row is read through `financing.selectors_recommend`, scoped to the member's own enterprise, so
another enterprise's recommendations are never shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from accounts.models import Membership
from accounts.taxonomy import Theme
from accounts.views import AuthenticatedRequest, member_required
from financing import selectors_recommend as selectors
from listings.models import Listing
from matching.models import Match
from matching.reasons import Reason, match_reasons

PAGE_SIZE = 20
VIEWS = ("offers", "enterprises")


@dataclass(frozen=True)
class Recommendation:
    """A match as the page shows it: the member's own listing (need or offer), the other side's, and
    the reasons in the reader's language."""

    match: Match
    own: Listing
    other: Listing
    reasons: list[Reason]

    @property
    def offer(self) -> Listing:
        return self.match.supply

    @property
    def need(self) -> Listing:
        return self.match.demand


def _views_of(membership: Membership) -> list[str]:
    """The views that concern the enterprise; an institution has its view before its first offer."""
    found = selectors.funding_sides_of(membership.enterprise_id)
    if membership.enterprise.theme == Theme.FINANCIAL_INSTITUTION:
        found.add("enterprises")
    return [view for view in VIEWS if view in found] or ["offers"]


@member_required
def recommended(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """Recommended offers for the enterprise's funding needs, or recommended enterprises for the
    institution's offers (`?view=`), optionally of one of its listings (`?listing=`)."""
    enterprise_id = membership.enterprise_id
    views = _views_of(membership)
    view = request.GET.get("view", "")
    if view not in views:
        view = views[0]
    listings = selectors.listings_with_recommendations(enterprise_id, view)
    selected = request.GET.get("listing", "")
    listing_id = int(selected) if selected.isdigit() else None
    if listing_id not in {pk for pk, _title, _n in listings}:
        listing_id, selected = None, ""
    if view == "offers":
        matches = selectors.recommended_offers(enterprise_id, need_id=listing_id)
    else:
        matches = selectors.recommended_enterprises(enterprise_id, offer_id=listing_id)
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        Recommendation(
            match=match,
            own=match.demand if view == "offers" else match.supply,
            other=match.supply if view == "offers" else match.demand,
            reasons=[reason for reason in match_reasons(match) if reason.reason],
        )
        for match in page.object_list
    ]
    context = {
        "enterprise": membership.enterprise,
        "views": views,
        "view": view,
        "listings": listings,
        "selected": selected,
        "total": sum(n for _pk, _title, n in listings),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": rows,
    }
    return render(request, "financing/recommendations/list.html", context)
