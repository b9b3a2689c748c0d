"""Regions of mainland China and how close two of them are, as pure functions over `seeds/regions.json`.

The JSON file is the one source: a data migration copies it into the `Region` table (for foreign keys
and filters), and this module reads it for proximity without touching the database, so that matching
can score millions of pairs without queries.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REGIONS_FILE = Path(__file__).resolve().parent.parent / "seeds" / "regions.json"

# The Yangtze River Delta (长三角): Shanghai, Jiangsu, Zhejiang and Anhui.
YANGTZE_RIVER_DELTA = frozenset({"310000", "320000", "330000", "340000"})
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """A province or a city (a Shanghai district counts as a city)."""

    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str | None
    lat: float
    lon: float

    @property
    def province_code(self) -> str:
        return self.parent or self.code


@dataclass(frozen=True, slots=True)
class Proximity:
    """How close two regions are."""

    same_city: bool
    same_province: bool
    both_in_yrd: bool
    distance_km: float


def load_regions(path: Path = REGIONS_FILE) -> list[dict[str, object]]:
    """The raw region records from the data file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    regions: list[dict[str, object]] = data["regions"]
    return regions


@cache
def registry() -> dict[str, RegionInfo]:
    """Every region by code."""
    return {
        str(r["code"]): RegionInfo(
            code=str(r["code"]),
            name_zh=str(r["name_zh"]),
            name_en=str(r["name_en"]),
            level=str(r["level"]),
            parent=str(r["parent"]) if r["parent"] else None,
            lat=float(r["lat"]),  # type: ignore[arg-type]
            lon=float(r["lon"]),  # type: ignore[arg-type]
        )
        for r in load_regions()
    }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def proximity(code_a: str, code_b: str) -> Proximity:
    """Same city, same province, both in the Yangtze River Delta, and distance between two regions.

    A province compared with one of its own cities is the same province but not the same city.
    Raises KeyError for an unknown code.
    """
    regions = registry()
    a, b = regions[code_a], regions[code_b]
    same_province = a.province_code == b.province_code
    return Proximity(
        same_city=a.code == b.code and a.level == "city",
        same_province=same_province,
        both_in_yrd=a.province_code in YANGTZE_RIVER_DELTA and b.province_code in YANGTZE_RIVER_DELTA,
        distance_km=round(haversine_km(a.lat, a.lon, b.lat, b.lon), 1),
    )
