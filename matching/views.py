"""The member's matches page: the approved matches of the enterprise's listings, best first, with the
reasons, and a Contact button that records the funnel step and shows the other side's contact details.

A match of another enterprise is looked up through `selectors.matches_of_enterprise(<own enterprise>)`,
so contacting it is a 404 and nothing happens.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership
from accounts.views import AuthenticatedRequest, member_required
from listings.models import Listing
from matching import selectors
from matching.follow_ups import FollowUp, follow_ups
from matching.models import Match, MatchEvent
from matching.reasons import Reason, match_reasons
from matching.services import review
from platform_site.errors import ApplicationError

PAGE_SIZE = 20


@dataclass(frozen=True)
class MatchRow:
    """A match as the page shows it to one enterprise: its own listing, the other side, the reasons."""

    match: Match
    own: Listing
    other: Listing
    reasons: list[Reason]
    follow_ups: list[FollowUp]


def _row(match: Match, enterprise_id: int) -> MatchRow:
    own_is_supply = match.supply.enterprise_id == enterprise_id
    own, other = (match.supply, match.demand) if own_is_supply else (match.demand, match.supply)
    return MatchRow(
        match=match,
        own=own,
        other=other,
        reasons=match_reasons(match),
        follow_ups=follow_ups(match, own, other),
    )


@member_required
def mine(request: AuthenticatedRequest, membership: Membership) -> HttpResponse:
    """The approved matches of the enterprise's listings, best first, optionally of one listing."""
    enterprise_id = membership.enterprise_id
    listings = selectors.listings_with_matches(enterprise_id)
    selected = request.GET.get("listing", "")
    matches = selectors.matches_of_enterprise(enterprise_id)
    if selected.isdigit() and int(selected) in {pk for pk, _title, _n in listings}:
        matches = matches.filter(Q(supply_id=int(selected)) | Q(demand_id=int(selected)))
    else:
        selected = ""
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "enterprise": membership.enterprise,
        "listings": listings,
        "selected": selected,
        "total": sum(n for _pk, _title, n in listings),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": [_row(match, enterprise_id) for match in page.object_list],
    }
    return render(request, "matching/mine.html", context)


def _back(request: AuthenticatedRequest, match: Match) -> str:
    """The page the button was pressed on (when it is of this site), at the match."""
    target = request.POST.get("next", "")
    if not (target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())):
        target = reverse("matching:mine")
    return f"{target}#match-{match.pk}"


@require_POST
@member_required
def contact(request: AuthenticatedRequest, membership: Membership, pk: int) -> HttpResponse:
    """Record that the enterprise contacts the other side of a match, and show that side's contacts."""
    match = get_object_or_404(selectors.matches_of_enterprise(membership.enterprise_id), pk=pk)
    try:
        review.match_record_step(match=match, actor=request.user, step=MatchEvent.Action.CONTACTED)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        other = _row(match, membership.enterprise_id).other
        messages.success(
            request,
            _("The contact details of %(name)s are shown with the match.")
            % {"name": other.enterprise.display_name},
        )
    return redirect(_back(request, match))
