"""Certificates for demo enterprises: which standards a firm of a theme and segment typically holds.

Numbers follow the layouts of the real registers (the CNAS-accredited bodies' "body number + Q/E/S +
serial" for ISO management systems, the seven-digit IATF number, 16-digit CCC numbers), but every issuer
except the national accreditor and regulators is invented.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from accounts.regions import RegionInfo
from accounts.taxonomy import Segment, Theme
from seeds import names


@dataclass(frozen=True, slots=True)
class CertSpec:
    """A certificate to record for a planned enterprise."""

    standard: str
    number: str
    issuer: str
    valid_until: date


# Certificates by theme: (standard, probability). Segment-specific ones are added for component makers.
CERTS_BY_THEME: dict[str, tuple[tuple[str, float], ...]] = {
    Theme.COMPONENT_MAKER: (("IATF 16949", 0.8), ("ISO 9001", 0.55), ("ISO 14001", 0.3), ("ISO 45001", 0.15)),
    Theme.VEHICLE_MAKER: (("ISO 9001", 0.7), ("CCC", 0.6), ("IATF 16949", 0.5), ("ISO 14001", 0.5)),
    Theme.AFTERMARKET: (("ISO 9001", 0.4), ("ISO 14001", 0.2)),
    Theme.UNIVERSITY: (("CNAS", 0.15),),
    Theme.RESEARCH_INSTITUTE: (("CNAS", 0.6), ("CMA", 0.5), ("ISO 9001", 0.25)),
    Theme.FINANCIAL_INSTITUTION: (),
}
CERTS_BY_SEGMENT: dict[str, tuple[tuple[str, float], ...]] = {
    Segment.CHIPS_ELECTRONICS: (("AEC-Q100", 0.4), ("ISO 26262", 0.3)),
    Segment.INTELLIGENT_CONNECTED: (("ISO 26262", 0.4), ("ISO/SAE 21434", 0.25), ("ASPICE", 0.25)),
    Segment.POWER_BATTERY: (("GB 38031-2020", 0.4), ("UN38.3", 0.4)),
    Segment.CHARGING_HYDROGEN: (("CQC", 0.4), ("CE", 0.2)),
}
# Invented certification bodies (with their five-digit CNAS body numbers for ISO certificate numbers).
CERT_BODIES: tuple[tuple[str, int], ...] = (
    ("华东汽车产品认证有限公司", 10231),
    ("长三角质量认证中心有限公司", 10487),
    ("中联标准认证有限公司", 11562),
    ("皖认质量技术服务有限公司", 12208),
    ("联检国际认证（上海）有限公司", 13095),
)
TEST_LABS = ("长三角汽车检测技术有限公司", "皖江新能源汽车检测中心有限公司", "华东电池安全检测有限公司")
EXPIRED_SHARE = 0.12


# Management systems in the Chinese certification register: body number, Q/E/S, serial, renewal count.
MANAGEMENT_SYSTEMS = {"ISO 9001": "Q", "ISO 14001": "E", "ISO 45001": "S"}
# Product and safety standards whose certificate is a test report from a laboratory.
TEST_REPORTS = ("AEC-Q100", "GB 38031-2020", "UN38.3")
OTHER_PREFIXES = {"ISO 26262": "FS", "ISO/SAE 21434": "CS", "ASPICE": "ASPICE"}


def _certificate(rng: random.Random, standard: str, region: RegionInfo, today: date) -> CertSpec:
    """One certificate with a number in the layout its register uses, valid for up to three more years."""
    body_name, body_no = rng.choice(CERT_BODIES)
    year = today.year - rng.randint(0, 3)
    n = rng.randrange(10**5)
    issuer = body_name
    if standard in MANAGEMENT_SYSTEMS:
        number = f"{body_no}{MANAGEMENT_SYSTEMS[standard]}{n:05d}R{rng.randint(0, 3)}M"
    elif standard == "IATF 16949":
        number = f"IATF {rng.randint(300000, 599999):07d}"
    elif standard == "CNAS":
        number, issuer = f"CNAS L{rng.randint(1000, 19999)}", "中国合格评定国家认可委员会"
    elif standard == "CMA":
        number = f"{year % 100:02d}{region.code[:2]}{rng.randrange(10**8):08d}"
        issuer = f"{names.province_of(region).name_zh}市场监督管理局"
    elif standard == "CCC":
        number, issuer = f"{year}0111{rng.randrange(10**8):08d}", "中国质量认证中心"
    elif standard in TEST_REPORTS:
        number, issuer = f"BT{year}{n:05d}", rng.choice(TEST_LABS)
    else:
        number = f"{OTHER_PREFIXES.get(standard, standard)}-{year}-{n:05d}"
    expired = rng.random() < EXPIRED_SHARE
    days = -rng.randint(10, 400) if expired else rng.randint(30, 1095)
    return CertSpec(standard=standard, number=number, issuer=issuer, valid_until=today + timedelta(days=days))


def plan_certifications(
    rng: random.Random, theme: str, segments: Sequence[str], region: RegionInfo, today: date
) -> tuple[CertSpec, ...]:
    """0-3 certificates typical of the theme and, for component makers, of their segments."""
    candidates = list(CERTS_BY_THEME[theme])
    if theme == Theme.COMPONENT_MAKER:
        for segment in segments:
            candidates.extend(CERTS_BY_SEGMENT.get(segment, ()))
    standards = list(dict.fromkeys(s for s, p in candidates if rng.random() < p))
    if len(standards) > 3:
        standards = sorted(rng.sample(standards, 3), key=standards.index)
    return tuple(_certificate(rng, s, region, today) for s in standards)
