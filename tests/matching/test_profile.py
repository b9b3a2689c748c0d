"""What the engine reads out of a listing: certificate spellings, variants, places, preferences."""

from __future__ import annotations

import pytest

from matching.items import Item
from matching.profile import (
    canonical_certificate,
    certificate_satisfied,
    nice_to_have_certificates,
    place_of,
    profile,
    regional_preference,
    variant_specs,
)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("IATF 16949", "IATF16949"),
        ("IATF16949:2016", "IATF16949"),
        ("iatf 16949：2016", "IATF16949"),
        ("3C", "CCC"),
        ("CCC", "CCC"),
        ("E-Mark", "EMARK"),
        ("ISO 26262 ASIL-D", "ISO26262:D"),
        ("ISO26262 ASIL B", "ISO26262:B"),
        ("ASPICE CL2", "ASPICE:2"),
        ("ISO/SAE 21434", "ISOSAE21434"),
        ("工信部白名单", "MIITWHITELIST"),
        ("MIIT battery recycling whitelist", "MIITWHITELIST"),
        ("工信部《新能源汽车废旧动力蓄电池综合利用行业规范条件》白名单", "MIITWHITELIST"),
    ],
)
def test_certificate_spellings_are_one(written: str, canonical: str) -> None:
    assert canonical_certificate(written) == canonical


def test_an_auditor_certificate_is_not_the_system_certificate() -> None:
    assert canonical_certificate("IATF 16949 内审员证") != canonical_certificate("IATF 16949")


def test_graded_certificates_cover_lower_grades() -> None:
    assert certificate_satisfied("ASPICE:2", frozenset({"ASPICE:3"}))
    assert not certificate_satisfied("ASPICE:3", frozenset({"ASPICE:2"}))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("交付期限 30 天。有IATF 16949者优先。", {"IATF16949"}),
        ("Nice to have: ISO 9001", {"ISO9001"}),
        ("有E-Mark、CCC者优先", {"EMARK", "CCC"}),
        ("低噪音优先。", set()),
    ],
)
def test_nice_to_have_certificates(text: str, found: set[str]) -> None:
    assert nice_to_have_certificates(text) == found


@pytest.mark.parametrize(
    ("text", "specs"),
    [
        ("800V SiC 电驱总成", {"V": {"800"}}),
        ("314Ah 储能电芯", {"Ah": {"314"}}),
        ("低滚阻轮胎（215/55R17）", {"tyre": {"215/55r17"}}),
        ("6.6kW 车载充电机", {"kW": {"6.6"}}),
        ("905 nm LiDAR, 128线", {"nm": {"905"}, "lines": {"128"}}),
        ("In-wheel hub motor for 16-inch wheels", {"inch": {"16"}}),
        ("8-layer hairpin stator / 8层扁线定子", {"layers": {"8"}}),
        ("12m 纯电动城市客车", {"m": {"12"}}),
    ],
)
def test_variants_named_with_a_unit(text: str, specs: dict[str, set[str]]) -> None:
    assert variant_specs(text) == {k: frozenset(v) for k, v in specs.items()}


@pytest.mark.parametrize(
    "text", ["Series A equity round: 50M CNY", "VC fund, ticket 30-80M", "limit CNY 80 m", "额度 5-50 M CNY"]
)
def test_an_amount_of_money_is_not_a_length(text: str) -> None:
    assert variant_specs(text) == {}


def test_quantities_prices_and_days_are_not_variants() -> None:
    demand = Item(
        key="d",
        side="demand",
        kind="product",
        title="采购线束",
        description="月需求量约 950 套，目标价 510元-640元/套，交付期限 44 天。",
    )
    assert profile(demand).specs == {}


def test_places_from_codes_and_from_names() -> None:
    assert place_of("340100").city == "340100" and place_of("340100").province == "340000"
    named = place_of("安徽省/合肥市")
    assert (named.province, named.city) == ("340000", "340100")
    unknown_city = place_of("重庆市/两江新区")
    assert unknown_city.province == "500000" and unknown_city.city == "两江新区"


def _demand(text: str, region: str = "340200") -> Item:
    return Item(key="d", side="demand", kind="product", title="采购", description=text, region=region)


@pytest.mark.parametrize(
    ("text", "level", "where"),
    [
        ("优先考虑安徽省内供应商。", "province", "340000"),
        ("长三角地区供应商优先。", "yrd", ""),
        ("优先考虑沪苏浙皖企业。", "yrd", ""),
        ("YRD 长三角 suppliers preferred.", "yrd", ""),
        ("优先合肥本地企业。", "city", "340100"),
        ("Local (芜湖) preferred.", "city", "340200"),
        ("同等条件下江苏省内企业优先。", "province", "320000"),
        ("本地供应商优先。", "city", "340200"),  # the buyer's own city
    ],
)
def test_regional_preferences(text: str, level: str, where: str) -> None:
    demand = _demand(text)
    preference = regional_preference(demand, place_of(demand.region))
    assert preference is not None and preference.level == level
    assert where in (preference.city or preference.province or "")


def test_no_preference_in_plain_text_or_a_feature_preference() -> None:
    assert regional_preference(_demand("有IATF 16949者优先。低噪音优先。"), place_of("340200")) is None
