"""A catalogue page's cards (listings.cards) are exactly what ListingSerializer writes, for every reader."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.models import Membership
from listings import selectors
from listings.access import prime_confidential
from listings.attachments import attachment_add
from listings.cards import listing_cards
from listings.choices import Kind
from listings.models import Listing
from listings.serializers import ListingSerializer
from tests.factories import (
    DemandListingFactory,
    FundingOfferFactory,
    ListingFactory,
    MembershipFactory,
    StaffFactory,
    UserFactory,
    region,
)
from tests.uploads import NOT_PRODUCT, pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(owner: Membership) -> list[Listing]:
    """Listings of every kind and shape a page can hold, the first two the owner's."""
    supply = ListingFactory(
        enterprise=owner.enterprise,
        certifications=["IATF 16949*", "ISO 9001"],
        quantity=Decimal("12500.5"),
        price_min=Decimal("0.07"),
        review_note="请补充检测报告",
        submitted_at=timezone.now() - datetime.timedelta(days=3),
    )
    attachment_add(listing=supply, actor=owner.user, file=png(), name="图纸.png")
    attachment_add(listing=supply, actor=owner.user, file=pdf(), name="报价单.pdf", confidential=True)
    negotiable = DemandListingFactory(
        enterprise=owner.enterprise, price_min=None, price_max=None, price_negotiable=True, quantity=None
    )
    technology = ListingFactory(
        kind=Kind.TECHNOLOGY,
        tech_patents="ZL202310000001.2\nZL202310000002.X",
        tech_trl=6,
        tech_transfer_mode="licence",
        tech_field="固态电池",
        **NOT_PRODUCT,
    )
    talent = ListingFactory(
        kind=Kind.TALENT,
        talent_headcount=3,
        talent_skills="BMS, AUTOSAR，功能安全",
        talent_experience_years=5,
        talent_salary_min=Decimal("25000"),
        talent_salary_max=Decimal("40000"),
        talent_work_region=region("320500"),
        published_at=None,
        **NOT_PRODUCT,
    )
    funding = FundingOfferFactory(funding_eligible_provinces=",340000,320000,")
    ids = [supply.pk, negotiable.pk, technology.pk, talent.pk, funding.pk]
    rows = selectors.listing_queryset().in_bulk(ids)
    return [rows[pk] for pk in ids]


def request_of(user: Any) -> Request:
    request = Request(APIRequestFactory().get("/api/v1/listings/"))
    request.user = user
    return request


@pytest.mark.parametrize("reader", ["anonymous", "owner", "another member", "staff"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_cards_are_the_serializers_output_byte_for_byte(
    page: list[Listing], owner: Membership, reader: str, language: str
) -> None:
    user = {
        "anonymous": lambda: AnonymousUser(),
        "owner": lambda: owner.user,
        "another member": lambda: MembershipFactory().user,
        "staff": lambda: StaffFactory(),
    }[reader]()
    context = {"request": request_of(user)}
    prime_confidential(page, user)

    with translation.override(language):
        cards = listing_cards(page, ListingSerializer(context=context))
        expected = ListingSerializer(page, many=True, context=context).data

    assert JSONRenderer().render(cards) == JSONRenderer().render(expected)
    # and what differs by reader does differ: the moderator's note and the confidential attachment
    first = cards[0]
    sees_all = reader in ("owner", "staff")
    assert ("review_note" in first) == sees_all
    assert len(first["attachments"]) == (2 if sees_all else 1)


def test_a_card_holds_every_field_of_the_serializer(page: list[Listing]) -> None:
    context = {"request": request_of(UserFactory())}

    [card] = listing_cards(page[:1], ListingSerializer(context=context))

    assert list(card) == [name for name in ListingSerializer().fields if name != "review_note"]
    assert (card["quantity"], card["price_min"], card["certifications"][0]) == (
        "12500.500",
        "0.07",
        {"standard": "IATF 16949", "mandatory": True},
    )
