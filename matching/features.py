"""The features of a supply-demand pair: each a pure function returning a value in [0, 1] and a reason
a person can check, in Chinese and English.

A feature may also report a constraint the pair misses, graded as buyers grade them: `mild` (a little
over budget, a little late) or `severe` (far over budget, half the quantity), or `exclude` (a mandatory
certificate missing, another variant of the item): the engine drops excluded pairs and discounts the
others (matching.weights.PENALTY). A feature that does not apply (no price on either side) is None.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from accounts.regions import haversine_km, registry
from matching.profile import Place, Preference, certificate_satisfied

OK, MILD, SEVERE, EXCLUDE = "", "mild", "severe", "exclude"
_N = TypeVar("_N", int, float, Decimal)

# The features of few distinct inputs (places, certificate sets, themes) are remembered: a rematch asks
# for them about a million times with a few thousand different arguments, and a Feature never changes.
# Typed, so that 30 and 30.0 days keep the arguments they were given.
_remembered = lru_cache(maxsize=65536, typed=True)


# Every reason a feature gives, by code: its Chinese and English `str.format` templates. A match stores
# the code and the arguments (tens of bytes, not both languages' text: a full rematch writes 800,000
# matches), and the reader's language is rendered when it is read (`reason_text`). Codes are stored:
# never change what one means; add a new code instead.
REASONS: dict[str, tuple[str, str]] = {}


def _reason(code: str, zh: str, en: str) -> str:
    REASONS[code] = (zh, en)
    return code


def reason_text(code: str, args: Sequence[Any], chinese: bool) -> str:
    """A reason in Chinese or English; codes joined by "+" are one sentence. "" for an unknown code
    (written by another version of the engine)."""
    try:
        templates = [REASONS[part][0 if chinese else 1] for part in code.split("+")]
        return "".join(templates).format(*args)
    except (KeyError, IndexError, ValueError, TypeError):
        return ""


class Feature(NamedTuple):
    """A feature's value in [0, 1] (every function keeps it there; tests check), its reason (a code of
    REASONS and the arguments of its templates, JSON values) and the constraint it reports missed.

    A named tuple, not a dataclass: the engine builds one per feature of every pair it keeps, and a
    tuple is made several times faster."""

    name: str
    value: float
    code: str
    args: tuple[Any, ...] = ()
    miss: str = OK

    @property
    def reason_zh(self) -> str:
        return reason_text(self.code, self.args, chinese=True)

    @property
    def reason_en(self) -> str:
        return reason_text(self.code, self.args, chinese=False)


def _fmt(number: float) -> str:
    return f"{number:,.0f}" if number >= 100 else f"{number:g}"


def _graded(ratio: float, ok: float, mild: float, *, higher_is_better: bool) -> str:
    if higher_is_better:
        return OK if ratio >= ok else MILD if ratio >= mild else SEVERE
    return OK if ratio <= ok else MILD if ratio <= mild else SEVERE


_VALUE = {OK: 1.0, MILD: 0.5, SEVERE: 0.0}


TEXT = _reason("text", "文本相似度 {0:.0%}", "text similarity {0:.0%}")


def text_similarity(similarity: float) -> Feature:
    value = min(max(similarity, 0.0), 1.0)
    return Feature("text", value, TEXT, (round(value, 4),))


SAME_CATEGORY = _reason("category.same", "同类目：{0}", "same category: {0}")
SEGMENT_CATEGORY = _reason(
    "category.segment", "同一产业环节，类目相近 {0:.0%}", "same segment, category {0:.0%} alike"
)
ALIKE_CATEGORY = _reason("category.alike", "类目相近 {0:.0%}", "category {0:.0%} alike")


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
        return Feature("category", 1.0, SAME_CATEGORY, (supply_category,))
    value = min(max(similarity, 0.0), 1.0) * (1.0 if same_segment else 0.8)
    return Feature(
        "category", value, SEGMENT_CATEGORY if same_segment else ALIKE_CATEGORY, (round(value, 4),)
    )


SAME_CITY = _reason("region.city", "同城", "same city")
SAME_PROVINCE = _reason("region.province", "同省", "same province")
BOTH_YRD = _reason("region.yrd", "同在长三角", "both in the Yangtze River Delta")
DISTANCE = _reason("region.km", "相距约 {0:,.0f} 公里", "about {0:,.0f} km apart")
REGION_UNKNOWN = _reason("region.unknown", "地区未知", "region unknown")
# Added to one of the above (args: its own, or "", then the preferred place in Chinese and English).
PREFERRED = _reason("region.preferred", "；符合{1}优先", "; in {2} as preferred")
NOT_PREFERRED = _reason("region.not_preferred", "；不在{1}（需方优先）", "; not in {2} (preferred)")


@_remembered
def region_fit(demand: Place, supply: Place, preference: Preference | None) -> Feature:
    """Closer is better; a buyer's stated preference (same city, province, the Delta) is a constraint."""
    args: tuple[Any, ...] = ()
    if supply.city and supply.city == demand.city:
        value, code = 1.0, SAME_CITY
    elif supply.province and supply.province == demand.province:
        value, code = 0.8, SAME_PROVINCE
    elif supply.in_yrd and demand.in_yrd:
        value, code = 0.6, BOTH_YRD
    elif None not in (demand.lat, demand.lon, supply.lat, supply.lon):
        km = _distance_km(demand, supply)
        value, code, args = max(0.0, 0.5 * (1 - km / 2500)), DISTANCE, (round(km),)
    else:
        value, code = 0.3, REGION_UNKNOWN
    if preference is None:
        return Feature("region", value, code, args)
    args = (*(args or ("",)), *preference.label)
    if preference.met_by(supply):
        return Feature("region", max(value, 0.9), f"{code}+{PREFERRED}", args)
    return Feature("region", value * 0.5, f"{code}+{NOT_PREFERRED}", args, MILD)


def _distance_km(a: Place, b: Place) -> float:
    return haversine_km(a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0)


CAPACITY_COVERS = _reason(
    "quantity.covers", "供应能力 {0}{2} ≥ 需求 {1}{2}", "capacity {0} {2} covers {1} {2}"
)
CAPACITY_SHORT = _reason(
    "quantity.short", "供应能力仅为需求的 {0:.0%}", "capacity covers {0:.0%} of the need"
)


def quantity_fit(needed: float | None, capacity: float | None, unit: str = "") -> Feature | None:
    """Supply capacity against the quantity needed (per month; headcount for talent)."""
    if not needed or not capacity:
        return None
    ratio = capacity / needed
    miss = _graded(ratio, 1.0, 0.5, higher_is_better=True)
    if miss == OK:
        return Feature("quantity", 1.0, CAPACITY_COVERS, (_fmt(capacity), _fmt(needed), unit))
    return Feature("quantity", _VALUE[miss] * ratio, CAPACITY_SHORT, (round(ratio, 4),), miss)


OVER_BUDGET = _reason("price.over", "最低报价高出预算 {0:.0%}", "lowest price {0:.0%} over budget")
PRICE_OVERLAP = _reason("price.overlap", "价格区间重叠 {0:.0%}", "price ranges overlap {0:.0%}")


def price_fit(
    budget_min: float | None, budget_max: float | None, price_min: float | None, price_max: float | None
) -> Feature | None:
    """The supplier's lowest price against the buyer's highest budget, and how much the ranges overlap."""
    if budget_max is None or price_min is None:
        return None
    ratio = price_min / budget_max if budget_max else math.inf
    miss = _graded(ratio, 1.0, 1.2, higher_is_better=False)
    if miss != OK:
        # An infinite ratio (a budget of 0) is no JSON number: stored as "far over".
        over = round(ratio - 1, 4) if math.isfinite(ratio) else 99.99
        return Feature("price", _VALUE[miss] * 0.5, OVER_BUDGET, (over,), miss)
    low, high = budget_min if budget_min is not None else 0.0, budget_max
    top = price_max if price_max is not None else price_min
    overlap = max(0.0, min(high, top) - max(low, price_min))
    span = max(top - price_min, high - low, 1e-9)
    share = min(1.0, overlap / span) if top > price_min or high > low else 1.0
    return Feature("price", 0.7 + 0.3 * share, PRICE_OVERLAP, (round(share, 4),))


IN_TIME = _reason("time.within", "交期 {0} 天，满足 {1} 天要求", "lead time {0} days within {1}")
LATE = _reason("time.late", "交期 {0} 天，超出 {1} 天要求", "lead time {0} days exceeds {1}")


@_remembered
def time_fit(deadline_days: int | None, lead_time_days: int | None) -> Feature | None:
    """Lead time against the buyer's deadline."""
    if deadline_days is None or deadline_days <= 0 or lead_time_days is None:
        return None
    miss = _graded(lead_time_days / deadline_days, 1.0, 1.5, higher_is_better=False)
    args = (lead_time_days, deadline_days)
    if miss == OK:
        return Feature("time", 1.0, IN_TIME, args)
    return Feature("time", _VALUE[miss] * 0.5, LATE, args, miss)


LACKS_MANDATORY = _reason("certification.lacks", "缺少必需认证 {0}", "lacks mandatory {1}")
NONE_REQUIRED = _reason("certification.none_required", "无认证要求", "no certificate required")
LACKS_PREFERRED = _reason(
    "certification.lacks_preferred", "未持有优先认证", "lacks the preferred certificates"
)
HOLDS = _reason("certification.holds", "持有 {0}", "holds {1}")


@_remembered
def certification_fit(
    required: frozenset[str], nice_to_have: frozenset[str], held: frozenset[str]
) -> Feature:
    """Every mandatory certificate must be held (a higher ASIL or ASPICE level counts); nice-to-have
    ones add to the value."""
    missing = [c for c in required if not certificate_satisfied(c, held)]
    if missing:
        names = sorted(missing)
        return Feature("certification", 0.0, LACKS_MANDATORY, ("、".join(names), ", ".join(names)), EXCLUDE)
    if not required and not nice_to_have:
        return Feature("certification", 0.7 if held else 0.5, NONE_REQUIRED)
    bonus = [c for c in nice_to_have if certificate_satisfied(c, held)]
    value = 0.7 + 0.3 * (len(bonus) / len(nice_to_have) if nice_to_have else 1.0)
    shown = sorted(required | frozenset(bonus))
    if not shown:
        return Feature("certification", value, LACKS_PREFERRED)
    return Feature("certification", value, HOLDS, ("、".join(shown), ", ".join(shown)))


OTHER_VARIANT = _reason(
    "variant.other", "规格不符：需 {0}{2}，供 {1}{2}", "another variant: wants {0} {2}, offers {1} {2}"
)
SAME_VARIANT = _reason("variant.same", "规格一致：{0}", "same variant: {0}")
VARIANT_UNSTATED = _reason("variant.unstated", "规格未完全说明", "variant not fully stated")


def variant_fit(wanted: dict[str, frozenset[str]], offered: dict[str, frozenset[str]]) -> Feature | None:
    """The variant the buyer names (800V, 314Ah, 215/55R17) against the one offered: another value of
    the same dimension is another item."""
    if not wanted:
        return None
    for dimension, values in wanted.items():
        if dimension in offered and not values & offered[dimension]:
            args = ("/".join(sorted(values)), "/".join(sorted(offered[dimension])), dimension)
            return Feature("variant", 0.0, OTHER_VARIANT, args, EXCLUDE)
    if all(d in offered for d in wanted):
        variant = "、".join(f"{'/'.join(sorted(values))}{d}" for d, values in wanted.items())
        return Feature("variant", 1.0, SAME_VARIANT, (variant,))
    return Feature("variant", 0.6, VARIANT_UNSTATED)


VERIFIED = _reason("verified.yes", "企业已认证", "verified enterprise")
NOT_VERIFIED = _reason("verified.no", "企业未认证", "enterprise not verified")


@_remembered
def verified_fit(verified: bool) -> Feature:
    if verified:
        return Feature("verified", 1.0, VERIFIED)
    return Feature("verified", 0.0, NOT_VERIFIED)


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


_reason("theme", "供方为{0}", "offered by a {1}")  # matches of 1.2 before "an aftermarket enterprise"
OFFERED_BY = _reason("theme.by", "供方为{0}", "offered by {2}")


@_remembered
def theme_fit(kind: str, supplier_theme: str) -> Feature | None:
    """Who a buyer of this kind meets first: funding from financial institutions, technology from
    universities and institutes."""
    if not supplier_theme:
        return None
    value = _THEME_FIT.get(kind, {}).get(supplier_theme, 0.5)
    zh, en = _THEME_NAMES.get(supplier_theme, (supplier_theme, supplier_theme))
    article = "an" if supplier_theme == "aftermarket" else "a"  # the one name said with a vowel first
    return Feature("theme", value, OFFERED_BY, (zh, en, f"{article} {en}"))


TRL_MEETS = _reason("trl.meets", "TRL {0} ≥ 要求 {1}", "TRL {0} meets {1}")
TRL_BELOW = _reason("trl.below", "TRL {0} 低于要求 {1}", "TRL {0} below {1}")


def trl_fit(minimum: int | None, offered: int | None) -> Feature | None:
    """The technology readiness level offered against the buyer's minimum."""
    if minimum is None or offered is None:
        return None
    gap = offered - minimum
    miss = OK if gap >= 0 else MILD if gap == -1 else SEVERE
    if miss == OK:
        return Feature("trl", 1.0, TRL_MEETS, (offered, minimum))
    return Feature("trl", _VALUE[miss] * 0.5, TRL_BELOW, (offered, minimum), miss)


_MODES = {"license": "许可", "assignment": "转让", "co_development": "合作开发", "service": "技术服务"}
SAME_MODE = _reason("transfer_mode.same", "合作方式一致：{0}", "same transfer mode: {1}")
OTHER_MODE = _reason("transfer_mode.other", "合作方式不同：需{0}", "other transfer mode: wants {1}")


def transfer_mode_fit(wanted: str, offered: str) -> Feature | None:
    if not wanted or not offered:
        return None
    args = (_MODES.get(wanted, wanted), wanted)
    if wanted == offered:
        return Feature("transfer_mode", 1.0, SAME_MODE, args)
    return Feature("transfer_mode", 0.3, OTHER_MODE, args, MILD)


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


AMOUNT_FROM = _reason("amount.from", "起贷额 {0} 万元，需 {1} 万元", "from CNY {2:,.0f}, CNY {3:,.0f} needed")
AMOUNT_UP_TO = _reason(
    "amount.up_to", "额度上限 {0} 万元，需 {1} 万元", "up to CNY {2:,.0f} for CNY {3:,.0f} needed"
)
AMOUNT_COVERS = _reason(
    "amount.covers",
    "额度 {0}–{1} 万元，覆盖所需 {2} 万元",
    "CNY {3:,.0f} to {4:,.0f} covers CNY {5:,.0f} needed",
)


def amount_fit(needed: float | None, offered_min: float | None, offered_max: float | None) -> Feature | None:
    """The amount an enterprise needs against the range an institution lends (CNY; shown in 万元)."""
    floor, ceiling = offer_range(offered_min, offered_max)
    if not needed or not ceiling:
        return None
    miss, where = _outside(needed, floor, ceiling, AMOUNT_MILD)
    args: tuple[Any, ...]
    if where == "below" and floor:
        code, args = AMOUNT_FROM, (_fmt(floor / 1e4), _fmt(needed / 1e4), floor, needed)
    elif where or not floor:
        code, args = AMOUNT_UP_TO, (_fmt(ceiling / 1e4), _fmt(needed / 1e4), ceiling, needed)
    else:
        code = AMOUNT_COVERS
        args = (_fmt(floor / 1e4), _fmt(ceiling / 1e4), _fmt(needed / 1e4), floor, ceiling, needed)
    return Feature("amount", _VALUE[miss], code, args, miss)


TERM_FROM = _reason("term.from", "期限最短 {0} 个月，需 {1} 个月", "term from {0} months, {1} needed")
TERM_UP_TO = _reason("term.up_to", "期限最长 {0} 个月，需 {1} 个月", "term up to {0} months for {1}")
TERM_COVERS = _reason("term.covers", "期限 {0}–{1} 个月，满足 {2} 个月", "term {0} to {1} months covers {2}")


def term_fit(needed: int | None, offered_min: int | None, offered_max: int | None) -> Feature | None:
    """The term (months) an enterprise needs against the range an institution offers."""
    floor, ceiling = offer_range(offered_min, offered_max)
    if not needed or not ceiling:
        return None
    miss, where = _outside(needed, floor, ceiling, TERM_MILD)
    args: tuple[Any, ...]
    if where == "below" and floor:
        code, args = TERM_FROM, (floor, needed)
    elif where or not floor:
        code, args = TERM_UP_TO, (ceiling, needed)
    else:
        code, args = TERM_COVERS, (floor, ceiling, needed)
    return Feature("term", _VALUE[miss], code, args, miss)


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


NOT_ELIGIBLE = _reason("eligibility.no", "{0}", "{1}")
ELIGIBLE = _reason("eligibility.yes", "符合准入条件：{0}", "eligible: {1}")


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
        return Feature("eligibility", 0.0, NOT_ELIGIBLE, args, EXCLUDE)
    args = ("、".join(met_zh), ", ".join(met_en))
    return Feature("eligibility", 1.0, ELIGIBLE, args)


# As listings.choices.Instrument names them.
_INSTRUMENTS = {
    "loan": ("贷款", "loan"),
    "equity": ("股权投资", "equity"),
    "lease": ("融资租赁", "lease"),
    "guarantee": ("担保", "guarantee"),
    "supply_chain_finance": ("供应链金融", "supply-chain finance"),
}


SAME_INSTRUMENT = _reason("instrument.same", "融资方式一致：{0}", "same instrument: {1}")
OTHER_INSTRUMENT = _reason(
    "instrument.other", "融资方式不同：需{0}，提供{2}", "another instrument: {3}, not {1}"
)


def instrument_fit(wanted: str, offered: str) -> Feature | None:
    """The instrument an enterprise asks for against the one offered: another one (equity for a
    loan) is another product, never proposed."""
    if not wanted or not offered:
        return None
    want, give = _INSTRUMENTS.get(wanted, (wanted, wanted)), _INSTRUMENTS.get(offered, (offered, offered))
    if wanted == offered:
        return Feature("instrument", 1.0, SAME_INSTRUMENT, want)
    return Feature("instrument", 0.0, OTHER_INSTRUMENT, (*want, *give), EXCLUDE)
