"""Each feature at its boundaries: the value stays in [0, 1], the reason says why, a miss is graded."""

from __future__ import annotations

import pytest

from matching import features as f
from matching.profile import Place, Preference

HEFEI = Place("340000", "340100", 31.82, 117.23)
WUHU = Place("340000", "340200", 31.35, 118.43)
NANJING = Place("320000", "320100", 32.06, 118.80)
BEIJING = Place("110000", "", 39.90, 116.40)


@pytest.mark.parametrize(
    ("capacity", "value", "miss"),
    [(1000, 1.0, f.OK), (999, 0.4995, f.MILD), (500, 0.25, f.MILD), (499, 0.0, f.SEVERE)],
)
def test_quantity_is_graded_at_full_and_half_the_need(capacity: int, value: float, miss: str) -> None:
    feature = f.quantity_fit(1000, capacity, "件")
    assert feature is not None
    assert (round(feature.value, 4), feature.miss) == (value, miss)


def test_quantity_without_a_figure_on_either_side_does_not_count() -> None:
    assert f.quantity_fit(None, 100) is None and f.quantity_fit(100, None) is None


@pytest.mark.parametrize(("price_min", "miss"), [(100, f.OK), (120, f.MILD), (120.01, f.SEVERE)])
def test_price_is_graded_at_the_budget_and_20_percent_over(price_min: float, miss: str) -> None:
    feature = f.price_fit(80, 100, price_min, price_min + 10)
    assert feature is not None and feature.miss == miss


def test_price_overlap_is_the_reason() -> None:
    feature = f.price_fit(400, 500, 450, 550)  # overlap 450-500 of spans 100 and 100
    assert feature is not None
    assert feature.reason_zh == "价格区间重叠 50%" and feature.reason_en == "price ranges overlap 50%"
    assert feature.value == pytest.approx(0.85)


def test_negotiable_price_does_not_count() -> None:
    assert f.price_fit(None, None, 100, 200) is None and f.price_fit(1, 2, None, None) is None


@pytest.mark.parametrize(("lead", "miss"), [(30, f.OK), (45, f.MILD), (46, f.SEVERE)])
def test_lead_time_is_graded_at_the_deadline_and_half_again(lead: int, miss: str) -> None:
    feature = f.time_fit(30, lead)
    assert feature is not None and feature.miss == miss


def test_a_deadline_already_past_does_not_count() -> None:
    assert f.time_fit(0, 10) is None and f.time_fit(-5, 10) is None


def test_region_same_city_province_delta_and_distance() -> None:
    assert f.region_fit(HEFEI, HEFEI, None).reason_zh == "同城"
    assert f.region_fit(HEFEI, WUHU, None).reason_en == "same province"
    assert f.region_fit(HEFEI, NANJING, None).reason_zh == "同在长三角"
    far = f.region_fit(HEFEI, BEIJING, None)
    assert "km apart" in far.reason_en and 0 < far.value < 0.5


def test_a_stated_regional_preference_is_a_mild_miss_when_not_met() -> None:
    anhui = Preference("province", "340000")
    met, missed = f.region_fit(HEFEI, WUHU, anhui), f.region_fit(HEFEI, NANJING, anhui)
    assert met.miss == f.OK and met.value >= 0.9
    assert missed.miss == f.MILD and "安徽省" in missed.reason_zh


def test_a_missing_mandatory_certificate_excludes() -> None:
    feature = f.certification_fit(frozenset({"IATF16949", "CCC"}), frozenset(), frozenset({"CCC"}))
    assert feature.miss == f.EXCLUDE and "IATF16949" in feature.reason_en


def test_a_higher_asil_level_satisfies_a_lower_one_but_not_the_reverse() -> None:
    assert f.certification_fit(frozenset({"ISO26262:B"}), frozenset(), frozenset({"ISO26262:D"})).miss == f.OK
    assert (
        f.certification_fit(frozenset({"ISO26262:D"}), frozenset(), frozenset({"ISO26262:B"})).miss
        == f.EXCLUDE
    )


def test_nice_to_have_certificates_raise_the_value() -> None:
    nice = frozenset({"IATF16949"})
    with_it = f.certification_fit(frozenset({"CCC"}), nice, frozenset({"CCC", "IATF16949"}))
    without = f.certification_fit(frozenset({"CCC"}), nice, frozenset({"CCC"}))
    assert with_it.value == 1.0 and without.value == 0.7
    assert with_it.reason_zh == "持有 CCC、IATF16949"


def test_another_variant_excludes_and_the_same_one_is_named() -> None:
    want = {"V": frozenset({"800"})}
    assert f.variant_fit(want, {"V": frozenset({"400"})}).miss == f.EXCLUDE  # type: ignore[union-attr]
    same = f.variant_fit(want, {"V": frozenset({"800"}), "kW": frozenset({"200"})})
    assert same is not None and same.value == 1.0 and same.reason_en == "same variant: 800V"
    assert f.variant_fit({}, {"V": frozenset({"800"})}) is None


@pytest.mark.parametrize(("offered", "miss"), [(5, f.OK), (4, f.MILD), (3, f.SEVERE)])
def test_trl_is_graded_by_levels_below_the_minimum(offered: int, miss: str) -> None:
    feature = f.trl_fit(5, offered)
    assert feature is not None and feature.miss == miss


def test_funding_amount_and_term_are_graded() -> None:
    amount, term = f.funding_fit(1_000_000, 800_000, 24, 17)
    assert (amount.miss, term.miss) == (f.MILD, f.SEVERE)
    assert "80 万元" in amount.reason_zh


def test_another_instrument_excludes() -> None:
    assert f.instrument_fit("loan", "equity").miss == f.EXCLUDE  # type: ignore[union-attr]


def test_theme_fit_puts_institutions_first_for_funding_and_universities_for_technology() -> None:
    assert f.theme_fit("funding", "financial_institution").value == 1.0  # type: ignore[union-attr]
    assert f.theme_fit("funding", "component_maker").value == 0.5  # type: ignore[union-attr]
    assert f.theme_fit("technology", "university").value > f.theme_fit("technology", "vehicle_maker").value  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "feature",
    [
        f.text_similarity(1.7),
        f.text_similarity(-0.2),
        f.category_fit("电芯", "电池", 1.4, False),
        f.quantity_fit(10, 10**9),
        f.price_fit(0, 0, 5, 5),
        f.region_fit(Place("", ""), Place("", ""), None),
        f.verified_fit(False),
    ],
)
def test_every_value_stays_within_0_and_1(feature: f.Feature | None) -> None:
    assert feature is not None and 0.0 <= feature.value <= 1.0


def test_a_stored_reason_renders_in_either_language_and_an_unknown_one_reads_empty() -> None:
    feature = f.time_fit(30, 45)
    assert feature is not None and feature.code == f.LATE and feature.args == (45, 30)
    # As JSON gives them back: a list.
    assert f.reason_text(feature.code, [45, 30], chinese=True) == "交期 45 天，超出 30 天要求"
    assert f.reason_text(feature.code, [45, 30], chinese=False) == "lead time 45 days exceeds 30"
    # Written by another version of the engine: no reason rather than an error page.
    assert f.reason_text("no.such.code", [], chinese=True) == ""
    assert f.reason_text(f.DISTANCE, [], chinese=False) == ""


@pytest.mark.parametrize(
    ("theme", "english"),
    [("aftermarket", "offered by an aftermarket enterprise"), ("university", "offered by a university")],
)
def test_the_suppliers_theme_reads_with_its_article(theme: str, english: str) -> None:
    feature = f.theme_fit("product", theme)
    assert feature is not None and feature.reason_en == english
