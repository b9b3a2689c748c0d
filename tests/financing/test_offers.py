"""The financing offers catalogue, on its page and in the API: which offers an enterprise sees, and how it
narrows them by the amount and term it needs, what it is eligible for and the instrument."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Enterprise, Membership
from accounts.taxonomy import Theme
from listings.choices import Kind
from listings.models import Listing
from tests.conftest import client_for
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    FinancingApplicationFactory,
    FundingOfferFactory,
    ListingFactory,
    MembershipFactory,
    region,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/financing/offers/"
PAGE = reverse("financing:offers")


@pytest.fixture
def client() -> Client:
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def bank() -> Enterprise:
    return EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION, segments=["complete_vehicle"])


def offer(bank: Enterprise, **terms: Any) -> Listing:
    """A published offer of the bank: 1-10 million CNY, 6-36 months, open to every enterprise."""
    defaults: dict[str, Any] = {"enterprise": bank, "funding_eligible_themes": ""}
    return FundingOfferFactory(**(defaults | terms))


def api_ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def page_ids(response: Any) -> set[int]:
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'id="offer-(\d+)-title"', response.content.decode())}


def both(client: Client, api: APIClient, params: dict[str, Any]) -> set[int]:
    """The offers the page and the API list for these filters (asserted to be the same)."""
    on_page = page_ids(client.get(PAGE, params))
    assert api_ids(api.get(API, params)) == on_page
    return on_page


# ---------------------------------------------------------------------------------------------------
# What is shown


def test_only_published_offers_of_verified_institutions_are_shown(client: Client, bank: Enterprise) -> None:
    # given an offer, and listings that are not offers or not published
    shown = offer(bank)
    offer(bank, status=Listing.Status.DRAFT, published_at=None)
    offer(bank, status=Listing.Status.PENDING_REVIEW, published_at=None)
    offer(bank, status=Listing.Status.CLOSED)
    offer(bank, valid_until=timezone.localdate() - datetime.timedelta(days=1))
    offer(EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION, status=Enterprise.Status.PENDING))
    ListingFactory()  # a product
    DemandListingFactory(  # a funding need
        kind=Kind.FUNDING,
        quantity=None,
        unit="",
        price_min=None,
        price_max=None,
        funding_amount=Decimal("3000000"),
        funding_term_months=12,
        funding_instrument="loan",
    )
    # then anyone sees only the offer, on the page and in the API
    assert both(client, APIClient(), {}) == {shown.pk}


def test_the_api_reads_an_offer_with_its_terms_to_anyone(bank: Enterprise) -> None:
    shown = offer(bank, funding_eligible_segments=",power_battery,", funding_eligible_provinces=",340000,")
    response = APIClient().get(f"{API}{shown.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["institution"] == {
        "id": bank.pk,
        "name_zh": bank.name_zh,
        "name_en": bank.name_en,
        "region": bank.region.display_name,
        "verified": True,
    }
    assert (body["amount_min"], body["amount_max"]) == ("1000000.00", "10000000.00")
    assert (body["term_min_months"], body["term_max_months"]) == (6, 36)
    assert (body["rate_min"], body["rate_max"], body["decision_days"]) == ("3.50", "6.00", 10)
    assert body["instrument"] == "supply_chain_finance"
    assert body["eligible_segments"] == ["power_battery"] and body["eligible_provinces"] == ["340000"]
    assert body["eligible_themes"] == []
    assert body["required_documents"] == ["business_licence", "financial_statements"]
    assert body["apply_url"] == f"/financing/apply/?offer={shown.pk}"
    assert "6–36 months" in body["terms"] and "3.5–6.0% a year" in body["terms"]


def test_an_unpublished_offer_or_a_product_is_not_found_in_the_api(bank: Enterprise) -> None:
    draft = offer(bank, status=Listing.Status.DRAFT, published_at=None)
    product = ListingFactory()
    for pk in (draft.pk, product.pk):
        assert APIClient().get(f"{API}{pk}/").status_code == 404
    # not even for the institution that wrote the draft
    member = MembershipFactory(enterprise=bank)
    assert client_for(member.user).get(f"{API}{draft.pk}/").status_code == 404


def test_the_api_is_in_the_schema() -> None:
    schema = APIClient().get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/financing/offers/" in paths and "/api/v1/financing/offers/{id}/" in paths
    names = {p["name"] for p in paths["/api/v1/financing/offers/"]["get"]["parameters"]}
    assert {"amount", "term", "eligible", "instrument", "segment", "province", "sort"} <= names


# ---------------------------------------------------------------------------------------------------
# Filters


def test_the_amount_i_need_must_lie_within_the_offer_range(client: Client, bank: Enterprise) -> None:
    small = offer(bank)  # 1-10 million
    large = offer(bank, funding_amount=Decimal("20000000"), funding_amount_max=Decimal("50000000"))
    up_to = offer(bank, funding_amount=Decimal("5000000"), funding_amount_max=None)  # "up to 5 million"
    api = APIClient()
    assert both(client, api, {"amount": "5000000"}) == {small.pk, up_to.pk}
    assert both(client, api, {"amount": "500000"}) == {up_to.pk}  # under the floor of the others
    assert both(client, api, {"amount": "1000000"}) == {small.pk, up_to.pk}  # the bounds count
    assert both(client, api, {"amount": "50000000"}) == {large.pk}
    assert both(client, api, {"amount": "15000000"}) == set()


def test_the_term_i_need_must_lie_within_the_offer_range(client: Client, bank: Enterprise) -> None:
    ranged = offer(bank)  # 6-36 months
    up_to = offer(bank, funding_term_months=12, funding_term_max_months=None)  # "up to 12 months"
    api = APIClient()
    assert both(client, api, {"term": "12"}) == {ranged.pk, up_to.pk}
    assert both(client, api, {"term": "3"}) == {up_to.pk}
    assert both(client, api, {"term": "24"}) == {ranged.pk}
    assert both(client, api, {"term": "48"}) == set()


def test_eligible_for_my_enterprise_checks_its_theme_segments_and_province(
    client: Client, bank: Enterprise
) -> None:
    # given a component maker in power batteries and electric drives, registered in Hefei (Anhui)
    maker = EnterpriseFactory(segments=["power_battery", "electric_drive"], region=region("340100"))
    member = MembershipFactory(enterprise=maker)
    open_to_all = offer(bank)
    for_makers = offer(bank, funding_eligible_themes=",component_maker,")
    for_one_segment = offer(bank, funding_eligible_segments=",electric_drive,chassis_body,")
    in_anhui = offer(bank, funding_eligible_provinces=",340000,320000,")
    offer(bank, funding_eligible_themes=",vehicle_maker,aftermarket,")
    offer(bank, funding_eligible_segments=",chassis_body,")
    offer(bank, funding_eligible_provinces=",320000,")
    eligible = {open_to_all.pk, for_makers.pk, for_one_segment.pk, in_anhui.pk}
    # when its member asks for what it may apply for
    client.force_login(member.user)
    assert both(client, client_for(member.user), {"eligible": "true"}) == eligible
    # the page's checkbox sends "on"
    assert page_ids(client.get(PAGE, {"eligible": "on"})) == eligible
    # and an anonymous visitor has no enterprise to be eligible as: the filter does not apply
    assert len(api_ids(APIClient().get(API, {"eligible": "true"}))) == 7


def test_cards_tell_a_member_whether_its_enterprise_is_eligible(client: Client, bank: Enterprise) -> None:
    member = MembershipFactory(enterprise=EnterpriseFactory(segments=["power_battery"]))
    offer(bank, title="面向零部件企业的贷款", funding_eligible_themes=",component_maker,")
    offer(bank, title="面向主机厂的贷款", funding_eligible_themes=",vehicle_maker,")
    client.force_login(member.user)
    page = client.get(PAGE).content.decode()
    cards = {card.split('id="offer-')[1].split('"')[0]: card for card in page.split("<article")[1:]}
    makers = next(card for card in cards.values() if "面向零部件企业的贷款" in card)
    vehicles = next(card for card in cards.values() if "面向主机厂的贷款" in card)
    assert "Your enterprise is eligible" in makers and "Component enterprise" in makers
    assert "Not for your enterprise" in vehicles and "Complete-vehicle enterprise" in vehicles


def test_segment_and_province_keep_the_offers_open_to_them(client: Client, bank: Enterprise) -> None:
    everyone = offer(bank)
    batteries = offer(bank, funding_eligible_segments=",power_battery,")
    chassis = offer(bank, funding_eligible_segments=",chassis_body,", funding_eligible_provinces=",320000,")
    api = APIClient()
    assert both(client, api, {"segment": "power_battery"}) == {everyone.pk, batteries.pk}
    assert both(client, api, {"segment": "chassis_body"}) == {everyone.pk, chassis.pk}
    assert both(client, api, {"province": "340000"}) == {everyone.pk, batteries.pk}
    assert both(client, api, {"province": "320000", "segment": "chassis_body"}) == {everyone.pk, chassis.pk}


def test_instrument_filters_by_one_or_several(client: Client, bank: Enterprise) -> None:
    scf = offer(bank)
    lease = offer(bank, funding_instrument="lease")
    equity = offer(bank, funding_instrument="equity")
    api = APIClient()
    assert both(client, api, {"instrument": "lease"}) == {lease.pk}
    assert both(client, api, {"instrument": ["equity", "supply_chain_finance"]}) == {equity.pk, scf.pk}


def test_filters_combine_and_sort_orders(bank: Enterprise) -> None:
    cheap = offer(bank, funding_rate_min=Decimal("2.8"), funding_decision_days=20)
    fast = offer(bank, funding_rate_min=Decimal("4.5"), funding_decision_days=2)
    offer(bank, funding_instrument="lease")
    api = APIClient()
    rate = api.get(API, {"instrument": "supply_chain_finance", "amount": "2000000", "sort": "rate"})
    assert [item["id"] for item in rate.json()["results"]] == [cheap.pk, fast.pk]
    decision = api.get(API, {"instrument": "supply_chain_finance", "sort": "decision"})
    assert [item["id"] for item in decision.json()["results"]] == [fast.pk, cheap.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"amount": "lots"}, "amount"), ({"term": "0"}, "term"), ({"instrument": "gold"}, "instrument")],
)
def test_a_bad_filter_is_a_400_in_the_api_and_a_notice_on_the_page(
    client: Client, bank: Enterprise, params: dict[str, str], field: str
) -> None:
    offer(bank)
    response = APIClient().get(API, params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    page = client.get(PAGE, params)
    assert page.status_code == 200
    assert "Some filters were not understood" in page.content.decode()


# ---------------------------------------------------------------------------------------------------
# The page


def test_a_card_shows_the_institution_the_terms_and_an_apply_button(client: Client, bank: Enterprise) -> None:
    shown = offer(bank, funding_eligible_provinces=",340000,")
    page = client.get(PAGE).content.decode()
    assert bank.display_name in page
    for text in ("¥1,000,000–10,000,000", "6–36 months", "3.5–6.0% a year", "10 days", "Anhui"):
        assert text in page, text
    assert "Business licence, Financial statements (3 years)" in page
    assert f'href="/financing/apply/?offer={shown.pk}"' in page


def test_an_institution_sees_its_own_offer_without_an_apply_button(client: Client, bank: Enterprise) -> None:
    own = offer(bank)
    other = offer(EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION))
    member = MembershipFactory(enterprise=bank, role=Membership.Role.MEMBER)
    client.force_login(member.user)
    page = client.get(PAGE).content.decode()
    assert f"?offer={own.pk}" not in page and f"?offer={other.pk}" in page
    assert "Your offer" in page


def test_the_page_shows_twelve_offers_a_page_newest_first(client: Client, bank: Enterprise) -> None:
    now = timezone.now()
    offers = [offer(bank, published_at=now - datetime.timedelta(hours=n)) for n in range(14)]
    first = client.get(PAGE)
    assert page_ids(first) == {o.pk for o in offers[:12]}
    assert "<strong>14</strong> offers found" in first.content.decode()
    assert page_ids(client.get(PAGE, {"page": 2})) == {o.pk for o in offers[12:]}


def test_an_empty_result_says_so_and_offers_to_clear(client: Client, bank: Enterprise) -> None:
    offer(bank)
    page = client.get(PAGE, {"amount": "999999999"}).content.decode()
    assert "No offer matches these filters." in page and "Clear the filters" in page


def test_the_list_runs_a_fixed_number_of_queries(
    bank: Enterprise, django_assert_max_num_queries: Any
) -> None:
    for n in range(10):
        offer(EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION) if n % 2 else bank)
    member = MembershipFactory(enterprise=EnterpriseFactory())
    api = client_for(member.user)
    with django_assert_max_num_queries(8):
        assert len(api_ids(api.get(API, {"eligible": "true"}))) == 10
    client = Client()
    client.force_login(member.user)
    with django_assert_max_num_queries(14):
        assert len(page_ids(client.get(PAGE, {"eligible": "on"}))) == 10


# ---------------------------------------------------------------------------------------------------
# The panel on an offer's page


def test_an_offers_page_invites_to_apply_each_visitor_as_fits(client: Client, bank: Enterprise) -> None:
    shown = offer(bank, funding_eligible_themes=",component_maker,")
    url = reverse("listings:detail", args=[shown.pk])
    apply = f'href="/financing/apply/?offer={shown.pk}"'
    # an anonymous visitor is asked to sign in
    page = client.get(url).content.decode()
    assert "Financing offer" in page and "Sign in to apply" in page and apply not in page
    # a component maker may apply; a vehicle maker is told the offer is not for it
    maker = MembershipFactory(enterprise=EnterpriseFactory())
    client.force_login(maker.user)
    page = client.get(url).content.decode()
    assert apply in page and "Your enterprise is eligible" in page
    vehicles = MembershipFactory(enterprise=EnterpriseFactory(theme=Theme.VEHICLE_MAKER))
    client.force_login(vehicles.user)
    assert "Not for your enterprise" in client.get(url).content.decode()
    # the institution sees the applications waiting for it instead
    FinancingApplicationFactory(offer=shown, applicant=maker.enterprise)
    client.force_login(MembershipFactory(enterprise=bank, role=Membership.Role.MEMBER).user)
    page = client.get(url).content.decode()
    assert "1 application awaits your review." in page and apply not in page


def test_no_offer_panel_on_a_product_or_a_draft_offer(client: Client, bank: Enterprise) -> None:
    member = MembershipFactory(enterprise=bank)
    client.force_login(member.user)
    draft = offer(bank, status=Listing.Status.DRAFT, published_at=None)
    for listing in (draft, ListingFactory()):
        page = client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
        assert "offer-panel-title" not in page
