"""The reads behind the queue, the pages and the API: who sees which matches, and the queue's age."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from matching import selectors
from matching.models import Match
from tests.factories import DemandListingFactory, ListingFactory
from tests.matching.parties import Parties, make_parties

pytestmark = pytest.mark.django_db
Status = Match.Status


@pytest.fixture
def p() -> Parties:
    return make_parties()


def test_an_enterprise_sees_approved_current_matches_of_either_side_best_first(p: Parties) -> None:
    as_supplier = p.match(status=Status.APPROVED, score=0.7)
    as_buyer = p.match(
        supply=ListingFactory(),
        demand=DemandListingFactory(enterprise=p.supplier),
        status=Status.APPROVED,
        score=0.9,
    )
    p.match(supply=ListingFactory(enterprise=p.supplier), status=Status.APPROVED, stale=True)
    p.match(supply=ListingFactory(enterprise=p.supplier))

    assert list(selectors.matches_of_enterprise(p.supplier)) == [as_buyer, as_supplier]
    assert list(selectors.matches_of_enterprise(p.buyer.pk)) == [as_supplier]


def test_the_review_queue_is_fresh_proposals_by_score(p: Parties) -> None:
    low = p.match(score=0.6)
    high = p.match(supply=ListingFactory(enterprise=p.supplier), score=0.9)
    p.match(supply=ListingFactory(enterprise=p.supplier), score=0.99, stale=True)
    p.match(supply=ListingFactory(enterprise=p.supplier), status=Status.APPROVED)

    assert list(selectors.match_review_queue()) == [high, low]


def test_the_oldest_pending_age(p: Parties) -> None:
    assert selectors.oldest_pending_age() is None

    now = timezone.now()
    old = p.match()
    Match.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(hours=30))
    p.match(supply=ListingFactory(enterprise=p.supplier))
    stale = p.match(supply=ListingFactory(enterprise=p.supplier), stale=True)
    Match.objects.filter(pk=stale.pk).update(created_at=now - datetime.timedelta(days=9))

    assert selectors.oldest_pending_age(now=now) == datetime.timedelta(hours=30)


def test_a_listings_matches_depend_on_who_asks(p: Parties) -> None:
    approved = p.match(status=Status.APPROVED)
    proposed = p.match(demand=DemandListingFactory(enterprise=p.buyer))

    assert list(selectors.matches_of_listing(p.supply, p.supplier_member.user)) == [approved]
    assert set(selectors.matches_of_listing(p.supply, p.staff)) == {approved, proposed}
    assert not selectors.can_see_matches_of(p.supply, p.buyer_owner.user)
    assert list(selectors.matches_of_listing(p.supply, p.buyer_owner.user)) == []


def test_the_counterpart_of_an_approved_match_is_a_party_to_the_listing(p: Parties) -> None:
    match = p.match()
    assert not selectors.is_party_of_approved_match(p.supply, p.buyer_owner.user)

    Match.objects.filter(pk=match.pk).update(status=Status.APPROVED, reviewed_at=timezone.now())

    assert selectors.is_party_of_approved_match(p.supply, p.buyer_owner.user)
    assert selectors.is_party_of_approved_match(p.demand, p.supplier_member.user)
    assert not selectors.is_party_of_approved_match(p.supply, p.outsider.user)
    assert not selectors.is_party_of_approved_match(p.supply, p.supplier_owner.user)  # its own listing


def test_a_page_of_matches_carries_its_regions(p: Parties, django_assert_num_queries: Any) -> None:
    p.match(status=Status.APPROVED)
    list(selectors.matches_of_enterprise(p.supplier))  # loads the region table once

    with django_assert_num_queries(1), translation.override("zh-hans"):
        match = selectors.matches_of_enterprise(p.supplier)[0]
        names = (match.supply.region.display_name, match.demand.enterprise.region.display_name)

    assert names == ("安徽省 合肥市", "江苏省 南京市")


def test_the_counterpart_of_an_approved_match_sees_the_confidential_attachments(p: Parties) -> None:
    from listings.access import visible_attachments
    from listings.models import ListingAttachment

    ListingAttachment.objects.create(
        listing=p.supply,
        file=f"listings/{p.supply.pk}/drawing.pdf",
        original_name="图纸.pdf",
        content_type="application/pdf",
        file_kind="pdf",
        size=10,
        confidential=True,
    )
    match = p.match()
    assert visible_attachments(p.supply, p.buyer_owner.user) == []  # proposed only: not yet

    Match.objects.filter(pk=match.pk).update(status=Status.APPROVED, reviewed_at=timezone.now())

    assert [a.original_name for a in visible_attachments(p.supply, p.buyer_owner.user)] == ["图纸.pdf"]
    assert visible_attachments(p.supply, p.outsider.user) == []
