"""Regions: the data file's coverage and the proximity function matching relies on."""

from __future__ import annotations

import pytest

from accounts.models import Region
from accounts.regions import YANGTZE_RIVER_DELTA, proximity, registry

HEFEI, WUHU, ANHUI, NANJING, JIADING, BEIJING, GUANGZHOU = (
    "340100",
    "340200",
    "340000",
    "320100",
    "310114",
    "110000",
    "440100",
)


def test_every_province_level_division_of_the_mainland_is_there() -> None:
    provinces = [r for r in registry().values() if r.level == "province"]
    assert len(provinces) == 31
    assert {"110000", "310000", "500000", "650000", "540000", "460000"} <= {p.code for p in provinces}


@pytest.mark.parametrize(
    ("province", "cities"), [("340000", 16), ("320000", 13), ("330000", 11), ("310000", 16)]
)
def test_the_yangtze_river_delta_has_all_its_cities(province: str, cities: int) -> None:
    assert sum(1 for r in registry().values() if r.parent == province) == cities


def test_same_city() -> None:
    p = proximity(HEFEI, HEFEI)
    assert (p.same_city, p.same_province, p.both_in_yrd, p.distance_km) == (True, True, True, 0.0)


def test_same_province_other_city() -> None:
    p = proximity(HEFEI, WUHU)
    assert not p.same_city and p.same_province and p.both_in_yrd
    assert 100 < p.distance_km < 150  # Hefei-Wuhu is about 125 km as the crow flies


def test_a_province_and_its_own_city_are_the_same_province_not_the_same_city() -> None:
    p = proximity(ANHUI, HEFEI)
    assert p.same_province and not p.same_city


def test_yangtze_river_delta_across_provinces() -> None:
    p = proximity(HEFEI, JIADING)
    assert not p.same_province and p.both_in_yrd
    assert 380 < p.distance_km < 460


def test_outside_the_delta_with_distance() -> None:
    p = proximity(HEFEI, GUANGZHOU)
    assert not p.same_province and not p.both_in_yrd
    assert 950 < p.distance_km < 1150
    assert proximity(BEIJING, NANJING).distance_km == proximity(NANJING, BEIJING).distance_km


def test_unknown_code_raises() -> None:
    with pytest.raises(KeyError):
        proximity(HEFEI, "999999")


def test_yrd_is_shanghai_jiangsu_zhejiang_anhui() -> None:
    names = {registry()[code].name_zh for code in YANGTZE_RIVER_DELTA}
    assert names == {"上海市", "江苏省", "浙江省", "安徽省"}


@pytest.mark.django_db
def test_the_migration_loaded_the_file_into_the_region_table() -> None:
    assert Region.objects.count() == len(registry())
    hefei = Region.objects.get(code=HEFEI)
    assert hefei.parent_id == ANHUI and hefei.name_en == "Hefei"
