"""What the order, quote and licence pages share: business that starts from an approved match."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from listings.choices import Kind, Side
from listings.models import Listing
from matching.follow_ups import FollowUp
from matching.models import Match
from orders.models import QuoteRequest


def approved_match(request: HttpRequest, listing: Listing, enterprise_id: int) -> Match | None:
    """The approved match named by `?match=` (or a form's hidden field) between this listing and one of
    the member's enterprise's listings; anything else is ignored."""
    raw = request.POST.get("match") or request.GET.get("match") or ""
    if not raw.isdigit():
        return None
    match = Match.objects.select_related("supply", "demand").filter(pk=int(raw)).first()
    if match is None or match.status != Match.Status.APPROVED:
        return None
    other = {match.supply_id: match.demand, match.demand_id: match.supply}.get(listing.pk)
    return match if other is not None and other.enterprise_id == enterprise_id else None


def match_follow_ups(match: Match, own: Listing, other: Listing) -> list[FollowUp]:
    """From an approved match: the buyer orders a product or requests a licence or talent; the
    supplier quotes on a demand open for quotes."""
    if not other.is_published:
        return []
    if own.side == Side.DEMAND and other.kind == Kind.PRODUCT:
        label, url = _("Place an order"), reverse("orders:order_place", args=[other.pk])
    elif own.side == Side.DEMAND and other.kind in (Kind.TECHNOLOGY, Kind.TALENT):
        label = _("Request a licence") if other.kind == Kind.TECHNOLOGY else _("Request talent engagement")
        url = reverse("orders:licence_new", args=[other.pk])
    elif (
        own.side == Side.SUPPLY
        and QuoteRequest.objects.filter(listing=other, status=QuoteRequest.Status.OPEN).exists()
    ):
        label, url = _("Submit a quote"), reverse("orders:quote_submit", args=[other.pk])
    else:
        return []
    return [FollowUp(label, f"{url}?match={match.pk}")]
