"""Matching funds: funding demands meet financing offers with ranges and eligibility.

A small labelled set, made by hand: a component maker in Hefei (power batteries) needs a CNY 5 million
loan over 24 months; banks offer loans of every kind of fit. Eligible, in-range offers come first, an
offer a little out of range next, one far out of range last, and an offer that excludes the enterprise
(another theme, segment or province) or another instrument never.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import numpy as np
import pytest

from accounts.taxonomy import Segment, Theme
from listings.choices import codes_field
from matching import features as f
from matching.catalogue import item_from_listing, load_items
from matching.columns import pair_scores
from matching.engine import Engine, ScoredPair
from matching.evaluation import item_from_record
from matching.items import Item
from matching.models import Match
from matching.reasons import match_reasons
from tests.factories import FundingOfferFactory, region

TITLE = "科技型中小企业流动资金贷款"
TEXT = "面向新能源汽车产业链中小企业的流动资金贷款，用于原材料采购与订单生产，随借随还。"


def offer(key: str, **fields: object) -> Item:
    base: dict[str, object] = {
        "side": "supply",
        "kind": "funding",
        "title": TITLE,
        "description": TEXT,
        "segment": "power_battery",
        "category": "流动资金贷款",
        "region": "340100",  # Hefei
        "theme": "financial_institution",
        "lead_time_days": 10,
        "instrument": "loan",
        "amount": 1_000_000.0,
        "amount_max": 10_000_000.0,
        "term_months": 6,
        "term_max_months": 36,
        "owner": f"bank-{key}",
    }
    return Item(key=key, **{**base, **fields})  # type: ignore[arg-type]


NEED = Item(
    key="need",
    side="demand",
    kind="funding",
    title="流动资金贷款需求 500 万元",
    description="公司为动力电池模组配套企业，为采购原材料申请流动资金贷款 500 万元，期限 24 个月。",
    segment="power_battery",
    category="流动资金贷款",
    region="340100",
    theme="component_maker",
    deadline_days=30,
    amount=5_000_000.0,
    term_months=24,
    instrument="loan",
    owner="maker",
)

# The labelled offers: (key, fields, label). Labels: 2 fits, 1 a little out of range, 0 far out,
# None never proposed.
LABELLED: list[tuple[str, dict[str, object], int | None]] = [
    (
        "for-makers",  # limited to component makers in power batteries in Anhui: all met
        {
            "eligible_themes": ("component_maker",),
            "eligible_segments": ("power_battery", "electric_drive"),
            "eligible_provinces": ("340000",),
        },
        2,
    ),
    ("open", {}, 2),  # open to all, in range
    (
        "ceiling-only",
        {"amount": 20_000_000.0, "amount_max": None, "term_max_months": None, "term_months": 36},
        2,
    ),
    ("a-little-low", {"amount_max": 4_500_000.0}, 1),  # up to 450 万 for 500 万: 0.9 of it
    ("a-little-high-floor", {"amount": 5_500_000.0}, 1),  # from 550 万: the need is 0.91 of it
    ("far-low", {"amount_max": 2_000_000.0}, 0),  # up to 200 万
    ("term-too-long", {"term_months": 48, "term_max_months": 60}, 0),  # at least 48 months for 24
    ("vehicle-makers-only", {"eligible_themes": ("vehicle_maker",)}, None),
    ("drive-segment-only", {"eligible_segments": ("electric_drive",)}, None),
    ("jiangsu-only", {"eligible_provinces": ("320000",)}, None),
    ("equity", {"instrument": "equity"}, None),
]
OFFERS = [offer(key, **fields) for key, fields, _label in LABELLED]
LABELS = {key: label for key, _fields, label in LABELLED}


@pytest.fixture(scope="module")
def ranked() -> list[ScoredPair]:
    return Engine([NEED, *OFFERS]).match(NEED, k=20)


def test_eligible_in_range_offers_first_out_of_range_lower_ineligible_never(ranked: list[ScoredPair]) -> None:
    found = [str(pair.supply) for pair in ranked]
    assert set(found) == {key for key, label in LABELS.items() if label is not None}
    grades = [LABELS[key] for key in found]
    assert grades == sorted(grades, reverse=True)  # type: ignore[type-var]
    # An offer made for enterprises like this one comes before the same offer open to all.
    assert found[0] == "for-makers"
    assert found.index("for-makers") < found.index("open")


def test_a_little_out_of_range_is_mild_far_out_is_severe(ranked: list[ScoredPair]) -> None:
    misses = {str(p.supply): {x.name: x.miss for x in p.features} for p in ranked}
    assert misses["a-little-low"]["amount"] == f.MILD
    assert misses["a-little-high-floor"]["amount"] == f.MILD
    assert misses["far-low"]["amount"] == f.SEVERE
    assert misses["term-too-long"]["term"] == f.SEVERE
    assert misses["open"]["amount"] == misses["open"]["term"] == f.OK


def test_reasons_say_why_in_both_languages(ranked: list[ScoredPair]) -> None:
    reasons = {str(p.supply): {x.name: (x.reason_zh, x.reason_en) for x in p.features} for p in ranked}
    assert reasons["open"]["amount"] == (
        "额度 100–1,000 万元，覆盖所需 500 万元",
        "CNY 1,000,000 to 10,000,000 covers CNY 5,000,000 needed",
    )
    assert reasons["open"]["term"] == ("期限 6–36 个月，满足 24 个月", "term 6 to 36 months covers 24")
    assert reasons["open"]["instrument"] == ("融资方式一致：贷款", "same instrument: loan")
    assert reasons["a-little-low"]["amount"][0] == "额度上限 450 万元，需 500 万元"
    assert reasons["a-little-high-floor"]["amount"] == (
        "起贷额 550 万元，需 500 万元",
        "from CNY 5,500,000, CNY 5,000,000 needed",
    )
    assert reasons["term-too-long"]["term"] == (
        "期限最短 48 个月，需 24 个月",
        "term from 48 months, 24 needed",
    )
    assert reasons["for-makers"]["eligibility"] == (
        "符合准入条件：零部件企业、动力电池、安徽省",
        "eligible: component maker, power batteries, Anhui",
    )
    assert "eligibility" not in reasons["open"]  # an offer open to all says nothing of eligibility


def test_the_stored_breakdown_carries_the_funding_reasons(ranked: list[ScoredPair]) -> None:
    stored = Match(breakdown=json.loads(json.dumps(ranked[0].breakdown())))  # as the database gives it back
    reasons = {reason.feature: reason for reason in match_reasons(stored, "en")}
    assert {"amount", "term", "instrument", "eligibility"} <= reasons.keys()
    assert reasons["eligibility"].weight > 0 and reasons["eligibility"].miss == ""
    assert reasons["eligibility"].reason == "eligible: component maker, power batteries, Anhui"


@pytest.mark.parametrize(
    ("key", "zh", "en"),
    [
        ("vehicle-makers-only", "仅限整车企业", "for vehicle makers only"),
        ("drive-segment-only", "仅限电驱动与电控领域", "for the electric drive and control segment only"),
        ("jiangsu-only", "仅限江苏省企业", "for enterprises in Jiangsu only"),
    ],
)
def test_an_offer_that_excludes_the_enterprise_is_never_proposed_and_says_why(
    key: str, zh: str, en: str
) -> None:
    engine = Engine([NEED, *OFFERS])
    supply = OFFERS[[o.key for o in OFFERS].index(key)]
    assert engine.score(NEED, supply, 0.9, 1.0) is None
    feature = f.eligibility_fit(
        NEED.theme,
        NEED.segment,
        "340000",
        supply.eligible_themes,
        supply.eligible_segments,
        supply.eligible_provinces,
    )
    assert feature is not None and feature.miss == f.EXCLUDE
    assert (feature.reason_zh, feature.reason_en) == (zh, en)


def test_the_offer_side_never_meets_an_enterprise_it_excludes() -> None:
    # Given an offer for vehicle makers, matched from its side against the component maker's need
    engine = Engine([NEED, *OFFERS])
    found = engine.match(OFFERS[[o.key for o in OFFERS].index("vehicle-makers-only")], k=10)
    assert found == []
    assert [p.demand for p in engine.match(OFFERS[1], k=10)] == ["need"]


def test_an_enterprise_of_unknown_theme_is_not_eligible_for_a_limited_offer() -> None:
    feature = f.eligibility_fit("", "power_battery", "340000", ("component_maker",), (), ())
    assert feature is not None and feature.miss == f.EXCLUDE
    assert f.eligibility_fit("", "", "", (), (), ()) is None


def test_several_limits_are_named_together() -> None:
    feature = f.eligibility_fit(
        "vehicle_maker",
        "power_battery",
        "310000",
        ("component_maker", "aftermarket"),
        (),
        ("340000", "320000"),
    )
    assert feature is not None
    assert feature.reason_zh == "仅限后市场企业、零部件企业；仅限江苏省、安徽省企业"
    assert feature.reason_en == (
        "for aftermarket enterprises or component makers only; for enterprises in Jiangsu or Anhui only"
    )


def test_segment_names_cover_the_taxonomy() -> None:
    assert set(f.SEGMENT_NAMES) == set(Segment.values)


@pytest.mark.parametrize(
    ("needed", "low", "high", "miss"),
    [
        (5e6, 1e6, 1e7, f.OK),
        (1e6, 1e6, 1e7, f.OK),  # the bounds are in range
        (1e7, 1e6, 1e7, f.OK),
        (1.2e7, 1e6, 1e7, f.MILD),  # the ceiling is 0.83 of the need
        (1.3e7, 1e6, 1e7, f.SEVERE),
        (9e5, 1e6, 1e7, f.MILD),  # the need is 0.9 of the floor
        (5e5, 1e6, 1e7, f.SEVERE),
        (5e7, 1e8, None, f.OK),  # one amount alone is the ceiling
        (2e8, 1e8, None, f.SEVERE),
        (5e6, None, 1e7, f.OK),
    ],
)
def test_amount_within_the_range_is_graded_outside(needed: float, low: float, high: float, miss: str) -> None:
    feature = f.amount_fit(needed, low, high)
    assert feature is not None and feature.miss == miss
    assert feature.value == {f.OK: 1.0, f.MILD: 0.5, f.SEVERE: 0.0}[miss]


def test_no_amount_or_term_on_either_side_is_no_feature() -> None:
    assert f.amount_fit(None, 1e6, 1e7) is None
    assert f.amount_fit(5e6, None, None) is None
    assert f.term_fit(12, None, None) is None


def test_pairs_scored_by_arrays_equal_the_features() -> None:
    # Every labelled pair, and the same pairs seen from a demand of another theme, segment and province.
    other = dataclasses.replace(
        NEED, key="other", theme="vehicle_maker", segment="electric_drive", region="320500"
    )
    engine = Engine([NEED, other, *OFFERS])
    demands, supplies, pairs = [], [], []
    for demand in (NEED, other):
        for supply in OFFERS:
            demands.append(engine.row[demand.key])
            supplies.append(engine.row[supply.key])
            pairs.append(engine.score(demand, supply, 0.7, 1.0))
    d, s = np.asarray(demands), np.asarray(supplies)
    scores, excluded = pair_scores(engine.columns, d, s, np.full(len(d), 0.7), np.ones(len(d)))
    for j, pair in enumerate(pairs):
        assert (pair is None) == bool(excluded[j]), j
        if pair is not None:
            assert scores[j] == pytest.approx(pair.score, abs=1e-6), j
    assert sum(excluded) >= 6


def test_the_benchmark_format_reads_ranges_and_eligibility_where_present() -> None:
    record = {
        "id": "S9", "side": "supply", "kind": "funding", "title": "贷款", "description": "", "segment": None,
        "category": None, "region": "安徽省/合肥市", "quantity": None, "unit": None, "price_min": None,
        "price_max": None, "lead_time_days": 10, "deadline_days": None, "certifications": [],
        "enterprise_theme": "financial_institution", "trl": None, "transfer_mode": None, "headcount": None,
        "skills": None, "amount_cny": 10_000_000, "term_months": 36, "instrument": "loan",
    }  # fmt: skip
    plain = item_from_record(record)
    assert (plain.amount, plain.amount_max, plain.eligible_themes) == (10_000_000.0, None, ())
    ranged = item_from_record(
        record
        | {
            "amount_min_cny": 1_000_000,
            "term_min_months": 6,
            "eligible_themes": ["component_maker"],
            "eligible_provinces": ["安徽省", "320000"],
        }
    )
    assert (ranged.amount, ranged.amount_max, ranged.term_months, ranged.term_max_months) == (
        1_000_000.0,
        10_000_000.0,
        6,
        36,
    )
    assert ranged.eligible_themes == ("component_maker",)
    assert ranged.eligible_provinces == ("340000", "320000")


@pytest.mark.django_db
def test_the_catalogue_loads_an_offers_range_and_eligibility() -> None:
    listing = FundingOfferFactory(
        region=region("340100"),
        funding_eligible_segments=codes_field([Segment.POWER_BATTERY, Segment.ELECTRIC_DRIVE]),
        funding_eligible_provinces=codes_field(["340000"]),
        funding_amount_max=Decimal("20000000"),
    )
    [loaded] = load_items([listing.pk])
    assert loaded == item_from_listing(listing)
    assert (loaded.amount, loaded.amount_max, loaded.term_months, loaded.term_max_months) == (
        1_000_000.0,
        20_000_000.0,
        6,
        36,
    )
    assert loaded.eligible_themes == (Theme.COMPONENT_MAKER,)
    assert loaded.eligible_segments == ("power_battery", "electric_drive")
    assert loaded.eligible_provinces == ("340000",)
