"""Planning demo enterprises: pure functions that draw names, codes, regions and histories from a seed.

A plan is a list of `EnterpriseSpec`s; `seeds.demo` writes it. Same seed and same database state give
the same plan: every draw comes from the `random.Random` passed in, never from the global generator.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from django.utils import timezone

from accounts.credit_code import ALPHABET, check_character
from accounts.models import Enterprise
from accounts.regions import YANGTZE_RIVER_DELTA, RegionInfo, registry
from accounts.taxonomy import Theme
from seeds import names
from seeds.certifications import CertSpec, plan_certifications

# Shares of the six themes, in percent. Component suppliers dominate any automotive province; a few
# dozen OEMs assemble vehicles; banks, leasing and venture firms, universities and institutes make up
# the rest of the platform's "industry + finance + academia" membership. For 522: 287 component makers,
# 63 aftermarket firms, 63 research institutes, 52 financial institutions, 31 universities, 26 OEMs.
THEME_SHARES: dict[str, float] = {
    Theme.COMPONENT_MAKER: 55,
    Theme.AFTERMARKET: 12,
    Theme.RESEARCH_INSTITUTE: 12,
    Theme.FINANCIAL_INSTITUTION: 10,
    Theme.UNIVERSITY: 6,
    Theme.VEHICLE_MAKER: 5,
}
# Verification outcomes, in percent: most launch members were verified; some wait; a few were turned away.
STATUS_SHARES: dict[str, float] = {
    Enterprise.Status.VERIFIED: 85,
    Enterprise.Status.PENDING: 11,
    Enterprise.Status.REJECTED: 4,
}
RESUBMITTED_SHARE = 0.25  # of the pending ones: rejected once, corrected and sent back

# Where enterprises sit, in percent by province: Anhui's own platform, then its Yangtze River Delta
# neighbours, then the rest of the country ("elsewhere": every city outside the delta).
ELSEWHERE = "elsewhere"
PROVINCE_SHARES: dict[str, float] = {"340000": 60, "320000": 12, "330000": 10, "310000": 8, ELSEWHERE: 10}
# Relative weights of cities inside their group; unlisted cities weigh 1. Hefei and Wuhu carry Anhui's
# vehicle plants; Suzhou, Ningbo, Jiading and Pudong are the delta's supplier clusters; elsewhere the
# traditional automotive cities (Guangzhou, Wuhan, Chongqing, Changchun) come first.
CITY_WEIGHTS: dict[str, float] = {
    "340100": 30, "340200": 15, "340500": 6, "341100": 6, "340800": 5, "340300": 4, "341800": 4,
    "340700": 3, "341500": 3, "341200": 3, "340400": 2, "340600": 2, "341600": 2, "341300": 2,
    "341700": 2, "341000": 2,
    "320500": 4, "320100": 3, "320400": 3, "320200": 3, "320600": 1.5, "321000": 1.5, "320900": 1.5,
    "330200": 4, "330100": 4, "331000": 2, "330400": 2, "330300": 1.5, "330500": 1.5, "330600": 1.5,
    "310114": 6, "310115": 6, "310112": 3, "310117": 2, "310120": 1.5, "310113": 1.5, "310118": 1.5,
    "440100": 3, "420100": 3, "500103": 3, "220100": 3, "110101": 2, "120101": 2, "610100": 2,
    "510100": 2, "430100": 2, "410100": 2, "370100": 2, "210100": 2,
}  # fmt: skip

REJECTION_REASONS = (
    "营业执照扫描件不清晰，请重新上传。",
    "统一社会信用代码与营业执照不一致，请核对。",
    "企业名称与营业执照登记名称不符。",
    "联系人信息不完整，请补充联系电话和电子邮箱。",
    "所选产业链环节与经营范围不符，请核对后重新提交。",
)
VERIFY_NOTES = ("", "", "", "资料齐全，准予通过。", "经核验，企业信息真实有效。")

K = TypeVar("K")


def rng_for(seed: int, purpose: str = "") -> random.Random:
    """A private random generator for one part of the seed; never the global one, so runs are repeatable.

    String seeds are hashed with SHA-512 by `random`, independent of PYTHONHASHSEED.
    """
    return random.Random(f"{seed}:{purpose}" if purpose else seed)  # demo data, seeded to repeat  # nosec B311


class SeedError(Exception):
    """The demo data cannot be written as asked (the command turns this into a CommandError)."""


@dataclass(frozen=True, slots=True)
class EnterpriseSpec:
    """Everything about one demo enterprise and its verification history, before it is written."""

    name_zh: str
    name_en: str
    credit_code: str
    theme: str
    segments: tuple[str, ...]
    region_code: str
    address: str
    description: str
    website: str
    contact_name: str
    contact_phone: str
    contact_email: str
    certifications: tuple[CertSpec, ...]
    status: str
    history: History

    @property
    def last_change(self) -> datetime:
        h = self.history
        return h.resubmitted_at or h.reviewed_at or h.registered_at


@dataclass
class Taken:
    """Names, codes and host names already used, in the database or earlier in the plan."""

    names_zh: set[str] = field(default_factory=set)
    names_en: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)

    @classmethod
    def from_database(cls) -> Taken:
        """What existing enterprises use, so that a plan never collides with them."""
        taken = cls()
        for name_zh, name_en, code, website in Enterprise.objects.values_list(
            "name_zh", "name_en", "credit_code", "website"
        ):
            taken.names_zh.add(name_zh)
            taken.names_en.add(name_en)
            taken.codes.add(code)
            if website.endswith(".example.cn"):
                taken.slugs.add(website.removeprefix("https://www.").removesuffix(".example.cn"))
        return taken


def apportion(total: int, shares: Mapping[K, float], *, at_least_one: bool = False) -> dict[K, int]:
    """Split `total` in proportion to `shares` by largest remainder, so the parts add up exactly.

    With `at_least_one` (and enough to go round) a key that would get nothing takes one from the largest
    part, so that a small seed still shows every theme.
    """
    keys = list(shares)
    weight = sum(shares.values())
    exact = {k: total * shares[k] / weight for k in keys}
    parts = {k: int(exact[k]) for k in keys}
    leftover = total - sum(parts.values())
    # Ties go to the key listed first, so the result does not depend on floating-point noise.
    for k in sorted(keys, key=lambda k: (-(exact[k] - parts[k]), keys.index(k)))[:leftover]:
        parts[k] += 1
    if at_least_one and total >= len(keys):
        for k in keys:
            if parts[k] == 0:
                parts[max(keys, key=lambda j: parts[j])] -= 1
                parts[k] = 1
    return parts


def shuffled_quota(rng: random.Random, total: int, shares: Mapping[K, float], **kwargs: bool) -> list[K]:
    """`total` keys in the proportions of `shares`, in random order."""
    items = [k for k, n in apportion(total, shares, **kwargs).items() for _ in range(n)]
    rng.shuffle(items)
    return items


def region_pool(group: str) -> tuple[list[RegionInfo], list[float]]:
    """The cities of a province group and their weights."""
    cities = [r for r in registry().values() if r.level == "city"]
    if group == ELSEWHERE:
        cities = [r for r in cities if r.province_code not in YANGTZE_RIVER_DELTA]
    else:
        cities = [r for r in cities if r.province_code == group]
    return cities, [CITY_WEIGHTS.get(r.code, 1.0) for r in cities]


def draw_region(rng: random.Random, group: str) -> RegionInfo:
    """A city of the group, weighted by `CITY_WEIGHTS`."""
    cities, weights = region_pool(group)
    return rng.choices(cities, weights=weights)[0]


# GB 11714-1997: positions 9-17 of a credit code are the organisation code, eight characters and its
# own check character (weights below; letters count A=10 ... Z=35, which is int(ch, 36)).
GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(body: str) -> str:
    """Eight characters and their GB 11714 check character (0-9 or X)."""
    check = 11 - sum(int(ch, 36) * w for ch, w in zip(body, GB11714_WEIGHTS, strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(rng: random.Random, *, public_institution: bool, region_code: str, year: int) -> str:
    """A valid GB 32100-2015 code: authority and type, division, organisation code, check character.

    91 = market regulator / enterprise; 12 = institution registry / public institution (事业单位).
    Firms registered since the unified code began (Oct 2015) have organisation codes in the "MA" series;
    older firms and public institutions carry their numeric GB 11714 code.
    """
    if public_institution:
        body = "4" + "".join(rng.choice("0123456789") for _ in range(7))
    elif year >= 2016:
        body = "MA" + "".join(rng.choice(ALPHABET) for _ in range(6))
    else:
        body = rng.choice("1234567") + "".join(rng.choice("0123456789") for _ in range(7))
    first17 = ("12" if public_institution else "91") + region_code + organisation_code(body)
    return first17 + check_character(first17)


def _founding_year(rng: random.Random, theme: str) -> int:
    if theme == Theme.UNIVERSITY:
        return rng.randint(1952, 2012)
    # Skewed to the last decade (most new-energy suppliers are young), none before the 1984 reforms.
    return max(1984, min(2022, 2023 - int(rng.expovariate(1 / 9))))


def _moment(now: datetime, rng: random.Random, days_ago: int) -> datetime:
    """A time of day on the day `days_ago` before now, never later than now."""
    return min(now, now - timedelta(days=days_ago) + timedelta(seconds=rng.randrange(-43200, 43200)))


@dataclass(frozen=True, slots=True)
class History:
    """When an enterprise registered, was reviewed and resubmitted, and the reviewer's note."""

    registered_at: datetime
    reviewed_at: datetime | None = None
    resubmitted_at: datetime | None = None
    review_note: str = ""


def plan_history(rng: random.Random, status: str, now: datetime) -> History:
    """Registration and review times for a status, within the past year, and the review note.

    Pending enterprises registered recently (an admin works through the queue within days); a quarter of
    them were rejected once and resubmitted, so the admin sees both kinds in the queue.
    """

    def review_after(registered: datetime, max_days: int) -> datetime:
        return registered + timedelta(days=rng.randint(1, max_days), seconds=rng.randrange(86400))

    if status == Enterprise.Status.VERIFIED:
        registered = _moment(now, rng, rng.randint(10, 365))
        return History(registered, review_after(registered, 7), review_note=rng.choice(VERIFY_NOTES))
    if status == Enterprise.Status.REJECTED:
        registered = _moment(now, rng, rng.randint(10, 200))
        return History(registered, review_after(registered, 5), review_note=rng.choice(REJECTION_REASONS))
    if rng.random() < RESUBMITTED_SHARE:
        registered = _moment(now, rng, rng.randint(30, 120))
        reviewed = review_after(registered, 5)
        resubmitted = min(now, review_after(reviewed, 20))
        return History(registered, reviewed, resubmitted, rng.choice(REJECTION_REASONS))
    return History(_moment(now, rng, rng.randint(0, 20)))


# The mailbox of the contact address: institutions answer from an office, companies from sales or info.
MAILBOXES: dict[str, str] = {
    Theme.UNIVERSITY: "office",
    Theme.RESEARCH_INSTITUTE: "office",
    Theme.FINANCIAL_INSTITUTION: "service",
}


def plan_enterprise(
    rng: random.Random,
    *,
    theme: str,
    status: str,
    region: RegionInfo,
    now: datetime,
    taken: Taken,
) -> EnterpriseSpec:
    """One enterprise of the theme in the region, with names, code and host name not yet taken."""
    compose = names.COMPOSERS[Theme(theme)]
    year = _founding_year(rng, theme)
    for attempt in range(200):
        composed = compose(rng, region, year, attempt)
        if composed.name_zh not in taken.names_zh and composed.name_en not in taken.names_en:
            break
    else:  # pragma: no cover - only with tens of thousands of enterprises
        raise SeedError(f"Ran out of distinct {theme} names in {region.name_en}; seed fewer enterprises.")
    while True:  # a clash is one in millions, but the column is unique
        code = credit_code(
            rng, public_institution=composed.public_institution, region_code=region.code, year=year
        )
        if code not in taken.codes:
            break
    slug, n = composed.slug, 1
    while slug in taken.slugs:
        n += 1
        slug = f"{composed.slug}{n}"
    taken.names_zh.add(composed.name_zh)
    taken.names_en.add(composed.name_en)
    taken.codes.add(code)
    taken.slugs.add(slug)
    return EnterpriseSpec(
        name_zh=composed.name_zh,
        name_en=composed.name_en,
        credit_code=code,
        theme=theme,
        segments=composed.segments,
        region_code=region.code,
        address=names.address(rng, region, theme),
        description=composed.description,
        website=f"https://www.{slug}.example.cn",
        contact_name=names.person_name(rng),
        contact_phone=names.mobile_number(rng),
        contact_email=f"{MAILBOXES.get(theme) or rng.choice(('info', 'sales', 'contact'))}@{slug}.example.cn",
        certifications=plan_certifications(rng, theme, composed.segments, region, timezone.localdate(now)),
        status=status,
        history=plan_history(rng, status, now),
    )


def plan_enterprises(rng: random.Random, count: int, *, now: datetime, taken: Taken) -> list[EnterpriseSpec]:
    """`count` enterprises with themes, statuses and regions in the proportions above."""
    themes = shuffled_quota(rng, count, THEME_SHARES, at_least_one=True)
    statuses = shuffled_quota(rng, count, STATUS_SHARES)
    groups = shuffled_quota(rng, count, PROVINCE_SHARES)
    return [
        plan_enterprise(rng, theme=theme, status=status, region=draw_region(rng, group), now=now, taken=taken)
        for theme, status, group in zip(themes, statuses, groups, strict=True)
    ]
