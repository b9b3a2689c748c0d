"""Recommended offers for an enterprise's funding needs, and recommended enterprises for an institution's
offers: the right matches to the right people, best first, with the reasons and the Apply link."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Enterprise, User
from accounts.taxonomy import Segment, Theme
from listings.choices import Kind, codes_field
from listings.models import Listing
from matching.models import Match
from matching.services import matching
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    FundingOfferFactory,
    MatchFactory,
    MembershipFactory,
    region,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("financing:recommended")
Status = Match.Status


def funding_need(enterprise: Enterprise, title: str, **fields: Any) -> Listing:
    """A published funding demand: a loan of CNY 5 million over 24 months."""
    values: dict[str, Any] = {
        "enterprise": enterprise,
        "kind": Kind.FUNDING,
        "title": title,
        "description": "为扩充产线采购设备，申请流动资金贷款，期限 24 个月。",
        "category": "流动资金贷款",
        "quantity": None,
        "unit": "",
        "price_min": None,
        "price_max": None,
        "funding_amount": Decimal("5000000"),
        "funding_term_months": 24,
        "funding_instrument": "loan",
        **fields,
    }
    return DemandListingFactory(**values)


def breakdown(amount_en: str) -> list[dict[str, Any]]:
    return [
        {
            "feature": "amount",
            "value": 1.0,
            "weight": 0.05,
            "reason_zh": "额度 100–1,000 万元，覆盖所需 500 万元",
            "reason_en": amount_en,
            "miss": "",
        },
        {
            "feature": "eligibility",
            "value": 1.0,
            "weight": 0.03,
            "reason_zh": "符合准入条件：零部件企业",
            "reason_en": "eligible: component maker",
            "miss": "",
        },
    ]


def browser(user: User | None = None, language: str = "en") -> Client:
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def world() -> dict[str, Any]:
    """A component maker with a funding need, a bank with two offers, and a second enterprise and bank."""
    maker = EnterpriseFactory(theme=Theme.COMPONENT_MAKER, name_en="Hefei Hengyuan E-Drive")
    other = EnterpriseFactory(theme=Theme.COMPONENT_MAKER, name_en="Suzhou Other Parts")
    bank = EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION, name_en="Huishang Bank Hefei")
    other_bank = EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION, name_en="Another Bank")
    need = funding_need(maker, "电驱产线流动资金贷款 500 万元")
    others_need = funding_need(other, "别家的融资需求")
    loan = FundingOfferFactory(enterprise=bank, title="科技型企业流动资金贷款")
    scf = FundingOfferFactory(enterprise=bank, title="供应链金融订单贷")
    rejected = FundingOfferFactory(enterprise=bank, title="被驳回的产品")
    stale = FundingOfferFactory(enterprise=bank, title="已下架的产品")
    foreign = FundingOfferFactory(enterprise=other_bank, title="另一家银行的贷款")
    matches = {
        "loan": MatchFactory(
            supply=loan, demand=need, score=0.91, breakdown=breakdown("covers CNY 5,000,000")
        ),
        "scf": MatchFactory(
            supply=scf, demand=need, score=0.72, status=Status.APPROVED, reviewed_at=need.created_at
        ),
        "rejected": MatchFactory(
            supply=rejected, demand=need, score=0.95, status=Status.REJECTED, reviewed_at=need.created_at
        ),
        "stale": MatchFactory(supply=stale, demand=need, score=0.99, stale=True),
        "others": MatchFactory(supply=loan, demand=others_need, score=0.80),
        "foreign": MatchFactory(supply=foreign, demand=others_need, score=0.85),
    }
    people = {
        name: MembershipFactory(enterprise=enterprise).user
        for name, enterprise in (
            ("maker", maker),
            ("other", other),
            ("bank", bank),
            ("other_bank", other_bank),
        )
    }
    return {"need": need, "loan": loan, "scf": scf, "matches": matches, "people": people}


def test_an_enterprise_sees_the_offers_recommended_for_its_needs_best_first(world: dict[str, Any]) -> None:
    page = html(browser(world["people"]["maker"]).get(PAGE))

    # Proposed and approved recommendations show, the better first; rejected, stale and others' never
    assert "Recommended offers" in page
    assert page.index("科技型企业流动资金贷款") < page.index("供应链金融订单贷")
    assert "91%" in page and "72%" in page
    for absent in ("被驳回的产品", "已下架的产品", "另一家银行的贷款", "别家的融资需求"):
        assert absent not in page
    # With the reasons, the offer's terms and the Apply link carrying the offer and the match
    assert "covers CNY 5,000,000" in page
    assert "<strong>Eligibility</strong>: eligible: component maker" in page
    assert "Huishang Bank Hefei" in page and "电驱产线流动资金贷款 500 万元" in page
    loan, match = world["loan"], world["matches"]["loan"]
    assert f'{reverse("financing:apply")}?offer={loan.pk}&amp;match={match.pk}">Apply for this offer' in page


def test_reasons_are_in_the_readers_language(world: dict[str, Any]) -> None:
    page = html(browser(world["people"]["maker"], language="zh-hans").get(PAGE))
    assert "额度 100–1,000 万元，覆盖所需 500 万元" in page and "符合准入条件：零部件企业" in page


def test_another_enterprise_sees_none_of_mine(world: dict[str, Any]) -> None:
    page = html(browser(world["people"]["other"]).get(PAGE))
    assert "别家的融资需求" in page and "另一家银行的贷款" in page
    assert "电驱产线流动资金贷款 500 万元" not in page and "供应链金融订单贷" not in page
    # Asking for my need's recommendations by id shows all of its own instead, never mine
    page = html(browser(world["people"]["other"]).get(PAGE, {"listing": world["need"].pk}))
    assert "电驱产线流动资金贷款" not in page


def test_an_institution_sees_the_enterprises_recommended_for_its_offers(world: dict[str, Any]) -> None:
    page = html(browser(world["people"]["bank"]).get(PAGE))

    assert "Recommended enterprises" in page
    assert page.index("电驱产线流动资金贷款 500 万元") < page.index("别家的融资需求")
    assert "Hefei Hengyuan E-Drive" in page and "Suzhou Other Parts" in page
    assert "5,000,000" in page and "24 months" in page
    assert reverse("listings:detail", args=[world["need"].pk]) in page
    assert "另一家银行的贷款" not in page and "被驳回的产品" not in page
    assert "?offer=" not in page  # institutions do not apply


def test_an_institution_filters_by_one_of_its_offers_and_never_sees_another_banks(
    world: dict[str, Any],
) -> None:
    page = html(browser(world["people"]["bank"]).get(PAGE, {"listing": world["scf"].pk}))
    assert "电驱产线流动资金贷款 500 万元" in page and "别家的融资需求" not in page

    page = html(browser(world["people"]["other_bank"]).get(PAGE))
    assert "别家的融资需求" in page and "电驱产线流动资金贷款 500 万元" not in page
    assert "科技型企业流动资金贷款" not in page


def test_an_enterprise_without_needs_is_invited_to_publish_one(db: None) -> None:
    user = MembershipFactory().user
    page = html(browser(user).get(PAGE))
    assert "No recommended offer yet" in page
    assert reverse("listings:create", args=["demand", "funding"]) in page


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = browser().get(PAGE)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_page_reads_a_bounded_number_of_queries(
    world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    # Given many more recommendations for the same need
    bank = world["loan"].enterprise
    for n in range(15):
        MatchFactory(supply=FundingOfferFactory(enterprise=bank, title=f"贷款产品 {n}"), demand=world["need"])
    client = browser(world["people"]["maker"])
    client.get(PAGE)  # the session, the region table and the translation are read once

    with django_assert_max_num_queries(10):
        page = html(client.get(PAGE))
    assert page.count('class="card match-card"') == 17


def test_the_engine_recommends_eligible_offers_and_never_an_offer_that_excludes_the_enterprise(
    db: None,
) -> None:
    # Given a component maker in Hefei that needs a loan, and offers of every fit
    maker = EnterpriseFactory(theme=Theme.COMPONENT_MAKER, region=region("340100"))
    bank = EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION, region=region("340100"))
    user = MembershipFactory(enterprise=maker).user
    for title, terms in (
        (
            "合肥科技型企业流动资金贷款（零部件企业）",
            {"funding_eligible_themes": codes_field([Theme.COMPONENT_MAKER])},
        ),
        (
            "合肥科技型企业流动资金贷款（小额）",
            {"funding_eligible_themes": "", "funding_amount_max": Decimal("2000000")},
        ),
        (
            "合肥科技型企业流动资金贷款（整车企业）",
            {"funding_eligible_themes": codes_field([Theme.VEHICLE_MAKER])},
        ),
        ("合肥科技型企业流动资金贷款（江苏）", {"funding_eligible_provinces": codes_field(["320000"])}),
        (
            "合肥科技型企业流动资金贷款（电池）",
            {"funding_eligible_segments": codes_field([Segment.POWER_BATTERY])},
        ),
    ):
        FundingOfferFactory(
            enterprise=bank,
            region=region("340100"),
            title=title,
            category="流动资金贷款",
            description="面向合肥新能源汽车零部件企业的流动资金贷款，随借随还。",
            funding_instrument="loan",
            **terms,
        )
    need = funding_need(
        maker,
        "合肥电驱企业流动资金贷款需求",
        segment=Segment.ELECTRIC_DRIVE,
        region=region("340100"),
        description="合肥电驱零部件企业申请流动资金贷款 500 万元，期限 24 个月，随借随还。",
    )

    # When the need is matched (as on publication)
    matching.match_listing(listing_id=need.pk)

    # Then the eligible offers are recommended, the in-range one first, and the excluding ones never
    page = html(browser(user).get(PAGE))
    assert page.index("（零部件企业）") < page.index("（小额）")
    for excluded in ("（整车企业）", "（江苏）", "（电池）"):
        assert excluded not in page
    assert "eligible: component maker" in page
    assert "up to CNY 2,000,000 for CNY 5,000,000 needed (far off)" in page
    assert Match.objects.filter(demand=need).count() == 2
