"""What the engine reads out of one listing once, before it scores any pair: canonical certificates,
the variant it names (800V, 314Ah, 215/55R17), where it is, and where a buyer prefers suppliers from.

Pure functions of an `Item`; `profile()` caches nothing itself (the engine keeps one per item).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from accounts.regions import YANGTZE_RIVER_DELTA, RegionInfo, registry
from listings.search.text import SYNONYM_PREFIX, document_tokens
from matching.items import Item

# ---------------------------------------------------------------------------------------------------
# Certificates: one spelling per standard ("IATF16949:2016", "IATF 16949" and "TS 16949" are one).

_CERT_ALIASES = {
    "3C": "CCC",
    "3C认证": "CCC",
    "中国强制性产品认证": "CCC",
    "强制性产品认证": "CCC",
    "TS16949": "IATF16949",
    "ISOTS16949": "IATF16949",
    "E标": "EMARK",
    "E标认证": "EMARK",
    "ECER10": "EMARK",
    "ISO21434": "ISOSAE21434",
    "SAE21434": "ISOSAE21434",
    "AUTOMOTIVESPICE": "ASPICE",
}
# Words around a standard's code that do not change which standard it is.
_CERT_NOISE = re.compile(
    r"(?:体系认证|认证证书|管理体系|体系|认证|证书|资质|质量管理|环境管理|职业健康安全管理|功能安全|"
    r"CERTIFICATION|CERTIFICATE|CERTIFIED|COMPLIANT|QUALIFIED|SYSTEM)$"
)
# The battery-recycling "whitelist": the MIIT's list of enterprises meeting its industry conditions
# (《新能源汽车废旧动力蓄电池综合利用行业规范条件》), written "工信部白名单", "MIIT whitelist" or in full.
_MIIT_WHITELIST = re.compile(r"(?:工信部|MIIT|规范条件).*(?:白名单|WHITE\s*LIST)|白名单.*(?:工信部|MIIT)")
# Graded certificates: a higher grade satisfies a lower one (ASIL-D covers ASIL-B; ASPICE CL3 covers CL2).
_ASIL = re.compile(r"ASIL[\s\-_]*([A-D])\b")
_ASPICE = re.compile(r"ASPICE(?:CL|LEVEL|L)?([1-5])")


@lru_cache(maxsize=8192)
def canonical_certificate(text: str) -> str:
    """'IATF 16949:2016' -> 'IATF16949'; '3C' -> 'CCC'; 'ISO 26262 ASIL-D' -> 'ISO26262:D'."""
    flat = unicodedata.normalize("NFKC", text).upper().strip()
    if _MIIT_WHITELIST.search(flat):
        return "MIITWHITELIST"
    asil = _ASIL.search(flat)
    if asil:  # "ISO 26262 ASIL-D", "ASIL D (ISO 26262)", "功能安全 ASIL-D"
        return f"ISO26262:{asil.group(1)}"
    flat = re.sub(r"(?:[:：]|[\-—–]|\s)\s*(?:19|20)\d\d\b", "", flat)  # the edition year
    flat = re.sub(r"[\s\-_/.·,，()（）]", "", flat)
    while True:
        trimmed = _CERT_NOISE.sub("", flat)
        if trimmed == flat or not trimmed:
            break
        flat = trimmed
    coded = re.match(r"^([A-Z]+\d[\dA-Z]*)([\u4e00-\u9fff]+)$", flat)
    if coded and not re.search(
        r"[员师工]", coded.group(2)
    ):  # "ISO14001环境": a description, not a person's licence
        flat = coded.group(1)
    aspice = _ASPICE.search(flat.replace("AUTOMOTIVESPICE", "ASPICE"))
    if aspice:
        return f"ASPICE:{aspice.group(1)}"
    flat = _CERT_ALIASES.get(flat, flat)
    for alias, canonical in _CERT_ALIASES.items():
        if flat.startswith(alias) and len(alias) > 2 and not flat.startswith(canonical):
            flat = canonical + flat[len(alias) :]
    return flat


def certificate_satisfied(required: str, held: frozenset[str]) -> bool:
    """Whether a held certificate covers a required one (both canonical): the same standard, a higher
    grade of it, or a more specific form of it ("AECQ100GRADE1" covers "AECQ100")."""
    if required in held:
        return True
    name, _, grade = required.partition(":")
    if grade:
        return any(h.partition(":")[0] == name and h.partition(":")[2] >= grade for h in held)
    return any(
        h.startswith(required) and not h[len(required)].isdigit() for h in held if len(h) > len(required)
    )


# "有IATF 16949者优先", "Nice to have: ISO 9001", "IATF 16949 preferred"
_NICE_TO_HAVE = re.compile(
    r"有\s*([^，。；,;]{2,40}?)\s*(?:认证|资质|证书)?者优先|nice to have[:：]?\s*([^。；;\n]{2,60})"
    r"|([A-Z][A-Za-z0-9 /\-.:]{1,30}?)\s*(?:certified\s*)?(?:is\s*)?(?:preferred|a plus)",
    re.IGNORECASE,
)


# Certificates known by letters alone; any other nice-to-have phrase must name a number to be one.
_CODES_WITHOUT_DIGITS = frozenset({"CCC", "CE", "CQC", "CNAS", "CMA", "EMARK", "UL", "TUV", "DOT", "SRRC"})


# Words one of _NICE_TO_HAVE's forms needs: most texts have none, and the pattern is slow to fail.
_NICE_TO_HAVE_HINT = re.compile(r"者优先|nice to have|preferred|a plus", re.IGNORECASE)


def nice_to_have_certificates(text: str) -> frozenset[str]:
    """Certificates a buyer would like but does not require, stated in the text."""
    found: set[str] = set()
    text = unicodedata.normalize("NFKC", text)
    if not _NICE_TO_HAVE_HINT.search(text):
        return frozenset()
    for match in _NICE_TO_HAVE.finditer(text):
        phrase = next(group for group in match.groups() if group)
        for part in re.split(r"[、,，和及]|\b(?:or|and)\b", phrase):
            part = part.strip()
            certificate = canonical_certificate(part) if part else ""
            if re.search(r"\d", certificate) or certificate in _CODES_WITHOUT_DIGITS:
                found.add(certificate)
    return frozenset(found)


# ---------------------------------------------------------------------------------------------------
# Variants: numbers with a unit that tell siblings apart (400V vs 800V, 280Ah vs 314Ah, 6.6 vs 11 kW).

_UNITS = {
    "v": "V",
    "kv": "kV",
    "kw": "kW",
    "kwh": "kWh",
    "ah": "Ah",
    "nm": "nm",
    "线": "lines",
    "tops": "TOPS",
    "mm": "mm",
    "米": "m",
    "m": "m",
    "寸": "inch",
    "英寸": "inch",
    "inch": "inch",
    "mpa": "MPa",
    "c": "C",
    "串": "series",
    "位": "bit",
    "bit": "bit",
    "ghz": "GHz",
    "gb": "GB",
    "吨": "t",
    "t": "t",
    "n·m": "Nm",
    "层": "layers",
    "layer": "layers",
    "layers": "layers",
}
_NUMBER_UNIT = re.compile(
    r"(?<![a-z0-9.])(\d+(?:\.\d+)?)\s*-?\s*"  # "16-inch", "8-layer" as well as "16 inch" and "16inch"
    r"(kwh|kw|kv|v|ah|nm|线|tops|mm|米|m|英寸|寸|inch|mpa|c|串|位|bit|ghz|gb|吨|t|层|layers|layer)(?![a-z])",
    re.IGNORECASE,
)
# Money around a number, where "M" is a million and not metres: "50M", "CNY 50 m", "¥80m", "30m RMB".
_CURRENCY_BEFORE = re.compile(r"(?:¥|\$|cny|rmb|usd|eur)\s*$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"\s*(?:cny|rmb|usd|eur|yuan|元|人民币)", re.IGNORECASE)
_TYRE = re.compile(r"(?<![0-9])(\d{3}/\d{2}\s*z?r\s*\d{2})(?![0-9])", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def variant_specs(text: str) -> dict[str, frozenset[str]]:
    """The variants a text names, by dimension: {'V': {'800'}, 'tyre': {'215/55r17'}}."""
    written = unicodedata.normalize("NFKC", text)
    specs: dict[str, set[str]] = {}
    if not _DIGIT.search(written):  # every variant is a number
        return {}
    for size in _TYRE.findall(written):
        specs.setdefault("tyre", set()).add(re.sub(r"\s|z", "", size.lower()))
    rest = _TYRE.sub(" ", written)
    for found in _NUMBER_UNIT.finditer(rest):
        number, unit = found.groups()
        if unit in ("M", "m") and (unit == "M" or _money(rest, found.start(), found.end())):
            continue  # an amount of money ("50M", "CNY 30 m"), not a length
        specs.setdefault(_UNITS[unit.lower()], set()).add(f"{float(number):g}")
    return {dimension: frozenset(values) for dimension, values in specs.items()}


def _money(text: str, start: int, end: int) -> bool:
    return bool(_CURRENCY_BEFORE.search(text, max(0, start - 6), start) or _CURRENCY_AFTER.match(text, end))


def _spec_text(item: Item) -> str:
    """Where a listing names its variant: title, category, and the specification part of the text.

    Quantities, prices and delivery times live in the description too; those dimensions (吨 as a
    monthly quantity, for one) are read only from the title and category.
    """
    return f"{item.title} {item.category}"


def _spec_body(item: Item) -> str:
    text = item.description
    # Each pattern looked for only where its words are: most descriptions have neither.
    parts = _SPEC_PART.findall(text) if "规格" in text or "spec" in text.lower() else []
    parens = _PARENS.findall(text) if "(" in text or "（" in text else []
    return " ".join([*parts, *parens])


_SPEC_PART = re.compile(r"(?:规格要求|规格|specification|spec)[:：]\s*([^。;\n]*)", re.IGNORECASE)
_PARENS = re.compile(r"[（(]([^（）()]{1,40})[）)]")


# ---------------------------------------------------------------------------------------------------
# Places


@dataclass(frozen=True, slots=True)
class Place:
    province: str  # province code, "" when unknown
    city: str  # city code, or the city's name when the region table does not know it; "" when unknown
    lat: float | None = None
    lon: float | None = None

    @property
    def in_yrd(self) -> bool:
        return self.province in YANGTZE_RIVER_DELTA


@cache
def _names() -> dict[str, RegionInfo]:
    """Regions by every name a text may use: 安徽省, 安徽, Anhui, 合肥市, 合肥, Hefei."""
    names: dict[str, RegionInfo] = {}
    for region in registry().values():
        for name in (region.name_zh, region.name_en):
            names.setdefault(name.lower(), region)
            short = re.sub(r"(省|市|自治区|壮族|回族|维吾尔|特别行政区|新区|区|县)+$", "", name)
            if len(short) >= 2:
                names.setdefault(short.lower(), region)
    return names


@lru_cache(maxsize=8192)
def place_of(region: str) -> Place:
    """A place from a region code ('340100') or a '省/市' text ('安徽省/合肥市')."""
    regions = registry()
    if region in regions:
        info = regions[region]
        return Place(info.province_code, info.code if info.level == "city" else "", info.lat, info.lon)
    province_name, _, city_name = region.partition("/")
    province = _names().get(province_name.lower())
    if province is None:
        return Place("", city_name)
    city = next(
        (
            r
            for r in regions.values()
            if r.parent == province.code and city_name and r.name_zh.startswith(city_name[:2])
        ),
        None,
    )
    if city is not None:
        return Place(province.code, city.code, city.lat, city.lon)
    return Place(province.code, city_name, province.lat, province.lon)


# ---------------------------------------------------------------------------------------------------
# Regional preference of a buyer, stated only in the text


@dataclass(frozen=True, slots=True)
class Preference:
    level: str  # city | province | yrd
    province: str = ""
    city: str = ""

    def met_by(self, place: Place) -> bool:
        if self.level == "yrd":
            return place.in_yrd
        if self.level == "province":
            return bool(place.province) and place.province == self.province
        return bool(place.city) and place.city == self.city

    @property
    def label(self) -> tuple[str, str]:
        if self.level == "yrd":
            return "长三角", "the Yangtze River Delta"
        code = self.city if self.level == "city" else self.province
        info = registry().get(code)
        if info is None:
            return code, code
        return info.name_zh, info.name_en


_YRD_WORDS = re.compile(r"长三角|沪苏浙皖|江浙沪皖|yrd|yangtze river delta", re.I)
_SENTENCE_END = re.compile(r"[。；;\n]")
_PREFERS = re.compile(r"优先|prefer|priority", re.I)
_LOCAL = re.compile(r"本地|local|同城|本市", re.I)
_PROVINCE = re.compile(r"省内|市内|区内|in[- ]province|within the province|in the province", re.I)


def regional_preference(item: Item, home: Place) -> Preference | None:
    """Where a buyer prefers its suppliers from, if its text says so: '优先考虑安徽省内供应商',
    '长三角地区供应商优先', '优先合肥本地企业', 'YRD suppliers preferred', 'Local (芜湖) preferred'."""
    sentences = _SENTENCE_END.split(unicodedata.normalize("NFKC", item.description))
    for sentence in (sentence for sentence in sentences if _PREFERS.search(sentence)):
        if _YRD_WORDS.search(sentence) or _names_yrd(sentence):
            return Preference("yrd")
        named = _named_region(sentence)
        if _LOCAL.search(sentence):
            if named is not None and named.level == "city":
                return Preference("city", named.parent or "", named.code)
            if named is None and home.city:
                return Preference("city", home.province, home.city)
        if _PROVINCE.search(sentence) or (named is not None and named.level == "province"):
            province = named.province_code if named is not None else home.province
            if province:
                return Preference("province", province)
    return None


def _names_yrd(sentence: str) -> bool:
    """'Shanghai, Jiangsu, Zhejiang or Anhui suppliers preferred': three or more Delta provinces named."""
    lowered = sentence.lower()
    named = {r.province_code for name, r in _names().items() if r.level == "province" and name in lowered}
    return len(named & YANGTZE_RIVER_DELTA) >= 3


def _named_region(sentence: str) -> RegionInfo | None:
    lowered = sentence.lower()
    found = [(lowered.find(name), -len(name), r) for name, r in _names().items() if name in lowered]
    if not found:
        return None
    # The longest name first (安徽省 over 安徽); a city over its province when both are named.
    found.sort(key=lambda f: (f[2].level != "city", f[1]))
    return found[0][2]


# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    """The facts the features compare, read out of an item once."""

    certificates: frozenset[str]
    nice_to_have: frozenset[str]
    specs: dict[str, frozenset[str]]
    place: Place
    preference: Preference | None
    category: str
    # The industry-term groups the category names (seeds/aliases.json): "wire harness" and "线束" share one.
    category_terms: frozenset[str]
    category_english: bool


@lru_cache(maxsize=8192)
def normal_category(text: str) -> str:
    return re.sub(r"[\s\-_/()（）]", "", unicodedata.normalize("NFKC", text).lower())


def profile(item: Item) -> Profile:
    place = place_of(item.region) if item.region else Place("", "")
    specs = variant_specs(_spec_text(item))
    for dimension, values in variant_specs(_spec_body(item)).items():
        if dimension != "t":  # tonnes in a description are a quantity, not a variant
            specs[dimension] = specs.get(dimension, frozenset()) | values
    return Profile(
        certificates=canonical_certificates(tuple(item.certifications)),
        nice_to_have=nice_to_have_certificates(item.description) if item.side == "demand" else frozenset(),
        specs=specs,
        place=place,
        preference=regional_preference(item, place) if item.side == "demand" else None,
        category=normal_category(item.category),
        category_terms=category_terms(item.category),
        category_english=_english(item.category),
    )


@lru_cache(maxsize=8192)
def canonical_certificates(certifications: tuple[str, ...]) -> frozenset[str]:
    """The canonical set of a listing's certificates (an enterprise's listings share one tuple)."""
    return frozenset(canonical_certificate(c) for c in certifications if c.strip())


@lru_cache(maxsize=8192)
def _english(category: str) -> bool:
    return not re.search(r"[\u4e00-\u9fff]", category)


@lru_cache(maxsize=8192)
def category_terms(category: str) -> frozenset[str]:
    """The alias groups a category names (seeds/aliases.json): "wire harness" and "线束" share one."""
    return (
        frozenset(t for t in document_tokens(category) if t.startswith(SYNONYM_PREFIX))
        if category
        else frozenset()
    )


def same_terms(a: Profile, b: Profile) -> bool:
    """Whether two categories, one in English and one in Chinese, name the same industry terms.

    Only across languages: within one the groups are too coarse (高压线束 and 低压线束 share one), and
    the categories' own characters decide."""
    return (
        a.category_english != b.category_english
        and bool(a.category_terms)
        and a.category_terms == b.category_terms
    )
