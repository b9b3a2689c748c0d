"""From an approved match, "My matches" offers the next step of business, pre-filled from the match."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Membership
from accounts.taxonomy import Theme
from listings.choices import Kind
from matching.models import Match
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    MatchFactory,
    MembershipFactory,
    QuoteRequestFactory,
)

pytestmark = pytest.mark.django_db


def approved(**kwargs: Any) -> Match:
    return MatchFactory(status=Match.Status.APPROVED, reviewed_at=timezone.now(), **kwargs)


def page_for(client: Any, membership: Membership) -> str:
    client.force_login(membership.user)
    client.cookies["django_language"] = "en"
    return client.get("/matches/").content.decode()


def test_the_buyer_is_offered_an_order_prefilled_from_the_match(client: Any) -> None:
    buyer = MembershipFactory(enterprise=EnterpriseFactory(theme=Theme.VEHICLE_MAKER))
    match = approved(demand=DemandListingFactory(enterprise=buyer.enterprise))

    page = page_for(client, buyer)

    assert f"/listings/{match.supply_id}/order/?match={match.pk}" in page
    form = client.get(f"/listings/{match.supply_id}/order/?match={match.pk}").content.decode()
    assert f'name="match" value="{match.pk}"' in form


def test_the_supplier_is_offered_a_quote_only_while_the_demand_is_open_for_quotes(client: Any) -> None:
    supplier = MembershipFactory()
    match = approved(supply=ListingFactory(enterprise=supplier.enterprise))
    assert "/quote/?match=" not in page_for(client, supplier)

    QuoteRequestFactory(listing=match.demand)
    assert f"/listings/{match.demand_id}/quote/?match={match.pk}" in page_for(client, supplier)


def test_a_technology_match_offers_a_licence_request(client: Any) -> None:
    buyer = MembershipFactory(enterprise=EnterpriseFactory(theme=Theme.VEHICLE_MAKER))
    technology = ListingFactory(
        kind=Kind.TECHNOLOGY,
        enterprise=EnterpriseFactory(theme=Theme.UNIVERSITY),
        quantity=None,
        unit="",
        min_order_quantity=None,
        lead_time_days=None,
        tech_trl=6,
    )
    match = approved(
        supply=technology, demand=DemandListingFactory(enterprise=buyer.enterprise, kind=Kind.TECHNOLOGY)
    )
    assert f"/listings/{technology.pk}/request/?match={match.pk}" in page_for(client, buyer)
