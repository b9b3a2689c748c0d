"""Invented but plausible enterprise names, descriptions and contacts for the demo data, Chinese and English.

Names are composed from parallel parts of `seeds.vocabulary`, so the two languages always say the same
thing: place + brand + business + legal form, "芜湖瑞驰新能源汽车零部件有限公司" / "Wuhu Ruichi New
Energy Auto Parts Co., Ltd.". Segments and description are drawn to fit the name.

Everything here is pure: a composer takes a `random.Random` and a region and returns strings. We do not
use Faker: it is a development dependency, and `manage.py seed --if-empty` runs in the production image.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from accounts.regions import RegionInfo, registry
from accounts.taxonomy import Segment, Theme
from seeds.vocabulary import (
    AFTERMARKET_LINES,
    BANK_BRANDS,
    BRAND_BLOCKLIST,
    BRAND_HEADS,
    BRAND_TAILS,
    COMPANY_FORMS,
    COMPONENT_LINES,
    COMPONENT_SEGMENT_WEIGHTS,
    FINANCE_KINDS,
    GIVEN_CHARS,
    MOBILE_PREFIXES,
    RELATED_SEGMENTS,
    RESEARCH_FIELDS,
    RESEARCH_SERVICES,
    ROADS,
    SEGMENT_PRODUCTS,
    SURNAMES,
    TESTING_FIELDS,
    UNIVERSITY_KINDS,
    UNIVERSITY_MAJORS,
    UNIVERSITY_PREFIXES,
    VEHICLE_FORMS,
    VEHICLE_LINES,
    ZONES,
    Word,
)

# Beijing, Tianjin, Shanghai and Chongqing: their "cities" in the region table are districts, and firms
# there are named after the municipality ("上海…有限公司"), not the district.
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})

# ---------------------------------------------------------------------------------------------------
# Brands


def brand(rng: random.Random) -> Word:
    """A two-syllable invented brand such as 瑞驰 / Ruichi, never a blocked or doubled syllable."""
    while True:
        (head_zh, head_en), (tail_zh, tail_en) = rng.choice(BRAND_HEADS), rng.choice(BRAND_TAILS)
        zh = head_zh + tail_zh
        if head_zh != tail_zh and zh not in BRAND_BLOCKLIST:
            # Pinyin writes an apostrophe before a syllable that starts with a vowel: Heng'an, not Hengan.
            sep = "'" if tail_en[0] in "aeo" else ""
            return zh, f"{head_en}{sep}{tail_en}"


# ---------------------------------------------------------------------------------------------------
# Places


def short_place_zh(name_zh: str) -> str:
    """合肥市 -> 合肥, 安徽省 -> 安徽, 内蒙古自治区 -> 内蒙古: the form used inside a company name."""
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix) + 1:
            return name_zh[: -len(suffix)]
    return name_zh


def place(region: RegionInfo) -> Word:
    """The place word of a name: the city, or the municipality for a district of one."""
    if region.parent in MUNICIPALITIES:
        region = registry()[region.parent]
    return short_place_zh(region.name_zh), region.name_en


def province_of(region: RegionInfo) -> RegionInfo:
    """The province (or municipality) a region belongs to."""
    return registry()[region.province_code]


# ---------------------------------------------------------------------------------------------------
# Composition


@dataclass(frozen=True, slots=True)
class Composed:
    """A name in both languages with the segments and description that fit it."""

    name_zh: str
    name_en: str
    slug: str  # the host name part of the website and e-mail domain, before de-duplication
    segments: tuple[str, ...]
    description: str
    public_institution: bool = False  # a 事业单位: its credit code starts with 12, not 91


def _weighted(rng: random.Random, options: Sequence[tuple[str, str, int]]) -> Word:
    zh, en, _weight = rng.choices(options, weights=[o[2] for o in options])[0]
    return zh, en


def _ascii(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _extra_segments(rng: random.Random, first: Sequence[str], pool: Sequence[str]) -> tuple[str, ...]:
    """The given segments plus 0-2 more from `pool`, at most three in all (1: ~45%, 2: ~35%, 3: ~20%)."""
    chosen = list(dict.fromkeys(first))
    wanted = rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
    candidates = [s for s in pool if s not in chosen]
    rng.shuffle(candidates)
    chosen.extend(candidates[: max(0, wanted - len(chosen))])
    return tuple(chosen[:3])


def _segment_zh(code: str) -> str:
    from django.utils import translation

    with translation.override("zh-hans"):
        return str(Segment(code).label)


def _some(rng: random.Random, items: Sequence[str], k: int) -> list[str]:
    return rng.sample(list(items), min(k, len(items)))


def _and(items: Sequence[str]) -> str:
    return "、".join(items[:-1]) + "和" + items[-1] if len(items) > 1 else items[0]


def compose_component_maker(rng: random.Random, region: RegionInfo, year: int, attempt: int) -> Composed:
    """芜湖瑞驰新能源汽车零部件有限公司: a supplier named after its main line of business."""
    segments = list(COMPONENT_SEGMENT_WEIGHTS)
    primary = rng.choices(segments, weights=list(COMPONENT_SEGMENT_WEIGHTS.values()))[0]
    line_zh, line_en = rng.choice(COMPONENT_LINES[primary])
    (city_zh, city_en), (brand_zh, brand_en) = place(region), brand(rng)
    form_zh, form_en = _weighted(rng, COMPANY_FORMS)
    name_zh = f"{city_zh}{brand_zh}{line_zh}{form_zh}"
    products = _some(rng, SEGMENT_PRODUCTS[primary], 3)
    second = rng.choice(
        (
            f"公司现有员工约{rng.randrange(120, 3000, 10)}人，其中研发人员占比{rng.randint(8, 30)}%。",
            f"公司建有省级企业技术中心，年产能约{rng.randint(5, 300)}万套。",
            f"公司建有数字化生产线，产品出口{rng.randint(3, 40)}个国家和地区。",
        )
    )
    return Composed(
        name_zh=name_zh,
        name_en=f"{city_en} {brand_en} {line_en} {form_en}",
        slug=_ascii(city_en + brand_en),
        segments=_extra_segments(rng, [primary], RELATED_SEGMENTS[primary]),
        description=f"{name_zh}成立于{year}年，是一家专注于{_segment_zh(primary)}领域的零部件企业，"
        f"主要产品包括{_and(products)}，已为多家整车企业批量配套。{second}",
    )


def compose_vehicle_maker(rng: random.Random, region: RegionInfo, year: int, attempt: int) -> Composed:
    """合肥鼎驰新能源汽车有限公司: complete vehicles first, then what the line implies."""
    line_zh, line_en, products, implied = rng.choice(VEHICLE_LINES)
    (city_zh, city_en), (brand_zh, brand_en) = place(region), brand(rng)
    form_zh, form_en = _weighted(rng, VEHICLE_FORMS)
    name_zh = f"{city_zh}{brand_zh}{line_zh}{form_zh}"
    first = [Segment.COMPLETE_VEHICLE, *([implied] if implied else [])]
    pool = (
        Segment.INTELLIGENT_CONNECTED,
        Segment.POWER_BATTERY,
        Segment.ELECTRIC_DRIVE,
        Segment.CHARGING_HYDROGEN,
    )
    return Composed(
        name_zh=name_zh,
        name_en=f"{city_en} {brand_en} {line_en} {form_en}",
        slug=_ascii(city_en + brand_en) + "auto",
        segments=_extra_segments(rng, first, pool),
        description=f"{name_zh}成立于{year}年，主要从事{_and(_some(rng, products, 2))}的研发与制造，"
        f"年产能约{rng.randint(2, 40)}万辆。产品销往全国{rng.randint(12, 31)}个省区市，并出口海外市场。",
    )


def compose_aftermarket(rng: random.Random, region: RegionInfo, year: int, attempt: int) -> Composed:
    """合肥恒通二手车有限公司: aftermarket services first, then what the line implies."""
    line_zh, line_en, services, implied = rng.choice(AFTERMARKET_LINES)
    (city_zh, city_en), (brand_zh, brand_en) = place(region), brand(rng)
    form_zh, form_en = _weighted(rng, COMPANY_FORMS)
    name_zh = f"{city_zh}{brand_zh}{line_zh}{form_zh}"
    first = [Segment.AFTERMARKET_SERVICES, *([implied] if implied else [])]
    pool = (Segment.CHARGING_HYDROGEN, Segment.POWER_BATTERY, Segment.INTELLIGENT_CONNECTED)
    province = short_place_zh(province_of(region).name_zh)
    return Composed(
        name_zh=name_zh,
        name_en=f"{city_en} {brand_en} {line_en} {form_en}",
        slug=_ascii(city_en + brand_en),
        segments=_extra_segments(rng, first, pool),
        description=f"{name_zh}成立于{year}年，主要提供{_and(_some(rng, services, 3))}等汽车后市场服务，"
        f"在{province}设有{rng.randint(2, 60)}家服务网点。",
    )


def compose_university(rng: random.Random, region: RegionInfo, year: int, attempt: int) -> Composed:
    """皖江理工学院 / Wanjiang Institute of Technology: a public college with automotive majors."""
    options = list(
        UNIVERSITY_PREFIXES.get(region.code) or UNIVERSITY_PREFIXES.get(region.province_code) or ()
    )
    if not options or attempt > 5 or rng.random() < 0.1:
        # Without a poetic name (or once a busy city's are used up) a college takes a brand, as private
        # ones do. A bare city name is avoided: "<city> University of Science and Technology" often exists.
        (city_zh, city_en), (brand_zh, brand_en) = place(region), brand(rng)
        options = [(city_zh + brand_zh, f"{city_en} {brand_en}")]
    prefix_zh, prefix_en = rng.choice(options)
    kind_zh, kind_en = rng.choice(UNIVERSITY_KINDS)
    name_zh = f"{prefix_zh}{kind_zh}"
    name_en = f"{prefix_en} {kind_en}"
    initials = "".join(word[0] for word in kind_en.split() if word[0].isupper())
    pool = [s for s in Segment.values if s not in (Segment.AFTERMARKET_SERVICES, Segment.COMPLETE_VEHICLE)]
    segments = _extra_segments(rng, [rng.choice(pool)], pool)
    return Composed(
        name_zh=name_zh,
        name_en=name_en,
        slug=_ascii(prefix_en) + initials.lower(),
        segments=segments,
        description=f"{name_zh}创建于{year}年，设有车辆工程、{rng.choice(UNIVERSITY_MAJORS)}等专业，"
        f"在{_segment_zh(segments[0])}方向建有省级重点实验室，可面向企业开展技术攻关、成果转化和人才联合培养。",
        public_institution=True,
    )


def compose_financial_institution(
    rng: random.Random, region: RegionInfo, year: int, attempt: int
) -> Composed:
    """徽信银行合肥分行 / Huixin Bank Hefei Branch, or a leasing, venture, guarantee or insurance firm."""
    kind_zh, kind_en, products, _w = rng.choices(FINANCE_KINDS, weights=[k[3] for k in FINANCE_KINDS])[0]
    city_zh, city_en = place(region)
    if kind_zh in ("bank", "insurance"):
        bank_zh, bank_en = rng.choice(BANK_BRANDS)
        if kind_zh == "bank":
            name_zh, name_en = f"{bank_zh}银行{city_zh}分行", f"{bank_en} Bank {city_en} Branch"
        else:
            name_zh = f"{bank_zh}财产保险股份有限公司{city_zh}分公司"
            name_en = f"{bank_en} Property Insurance Co., Ltd. {city_en} Branch"
        slug = _ascii(bank_en + kind_en + city_en)
    else:
        brand_zh, brand_en = brand(rng)
        # An auto finance company is licensed nationally and carries no city in its name.
        city = ("", "") if kind_zh == "汽车金融有限公司" else (city_zh, f"{city_en} ")
        name_zh, name_en = f"{city[0]}{brand_zh}{kind_zh}", f"{city[1]}{brand_en} {kind_en}"
        slug = _ascii(city[1] + brand_en) + ("capital" if "Capital" in kind_en or "Fund" in kind_en else "")
    segments = _extra_segments(rng, [rng.choice(Segment.values)], Segment.values)
    return Composed(
        name_zh=name_zh,
        name_en=name_en,
        slug=slug,
        segments=segments,
        description=f"{name_zh}面向汽车产业链企业提供{_and(_some(rng, products, 3))}等金融服务，"
        f"重点支持{_segment_zh(segments[0])}领域的中小企业。",
    )


def compose_research_institute(rng: random.Random, region: RegionInfo, year: int, attempt: int) -> Composed:
    """安徽省新能源汽车技术研究院, a city institute, a testing centre, or an institute run as a company."""
    kind = rng.choices(("provincial", "city", "testing", "company"), weights=(25, 25, 15, 35))[0]
    city_zh, city_en = place(region)
    if kind == "testing":
        field_zh, field_en, field_segments = rng.choice(TESTING_FIELDS)
    else:
        field_zh, field_en, field_segments = rng.choice(RESEARCH_FIELDS)
    if kind == "provincial":
        province = province_of(region)
        name_zh = f"{province.name_zh}{field_zh}技术研究院"
        name_en = f"{province.name_en} {field_en} Technology Research Institute"
    elif kind == "city":
        name_zh, name_en = f"{city_zh}{field_zh}研究院", f"{city_en} {field_en} Research Institute"
    elif kind == "testing":
        name_zh = f"{city_zh}市{field_zh}质量检验检测中心"
        name_en = f"{city_en} {field_en} Quality Inspection and Testing Centre"
    else:
        brand_zh, brand_en = brand(rng)
        name_zh = f"{city_zh}{brand_zh}{field_zh}研究院有限公司"
        name_en = f"{city_en} {brand_en} {field_en} Research Institute Co., Ltd."
    acronym = "".join(word[0] for word in name_en.replace(",", "").split() if word[0].isupper())
    return Composed(
        name_zh=name_zh,
        name_en=name_en,
        slug=acronym.lower(),
        segments=_extra_segments(rng, field_segments, RELATED_SEGMENTS.get(field_segments[0], ())),
        description=f"{name_zh}成立于{year}年，聚焦{field_zh}领域的关键技术研究，"
        f"提供{_and(_some(rng, RESEARCH_SERVICES, 3))}等服务，已与多家整车和零部件企业建立合作。",
        public_institution=kind != "company",
    )


COMPOSERS = {
    Theme.VEHICLE_MAKER: compose_vehicle_maker,
    Theme.COMPONENT_MAKER: compose_component_maker,
    Theme.AFTERMARKET: compose_aftermarket,
    Theme.UNIVERSITY: compose_university,
    Theme.FINANCIAL_INSTITUTION: compose_financial_institution,
    Theme.RESEARCH_INSTITUTE: compose_research_institute,
}

# ---------------------------------------------------------------------------------------------------
# People and addresses


def person_name(rng: random.Random) -> str:
    """A Chinese full name: a common surname and one or two given-name characters."""
    surname = SURNAMES[min(int(rng.expovariate(1 / 12)), len(SURNAMES) - 1)]
    return surname + "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choices((1, 2), weights=(3, 7))[0]))


def mobile_number(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def address(rng: random.Random, region: RegionInfo, theme: str) -> str:
    """Province, city, (an industrial park for makers,) a road and a number."""
    head = region.name_zh if region.parent is None else f"{province_of(region).name_zh}{region.name_zh}"
    makers = (Theme.VEHICLE_MAKER, Theme.COMPONENT_MAKER, Theme.RESEARCH_INSTITUTE)
    zone = rng.choice(ZONES) if theme in makers and rng.random() < 0.7 else ""
    return f"{head}{zone}{rng.choice(ROADS)}{rng.randint(1, 2999)}号"
