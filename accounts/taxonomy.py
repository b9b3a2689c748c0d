"""The platform's taxonomy as code: six enterprise themes and nine industry segments.

Each label carries its Chinese and English text here rather than in a translation catalogue, so that the
taxonomy is one table a reviewer can read; `bilingual` picks the text of the active language.
"""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language


def _pick(zh: str, en: str) -> str:
    return zh if (get_language() or "zh-hans").startswith("zh") else en


bilingual = lazy(_pick, str)


class Theme(models.TextChoices):
    """What kind of organisation an enterprise is (the platform's six themes)."""

    VEHICLE_MAKER = "vehicle_maker", bilingual("整车企业", "Complete-vehicle enterprise")
    COMPONENT_MAKER = "component_maker", bilingual("零部件企业", "Component enterprise")
    AFTERMARKET = "aftermarket", bilingual("后市场企业", "Aftermarket enterprise")
    UNIVERSITY = "university", bilingual("高等院校", "Higher-education institution")
    FINANCIAL_INSTITUTION = "financial_institution", bilingual("金融机构", "Financial institution")
    RESEARCH_INSTITUTE = "research_institute", bilingual("科研院所", "Research institute")


class Segment(models.TextChoices):
    """The nine industry segments of the automotive chain."""

    COMPLETE_VEHICLE = "complete_vehicle", bilingual("整车制造", "Complete vehicles")
    POWER_BATTERY = "power_battery", bilingual("动力电池", "Power batteries")
    ELECTRIC_DRIVE = "electric_drive", bilingual("电驱动与电控", "Electric drive and control")
    CHIPS_ELECTRONICS = "chips_electronics", bilingual("芯片与汽车电子", "Chips and automotive electronics")
    INTELLIGENT_CONNECTED = "intelligent_connected", bilingual("智能网联", "Intelligent connected vehicles")
    CHASSIS_BODY = "chassis_body", bilingual("底盘车身与内外饰", "Chassis, body and trim")
    LIGHTWEIGHT_MATERIALS = "lightweight_materials", bilingual("轻量化材料", "Lightweight materials")
    CHARGING_HYDROGEN = "charging_hydrogen", bilingual("充换电与氢能", "Charging, swapping and hydrogen")
    AFTERMARKET_SERVICES = "aftermarket_services", bilingual("后市场服务", "Aftermarket services")


# Certification standards enterprises commonly hold, offered as suggestions; other names are accepted.
COMMON_CERTIFICATIONS: tuple[str, ...] = (
    "IATF 16949",
    "ISO 9001",
    "ISO 14001",
    "ISO 45001",
    "ISO 26262",
    "ISO/SAE 21434",
    "ASPICE",
    "AEC-Q100",
    "CCC",
    "CQC",
    "E-Mark",
    "CE",
    "CNAS",
    "CMA",
    "UN38.3",
    "GB 38031-2020",
)
