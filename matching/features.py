"""The features of a supply-demand pair: each a pure function returning a value in [0, 1] and a reason
a person can check, in Chinese and English.

A feature may also report a constraint the pair misses, graded as buyers grade them: `mild` (a little
over budget, a little late) or `severe` (far over budget, half the quantity), or `exclude` (a mandatory
certificate missing, another variant of the item): the engine drops excluded pairs and discounts the
others (matching.weights.PENALTY). A feature that does not apply (no price on either side) is None.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from accounts.regions import haversine_km, registry
from matching.profile import Place, Preference, certificate_satisfied

OK, MILD, SEVERE, EXCLUDE = "", "mild", "severe", "exclude"
_N = TypeVar("_N", int, float, Decimal)


@dataclass(frozen=True, slots=True)
class Feature:
    """A feature's value in [0, 1] (every function keeps it there; tests check), the constraint it
    reports missed, and its reason as `str.format` templates: formatted only for the pairs that are
    kept, since a full rematch scores millions of pairs and keeps a tenth of them."""

    name: str
    value: float
    zh: str
    en: str
    args: tuple[Any, ...] = ()
    miss: str = OK

    @property
    def reason_zh(self) -> str:
        return self.zh.format(*self.args)

    @property
    def reason_en(self) -> str:
        return self.en.format(*self.args)


def _fmt(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:g}"


def _graded(ratio: float, ok: float, mild: float, *, higher_is_better: bool) -> str:
    if higher_is_better:
        return OK if ratio >= ok else MILD if ratio >= mild else SEVERE
    return OK if ratio <= ok else MILD if ratio <= mild else SEVERE


_VALUE = {OK: 1.0, MILD: 0.5, SEVERE: 0.0}


def text_similarity(similarity: float) -> Feature:
    value = min(max(similarity, 0.0), 1.0)
    return Feature("text", value, "文本相似度 {0:.0%}", "text similarity {0:.0%}", (value,))


def category_fit(
    demand_category: str,
    supply_category: str,
    similarity: float,
    same_segment: bool,
    same_terms: bool = False,
) -> Feature:
    """The same category (as written, normalised, or naming the same industry terms in either language)
    is the same item; else how alike the categories read."""
    if (demand_category and demand_category == supply_category) or same_terms:
        return Feature("category", 1.0, "同类目：{0}", "same category: {0}", (supply_category,))
    value = min(max(similarity, 0.0), 1.0) * (1.0 if same_segment else 0.8)
    if same_segment:
        return Feature(
            "category",
            value,
            "同一产业环节，类目相近 {0:.0%}",
            "same segment, category {0:.0%} alike",
            (value,),
        )
    return Feature("category", value, "类目相近 {0:.0%}", "category {0:.0%} alike", (value,))


def region_fit(demand: Place, supply: Place, preference: Preference | None) -> Feature:
    """Closer is better; a buyer's stated preference (same city, province, the Delta) is a constraint."""
    args: tuple[Any, ...] = ()
    if supply.city and supply.city == demand.city:
        value, zh, en = 1.0, "同城", "same city"
    elif supply.province and supply.province == demand.province:
        value, zh, en = 0.8, "同省", "same province"
    elif supply.in_yrd and demand.in_yrd:
        value, zh, en = 0.6, "同在长三角", "both in the Yangtze River Delta"
    elif None not in (demand.lat, demand.lon, supply.lat, supply.lon):
        km = _distance_km(demand, supply)
        value, args = max(0.0, 0.5 * (1 - km / 2500)), (km,)
        zh, en = "相距约 {0:,.0f} 公里", "about {0:,.0f} km apart"
    else:
        value, zh, en = 0.3, "地区未知", "region unknown"
    if preference is None:
        return Feature("region", value, zh, en, args)
    where = preference.label
    args = (*args, *where) if args else ("", *where)
    if preference.met_by(supply):
        return Feature("region", max(value, 0.9), zh + "；符合{1}优先", en + "; in {2} as preferred", args)
    return Feature(
        "region", value * 0.5, zh + "；不在{1}（需方优先）", en + "; not in {2} (preferred)", args, MILD
    )


def _distance_km(a: Place, b: Place) -> float:
    return haversine_km(a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0)


def quantity_fit(needed: float | None, capacity: float | None, unit: str = "") -> Feature | None:
    """Supply capacity against the quantity needed (per month; headcount for talent)."""
    if not needed or not capacity:
        return None
    ratio = capacity / needed
    miss = _graded(ratio, 1.0, 0.5, higher_is_better=True)
    if miss == OK:
        zh, en = "供应能力 {0}{2} ≥ 需求 {1}{2}", "capacity {0} {2} covers {1} {2}"
        return Feature("quantity", 1.0, zh, en, (_fmt(capacity), _fmt(needed), unit))
    zh, en = "供应能力仅为需求的 {0:.0%}", "capacity covers {0:.0%} of the need"
    return Feature("quantity", _VALUE[miss] * ratio, zh, en, (ratio,), miss)


def price_fit(
    budget_min: float | None, budget_max: float | None, price_min: float | None, price_max: float | None
) -> Feature | None:
    """The supplier's lowest price against the buyer's highest budget, and how much the ranges overlap."""
    if budget_max is None or price_min is None:
        return None
    ratio = price_min / budget_max if budget_max else math.inf
    miss = _graded(ratio, 1.0, 1.2, higher_is_better=False)
    if miss != OK:
        zh, en = "最低报价高出预算 {0:.0%}", "lowest price {0:.0%} over budget"
        return Feature("price", _VALUE[miss] * 0.5, zh, en, (ratio - 1,), miss)
    low, high = budget_min if budget_min is not None else 0.0, budget_max
    top = price_max if price_max is not None else price_min
    overlap = max(0.0, min(high, top) - max(low, price_min))
    span = max(top - price_min, high - low, 1e-9)
    share = min(1.0, overlap / span) if top > price_min or high > low else 1.0
    return Feature(
        "price", 0.7 + 0.3 * share, "价格区间重叠 {0:.0%}", "price ranges overlap {0:.0%}", (share,)
    )


def time_fit(deadline_days: int | None, lead_time_days: int | None) -> Feature | None:
    """Lead time against the buyer's deadline."""
    if deadline_days is None or deadline_days <= 0 or lead_time_days is None:
        return None
    miss = _graded(lead_time_days / deadline_days, 1.0, 1.5, higher_is_better=False)
    args = (lead_time_days, deadline_days)
    if miss == OK:
        return Feature("time", 1.0, "交期 {0} 天，满足 {1} 天要求", "lead time {0} days within {1}", args)
    zh, en = "交期 {0} 天，超出 {1} 天要求", "lead time {0} days exceeds {1}"
    return Feature("time", _VALUE[miss] * 0.5, zh, en, args, miss)


def certification_fit(
    required: frozenset[str], nice_to_have: frozenset[str], held: frozenset[str]
) -> Feature:
    """Every mandatory certificate must be held (a higher ASIL or ASPICE level counts); nice-to-have
    ones add to the value."""
    missing = [c for c in required if not certificate_satisfied(c, held)]
    if missing:
        names = sorted(missing)
        zh, en = "缺少必需认证 {0}", "lacks mandatory {1}"
        return Feature("certification", 0.0, zh, en, ("、".join(names), ", ".join(names)), EXCLUDE)
    if not required and not nice_to_have:
        return Feature("certification", 0.7 if held else 0.5, "无认证要求", "no certificate required")
    bonus = [c for c in nice_to_have if certificate_satisfied(c, held)]
    value = 0.7 + 0.3 * (len(bonus) / len(nice_to_have) if nice_to_have else 1.0)
    shown = sorted(required | frozenset(bonus))
    if not shown:
        return Feature("certification", value, "未持有优先认证", "lacks the preferred certificates")
    return Feature("certification", value, "持有 {0}", "holds {1}", ("、".join(shown), ", ".join(shown)))


def variant_fit(wanted: dict[str, frozenset[str]], offered: dict[str, frozenset[str]]) -> Feature | None:
    """The variant the buyer names (800V, 314Ah, 215/55R17) against the one offered: another value of
    the same dimension is another item."""
    if not wanted:
        return None
    for dimension, values in wanted.items():
        if dimension in offered and not values & offered[dimension]:
            args = ("/".join(sorted(values)), "/".join(sorted(offered[dimension])), dimension)
            zh, en = "规格不符：需 {0}{2}，供 {1}{2}", "another variant: wants {0} {2}, offers {1} {2}"
            return Feature("variant", 0.0, zh, en, args, EXCLUDE)
    if all(d in offered for d in wanted):
        return Feature("variant", 1.0, "规格一致：{0}", "same variant: {0}", (_Variant(wanted),))
    return Feature("variant", 0.6, "规格未完全说明", "variant not fully stated")


class _Variant:
    """A variant, written out only when a reason is read ("800V、314Ah"): most pairs scored are never."""

    __slots__ = ("specs",)

    def __init__(self, specs: dict[str, frozenset[str]]) -> None:
        self.specs = specs

    def __format__(self, spec: str) -> str:
        return "、".join(f"{'/'.join(sorted(values))}{d}" for d, values in self.specs.items())


def verified_fit(verified: bool) -> Feature:
    if verified:
        return Feature("verified", 1.0, "企业已认证", "verified enterprise")
    return Feature("verified", 0.0, "企业未认证", "enterprise not verified")


_THEME_FIT = {
    "funding": {"financial_institution": 1.0},
    "technology": {
        "university": 1.0,
        "research_institute": 1.0,
        "component_maker": 0.7,
        "vehicle_maker": 0.7,
    },
    "talent": {"university": 1.0, "research_institute": 0.9},
    "product": {"component_maker": 1.0, "vehicle_maker": 0.9, "aftermarket": 0.9},
}
_THEME_NAMES = {
    "vehicle_maker": ("整车企业", "vehicle maker"),
    "component_maker": ("零部件企业", "component maker"),
    "aftermarket": ("后市场企业", "aftermarket enterprise"),
    "university": ("高校", "university"),
    "financial_institution": ("金融机构", "financial institution"),
    "research_institute": ("科研院所", "research institute"),
}


def theme_fit(kind: str, supplier_theme: str) -> Feature | None:
    """Who a buyer of this kind meets first: funding from financial institutions, technology from
    universities and institutes."""
    if not supplier_theme:
        return None
    value = _THEME_FIT.get(kind, {}).get(supplier_theme, 0.5)
    names = _THEME_NAMES.get(supplier_theme, (supplier_theme, supplier_theme))
    return Feature("theme", value, "供方为{0}", "offered by a {1}", names)


def trl_fit(minimum: int | None, offered: int | None) -> Feature | None:
    """The technology readiness level offered against the buyer's minimum."""
    if minimum is None or offered is None:
        return None
    gap = offered - minimum
    miss = OK if gap >= 0 else MILD if gap == -1 else SEVERE
    if miss == OK:
        return Feature("trl", 1.0, "TRL {0} ≥ 要求 {1}", "TRL {0} meets {1}", (offered, minimum))
    return Feature(
        "trl", _VALUE[miss] * 0.5, "TRL {0} 低于要求 {1}", "TRL {0} below {1}", (offered, minimum), miss
    )


_MODES = {"license": "许可", "assignment": "转让", "co_development": "合作开发", "service": "技术服务"}


def transfer_mode_fit(wanted: str, offered: str) -> Feature | None:
    if not wanted or not offered:
        return None
    args = (_MODES.get(wanted, wanted), wanted)
    if wanted == offered:
        return Feature("transfer_mode", 1.0, "合作方式一致：{0}", "same transfer mode: {1}", args)
    return Feature("transfer_mode", 0.3, "合作方式不同：需{0}", "other transfer mode: wants {1}", args, MILD)


def offer_range(low: _N | None, high: _N | None) -> tuple[_N | None, _N | None]:
    """An offer's (floor, ceiling) of amount or term. One value stated alone is the ceiling: the meaning
    it had before offers stated ranges (and has in the benchmark), "up to CNY 50 million"."""
    return (None, low) if high is None else (low, high)


def _outside(needed: float, floor: float | None, ceiling: float, mild_at: float) -> tuple[str, str]:
    """Where a need falls against an offer's range, graded as the benchmark grades a ceiling (a need
    over the ceiling by up to 1/mild_at is mild, more severe) and, alike, a need under the floor: the
    miss, and "above", "below" or "" (within). matching.columns computes the same, over arrays."""
    ratio = ceiling / needed
    if ratio < 1.0:
        return (MILD if ratio >= mild_at else SEVERE), "above"
    if floor:
        ratio = needed / floor
        if ratio < 1.0:
            return (MILD if ratio >= mild_at else SEVERE), "below"
    return OK, ""


# A need this share of the ceiling (or the floor of this share of the need) is a little outside.
AMOUNT_MILD, TERM_MILD = 0.8, 0.75


def amount_fit(needed: float | None, offered_min: float | None, offered_max: float | None) -> Feature | None:
    """The amount an enterprise needs against the range an institution lends (CNY; shown in 万元)."""
    floor, ceiling = offer_range(offered_min, offered_max)
    if not needed or not ceiling:
        return None
    miss, where = _outside(needed, floor, ceiling, AMOUNT_MILD)
    if where == "below" and floor:
        zh, en = "起贷额 {0} 万元，需 {1} 万元", "from CNY {2:,.0f}, CNY {3:,.0f} needed"
        args: tuple[Any, ...] = (_fmt(floor / 1e4), _fmt(needed / 1e4), floor, needed)
    elif where or not floor:
        zh, en = "额度上限 {0} 万元，需 {1} 万元", "up to CNY {2:,.0f} for CNY {3:,.0f} needed"
        args = (_fmt(ceiling / 1e4), _fmt(needed / 1e4), ceiling, needed)
    else:
        zh = "额度 {0}–{1} 万元，覆盖所需 {2} 万元"
        en = "CNY {3:,.0f} to {4:,.0f} covers CNY {5:,.0f} needed"
        args = (_fmt(floor / 1e4), _fmt(ceiling / 1e4), _fmt(needed / 1e4), floor, ceiling, needed)
    return Feature("amount", _VALUE[miss], zh, en, args, miss)


def term_fit(needed: int | None, offered_min: int | None, offered_max: int | None) -> Feature | None:
    """The term (months) an enterprise needs against the range an institution offers."""
    floor, ceiling = offer_range(offered_min, offered_max)
    if not needed or not ceiling:
        return None
    miss, where = _outside(needed, floor, ceiling, TERM_MILD)
    if where == "below" and floor:
        zh, en = "期限最短 {0} 个月，需 {1} 个月", "term from {0} months, {1} needed"
        args: tuple[Any, ...] = (floor, needed)
    elif where or not floor:
        zh, en = "期限最长 {0} 个月，需 {1} 个月", "term up to {0} months for {1}"
        args = (ceiling, needed)
    else:
        zh, en = "期限 {0}–{1} 个月，满足 {2} 个月", "term {0} to {1} months covers {2}"
        args = (floor, ceiling, needed)
    return Feature("term", _VALUE[miss], zh, en, args, miss)


def funding_fit(
    amount_needed: float | None,
    amount_offered: float | None,
    term_needed: int | None,
    term_offered: int | None,
) -> list[Feature]:
    """Amount and term an institution offers at most (ceilings alone, no range), against the need."""
    found = (amount_fit(amount_needed, amount_offered, None), term_fit(term_needed, term_offered, None))
    return [feature for feature in found if feature is not None]


# Names for eligibility reasons: themes as a group ("for component makers only"), segments as in
# accounts.taxonomy.Segment (kept here so that the engine stays free of Django's translation machinery).
_THEME_GROUPS = {
    "vehicle_maker": ("整车企业", "vehicle makers"),
    "component_maker": ("零部件企业", "component makers"),
    "aftermarket": ("后市场企业", "aftermarket enterprises"),
    "university": ("高校", "universities"),
    "financial_institution": ("金融机构", "financial institutions"),
    "research_institute": ("科研院所", "research institutes"),
}
SEGMENT_NAMES = {
    "complete_vehicle": ("整车制造", "complete vehicles"),
    "power_battery": ("动力电池", "power batteries"),
    "electric_drive": ("电驱动与电控", "electric drive and control"),
    "chips_electronics": ("芯片与汽车电子", "chips and automotive electronics"),
    "intelligent_connected": ("智能网联", "intelligent connected vehicles"),
    "chassis_body": ("底盘车身与内外饰", "chassis, body and trim"),
    "lightweight_materials": ("轻量化材料", "lightweight materials"),
    "charging_hydrogen": ("充换电与氢能", "charging, swapping and hydrogen"),
    "aftermarket_services": ("后市场服务", "aftermarket services"),
}


def _province_name(code: str) -> tuple[str, str]:
    info = registry().get(code)
    return (info.name_zh, info.name_en) if info is not None else (code, code)


def eligible(code: str, allowed: Collection[str]) -> bool:
    """An offer open to all (nothing listed), or one that lists the enterprise's code. An enterprise
    whose code is unknown is not eligible for a limited offer: it must never be shown one it may not
    take (matching.columns applies the same test)."""
    return not allowed or code in allowed


def eligibility_fit(
    theme: str,
    segment: str,
    province: str,
    themes: Collection[str],
    segments: Collection[str],
    provinces: Collection[str],
) -> Feature | None:
    """Whether the demand's enterprise (its theme), its segment and its province are among those an
    offer is limited to. An offer that excludes the enterprise is never proposed (`exclude`); an offer
    open to all has no such feature."""
    if not (themes or segments or provinces):
        return None
    met_zh: list[str] = []
    met_en: list[str] = []
    failed_zh: list[str] = []
    failed_en: list[str] = []
    if themes:
        names = [_THEME_GROUPS.get(t, (t, t)) for t in sorted(themes)]
        if eligible(theme, themes):
            met_zh.append(_THEME_NAMES.get(theme, (theme, theme))[0])
            met_en.append(_THEME_NAMES.get(theme, (theme, theme))[1])
        else:
            failed_zh.append("仅限" + "、".join(zh for zh, _en in names))
            failed_en.append(f"for {' or '.join(en for _zh, en in names)} only")
    if segments:
        names = [SEGMENT_NAMES.get(code, (code, code)) for code in sorted(segments)]
        if eligible(segment, segments):
            met_zh.append(SEGMENT_NAMES.get(segment, (segment, segment))[0])
            met_en.append(SEGMENT_NAMES.get(segment, (segment, segment))[1])
        else:
            plural = "s" if len(names) > 1 else ""
            failed_zh.append(f"仅限{'、'.join(zh for zh, _en in names)}领域")
            failed_en.append(f"for the {' or '.join(en for _zh, en in names)} segment{plural} only")
    if provinces:
        names = [_province_name(code) for code in sorted(provinces)]
        if eligible(province, provinces):
            met_zh.append(_province_name(province)[0])
            met_en.append(_province_name(province)[1])
        else:
            failed_zh.append(f"仅限{'、'.join(zh for zh, _en in names)}企业")
            failed_en.append(f"for enterprises in {' or '.join(en for _zh, en in names)} only")
    if failed_zh:
        args = ("；".join(failed_zh), "; ".join(failed_en))
        return Feature("eligibility", 0.0, "{0}", "{1}", args, EXCLUDE)
    args = ("、".join(met_zh), ", ".join(met_en))
    return Feature("eligibility", 1.0, "符合准入条件：{0}", "eligible: {1}", args)


# As listings.choices.Instrument names them.
_INSTRUMENTS = {
    "loan": ("贷款", "loan"),
    "equity": ("股权投资", "equity"),
    "lease": ("融资租赁", "lease"),
    "guarantee": ("担保", "guarantee"),
    "supply_chain_finance": ("供应链金融", "supply-chain finance"),
}


def instrument_fit(wanted: str, offered: str) -> Feature | None:
    """The instrument an enterprise asks for against the one offered: another one (equity for a
    loan) is another product, never proposed."""
    if not wanted or not offered:
        return None
    want, give = _INSTRUMENTS.get(wanted, (wanted, wanted)), _INSTRUMENTS.get(offered, (offered, offered))
    if wanted == offered:
        return Feature("instrument", 1.0, "融资方式一致：{0}", "same instrument: {1}", want)
    zh, en = "融资方式不同：需{0}，提供{2}", "another instrument: {3}, not {1}"
    return Feature("instrument", 0.0, zh, en, (*want, *give), EXCLUDE)
