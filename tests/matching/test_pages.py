"""The "My matches" page as the members of a supplier and a buyer use it: their approved matches, best
first, with the reasons, and the Contact button that shows the other side's contact details."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from matching.models import Match
from tests.factories import DemandListingFactory, ListingFactory, UserFactory
from tests.matching.parties import Parties, make_parties

pytestmark = pytest.mark.django_db

PAGE = reverse("matching:mine")
Status = Match.Status


@pytest.fixture
def p() -> Parties:
    return make_parties()


def browser(user: User | None = None, language: str = "en") -> Client:
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def contact_url(match: Match) -> str:
    return reverse("matching:contact", args=[match.pk])


def test_members_see_their_approved_matches_best_first_with_reasons(p: Parties) -> None:
    # Given two approved matches of the supplier's listings, and matches the supplier must not see
    best = p.match(status=Status.APPROVED, score=0.93)
    second_demand = DemandListingFactory(enterprise=p.buyer, title="采购商用车电池包")
    p.match(demand=second_demand, status=Status.APPROVED, score=0.71)
    p.match(demand=DemandListingFactory(title="待审核的需求"), score=0.99)
    p.match(demand=DemandListingFactory(title="已过时的需求"), status=Status.APPROVED, stale=True)
    p.match(supply=ListingFactory(), demand=DemandListingFactory(title="别家的需求"), status=Status.APPROVED)

    page = html(browser(p.supplier_member.user).get(PAGE))

    # Then the two show, the better first, each with the buyer's card, the score and the reasons
    assert page.index("采购储能电芯 280Ah") < page.index("采购商用车电池包")
    assert "Nanjing Vehicles Co." in page and "Nanjing, Jiangsu" in page and "93%" in page and "71%" in page
    assert "same city" in page and "holds IATF 16949" in page and "price ranges overlap 80%" in page
    assert "lead time 45 days exceeds 30 (a little off)" in page
    assert f'id="match-{best.pk}"' in page
    for hidden in ("待审核的需求", "已过时的需求", "别家的需求"):
        assert hidden not in page
    # and no contact details until they ask for them
    assert "buy@vehicles.example.com" not in page and contact_url(best) in page


def test_the_buyer_sees_the_supply_as_the_other_side_in_chinese(p: Parties) -> None:
    p.match(status=Status.APPROVED)
    page = html(browser(p.buyer_owner.user, language="zh-hans").get(PAGE))
    assert "方形磷酸铁锂电芯 280Ah" in page and "合肥国轩电芯有限公司" in page and "安徽省 合肥市" in page
    assert "同城" in page and "持有 IATF 16949" in page and "价格区间重叠 80%" in page


def test_matches_can_be_shown_for_one_listing(p: Parties) -> None:
    p.match(status=Status.APPROVED)
    other_supply = ListingFactory(enterprise=p.supplier, title="圆柱电芯 21700")
    p.match(supply=other_supply, demand=DemandListingFactory(title="采购圆柱电芯"), status=Status.APPROVED)
    client = browser(p.supplier_owner.user)

    everything = html(client.get(PAGE))
    assert "采购储能电芯 280Ah" in everything and "采购圆柱电芯" in everything
    assert f"?listing={other_supply.pk}" in everything  # a tab per listing with matches

    one = html(client.get(PAGE, {"listing": other_supply.pk}))
    assert "采购圆柱电芯" in one and "采购储能电芯 280Ah" not in one

    # A listing of another enterprise is no filter at all
    foreign = html(client.get(PAGE, {"listing": DemandListingFactory().pk}))
    assert "采购储能电芯 280Ah" in foreign and "采购圆柱电芯" in foreign


def test_contact_records_the_step_and_shows_the_other_sides_details(p: Parties) -> None:
    match = p.match(status=Status.APPROVED)
    client = browser(p.buyer_owner.user)

    response = client.post(contact_url(match), {"next": f"{PAGE}?listing={p.demand.pk}"})

    # Then the buyer is back on the page at the match, and the step is recorded with its actor
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?listing={p.demand.pk}#match-{match.pk}"
    match.refresh_from_db()
    assert match.contacted_at is not None
    assert match.events.get().actor == p.buyer_owner.user
    page = html(client.get(response["Location"]))
    assert "The contact details of Hefei Cells Co. are shown with the match." in page
    assert "王经理" in page and "0551-6000 1234" in page and "sales@cells.example.com" in page


def test_contacting_twice_keeps_the_first_time(p: Parties) -> None:
    match = p.match(status=Status.APPROVED)
    browser(p.buyer_owner.user).post(contact_url(match))
    match.refresh_from_db()
    first = match.contacted_at

    browser(p.supplier_member.user).post(contact_url(match))

    match.refresh_from_db()
    assert match.contacted_at == first and match.events.count() == 1


def test_an_outsider_cannot_contact_through_a_match(p: Parties) -> None:
    match = p.match(status=Status.APPROVED)
    proposal = p.match(supply=ListingFactory(enterprise=p.supplier))

    assert browser(p.outsider.user).post(contact_url(match)).status_code == 404
    # and a party cannot contact through a proposal the office has not approved
    assert browser(p.supplier_owner.user).post(contact_url(proposal)).status_code == 404

    for m in (match, proposal):
        m.refresh_from_db()
        assert m.contacted_at is None and not m.events.exists()


def test_an_unsafe_next_is_ignored(p: Parties) -> None:
    match = p.match(status=Status.APPROVED)
    response = browser(p.buyer_owner.user).post(contact_url(match), {"next": "https://evil.example.com/"})
    assert response["Location"] == f"{PAGE}#match-{match.pk}"


def test_contact_is_a_post(p: Parties) -> None:
    match = p.match(status=Status.APPROVED)
    assert browser(p.buyer_owner.user).get(contact_url(match)).status_code == 405
    match.refresh_from_db()
    assert match.contacted_at is None


def test_the_page_needs_a_member(p: Parties) -> None:
    anonymous = browser().get(PAGE)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    approved = p.match(status=Status.APPROVED)
    assert browser().post(contact_url(approved)).status_code == 302
    approved.refresh_from_db()
    assert approved.contacted_at is None  # an anonymous visitor records nothing
    without_enterprise = browser(UserFactory()).get(PAGE)
    assert without_enterprise.status_code == 302 and without_enterprise["Location"] == reverse(
        "accounts:dashboard"
    )


def test_an_empty_page_explains_what_comes(p: Parties) -> None:
    page = html(browser(p.outsider.user).get(PAGE))
    assert "No approved match yet." in page


def test_the_navigation_links_to_my_matches(p: Parties) -> None:
    page = html(browser(p.supplier_member.user).get(reverse("listings:mine")))
    assert f'href="{PAGE}"' in page and "My matches" in page
    own = html(browser(p.supplier_member.user).get(PAGE))
    assert f'<a href="{PAGE}" aria-current="page">My matches</a>' in own
