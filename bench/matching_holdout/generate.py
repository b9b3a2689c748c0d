# ruff: noqa: E501  (the listings are data: enterprise text is kept on whole lines)
"""Hold-out evaluation set for the supply-demand matching engine (stdlib only, deterministic).

Every listing below is data: what the enterprise wrote (title, description, the structured fields) plus a
hidden truth the text states in its own words (the canonical item, its variant, the certificates held or
mandatory, the buyer's regional preference). The truth is never written to listings.jsonl; the grades in
qrels.tsv are computed from it with the rules of /work/shared/matching-bench/README.md, over every
(demand, supply) pair, not only the pairs a cluster was written for.

Each supply also records the grade its author intended for the demand(s) of its cluster (``exp``); the
script stops if the rules give anything else, so a typo in a number cannot silently change a label.

    python3 bench/matching_holdout/generate.py          # writes listings.jsonl and qrels.tsv next to it
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20240611

YRD = {"上海市", "江苏省", "浙江省", "安徽省"}

# Certificate spellings as enterprises write them -> canonical certificate. ASIL levels are kept ordered.
CERTS = {
    "IATF16949": "IATF16949",
    "IATF 16949": "IATF16949",
    "IATF16949:2016": "IATF16949",
    "IATF 16949:2016": "IATF16949",
    "ISO 9001": "ISO9001",
    "ISO9001:2015": "ISO9001",
    "ISO 9001:2015": "ISO9001",
    "ISO 14001": "ISO14001",
    "ISO14001:2015": "ISO14001",
    "ISO 45001": "ISO45001",
    "ISO26262 ASIL-D": "ASIL-D",
    "ISO 26262 ASIL-D": "ASIL-D",
    "ISO 26262 ASIL D": "ASIL-D",
    "ASIL D": "ASIL-D",
    "ASIL-D": "ASIL-D",
    "ISO26262 ASIL-B": "ASIL-B",
    "ISO 26262 ASIL-B": "ASIL-B",
    "ISO 26262 ASIL B": "ASIL-B",
    "ASIL B": "ASIL-B",
    "ASIL-B": "ASIL-B",
    "ISO26262 ASIL-C": "ASIL-C",
    "Automotive SPICE CL2": "ASPICE-CL2",
    "ASPICE Level 2": "ASPICE-CL2",
    "ASPICE CL2": "ASPICE-CL2",
    "A-SPICE L2": "ASPICE-CL2",
    "UN R155": "UNR155",
    "UN R156": "UNR156",
    "UN-R156": "UNR156",
    "ISO/SAE 21434": "ISO21434",
    "ISO 21434": "ISO21434",
    "ISO/SAE 21434:2021": "ISO21434",
    "3C": "CCC",
    "CCC认证": "CCC",
    "CCC": "CCC",
    "CE": "CE",
    "AQG 324": "AQG324",
    "AQG324": "AQG324",
    "AEC-Q101": "AEC-Q101",
    "AEC-Q100": "AEC-Q100",
    "AEC-Q100 Grade 2": "AEC-Q100",
    "E-Mark": "EMARK",
    "E-mark (E4)": "EMARK",
    "工信部白名单": "MIIT-WHITELIST",
    "工信部《新能源汽车废旧动力蓄电池综合利用行业规范条件》白名单": "MIIT-WHITELIST",
    "MIIT battery recycling whitelist": "MIIT-WHITELIST",
    "危险废物经营许可证": "HW-PERMIT",
    "TÜV FS Engineer": "TUV-FSENG",
    "TÜV Rheinland FS Eng. (Automotive)": "TUV-FSENG",
    "ISO/IEC 27001": "ISO27001",
    "TISAX AL3": "TISAX",
    "ISO 17025": "ISO17025",
    "CNAS": "CNAS",
}
ASIL = {"ASIL-A": 1, "ASIL-B": 2, "ASIL-C": 3, "ASIL-D": 4}

FIELDS = [
    "id", "side", "kind", "title", "description", "segment", "category", "region", "quantity", "unit",
    "price_min", "price_max", "lead_time_days", "deadline_days", "certifications", "enterprise_theme",
    "enterprise_name", "trl", "transfer_mode", "headcount", "skills", "amount_cny", "term_months",
    "instrument",
]  # fmt: skip
KINDS = {"product", "technology", "talent", "funding"}
SEGMENTS = {
    "complete_vehicle", "power_battery", "electric_drive", "chips_electronics", "intelligent_connected",
    "chassis_body", "lightweight_materials", "charging_hydrogen", "aftermarket_services",
}  # fmt: skip
THEMES = {"vehicle_maker", "component_maker", "aftermarket", "university", "financial_institution",
          "research_institute"}  # fmt: skip
MODES = {None, "license", "assignment", "co_development", "service"}
INSTRUMENTS = {None, "loan", "equity", "lease", "guarantee", "supply_chain_finance"}

DEMANDS = []  # dicts with "key"
SUPPLIES = []


def _require(ok, what):
    if not ok:
        raise SystemExit(f"generate.py: {what}")


class Cluster:
    """Listings written around one or two demands; defaults shared by the cluster's listings."""

    def __init__(self, key, kind, segment, category, item, unit=None):
        self.key, self.kind, self.segment, self.category = key, kind, segment, category
        self.item, self.unit = item, unit

    def _rec(self, side, title, desc, region, ent, theme, kw):
        price = kw.pop("price", None)
        if isinstance(price, (int, float)):
            price = (price, price)
        price = price or (None, None)
        rec = {
            "side": side,
            "kind": kw.pop("kind", self.kind),
            "title": title,
            "description": desc,
            "segment": kw.pop("seg", self.segment),
            "category": kw.pop("cat", self.category),
            "region": region,
            "quantity": kw.pop("qty", None),
            "unit": kw.pop("unit", None),
            "price_min": price[0],
            "price_max": price[1],
            "lead_time_days": kw.pop("lead", None),
            "deadline_days": kw.pop("deadline", None),
            "certifications": list(kw.pop("certs", [])),
            "enterprise_theme": theme,
            "enterprise_name": ent,
            "trl": kw.pop("trl", None),
            "transfer_mode": kw.pop("mode", None),
            "headcount": kw.pop("hc", None),
            "skills": kw.pop("skills", None),
            "amount_cny": kw.pop("amount", None),
            "term_months": kw.pop("term", None),
            "instrument": kw.pop("inst", None),
        }
        if rec["kind"] == "product" and rec["quantity"] is not None and rec["unit"] is None:
            rec["unit"] = self.unit
        if rec["kind"] == "talent":
            rec["quantity"], rec["unit"] = rec["headcount"], "人"
        truth = {
            "item": kw.pop("item", self.item),
            "variant": kw.pop("var", None),
            "certs": {CERTS[c] for c in rec["certifications"]},
        }
        if rec["kind"] == "funding" and not rec["certifications"]:
            rec["certifications"] = None  # certificates do not apply to a loan, lease or fund
        return rec, truth, kw

    def dem(self, title, desc, region, ent, theme, key=None, pref=None, **kw):
        rec, truth, kw = self._rec("demand", title, desc, region, ent, theme, kw)
        _require(not kw, f"unknown fields {kw}")
        truth["pref"] = pref  # None | ("city"|"province"|"yrd", place)
        DEMANDS.append({"key": key or self.key, "rec": rec, "truth": truth})

    def sup(self, exp, title, desc, region, ent, theme, **kw):
        rec, truth, kw = self._rec("supply", title, desc, region, ent, theme, kw)
        _require(not kw, f"unknown fields {kw}")
        if not isinstance(exp, dict):
            exp = {self.key: exp}
        SUPPLIES.append({"rec": rec, "truth": truth, "exp": exp})


# ----------------------------------------------------------------------------------------------------------
# Grading: the README's rules, applied to the truth and to the structured soft-constraint fields.
# ----------------------------------------------------------------------------------------------------------


def _certs_ok(required, held):
    for c in required:
        if c in ASIL:
            if not any(h in ASIL and ASIL[h] >= ASIL[c] for h in held):
                return False
        elif c not in held:
            return False
    return True


def _region_ok(pref, region):
    level, place = pref
    province = region.split("/")[0]
    if level == "yrd":
        return province in YRD
    if level == "province":
        return province == place
    return region == place or region.startswith(place + "/")  # city, "江苏省/苏州市"


def _ratio(a, b):
    return None if a is None or b is None else a / b


def soft_levels(d, s):
    """[(dimension, 'ok'|'mild'|'severe')] for the dimensions both sides state."""
    out = []

    def higher_is_worse(name, r, mild):
        if r is not None:
            out.append((name, "ok" if r <= 1.0 + 1e-9 else "mild" if r <= mild + 1e-9 else "severe"))

    def lower_is_worse(name, r, mild):
        if r is not None:
            out.append((name, "ok" if r >= 1.0 - 1e-9 else "mild" if r >= mild - 1e-9 else "severe"))

    higher_is_worse("price", _ratio(s["price_min"], d["price_max"]), 1.2)
    higher_is_worse("time", _ratio(s["lead_time_days"], d["deadline_days"]), 1.5)
    if d["kind"] == "talent":
        lower_is_worse("headcount", _ratio(s["headcount"], d["headcount"]), 0.5)
    else:
        lower_is_worse("quantity", _ratio(s["quantity"], d["quantity"]), 0.5)
    if d["kind"] == "technology":
        if s["trl"] is not None and d["trl"] is not None:
            gap = s["trl"] - d["trl"]
            out.append(("trl", "ok" if gap >= 0 else "mild" if gap == -1 else "severe"))
        if s["transfer_mode"] is not None and d["transfer_mode"] is not None:
            out.append(("mode", "ok" if s["transfer_mode"] == d["transfer_mode"] else "mild"))
    if d["kind"] == "funding":
        lower_is_worse("amount", _ratio(s["amount_cny"], d["amount_cny"]), 0.8)
        lower_is_worse("term", _ratio(s["term_months"], d["term_months"]), 0.75)
    return out


def grade(dem, sup):
    d, s, dt, st = dem["rec"], sup["rec"], dem["truth"], sup["truth"]
    if s["side"] != "supply" or s["kind"] != d["kind"] or st["item"] != dt["item"]:
        return 0
    for k, v in (dt["variant"] or {}).items():
        if (st["variant"] or {}).get(k) != v:
            return 0
    if not _certs_ok(dt["certs"], st["certs"]):
        return 0
    levels = [lv for _, lv in soft_levels(d, s)]
    if dt["pref"] is not None:
        levels.append("ok" if _region_ok(dt["pref"], s["region"]) else "mild")
    if "severe" in levels or levels.count("mild") >= 2:
        return 0
    return 1 if levels.count("mild") == 1 else 2


# ----------------------------------------------------------------------------------------------------------
# The listings.
# ----------------------------------------------------------------------------------------------------------


# --- power_battery: pack thermal-runaway sensor ------------------------------------------------------------
c = Cluster("trs", "product", "power_battery", "Thermal runaway sensor", "thermal_runaway_sensor", "pcs")
c.dem(
    "Sourcing: thermal runaway sensor for LFP battery pack (multi-gas H2/CO2 + pressure, CAN output)",
    "For our 2026 LFP pack (BEV + EREV) we need a pack-level thermal runaway (TR) sensor that detects venting "
    "early: H2 / CO2 / VOC gas plus pressure rise, CAN FD or CAN 2.0 output, 12 V supply, IP67, sleep current "
    "< 100 µA so it can stay awake when the vehicle is parked (GB 38031 thermal event warning). Volume ~20k pcs "
    "per month after SOP. IATF 16949 is mandatory. YRD 长三角 suppliers preferred. Nice to have: ASIL B capable "
    "design.",
    "安徽省/合肥市",
    "合肥擎远新能源汽车有限公司",
    "vehicle_maker",
    qty=20000,
    unit="pcs",
    price=(70, 95),
    deadline=60,
    certs=["IATF 16949"],
    pref=("yrd", None),
)
c.sup(
    2,
    "BTRS-3 pack thermal runaway detector (H2 + pressure + temperature), CAN FD",
    "Three-in-one thermal runaway sensor mounted on the pack lid: electrochemical H2 cell, MEMS pressure and "
    "NTC, CAN FD output, 12 V, IP67, standby current 60 µA. In series production for two OEM LFP packs since "
    "2023. IATF16949:2016 certified plant in Wuxi.",
    "江苏省/无锡市",
    "无锡芯感安全科技有限公司",
    "component_maker",
    qty=30000,
    unit="pcs",
    price=(78, 90),
    lead=45,
    certs=["IATF16949:2016"],
)
c.sup(
    1,
    "电池包热失控传感器（CO2 + 气压 + 温度三合一）",
    "动力电池包热失控探测传感器，集成 NDIR CO2、气压和温度检测，CAN 通讯，满足 GB 38031-2020 热扩散报警要求。"
    "通过 IATF 16949 体系认证，月产能 2.5 万只，可提供样件及 DV/PV 报告。",
    "浙江省/杭州市",
    "杭州朔安传感技术有限公司",
    "component_maker",
    qty=25000,
    unit="只",
    price=(105, 118),
    lead=50,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "Battery thermal runaway sensor TRS-H2 (hydrogen + pressure), LIN/CAN",
    "Early-warning thermal runaway sensor for EV and ESS battery packs. Detects H2 released during cell "
    "venting within 1 s; pressure channel for pack rupture. LIN or CAN variants. 40k/month capacity in "
    "Shenzhen. IATF16949.",
    "广东省/深圳市",
    "Shenzhen Veyron Sensing Technology Co., Ltd.",
    "component_maker",
    qty=40000,
    unit="pcs",
    price=(82, 82),
    lead=30,
    certs=["IATF16949"],
)
c.sup(
    2,
    "热失控探测器 Thermal Event Sensor for EV pack & ESS",
    "Thermal event sensor (gas + pressure + temperature), CAN 2.0B, wake-up function for parked vehicles. "
    "Developed under ISO 26262 ASIL-B process. IATF 16949 / ASIL B. 嘉定工厂量产。",
    "上海市/嘉定区",
    "上海瞰煦汽车电子有限公司",
    "component_maker",
    qty=20000,
    unit="pcs",
    price=(88, 96),
    lead=60,
    certs=["IATF 16949", "ISO 26262 ASIL-B"],
)
c.sup(
    0,
    "Battery pack explosion-proof vent valve for thermal runaway gas release",
    "Pressure relief / explosion-proof balance valve (防爆透气阀) for EV battery packs: ePTFE membrane for "
    "breathing, bursts at 8-12 kPa to release thermal runaway gas. IP68. IATF16949.",
    "江苏省/常州市",
    "常州锐透新材料有限公司",
    "component_maker",
    item="pack_vent_valve",
    cat="Pack vent valve",
    qty=60000,
    unit="pcs",
    price=(18, 25),
    lead=30,
    certs=["IATF16949"],
)
c.sup(
    0,
    "TR gas sensor for Li-ion battery packs (H2 / CO)",
    "Thermal runaway gas sensor module for lithium battery packs and energy storage cabinets, RS485/CAN. "
    "Mainly supplied to ESS integrators. ISO 9001:2015.",
    "江苏省/南通市",
    "南通启衡电子有限公司",
    "component_maker",
    qty=30000,
    unit="pcs",
    price=(60, 70),
    lead=30,
    certs=["ISO 9001:2015"],
)

# --- chips_electronics: SiC MOSFET power module ------------------------------------------------------------
c = Cluster("sic", "product", "chips_electronics", "SiC power module", "sic_mosfet_module", "pcs")
c.dem(
    "采购 1200V SiC MOSFET 功率模块 for 800V main inverter",
    "我司 800V 电驱平台主逆变器需采购 1200V SiC MOSFET 功率模块（HPD 或 DCM 封装均可，Rds(on) ≤ 3 mΩ 级别，"
    "三相全桥或半桥），SOP 后需求约 8000 只/月。Mandatory: IATF 16949 + AQG 324 qualification report. "
    "Please quote with sample lead time.",
    "江苏省/苏州市",
    "苏州澜驰电驱动系统有限公司",
    "component_maker",
    qty=8000,
    unit="pcs",
    price=(2000, 2600),
    deadline=120,
    certs=["IATF 16949", "AQG 324"],
    var={"voltage": "1200V"},
)
c.sup(
    2,
    "1200V/400A SiC MOSFET full-bridge module, HPD package, silver sintered",
    "HPD-compatible 1200 V 400 A SiC MOSFET six-pack, Ag-sintered die attach, Si3N4 AMB substrate, pin-fin "
    "baseplate. AQG 324 qualified, IATF 16949:2016 plant. Target: 800 V traction inverters up to 250 kW.",
    "浙江省/嘉兴市",
    "嘉兴矽源功率半导体有限公司",
    "component_maker",
    var={"voltage": "1200V"},
    qty=10000,
    unit="pcs",
    price=(2300, 2500),
    lead=90,
    certs=["IATF 16949:2016", "AQG 324"],
)
c.sup(
    2,
    "SiC 功率模块 1200V 2.6mΩ DCM 双面水冷",
    "车规级碳化硅功率模块，1200V/2.6mΩ，DCM 封装，双面散热，适配 800V 电驱。已通过 AQG324 全项测试，工厂通过 "
    "IATF16949:2016 认证，月产能 1.2 万只。",
    "江苏省/无锡市",
    "无锡英芯碳化硅科技有限公司",
    "component_maker",
    var={"voltage": "1200V"},
    qty=12000,
    unit="只",
    price=(2450, 2450),
    lead=100,
    certs=["IATF16949:2016", "AQG324"],
)
c.sup(
    1,
    "Automotive SiC MOSFET power module 1200 V, 6-pack (HybridPACK Drive footprint)",
    "1200 V SiC MOSFET module, drop-in for HPD-footprint inverters, AQG 324 and IATF16949 certified. New "
    "Lingang fab ramping; lead time for volume orders currently ~150 days.",
    "上海市/浦东新区",
    "Shanghai Lingang Coretronic Power Devices Co., Ltd.",
    "component_maker",
    var={"voltage": "1200V"},
    qty=8000,
    unit="pcs",
    price=(2200, 2400),
    lead=150,
    certs=["IATF16949", "AQG 324"],
)
c.sup(
    0,
    "750V SiC MOSFET module for 400V e-drive platform",
    "750 V SiC MOSFET power module (HPD), optimised for 400 V traction inverters, AQG 324, IATF 16949.",
    "浙江省/宁波市",
    "宁波晶川半导体有限公司",
    "component_maker",
    var={"voltage": "750V"},
    qty=15000,
    unit="pcs",
    price=(1500, 1700),
    lead=60,
    certs=["AQG 324", "IATF 16949"],
)
c.sup(
    0,
    "1200V IGBT module for 800V inverters (HPD)",
    "1200 V / 820 A IGBT7 power module in HPD package for 800 V traction inverters, cost-down alternative to "
    "SiC. IATF16949, AQG 324.",
    "浙江省/嘉兴市",
    "嘉兴斯锐半导体封装有限公司",
    "component_maker",
    item="igbt_module",
    cat="IGBT module",
    var={"voltage": "1200V"},
    qty=20000,
    unit="pcs",
    price=(900, 1100),
    lead=45,
    certs=["IATF16949", "AQG 324"],
)
c.sup(
    0,
    "1200V SiC MOSFET module – AQG 324 qualification in progress",
    "1200 V SiC power module (half-bridge), samples available, AQG 324 qualification expected Q4. "
    "IATF 16949 certified.",
    "江苏省/南京市",
    "南京宽禁带电力电子有限公司",
    "component_maker",
    var={"voltage": "1200V"},
    qty=6000,
    unit="pcs",
    price=(2100, 2300),
    lead=80,
    certs=["IATF 16949"],
)

# --- electric_drive: OBC on-board chargers (two demands, two variants) ---------------------------------------
c = Cluster("obc11", "product", "electric_drive", "On-board charger (OBC)", "obc", "pcs")
c.dem(
    "RFQ: 11kW OBC for 800V platform (bi-directional preferred)",
    "We are sourcing an 11 kW three-phase on-board charger for our 800 V BEV platform (HV range 550-920 V), "
    "liquid cooled, CAN FD, ISO 15118 ready. V2L / bi-directional operation is a plus. Annual volume ~60k, i.e. "
    "about 5,000 units/month. IATF16949 certificate required. 优先考虑江苏省内供应商。Nice to have: ASPICE CL2 "
    "for the control software.",
    "江苏省/常州市",
    "常州骏驰汽车有限公司",
    "vehicle_maker",
    qty=5000,
    unit="pcs",
    price=(3000, 3800),
    deadline=90,
    certs=["IATF16949"],
    var={"power": "11kW", "voltage": "800V"},
    pref=("province", "江苏省"),
)
c.dem(
    "6.6kW 车载充电机 OBC 采购（400V平台）",
    "采购 6.6kW 单相车载充电机（OBC），适配 400V 高压平台（输出 200-450V），风冷或液冷均可，需支持 CAN 通讯与交流"
    "慢充国标。月需求约 1 万台。供应商须具备 IATF 16949 认证。优先芜湖本地企业，便于 JIT 供货。",
    "安徽省/芜湖市",
    "芜湖锦程新能源汽车股份有限公司",
    "vehicle_maker",
    key="obc66",
    qty=10000,
    unit="台",
    price=(1200, 1500),
    deadline=60,
    certs=["IATF 16949"],
    var={"power": "6.6kW", "voltage": "400V"},
    pref=("city", "安徽省/芜湖市"),
)
c.sup(
    {"obc11": 2},
    "11 kW 800V OBC, SiC-based, bidirectional, IP67",
    "Three-phase 11 kW OBC for 800 V architectures: SiC PFC + CLLC, 96% peak efficiency, bi-directional "
    "(V2L 6.6 kW), liquid cooled, IP67/IP6K9K. IATF16949:2016. Nanjing plant, 6k units/month.",
    "江苏省/南京市",
    "南京科瑞能电源系统有限公司",
    "component_maker",
    var={"power": "11kW", "voltage": "800V"},
    qty=6000,
    price=(3500, 3700),
    lead=75,
    certs=["IATF16949:2016"],
)
c.sup(
    {"obc11": 1},
    "800V 11kW 车载充电机（双向）",
    "800V 平台 11kW 三相车载充电机，支持 V2L/V2V，液冷，CAN FD，已配套两家主机厂。IATF 16949 认证，宁波生产基地。",
    "浙江省/宁波市",
    "宁波恒驰电控科技有限公司",
    "component_maker",
    var={"power": "11kW", "voltage": "800V"},
    qty=8000,
    unit="台",
    price=(3400, 3400),
    lead=60,
    certs=["IATF 16949"],
)
c.sup(
    {"obc11": 1},
    "On-board charger 11kW, HV output 550-920 V",
    "11 kW OBC for 800-volt vehicles, SiC devices, 95.5% efficiency, AUTOSAR CP software. IATF 16949. "
    "Quoted EXW Suzhou.",
    "江苏省/苏州市",
    "Suzhou Everpower Automotive Electronics Co., Ltd.",
    "component_maker",
    var={"power": "11kW", "voltage": "800V"},
    qty=5000,
    price=(4200, 4500),
    lead=80,
    certs=["IATF 16949"],
)
c.sup(
    {"obc11": 2},
    "Bi-directional OBC 11kW for 800-volt EV",
    "Bidirectional 11 kW on-board charger (G2V/V2L/V2G), 800 V class, 22 kW version on request. "
    "IATF16949 certified, ASPICE CL2 software process.",
    "江苏省/无锡市",
    "无锡博源新能源科技有限公司",
    "component_maker",
    var={"power": "11kW", "voltage": "800V"},
    qty=5000,
    price=(3650, 3650),
    lead=90,
    certs=["IATF16949", "ASPICE CL2"],
)
c.sup(
    {"obc11": 0},
    "11kW OBC for 400V platform",
    "11 kW three-phase OBC, output 250-500 V (400 V platform), air/liquid cooled options, IATF16949.",
    "江苏省/扬州市",
    "扬州英沃电气有限公司",
    "component_maker",
    var={"power": "11kW", "voltage": "400V"},
    qty=7000,
    price=(2800, 3000),
    lead=60,
    certs=["IATF16949"],
)
c.sup(
    {"obc11": 0},
    "CDU 二合一 OBC+DCDC 11kW 800V",
    "车载充配电二合一（11kW OBC + 3.5kW DC/DC 集成），800V 平台，减重 20%。IATF16949:2016 认证。",
    "江苏省/常州市",
    "常州汇能电驱科技有限公司",
    "component_maker",
    item="cdu_2in1",
    cat="OBC+DCDC 二合一",
    var={"power": "11kW", "voltage": "800V"},
    qty=8000,
    unit="台",
    price=(4300, 4600),
    lead=90,
    certs=["IATF16949:2016"],
)
c.sup(
    {"obc66": 2},
    "6.6kW OBC 400V（芜湖工厂 JIT 供货）",
    "6.6kW 单相车载充电机，输出 200-450V，适配 400V 平台，风冷，CAN 通讯，IATF16949:2016 认证，芜湖工厂可 JIT 配送。",
    "安徽省/芜湖市",
    "芜湖瑞驰电源科技有限公司",
    "component_maker",
    var={"power": "6.6kW", "voltage": "400V"},
    qty=12000,
    unit="台",
    price=(1350, 1350),
    lead=45,
    certs=["IATF16949:2016"],
)
c.sup(
    {"obc66": 1},
    "6.6 kW on-board charger, 400V, air-cooled",
    "Single-phase 6.6 kW OBC, 400 V HV range, 94% efficiency, GB/T 18487 compliant. IATF 16949. Made in Hefei.",
    "安徽省/合肥市",
    "Hefei Tianyu Power Electronics Co., Ltd.",
    "component_maker",
    var={"power": "6.6kW", "voltage": "400V"},
    qty=10000,
    price=(1400, 1400),
    lead=30,
    certs=["IATF 16949"],
)
c.sup(
    {"obc66": 1},
    "车载充电机 OBC 6.6kW（适配 400V 平台）",
    "6.6kW OBC，液冷，400V 平台，IATF 16949 认证，月产能 1.5 万台。新项目定点后约 75 天交付。",
    "安徽省/芜湖市",
    "芜湖凯讯新能源电子有限公司",
    "component_maker",
    var={"power": "6.6kW", "voltage": "400V"},
    qty=15000,
    unit="台",
    price=(1450, 1450),
    lead=75,
    certs=["IATF 16949"],
)
c.sup(
    {"obc66": 2},
    "OBC 6.6kW / 400V, liquid-cooled, CAN",
    "Liquid-cooled 6.6 kW single-phase OBC for 400 V EVs, CAN 2.0, IATF16949. Plant in Wuhu Economic "
    "Development Zone.",
    "安徽省/芜湖市",
    "Wuhu Chuangneng Electric Co., Ltd.",
    "component_maker",
    var={"power": "6.6kW", "voltage": "400V"},
    qty=10000,
    price=(1280, 1280),
    lead=50,
    certs=["IATF16949"],
)
c.sup(
    {"obc66": 0},
    "6.6kW 车载充电机 400V 平台（芜湖）",
    "6.6kW OBC，400V 平台，风冷，价格有优势。公司通过 ISO 9001 质量体系认证，IATF 16949 认证筹备中。",
    "安徽省/芜湖市",
    "芜湖利驰电气设备有限公司",
    "component_maker",
    var={"power": "6.6kW", "voltage": "400V"},
    qty=10000,
    unit="台",
    price=(1100, 1100),
    lead=40,
    certs=["ISO 9001"],
)

# --- electric_drive: HV/LV DC-DC converter ---------------------------------------------------------------
c = Cluster("dcdc", "product", "electric_drive", "DC-DC converter", "dcdc_hvlv", "pcs")
c.dem(
    "HV-LV DC/DC converter 800V → 14V, ~3.5 kW",
    "Looking for an 800 V to 12/14 V DC/DC converter (≥ 3 kW, 3.5 kW preferred), liquid cooled, CAN, "
    "efficiency > 94%. ~6,000 pcs/month from SOP. IATF16949 mandatory. ASPICE CL2 优先。",
    "浙江省/杭州市",
    "杭州远景智行汽车有限公司",
    "vehicle_maker",
    qty=6000,
    unit="pcs",
    price=(900, 1200),
    deadline=90,
    certs=["IATF16949"],
    var={"voltage": "800V"},
)
c.sup(
    2,
    "800V→12V DC-DC converter 3.5kW, liquid cooled",
    "HV/LV DCDC for 800 V EVs, input 500-950 V, output 14 V / 250 A (3.5 kW), 95% efficiency, CAN FD. "
    "IATF 16949:2016.",
    "上海市/青浦区",
    "上海澄远电源技术有限公司",
    "component_maker",
    var={"voltage": "800V"},
    qty=8000,
    price=(1050, 1100),
    lead=60,
    certs=["IATF 16949:2016"],
)
c.sup(
    2,
    "高压转低压 DCDC 变换器（800V 平台，3kW）",
    "800V 高压平台 DC/DC 变换器，输出 14V，3kW，液冷，CAN 通讯，IATF16949 认证，台州工厂月产 6000 台。",
    "浙江省/台州市",
    "台州德睿电子科技有限公司",
    "component_maker",
    var={"voltage": "800V"},
    qty=6000,
    unit="台",
    price=(980, 980),
    lead=80,
    certs=["IATF16949"],
)
c.sup(
    1,
    "DC/DC converter for 800 V EV architecture, 14V 250A output",
    "Isolated DC/DC, 800 V input, 3.5 kW, 14 V/250 A, AUTOSAR, ASPICE Level 2. IATF 16949.",
    "江苏省/常州市",
    "Changzhou Voltrix Electronics Co., Ltd.",
    "component_maker",
    var={"voltage": "800V"},
    qty=7000,
    price=(1350, 1400),
    lead=45,
    certs=["IATF 16949", "ASPICE Level 2"],
)
c.sup(
    0,
    "400V→12V DC/DC converter 2.5kW",
    "DC-DC converter for 400 V EVs (input 250-450 V), 2.5 kW, 12 V output, air cooled. IATF 16949.",
    "浙江省/温州市",
    "温州正旸汽车电源有限公司",
    "component_maker",
    var={"voltage": "400V"},
    qty=10000,
    price=(650, 700),
    lead=45,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "Fuel cell boost DC/DC (FCDC) 100kW, 800V output",
    "Boost DC/DC converter between fuel cell stack and 800 V bus, 100 kW, SiC, 98.5% efficiency. IATF16949.",
    "上海市/嘉定区",
    "上海氢驰动力电子有限公司",
    "component_maker",
    item="fc_boost_dcdc",
    cat="Fuel cell DC/DC",
    seg="charging_hydrogen",
    var={"voltage": "800V"},
    qty=300,
    price=(18000, 22000),
    lead=90,
    certs=["IATF16949"],
)

# --- charging_hydrogen: home AC wallbox -----------------------------------------------------------------
c = Cluster("wallbox", "product", "charging_hydrogen", "AC wallbox charger", "ac_wallbox", "units")
c.dem(
    "7kW AC home charger (wallbox) – 3C certified, with load balancing",
    "Charging installer serving new-car deliveries in Shanghai. We need 7 kW single-phase AC wallboxes (GB/T "
    "connector, 32 A), Bluetooth / app control, dynamic load balancing, IP55. ~3,000 units per month. CCC认证 "
    "is mandatory for home installation. OCPP 1.6J is nice to have.",
    "上海市/闵行区",
    "上海充易安装服务有限公司",
    "aftermarket",
    qty=3000,
    unit="台",
    price=(1300, 1800),
    deadline=45,
    certs=["CCC认证"],
    var={"power": "7kW"},
)
c.sup(
    2,
    "7kW 交流充电桩 家用壁挂式，CCC认证",
    "家用 7kW 交流充电桩，32A 国标枪，蓝牙+APP，动态负载均衡，IP55，已获 CCC认证，月产能 5000 台。",
    "浙江省/温州市",
    "温州驿充电气有限公司",
    "component_maker",
    var={"power": "7kW"},
    qty=5000,
    unit="台",
    price=(1500, 1500),
    lead=30,
    certs=["CCC认证"],
)
c.sup(
    2,
    "7 kW AC wallbox, 3C, OCPP 1.6J, load balancing",
    "Residential 7 kW AC charger, GB/T, RFID + app, OCPP 1.6J, DLB via CT clamp, IP65. 3C certified.",
    "江苏省/常州市",
    "Changzhou Starlink EV Charging Co., Ltd.",
    "component_maker",
    var={"power": "7kW"},
    qty=3000,
    price=(1650, 1650),
    lead=45,
    certs=["3C"],
)
c.sup(
    1,
    "7kW home EV charger (CCC), smart app",
    "7 kW wallbox with 4G/Wi-Fi, scheduled charging, CCC. High-end aluminium housing.",
    "广东省/深圳市",
    "Shenzhen Voltway Technology Co., Ltd.",
    "component_maker",
    var={"power": "7kW"},
    qty=10000,
    price=(2000, 2100),
    lead=20,
    certs=["CCC"],
)
c.sup(
    0,
    "7kW AC wallbox (export model, Type 2)",
    "7.4 kW / 7 kW AC wallbox for EU markets, Type 2 socket, OCPP 2.0.1, CE and UKCA. No CCC yet.",
    "浙江省/杭州市",
    "Hangzhou Evolt Energy Co., Ltd.",
    "component_maker",
    var={"power": "7kW"},
    qty=8000,
    price=(1400, 1400),
    lead=30,
    certs=["CE"],
)
c.sup(
    0,
    "11kW charger, three-phase AC wallbox, 3C",
    "11 kW AC charger for villas with three-phase supply, GB/T, app control, 3C certified.",
    "江苏省/苏州市",
    "Suzhou Greenpile Electric Co., Ltd.",
    "component_maker",
    var={"power": "11kW"},
    qty=3000,
    price=(2400, 2400),
    lead=30,
    certs=["3C"],
)
c.sup(
    0,
    "便携式随车充 7kW（模式2 充电枪）",
    "7kW 便携式交流充电枪（随车充），可调电流 8-32A，LCD 显示，CCC认证，可插家用插座/工业插座。",
    "浙江省/宁波市",
    "宁波速充电器有限公司",
    "component_maker",
    item="portable_charger",
    cat="Portable EV charger",
    var={"power": "7kW"},
    qty=20000,
    unit="把",
    price=(600, 650),
    lead=15,
    certs=["CCC认证"],
)

# --- chassis_body: brake-by-wire (EMB and one-box EHB) -----------------------------------------------------
c = Cluster("emb", "product", "chassis_body", "Brake-by-wire (EMB)", "emb", "sets")
c.dem(
    "EMB electro-mechanical brake system (dry brake-by-wire) for 2027 SOP",
    "New skateboard platform, SOP 2027. We need a full EMB system: 4 corner caliper actuators (48 V or 12 V), "
    "brake ECU(s) with redundancy, pedal feel simulator interface. No brake fluid. ~2,000 vehicle sets per "
    "month at ramp-up. Mandatory: ISO 26262 ASIL D (system level) and IATF 16949. 长三角地区供应商优先。",
    "上海市/嘉定区",
    "上海拓界智能汽车科技有限公司",
    "vehicle_maker",
    qty=2000,
    unit="套",
    price=(5000, 6500),
    deadline=180,
    certs=["ASIL D", "IATF 16949"],
    pref=("yrd", None),
)
c.sup(
    2,
    "EMB electro-mechanical brake system, ASIL D, 4-wheel set",
    "Dry brake-by-wire: 4 EMB caliper actuators + dual-redundant controller, 48 V, clamp force response "
    "< 100 ms. Developed to ISO 26262 ASIL-D, IATF16949 plant in Suzhou. Winter test completed.",
    "江苏省/苏州市",
    "苏州擎制智能制动系统有限公司",
    "component_maker",
    qty=3000,
    unit="sets",
    price=(6000, 6300),
    lead=150,
    certs=["ISO 26262 ASIL-D", "IATF16949"],
)
c.sup(
    1,
    "Electro-Mechanical Brake (EMB) caliper + controller",
    "EMB corner modules and central brake controller, fail-operational architecture, ASIL D, IATF 16949. "
    "Production in Shunyi, Beijing.",
    "北京市/顺义区",
    "Beijing Tianheng Brake Technology Co., Ltd.",
    "component_maker",
    qty=2500,
    unit="sets",
    price=(6200, 6200),
    lead=120,
    certs=["ASIL D", "IATF 16949"],
)
c.sup(
    1,
    "电子机械制动 EMB 线控制动总成",
    "EMB 电子机械制动系统（四轮卡钳执行器+控制器），满足 ISO26262 ASIL-D，IATF 16949 认证。量产线 2026 年底建成，"
    "首批交付周期约 240 天。",
    "浙江省/杭州市",
    "杭州万驭线控科技有限公司",
    "component_maker",
    qty=2000,
    unit="套",
    price=(5800, 5800),
    lead=240,
    certs=["ISO26262 ASIL-D", "IATF 16949"],
)
c.sup(
    2,
    "Dry brake-by-wire EMB, 48V actuators",
    "48 V EMB actuators with integrated EPB function + redundant ECU. ASIL D certified by TÜV SÜD; "
    "IATF 16949:2016.",
    "安徽省/芜湖市",
    "Wuhu Brakewise Automotive Systems Co., Ltd.",
    "component_maker",
    qty=2000,
    unit="sets",
    price=(6400, 6400),
    lead=180,
    certs=["ASIL D", "IATF 16949:2016"],
)
c.sup(
    0,
    "EMB actuator (electro-mechanical brake) – ISO 26262 ASIL-B",
    "EMB caliper actuator and controller for rear axle / low-speed vehicles. Developed under ISO 26262 "
    "ASIL-B. IATF 16949.",
    "上海市/松江区",
    "上海驭安制动科技有限公司",
    "component_maker",
    qty=4000,
    unit="sets",
    price=(4500, 4500),
    lead=90,
    certs=["ISO 26262 ASIL-B", "IATF 16949"],
)
c.sup(
    0,
    "Electric parking brake caliper (EPB), electro-mechanical",
    "Electro-mechanical EPB caliper (motor-on-caliper), 12 V, for C/D-class cars and SUVs. IATF 16949; the "
    "EPB ECU is developed to ASIL B.",
    "浙江省/台州市",
    "台州卡钳王汽车零部件有限公司",
    "component_maker",
    item="epb",
    cat="EPB caliper",
    qty=50000,
    unit="pcs",
    price=(380, 420),
    lead=45,
    certs=["IATF 16949", "ASIL B"],
)

c = Cluster("ehb", "product", "chassis_body", "One-box EHB", "ehb_onebox", "sets")
c.dem(
    "One-box EHB 集成式线控制动系统采购",
    "采购 One-box 集成式电子液压制动系统（EHB，类 IBC/IPB，解耦式，集成 ESC 功能），用于 A/B 级纯电车型，月需求约"
    " 1.5 万套。须满足 ISO 26262 ASIL D 及 IATF 16949。优先浙江省内供应商。",
    "浙江省/台州市",
    "台州吉途汽车有限公司",
    "vehicle_maker",
    qty=15000,
    unit="套",
    price=(1700, 2200),
    deadline=120,
    certs=["ASIL D", "IATF 16949"],
    pref=("province", "浙江省"),
)
c.sup(
    {"ehb": 2, "emb": 0},
    "One-Box 线控制动系统 EHB（支持 L3 冗余）",
    "One-box 集成式线控制动（EHB），解耦踏板，集成 ESC/ABS/TCS，支持外挂 RBU 冗余以满足 L3。ISO 26262 ASIL-D "
    "认证，IATF 16949:2016。",
    "浙江省/杭州市",
    "杭州衡驭汽车电子有限公司",
    "component_maker",
    qty=20000,
    unit="套",
    price=(2000, 2000),
    lead=100,
    certs=["ISO 26262 ASIL-D", "IATF 16949:2016"],
)
c.sup(
    {"ehb": 1},
    "Integrated EHB (one-box) brake-by-wire",
    "One-box electro-hydraulic brake with integrated ESC, 150 ms to 1 g, ASIL D, IATF16949.",
    "江苏省/无锡市",
    "Wuxi Zhiheng Chassis Systems Co., Ltd.",
    "component_maker",
    qty=15000,
    unit="sets",
    price=(2100, 2100),
    lead=90,
    certs=["ASIL D", "IATF16949"],
)
c.sup(
    {"ehb": 1},
    "EHB one box, decoupled pedal feel",
    "Decoupled one-box EHB for BEVs, full regenerative blending. ASIL D / IATF 16949. Current capacity "
    "9k sets per month, second line in 2026.",
    "浙江省/宁波市",
    "Ningbo Ruibo Brake Systems Co., Ltd.",
    "component_maker",
    qty=9000,
    unit="sets",
    price=(1950, 1950),
    lead=110,
    certs=["ASIL D", "IATF 16949"],
)
c.sup(
    {"ehb": 2},
    "Electro-hydraulic brake (EHB) one-box unit",
    "电子液压制动 one-box，集成式线控制动，ISO26262 ASIL-D, IATF16949:2016, 嘉兴工厂。",
    "浙江省/嘉兴市",
    "嘉兴博卓制动系统有限公司",
    "component_maker",
    qty=16000,
    unit="sets",
    price=(2150, 2150),
    lead=120,
    certs=["ISO26262 ASIL-D", "IATF16949:2016"],
)
c.sup(
    {"ehb": 0},
    "Two-box 线控制动：电子助力器 eBooster + ESC",
    "Two-box brake-by-wire: electromechanical brake booster (eBooster) paired with ESC, ASIL D, IATF 16949.",
    "浙江省/温州市",
    "温州瑞捷智能制动有限公司",
    "component_maker",
    item="ebooster_twobox",
    cat="eBooster two-box",
    qty=20000,
    unit="套",
    price=(1500, 1500),
    lead=60,
    certs=["ASIL D", "IATF 16949"],
)
c.sup(
    {"ehb": 0},
    "One-box EHB 集成制动（ASIL-B 流程）",
    "集成式电子液压制动 One-box，按 ISO 26262 ASIL-B 流程开发，IATF 16949 认证，价格有优势。",
    "浙江省/湖州市",
    "湖州安途汽车部件有限公司",
    "component_maker",
    qty=15000,
    unit="套",
    price=(1600, 1600),
    lead=90,
    certs=["ISO 26262 ASIL-B", "IATF 16949"],
)

# --- chassis_body: steer-by-wire ---------------------------------------------------------------------------
c = Cluster("sbw", "product", "chassis_body", "Steer-by-wire", "sbw", "sets")
c.dem(
    "Steer-by-wire (SbW) system: road wheel actuator + steering feel actuator",
    "L3 program needs a complete steer-by-wire system without mechanical column: RWA (road wheel actuator, "
    "dual-winding motor), HWA / feedback actuator, redundant ECUs and power. ~1,000 sets/month. Mandatory: "
    "ISO 26262 ASIL-D and Automotive SPICE CL2. UN R79 type-approval support is a plus.",
    "江苏省/南京市",
    "南京云途智能汽车有限公司",
    "vehicle_maker",
    qty=1000,
    unit="sets",
    price=(7000, 9000),
    deadline=240,
    certs=["ISO 26262 ASIL-D", "Automotive SPICE CL2"],
)
c.sup(
    2,
    "线控转向 SBW 系统（转向执行器 + 路感模拟器）",
    "线控转向系统：双绕组冗余转向执行器、路感模拟器（手感执行器）、双 ECU。ASIL D、ASPICE CL2、IATF 16949 认证。",
    "上海市/嘉定区",
    "上海驭舵智能转向系统有限公司",
    "component_maker",
    qty=1500,
    unit="套",
    price=(8500, 8500),
    lead=200,
    certs=["ASIL D", "ASPICE CL2", "IATF 16949"],
)
c.sup(
    2,
    "Steer-by-Wire system with redundant dual-winding motor",
    "Front-axle SbW: rack actuator with 6-phase motor, steering feedback unit, fail-operational. "
    "ISO26262 ASIL-D, ASPICE Level 2.",
    "江苏省/南京市",
    "Nanjing Steerlink Technology Co., Ltd.",
    "component_maker",
    qty=1000,
    unit="sets",
    price=(8800, 8800),
    lead=180,
    certs=["ISO26262 ASIL-D", "ASPICE Level 2"],
)
c.sup(
    1,
    "SbW 线控转向总成",
    "线控转向（SbW）总成，取消机械转向管柱，ASIL-D，Automotive SPICE CL2，IATF16949。",
    "浙江省/温州市",
    "温州诚驰转向器有限公司",
    "component_maker",
    qty=1200,
    unit="套",
    price=(10200, 10200),
    lead=210,
    certs=["ASIL-D", "Automotive SPICE CL2", "IATF16949"],
)
c.sup(
    0,
    "R-EPS 齿条助力电动转向（线控转向 ready）",
    "齿条式电动助力转向 R-EPS，双绕组冗余，可升级为线控转向平台，ASIL D，ASPICE CL2，IATF 16949。",
    "浙江省/杭州市",
    "杭州世航转向科技有限公司",
    "component_maker",
    item="eps",
    cat="Electric power steering",
    qty=10000,
    unit="套",
    price=(2200, 2200),
    lead=90,
    certs=["ASIL D", "ASPICE CL2", "IATF 16949"],
)
c.sup(
    0,
    "Steer-by-wire system, ASIL D",
    "SbW system (RWA + HWA), developed to ISO 26262 ASIL-D, IATF 16949 plant. Software process assessment "
    "(ASPICE) planned next year.",
    "江苏省/常州市",
    "常州驰骋线控科技有限公司",
    "component_maker",
    qty=1000,
    unit="sets",
    price=(7800, 7800),
    lead=200,
    certs=["ISO 26262 ASIL-D", "IATF 16949"],
)

# --- chassis_body: air suspension air spring ----------------------------------------------------------------
c = Cluster("airspring", "product", "chassis_body", "Air spring", "air_spring", "pcs")
c.dem(
    "Dual-chamber air spring 双腔空气弹簧 for SUV air suspension",
    "Air-suspension system integrator looking for dual-chamber (two-volume, switchable stiffness) air springs "
    "for a mid-size e-SUV, closed-loop system, -40 °C capable. 8,000 pcs/month. IATF 16949 mandatory. "
    "Suppliers in the Yangtze River Delta preferred.",
    "上海市/嘉定区",
    "上海悬动底盘系统有限公司",
    "component_maker",
    qty=8000,
    unit="pcs",
    price=(1000, 1300),
    deadline=90,
    certs=["IATF 16949"],
    var={"chamber": "dual"},
    pref=("yrd", None),
)
c.sup(
    2,
    "Dual-chamber air spring module (closed type) for passenger car",
    "Dual-chamber air spring with switching valve, sleeve type, for closed-loop air suspension, -40 °C "
    "tested. IATF16949:2016. Factory in Ningguo (宁国).",
    "安徽省/宣城市",
    "宁国鼎润空气悬架有限公司",
    "component_maker",
    var={"chamber": "dual"},
    qty=10000,
    price=(1150, 1200),
    lead=60,
    certs=["IATF16949:2016"],
)
c.sup(
    2,
    "双腔空气弹簧总成（闭式系统）",
    "双腔空气弹簧，刚度可切换，适配闭式空气悬架，IATF 16949 认证，月产能 9000 只。",
    "浙江省/宁波市",
    "宁波拓驰悬架系统有限公司",
    "component_maker",
    var={"chamber": "dual"},
    qty=9000,
    unit="只",
    price=(1250, 1250),
    lead=80,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "Dual chamber air spring for EV SUVs",
    "Two-chamber air springs, rolling lobe, for SUVs and MPVs. IATF 16949. Guangzhou plant.",
    "广东省/广州市",
    "Guangzhou Airride Auto Parts Co., Ltd.",
    "component_maker",
    var={"chamber": "dual"},
    qty=12000,
    price=(1100, 1100),
    lead=45,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "2-chamber air spring, switchable rate",
    "Switchable-rate two-chamber air spring. IATF 16949. Monthly capacity 6,000 pcs.",
    "上海市/奉贤区",
    "上海沪弹汽车悬架有限公司",
    "component_maker",
    var={"chamber": "dual"},
    qty=6000,
    price=(1200, 1200),
    lead=70,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "单腔空气弹簧 single-chamber air spring",
    "单腔空气弹簧（套筒式），适配开式/闭式空气悬架，IATF 16949，成本较双腔低 35%。",
    "安徽省/宣城市",
    "宁国华瑞橡胶科技有限公司",
    "component_maker",
    var={"chamber": "single"},
    qty=15000,
    unit="只",
    price=(700, 700),
    lead=45,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "Air suspension air supply unit (ASU) – compressor + valve block",
    "Air supply unit for air suspension: oil-free compressor, dryer, valve block, reservoir interface. "
    "IATF 16949.",
    "浙江省/杭州市",
    "Hangzhou Airtek Suspension Co., Ltd.",
    "component_maker",
    item="air_supply_unit",
    cat="Air suspension compressor",
    qty=5000,
    price=(1400, 1400),
    lead=60,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "Dual-chamber air spring (premium, imported rubber)",
    "Dual-chamber air springs with imported bellows rubber, IATF 16949.",
    "江苏省/苏州市",
    "Suzhou Premair Suspension Co., Ltd.",
    "component_maker",
    var={"chamber": "dual"},
    qty=8000,
    price=(1900, 1900),
    lead=60,
    certs=["IATF 16949"],
)

# --- intelligent_connected: AR-HUD -------------------------------------------------------------------------
c = Cluster("arhud", "product", "intelligent_connected", "HUD", "hud", "pcs")
c.dem(
    "AR-HUD for 2026 model year, VID ≥ 10 m",
    "Seeking AR-HUD (augmented reality head-up display) for a D-segment sedan: virtual image distance ≥ 10 m, "
    "FOV ≥ 10° × 4°, TFT, DLP or LCoS PGU accepted, ADAS fusion (lane / navigation arrows). 3,000 pcs/month. "
    "IATF16949 required. Nice to have: ASPICE CL2 for the HUD software.",
    "浙江省/宁波市",
    "宁波极岸汽车有限公司",
    "vehicle_maker",
    qty=3000,
    unit="pcs",
    price=(2000, 2800),
    deadline=150,
    certs=["IATF16949"],
    var={"type": "AR-HUD"},
)
c.sup(
    2,
    "AR-HUD, LCoS PGU, 10 m VID, 13° x 5° FOV",
    "Augmented reality HUD: LCoS picture generation unit, VID 10 m, FOV 13°×5°, 15,000 nits, sun-load "
    "protection. IATF 16949:2016, ASPICE CL2 software process.",
    "江苏省/苏州市",
    "苏州光擎显示科技有限公司",
    "component_maker",
    var={"type": "AR-HUD"},
    qty=5000,
    price=(2600, 2600),
    lead=120,
    certs=["IATF 16949:2016", "ASPICE CL2"],
)
c.sup(
    2,
    "增强现实抬头显示 AR-HUD（DLP）",
    "AR-HUD，DLP 方案，虚像距离 10m，视场角 12°×4°，支持导航 AR 箭头与车道融合。IATF16949 认证。",
    "浙江省/杭州市",
    "杭州华显智能座舱有限公司",
    "component_maker",
    var={"type": "AR-HUD"},
    qty=3000,
    price=(2500, 2500),
    lead=140,
    certs=["IATF16949"],
)
c.sup(
    1,
    "AR HUD (TFT-based) with eye-tracking compensation",
    "TFT AR-HUD, VID 10-12 m, eye-tracking for dynamic distortion correction. IATF 16949.",
    "上海市/浦东新区",
    "Shanghai Lumeview Auto Display Co., Ltd.",
    "component_maker",
    var={"type": "AR-HUD"},
    qty=4000,
    price=(3200, 3300),
    lead=100,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "W-HUD windshield HUD, VID 2.5 m",
    "Windshield-type HUD (W-HUD), TFT, VID 2.5 m, FOV 6°×2°, speed / navigation display. IATF 16949.",
    "江苏省/苏州市",
    "Suzhou Clearview HUD Technology Co., Ltd.",
    "component_maker",
    var={"type": "W-HUD"},
    qty=10000,
    price=(900, 900),
    lead=60,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "HUD 前挡玻璃（楔形 PVB，AR-HUD ready）",
    "抬头显示专用前挡风玻璃，楔形 PVB 消除重影，支持 AR-HUD 10m 虚像距离。IATF 16949 认证。",
    "江苏省/盐城市",
    "盐城晶耀汽车玻璃有限公司",
    "component_maker",
    item="hud_windshield",
    cat="HUD windshield",
    qty=8000,
    unit="片",
    price=(1100, 1100),
    lead=60,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "AR-HUD 抬头显示（后装/前装）",
    "AR-HUD 产品，虚像距离 8-10m，适用于前装和后装市场，通过 ISO 9001 认证。",
    "广东省/深圳市",
    "深圳酷影车载显示有限公司",
    "component_maker",
    var={"type": "AR-HUD"},
    qty=5000,
    price=(1800, 1800),
    lead=60,
    certs=["ISO 9001"],
)

# --- intelligent_connected: 4D imaging radar -----------------------------------------------------------------
c = Cluster("radar4d", "product", "intelligent_connected", "Millimetre-wave radar", "radar_4d", "pcs")
c.dem(
    "4D imaging radar (77 GHz) for front sensing – RFQ",
    "需求 77GHz 4D 成像毫米波雷达（前向，≥ 12T16R 或级联方案，探测距离 ≥ 300m，输出点云），用于城市 NOA。"
    "Volume 5k/month. Mandatory: ISO 26262 ASIL-B + IATF 16949. 优先上海本地供应商。",
    "上海市/闵行区",
    "上海智旭汽车科技有限公司",
    "vehicle_maker",
    qty=5000,
    unit="pcs",
    price=(800, 1100),
    deadline=120,
    certs=["ISO 26262 ASIL-B", "IATF 16949"],
    pref=("city", "上海市"),
)
c.sup(
    2,
    "4D Imaging Radar 12T16R, 77 GHz, 300 m",
    "4D imaging radar with 192 virtual channels, elevation resolution 1°, point cloud output over Ethernet. "
    "ASIL-B, IATF16949. Made in Pudong.",
    "上海市/浦东新区",
    "Shanghai Radarwise Technology Co., Ltd.",
    "component_maker",
    qty=8000,
    price=(950, 980),
    lead=90,
    certs=["ASIL-B", "IATF16949"],
)
c.sup(
    2,
    "4D成像雷达 77GHz 前向雷达",
    "4D 毫米波成像雷达，前向 350m，点云输出，支持城市 NOA。ASIL B，IATF 16949。",
    "上海市/松江区",
    "上海承远毫米波科技有限公司",
    "component_maker",
    qty=5000,
    price=(1050, 1050),
    lead=120,
    certs=["ASIL B", "IATF 16949"],
)
c.sup(
    1,
    "4D imaging radar, cascaded 4-chip, 77GHz",
    "4-chip cascaded 4D imaging radar, 12T16R, 320 m range. Developed to ISO 26262 ASIL-D, IATF 16949.",
    "江苏省/苏州市",
    "Suzhou Milliwave Perception Co., Ltd.",
    "component_maker",
    qty=6000,
    price=(1000, 1000),
    lead=90,
    certs=["ISO 26262 ASIL-D", "IATF 16949"],
)
c.sup(
    1,
    "77GHz 4D point-cloud radar (imaging)",
    "77 GHz 4D imaging radar, 300 m, point cloud + object list. ASIL B / IATF16949. Changsha plant.",
    "湖南省/长沙市",
    "Changsha Xingbo Radar Co., Ltd.",
    "component_maker",
    qty=6000,
    price=(900, 900),
    lead=100,
    certs=["ASIL B", "IATF16949"],
)
c.sup(
    0,
    "77GHz corner radar 角雷达（3T4R）",
    "77GHz 角雷达，3T4R，探测距离 120m，用于 BSD/LCA/RCTA。ASIL B，IATF 16949。",
    "上海市/嘉定区",
    "上海维测汽车雷达有限公司",
    "component_maker",
    item="corner_radar",
    cat="Corner radar",
    qty=30000,
    price=(220, 220),
    lead=45,
    certs=["ASIL B", "IATF 16949"],
)
c.sup(
    0,
    "4D 成像毫米波雷达（QM 级）",
    "4D 成像雷达，77GHz，点云输出，IATF16949 认证，软件按 QM 开发，适合 L2 辅助驾驶。",
    "上海市/青浦区",
    "上海瞰远智能传感有限公司",
    "component_maker",
    qty=10000,
    price=(800, 800),
    lead=60,
    certs=["IATF16949"],
)
c.sup(
    0,
    "4D imaging radar, 77 GHz front, ASIL B",
    "77 GHz 4D imaging radar, 280 m, ASIL B, IATF 16949. Ningbo factory.",
    "浙江省/宁波市",
    "Ningbo Sensorway Electronics Co., Ltd.",
    "component_maker",
    qty=6000,
    price=(1250, 1250),
    lead=90,
    certs=["ASIL B", "IATF 16949"],
)

# --- intelligent_connected: ADAS domain controller -----------------------------------------------------------
c = Cluster("adcu", "product", "intelligent_connected", "Domain controller", "adas_domain_controller", "pcs")
c.dem(
    "高阶智驾域控制器 ADCU（单 Orin-X, 254 TOPS）",
    "寻找高阶智能驾驶域控制器供应商：单 NVIDIA Orin-X（254 TOPS），支持 11V5R 传感器接入、高速 NOA + 城市 NOA，"
    "含安全 MCU。月需求约 2000 台。必须具备 Automotive SPICE CL2、ISO 26262 ASIL-B 及 IATF 16949。",
    "上海市/闵行区",
    "上海启辰智能汽车有限公司",
    "vehicle_maker",
    qty=2000,
    unit="台",
    price=(6000, 7500),
    deadline=180,
    certs=["Automotive SPICE CL2", "ISO 26262 ASIL-B", "IATF 16949"],
    var={"compute": "254TOPS"},
)
c.sup(
    2,
    "ADAS domain controller, NVIDIA DRIVE Orin-X (254 TOPS)",
    "Driving domain controller with single Orin-X 254 TOPS + TC397 safety MCU, 11 cameras / 5 radars / 1 "
    "lidar. Automotive SPICE CL2, ISO 26262 ASIL-B, IATF16949.",
    "上海市/浦东新区",
    "Shanghai Autopilot Computing Co., Ltd.",
    "component_maker",
    var={"compute": "254TOPS"},
    qty=3000,
    price=(7000, 7200),
    lead=150,
    certs=["Automotive SPICE CL2", "ISO 26262 ASIL-B", "IATF16949"],
)
c.sup(
    2,
    "智能驾驶域控 254TOPS（Orin X），支持高速 NOA + 城市 NOA",
    "单 Orin-X 智驾域控制器，254TOPS，含 ASIL-D MCU，支持 8M 摄像头。ASPICE Level 2、ISO26262 ASIL-D、"
    "IATF 16949。",
    "江苏省/苏州市",
    "苏州智算汽车电子有限公司",
    "component_maker",
    var={"compute": "254TOPS"},
    qty=2000,
    unit="台",
    price=(7200, 7200),
    lead=120,
    certs=["ASPICE Level 2", "ISO26262 ASIL-D", "IATF 16949"],
)
c.sup(
    1,
    "ADCU 254 TOPS (Orin-X) – full-stack ready",
    "Domain controller with single Orin-X 254 TOPS, delivered with middleware. A-SPICE L2, ASIL B, IATF16949.",
    "广东省/深圳市",
    "Shenzhen Deepdrive Computing Co., Ltd.",
    "component_maker",
    var={"compute": "254TOPS"},
    qty=3000,
    price=(8500, 8500),
    lead=90,
    certs=["A-SPICE L2", "ASIL B", "IATF16949"],
)
c.sup(
    0,
    "行泊一体域控制器（J5，128 TOPS）",
    "基于征程5（128 TOPS）的行泊一体域控，高速 NOA + 记忆泊车。ASPICE CL2、ASIL B、IATF 16949。",
    "江苏省/南京市",
    "南京地恒智驾科技有限公司",
    "component_maker",
    var={"compute": "128TOPS"},
    qty=5000,
    unit="台",
    price=(3800, 3800),
    lead=90,
    certs=["ASPICE CL2", "ASIL B", "IATF 16949"],
)
c.sup(
    0,
    "Cockpit domain controller (SA8295P, 30 TOPS NPU)",
    "Cockpit domain controller on Qualcomm SA8295P: 5 displays, 30 TOPS AI, AVM. ASPICE CL2, IATF 16949.",
    "江苏省/苏州市",
    "Suzhou Cabinmind Electronics Co., Ltd.",
    "component_maker",
    item="cockpit_domain_controller",
    cat="Cockpit domain controller",
    var={"compute": "30TOPS"},
    qty=5000,
    price=(4200, 4200),
    lead=90,
    certs=["ASPICE CL2", "IATF 16949"],
)
c.sup(
    0,
    "Orin-X 254 TOPS 智驾域控（原型/小批量）",
    "Orin-X 254TOPS 智能驾驶域控，已完成 B 样，ISO 26262 ASIL-B 流程，IATF 16949 认证；ASPICE 评估计划明年进行。",
    "浙江省/宁波市",
    "宁波芯驰智联科技有限公司",
    "component_maker",
    var={"compute": "254TOPS"},
    qty=2000,
    unit="台",
    price=(6500, 6500),
    lead=120,
    certs=["ISO 26262 ASIL-B", "IATF 16949"],
)

# --- intelligent_connected: 5G T-Box ------------------------------------------------------------------------
c = Cluster("tbox", "product", "intelligent_connected", "T-Box", "tbox", "pcs")
c.dem(
    "5G T-Box with C-V2X (PC5) – series supply",
    "5G T-Box 需求：5G NR + C-V2X PC5 直连，支持 eCall、OTA 通道、双 SIM，以太网接口。月需求 2 万台。供应商须持有 "
    "ISO/SAE 21434 与 IATF16949 证书（配合整车 UN R155 认证）。优先考虑安徽省内供应商。",
    "安徽省/合肥市",
    "合肥蔚新汽车科技有限公司",
    "vehicle_maker",
    qty=20000,
    unit="台",
    price=(700, 900),
    deadline=90,
    certs=["ISO/SAE 21434", "IATF16949"],
    var={"network": "5G"},
    pref=("province", "安徽省"),
)
c.sup(
    2,
    "5G T-Box 车载智能终端（5G + V2X）",
    "5G 车载 T-Box，集成 C-V2X PC5，支持 eCall 与 FOTA，以太网 100BASE-T1。IATF16949:2016、ISO/SAE 21434 认证。",
    "安徽省/合肥市",
    "合肥联讯车联科技有限公司",
    "component_maker",
    var={"network": "5G"},
    qty=25000,
    unit="台",
    price=(820, 820),
    lead=60,
    certs=["IATF16949:2016", "ISO/SAE 21434"],
)
c.sup(
    2,
    "5G TBOX, dual SIM, C-V2X PC5",
    "5G telematics box with dual SIM, C-V2X, GNSS RTK. IATF 16949 / ISO 21434. Wuhu plant.",
    "安徽省/芜湖市",
    "Wuhu Telelink Automotive Electronics Co., Ltd.",
    "component_maker",
    var={"network": "5G"},
    qty=20000,
    price=(880, 880),
    lead=90,
    certs=["IATF 16949", "ISO 21434"],
)
c.sup(
    1,
    "5G Telematics Box (TCU), UN R155 / ISO/SAE 21434 compliant",
    "5G TCU with V2X, HSM-based secure boot, supports OEM UN R155 CSMS audits. IATF16949, ISO/SAE 21434.",
    "上海市/嘉定区",
    "Shanghai Conntek Telematics Co., Ltd.",
    "component_maker",
    var={"network": "5G"},
    qty=30000,
    price=(850, 850),
    lead=75,
    certs=["UN R155", "ISO/SAE 21434", "IATF16949"],
)
c.sup(
    1,
    "T-Box 5G 版（C-V2X）",
    "5G T-Box，C-V2X，OTA，IATF 16949，ISO/SAE 21434:2021 认证。新项目交付周期约 120 天。",
    "安徽省/合肥市",
    "合肥星联智能网联有限公司",
    "component_maker",
    var={"network": "5G"},
    qty=20000,
    unit="台",
    price=(860, 860),
    lead=120,
    certs=["IATF 16949", "ISO/SAE 21434:2021"],
)
c.sup(
    0,
    "4G LTE Cat.4 T-Box（支持 V2X 扩展）",
    "4G Cat.4 T-Box，支持远程控制、OTA，可外挂 V2X 模块。IATF16949、ISO/SAE 21434 认证。",
    "安徽省/合肥市",
    "合肥远信汽车电子有限公司",
    "component_maker",
    var={"network": "4G"},
    qty=40000,
    unit="台",
    price=(380, 380),
    lead=45,
    certs=["IATF16949", "ISO/SAE 21434"],
)
c.sup(
    0,
    "5G C-V2X OBU 车载单元",
    "5G C-V2X OBU（车载单元），支持 Day1/Day2 场景，PC5 + Uu。IATF 16949、ISO/SAE 21434。",
    "江苏省/无锡市",
    "无锡车路通信科技有限公司",
    "component_maker",
    item="v2x_obu",
    cat="V2X OBU",
    var={"network": "5G"},
    qty=10000,
    unit="台",
    price=(600, 600),
    lead=60,
    certs=["IATF 16949", "ISO/SAE 21434"],
)
c.sup(
    0,
    "5G T-Box for passenger cars (Anhui plant)",
    "5G T-Box, dual SIM, eCall, OTA. IATF16949 certified. Cybersecurity (21434) certification in preparation.",
    "安徽省/滁州市",
    "Chuzhou Linkstar Electronics Co., Ltd.",
    "component_maker",
    var={"network": "5G"},
    qty=20000,
    price=(760, 760),
    lead=60,
    certs=["IATF16949"],
)

# --- electric_drive: in-wheel hub motor ---------------------------------------------------------------------
c = Cluster("hubmotor", "product", "electric_drive", "In-wheel motor", "hub_motor", "pcs")
c.dem(
    "In-wheel hub motor for 16-inch wheels (urban logistics EV)",
    "We build 2.5 t urban delivery EVs and want to move to distributed drive. Need direct-drive in-wheel hub "
    "motors for 16 inch rims, ≥ 30 kW peak / 800 Nm, IP67, with matching controller interface (CAN). "
    "About 1,500 motors per month. IATF 16949 required. 长三角地区供应商优先。",
    "江苏省/扬州市",
    "扬州速递新能源汽车有限公司",
    "vehicle_maker",
    qty=1500,
    unit="台",
    price=(4000, 5500),
    deadline=150,
    certs=["IATF 16949"],
    var={"rim": "16inch"},
    pref=("yrd", None),
)
c.sup(
    2,
    "16-inch direct-drive hub motor, 35 kW peak, 900 Nm",
    "Outer-rotor in-wheel motor for 16'' rims, 35 kW peak, 900 Nm, oil-cooled, IP67, integrated brake "
    "mounting. IATF16949.",
    "江苏省/常州市",
    "Changzhou Wheelcore Motor Co., Ltd.",
    "component_maker",
    var={"rim": "16inch"},
    qty=2000,
    price=(5200, 5200),
    lead=120,
    certs=["IATF16949"],
)
c.sup(
    2,
    "轮毂电机 16英寸 外转子直驱",
    "16 英寸外转子直驱轮毂电机，峰值功率 32kW，峰值扭矩 850Nm，IP67，适配城配物流车。IATF 16949 认证。",
    "浙江省/金华市",
    "金华轮动电机有限公司",
    "component_maker",
    var={"rim": "16inch"},
    qty=1500,
    unit="台",
    price=(4800, 4800),
    lead=150,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "In-wheel motor for 16'' wheels, 30 kW",
    "In-wheel motor, 16 inch, 30 kW / 800 Nm, with controller. IATF 16949. Qingdao.",
    "山东省/青岛市",
    "Qingdao Hubdrive Technology Co., Ltd.",
    "component_maker",
    var={"rim": "16inch"},
    qty=3000,
    price=(5000, 5000),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "分布式驱动轮毂电机（16 寸轮辋）",
    "分布式驱动用轮毂电机，16 寸，峰值 33kW，IATF16949:2016。目前月产能约 1000 台。",
    "安徽省/合肥市",
    "合肥轮驰电驱动科技有限公司",
    "component_maker",
    var={"rim": "16inch"},
    qty=1000,
    unit="台",
    price=(5300, 5300),
    lead=100,
    certs=["IATF16949:2016"],
)
c.sup(
    0,
    "13-inch hub motor for low-speed EVs",
    "13'' in-wheel hub motor, 7.5 kW, for low-speed vehicles and sightseeing cars. IATF 16949.",
    "江苏省/常州市",
    "Changzhou Lisu Motor Co., Ltd.",
    "component_maker",
    var={"rim": "13inch"},
    qty=5000,
    price=(1600, 1600),
    lead=30,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "轮边电机（带减速器）用于电动物流车/客车驱动桥",
    "轮边电机驱动系统，电机+两级减速器，适用于城市物流车与客车，IATF 16949。",
    "浙江省/台州市",
    "台州驱达电机有限公司",
    "component_maker",
    item="wheel_side_motor",
    cat="Wheel-side motor",
    qty=2000,
    unit="台",
    price=(4500, 4500),
    lead=90,
    certs=["IATF 16949"],
)

# --- electric_drive: hairpin stator ------------------------------------------------------------------------
c = Cluster("hairpin", "product", "electric_drive", "扁线定子", "hairpin_stator", "pcs")
c.dem(
    "扁线定子总成 hairpin stator, 8-layer, for 800V 220kW motor",
    "我司为 800V 220kW 驱动电机采购扁线定子总成（8 层 hairpin，X-pin 或 I-pin 均可，定子外径 220mm，耐电晕漆包扁线），"
    "月需求 6000 套。要求 IATF16949:2016。优先苏州本地供应商。",
    "江苏省/苏州市",
    "苏州博远电机有限公司",
    "component_maker",
    qty=6000,
    unit="套",
    price=(1500, 1800),
    deadline=100,
    certs=["IATF16949:2016"],
    var={"layers": "8"},
    pref=("city", "江苏省/苏州市"),
)
c.sup(
    2,
    "8-layer hairpin stator assembly (X-pin), 800V insulation",
    "8-layer X-pin hairpin stator, OD 220 mm, corona-resistant flat wire, laser welded, varnish trickle "
    "impregnated, PDIV > 1,400 V. IATF 16949. Plant in Suzhou Industrial Park.",
    "江苏省/苏州市",
    "Suzhou Flatwire Stator Co., Ltd.",
    "component_maker",
    var={"layers": "8"},
    qty=8000,
    unit="sets",
    price=(1700, 1700),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "Hairpin stator, 8 layers, Φ220mm",
    "8-layer hairpin stator for 800 V motors, OD 220 mm, IATF16949:2016.",
    "江苏省/常州市",
    "Changzhou Jinpin Electric Co., Ltd.",
    "component_maker",
    var={"layers": "8"},
    qty=6000,
    unit="sets",
    price=(1650, 1650),
    lead=80,
    certs=["IATF16949:2016"],
)
c.sup(
    1,
    "扁线定子 8层 发卡绕组",
    "8 层发卡式扁线定子，适配 800V 电机，耐电晕扁线，IATF 16949 认证，月产能 7000 套。",
    "浙江省/湖州市",
    "湖州精扁电机部件有限公司",
    "component_maker",
    var={"layers": "8"},
    qty=7000,
    unit="套",
    price=(1600, 1600),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "Hairpin stator (8L) for 800V e-motor – Suzhou",
    "8-layer hairpin stator, I-pin, 800 V grade wire, IATF16949. Premium copper, price slightly higher.",
    "江苏省/苏州市",
    "苏州铜线电驱部件有限公司",
    "component_maker",
    var={"layers": "8"},
    qty=6000,
    unit="套",
    price=(1980, 1980),
    lead=90,
    certs=["IATF16949"],
)
c.sup(
    0,
    "6-layer hairpin stator 扁线定子（6层）",
    "6 层扁线定子总成，适配 400V 150kW 电机，IATF 16949，苏州工厂。",
    "江苏省/苏州市",
    "苏州汇扁新能源科技有限公司",
    "component_maker",
    var={"layers": "6"},
    qty=10000,
    unit="套",
    price=(1200, 1200),
    lead=60,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "Hairpin motor 220kW 800V (complete drive motor)",
    "800 V 220 kW hairpin permanent-magnet drive motor (stator + rotor + housing), 8-layer winding. IATF16949.",
    "江苏省/苏州市",
    "Suzhou Drivetek Motor Co., Ltd.",
    "component_maker",
    item="drive_motor",
    cat="Drive motor",
    var={"layers": "8"},
    qty=5000,
    unit="sets",
    price=(4200, 4200),
    lead=90,
    certs=["IATF16949"],
)
c.sup(
    0,
    "8-layer hairpin stator, Suzhou (capacity booked)",
    "8 层扁线定子，IATF16949:2016，苏州吴中工厂，产能已排满，新订单约 200 天交付。",
    "江苏省/苏州市",
    "苏州吴扁电机科技有限公司",
    "component_maker",
    var={"layers": "8"},
    qty=6000,
    unit="套",
    price=(1700, 1700),
    lead=200,
    certs=["IATF16949:2016"],
)

# --- lightweight_materials: magnesium die castings --------------------------------------------------------
c = Cluster("mgcast", "product", "lightweight_materials", "Magnesium die casting", "mg_ccb_casting", "pcs")
c.dem(
    "Magnesium alloy die-cast cross-car beam (CCB), AM60B",
    "Cockpit-module Tier 1 sourcing magnesium die-cast instrument panel cross-car beams (AM60B or AZ91D), "
    "one-piece, ~4.5 kg, including machining and e-coat. 10k pcs/month. IATF 16949 and ISO 14001 are mandatory.",
    "浙江省/宁波市",
    "宁波舜驰座舱系统有限公司",
    "component_maker",
    qty=10000,
    unit="pcs",
    price=(380, 480),
    deadline=120,
    certs=["IATF 16949", "ISO 14001"],
)
c.sup(
    2,
    "镁合金仪表板横梁压铸件（AM60B）",
    "镁合金仪表板横梁（CCB）一体压铸，AM60B，2800T 冷室压铸机，含机加工与涂装。IATF16949、ISO 14001 认证。",
    "江苏省/南京市",
    "南京云镁轻量化科技有限公司",
    "component_maker",
    qty=12000,
    unit="件",
    price=(450, 450),
    lead=100,
    certs=["IATF16949", "ISO 14001"],
)
c.sup(
    2,
    "Mg die casting – CCB / seat frame, 3000T cold chamber",
    "Magnesium high-pressure die castings: IP cross-car beams, seat frames, steering wheel cores. AZ91D / "
    "AM60B. IATF 16949:2016, ISO14001:2015.",
    "山西省/运城市",
    "Yuncheng Magtech Die Casting Co., Ltd.",
    "component_maker",
    qty=15000,
    price=(420, 420),
    lead=90,
    certs=["IATF 16949:2016", "ISO14001:2015"],
)
c.sup(
    1,
    "Magnesium alloy cross car beam (AM60B)",
    "Mg CCB die-cast, 4-5 kg, IATF 16949, ISO 14001. New 4400T cell commissioning; first lots ~160 days.",
    "浙江省/宁波市",
    "Ningbo Lightmag Auto Parts Co., Ltd.",
    "component_maker",
    qty=10000,
    price=(460, 460),
    lead=160,
    certs=["IATF 16949", "ISO 14001"],
)
c.sup(
    0,
    "Aluminium die-cast cross car beam",
    "High-pressure die-cast aluminium CCB (AlSi10MnMg), T7 heat treated. IATF 16949, ISO 14001.",
    "江苏省/苏州市",
    "Kunshan Alucast Auto Parts Co., Ltd.",
    "component_maker",
    item="al_ccb_casting",
    cat="Aluminium die casting",
    qty=20000,
    price=(360, 360),
    lead=60,
    certs=["IATF 16949", "ISO 14001"],
)
c.sup(
    0,
    "镁合金 CCB 仪表板横梁压铸",
    "镁合金仪表板横梁压铸件（AM60B），IATF 16949 认证；环境管理体系认证正在办理中。",
    "江苏省/常州市",
    "常州轻镁科技有限公司",
    "component_maker",
    qty=12000,
    unit="件",
    price=(400, 400),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "Magnesium CCB die casting (thin-wall, high ductility)",
    "Thin-wall Mg cross-car beam with proprietary high-ductility alloy. IATF16949, ISO 14001.",
    "上海市/松江区",
    "Shanghai Magforge Technology Co., Ltd.",
    "component_maker",
    qty=10000,
    price=(640, 640),
    lead=90,
    certs=["IATF16949", "ISO 14001"],
)

# --- lightweight_materials: carbon fibre battery cover ------------------------------------------------------
c = Cluster("cfrp", "product", "lightweight_materials", "CFRP parts", "cfrp_battery_cover", "pcs")
c.dem(
    "碳纤维复合材料电池包上盖 CFRP battery pack top cover",
    "Performance EV program. Need CFRP battery pack upper covers (~1.9 m × 1.4 m), flame-retardant, "
    "UL94 V-0, HP-RTM or prepreg compression molding. 3,000 pcs/month. IATF16949 mandatory. YRD 长三角 "
    "suppliers preferred.",
    "江苏省/无锡市",
    "无锡锐驰高性能汽车有限公司",
    "vehicle_maker",
    qty=3000,
    unit="件",
    price=(1600, 2200),
    deadline=120,
    certs=["IATF16949"],
    pref=("yrd", None),
)
c.sup(
    2,
    "CFRP battery enclosure lid, HP-RTM, flame retardant",
    "Carbon fibre battery pack cover by HP-RTM, UL94 V-0, 40% lighter than steel. IATF 16949. Changzhou.",
    "江苏省/常州市",
    "Changzhou Carbonlite Composites Co., Ltd.",
    "component_maker",
    qty=4000,
    price=(2000, 2000),
    lead=100,
    certs=["IATF 16949"],
)
c.sup(
    2,
    "碳纤维电池包上壳体（模压）",
    "碳纤维复合材料电池包上盖，预浸料模压成型，阻燃 V-0，IATF16949:2016 认证。",
    "浙江省/宁波市",
    "宁波碳航新材料有限公司",
    "component_maker",
    qty=3000,
    unit="件",
    price=(2100, 2100),
    lead=120,
    certs=["IATF16949:2016"],
)
c.sup(
    1,
    "Carbon fibre battery cover (prepreg, autoclave-free)",
    "CFRP battery top cover, prepreg compression molding, V-0. IATF 16949. Jinshan, Shanghai.",
    "上海市/金山区",
    "Shanghai Tanwei Composites Co., Ltd.",
    "component_maker",
    qty=3000,
    price=(2500, 2500),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "复合材料电池包上盖 SMC（玻纤增强，阻燃）",
    "SMC 玻璃纤维增强复合材料电池包上盖，阻燃 V-0，成本低，IATF 16949 认证。",
    "江苏省/常州市",
    "常州华科复材有限公司",
    "component_maker",
    item="smc_battery_cover",
    cat="SMC battery cover",
    qty=20000,
    unit="件",
    price=(450, 450),
    lead=60,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "CFRP battery pack cover – small-batch specialist",
    "Carbon fibre battery covers for supercars, hand lay-up + autoclave, IATF 16949. Lead time ~300 days for "
    "series tooling.",
    "浙江省/湖州市",
    "Huzhou Apex Carbon Works Co., Ltd.",
    "component_maker",
    qty=3000,
    price=(2100, 2100),
    lead=300,
    certs=["IATF 16949"],
)

# --- aftermarket_services: TPMS sensors -------------------------------------------------------------------
c = Cluster("tpms", "product", "aftermarket_services", "TPMS sensor", "tpms_sensor", "pcs")
c.dem(
    "Aftermarket programmable TPMS sensors, 433 MHz",
    "Distributor for tyre shops in East China. We need universal programmable direct TPMS sensors, 433 MHz "
    "(EU / China cars), clamp-in or snap-in valve, cloning supported by common tools. 50k pcs/month. "
    "Nice to have: IATF 16949 and E-Mark.",
    "浙江省/金华市",
    "义乌车友汽配供应链有限公司",
    "aftermarket",
    qty=50000,
    unit="pcs",
    price=(30, 45),
    deadline=45,
    var={"freq": "433MHz"},
)
c.sup(
    2,
    "Programmable TPMS sensor 433MHz, universal (clamp-in / snap-in)",
    "Universal 433 MHz TPMS sensor, programmable by OBD / handheld tools, covers 98% of EU & CN models, "
    "5-year battery. IATF16949, E-Mark.",
    "广东省/深圳市",
    "Shenzhen Tyresense Electronics Co., Ltd.",
    "component_maker",
    var={"freq": "433MHz"},
    qty=100000,
    price=(38, 38),
    lead=30,
    certs=["IATF16949", "E-Mark"],
)
c.sup(
    2,
    "433MHz 胎压传感器 可编程 通用款",
    "433MHz 可编程胎压监测传感器，通用款，支持复制/学习，气门嘴可选。温州工厂月产 6 万只。",
    "浙江省/温州市",
    "温州胎安电子有限公司",
    "component_maker",
    var={"freq": "433MHz"},
    qty=60000,
    unit="只",
    price=(40, 40),
    lead=20,
    certs=["ISO 9001"],
)
c.sup(
    1,
    "433MHz TPMS sensor, rubber snap-in valve, OE quality",
    "OE-quality 433 MHz TPMS sensor, rubber snap-in valve, programmable, E-mark (E4).",
    "福建省/厦门市",
    "Xiamen Oceanpress Auto Electronics Co., Ltd.",
    "component_maker",
    var={"freq": "433MHz"},
    qty=80000,
    price=(50, 50),
    lead=25,
    certs=["E-mark (E4)"],
)
c.sup(
    0,
    "315MHz TPMS sensor (US / JP market)",
    "Programmable TPMS sensor, 315 MHz, for US and Japanese vehicles. IATF 16949.",
    "广东省/深圳市",
    "Shenzhen Autotrek Sensor Co., Ltd.",
    "component_maker",
    var={"freq": "315MHz"},
    qty=100000,
    price=(36, 36),
    lead=30,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "TPMS programming & diagnostic tool (433/315 MHz)",
    "Handheld TPMS tool: activates, reads, clones and programs universal sensors, OBD relearn.",
    "广东省/深圳市",
    "Shenzhen Diagmax Technology Co., Ltd.",
    "component_maker",
    item="tpms_tool",
    cat="TPMS tool",
    qty=3000,
    unit="sets",
    price=(900, 900),
    lead=15,
    certs=["CE"],
)
c.sup(
    0,
    "433MHz programmable TPMS sensor (made to order)",
    "433 MHz TPMS sensor, programmable, IATF 16949. Built to order, ~90 days after PO.",
    "江苏省/无锡市",
    "Wuxi Sensetyre Co., Ltd.",
    "component_maker",
    var={"freq": "433MHz"},
    qty=50000,
    price=(35, 35),
    lead=90,
    certs=["IATF 16949"],
)

# --- chassis_body (thermal): CO2 heat pump module ------------------------------------------------------------
c = Cluster("heatpump", "product", "chassis_body", "Thermal management", "heat_pump_module", "sets")
c.dem(
    "R744 (CO2) heat pump integrated thermal module",
    "Looking for an integrated heat pump thermal management module using R744 (CO2) natural refrigerant: "
    "valve block, gas cooler, IHX, accumulator, controller; -30 °C heating capability. Compressor may be "
    "separate. 3,000 sets per month. IATF 16949:2016 mandatory.",
    "江苏省/盐城市",
    "盐城悦启新能源汽车有限公司",
    "vehicle_maker",
    qty=3000,
    unit="sets",
    price=(4000, 5200),
    deadline=150,
    certs=["IATF 16949:2016"],
    var={"refrigerant": "R744"},
)
c.sup(
    2,
    "R744 CO2 heat pump integrated module (IHP)",
    "Integrated heat pump module for R744 systems: 12-way valve block, gas cooler, IHX, accumulator, "
    "smart controller. Heating COP 2.0 at -20 °C. IATF16949.",
    "浙江省/绍兴市",
    "Shaoxing Thermacore Auto Thermal Co., Ltd.",
    "component_maker",
    var={"refrigerant": "R744"},
    qty=5000,
    price=(4900, 4900),
    lead=120,
    certs=["IATF16949"],
)
c.sup(
    2,
    "CO2热泵集成模块 R744",
    "R744 二氧化碳热泵热管理集成模块，含阀岛、气冷器、回热器与控制器，-30℃ 制热。IATF 16949 认证。",
    "江苏省/南京市",
    "南京冷擎热管理科技有限公司",
    "component_maker",
    var={"refrigerant": "R744"},
    qty=3000,
    unit="套",
    price=(5000, 5000),
    lead=150,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "Heat pump module, natural refrigerant R744",
    "CO2 heat pump thermal module, IATF 16949:2016, Songjiang plant. Premium valve technology.",
    "上海市/松江区",
    "Shanghai Polarflow Thermal Systems Co., Ltd.",
    "component_maker",
    var={"refrigerant": "R744"},
    qty=3000,
    price=(5900, 5900),
    lead=120,
    certs=["IATF 16949:2016"],
)
c.sup(
    0,
    "R1234yf heat pump integrated thermal module",
    "Integrated heat pump module for R1234yf systems (valve block + plate HX + controller). IATF 16949.",
    "浙江省/杭州市",
    "Hangzhou Sanli Thermal Management Co., Ltd.",
    "component_maker",
    var={"refrigerant": "R1234yf"},
    qty=8000,
    price=(3200, 3200),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "800V electric scroll compressor for R744 heat pumps",
    "R744 electric scroll compressor, 800 V, 8 kW, for CO2 heat pump systems. IATF 16949.",
    "浙江省/台州市",
    "Taizhou Aircomp Electric Co., Ltd.",
    "component_maker",
    item="e_compressor",
    cat="Electric compressor",
    var={"refrigerant": "R744"},
    qty=5000,
    price=(3800, 3800),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "R744 热泵集成模块（工程样件阶段）",
    "CO2（R744）热泵集成模块，已完成 C 样。公司持有 ISO 9001 认证，IATF 16949 审核预计明年。",
    "安徽省/合肥市",
    "合肥冷源科技有限公司",
    "component_maker",
    var={"refrigerant": "R744"},
    qty=3000,
    unit="套",
    price=(4500, 4500),
    lead=120,
    certs=["ISO 9001"],
)

# --- chassis_body (thermal): 12V electronic water pump -----------------------------------------------------
c = Cluster("ewp", "product", "chassis_body", "Electronic water pump", "e_water_pump", "pcs")
c.dem(
    "12V electronic water pump (EWP) for battery / e-drive cooling loop",
    "采购 12V 电子水泵（BLDC，80-120W，LIN 或 PWM 控制），用于电池与电驱冷却回路，月需求 3 万只。须有 IATF 16949。"
    "Ningbo local suppliers preferred (JIT to our Beilun plant).",
    "浙江省/宁波市",
    "宁波热联汽车热管理系统有限公司",
    "component_maker",
    qty=30000,
    unit="只",
    price=(200, 260),
    deadline=60,
    certs=["IATF 16949"],
    var={"voltage": "12V"},
    pref=("city", "浙江省/宁波市"),
)
c.sup(
    2,
    "12V 电子水泵 100W BLDC（LIN 控制）",
    "12V 无刷电子水泵，100W，LIN/PWM 控制，扬程 12m，寿命 2 万小时，IATF16949 认证，宁波北仑工厂。",
    "浙江省/宁波市",
    "宁波泵擎汽车部件有限公司",
    "component_maker",
    var={"voltage": "12V"},
    qty=40000,
    unit="只",
    price=(230, 230),
    lead=45,
    certs=["IATF16949"],
)
c.sup(
    1,
    "Electric coolant pump 12V 120W",
    "12 V brushless electric coolant pump, 120 W, PWM, for BTMS and e-drive loops. IATF 16949.",
    "浙江省/台州市",
    "Taizhou Aquadrive Pump Co., Ltd.",
    "component_maker",
    var={"voltage": "12V"},
    qty=30000,
    price=(220, 220),
    lead=30,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "EWP 12 V brushless electronic water pump",
    "Electronic water pump, 12 V, 90 W, LIN 2.2, IATF16949:2016. Suzhou.",
    "江苏省/苏州市",
    "Suzhou Hydroflux Auto Parts Co., Ltd.",
    "component_maker",
    var={"voltage": "12V"},
    qty=35000,
    price=(240, 240),
    lead=40,
    certs=["IATF16949:2016"],
)
c.sup(
    2,
    "Electronic coolant pump 12V / 80W, LIN control",
    "12 V electronic coolant pump, 80 W, LIN, IP6K9K. IATF 16949. Ningbo Hangzhou-Bay plant.",
    "浙江省/宁波市",
    "Ningbo Bayflow Pump Technology Co., Ltd.",
    "component_maker",
    var={"voltage": "12V"},
    qty=30000,
    price=(250, 250),
    lead=60,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "48V electronic water pump 400W",
    "48 V high-flow electronic water pump, 400 W, for fuel cell / high-power thermal loops. IATF 16949.",
    "浙江省/宁波市",
    "Ningbo Fortepump Co., Ltd.",
    "component_maker",
    var={"voltage": "48V"},
    qty=10000,
    price=(600, 600),
    lead=45,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "12V 电子油泵（电驱冷却润滑）",
    "12V 电子油泵 EOP，用于电驱动总成油冷与润滑，BLDC，IATF 16949，宁波生产。",
    "浙江省/宁波市",
    "宁波油擎电子泵业有限公司",
    "component_maker",
    item="e_oil_pump",
    cat="Electronic oil pump",
    var={"voltage": "12V"},
    qty=30000,
    unit="只",
    price=(260, 260),
    lead=45,
    certs=["IATF 16949"],
)

# --- aftermarket_services: EV battery recycling service --------------------------------------------------
c = Cluster(
    "recycle", "product", "aftermarket_services", "Battery recycling service", "battery_recycling", "吨"
)
c.dem(
    "退役动力电池回收处置服务（三元 + LFP），需工信部白名单企业",
    "我司售后网络每月产生约 500 吨退役/报废动力电池包（NCM 与 LFP 混合），寻找合规回收处置合作方：上门拆包、运输、"
    "湿法或火法再生，提供溯源平台上传。必须为工信部《新能源汽车废旧动力蓄电池综合利用行业规范条件》白名单企业，并持有 "
    "ISO 14001。长三角地区企业优先。",
    "上海市/嘉定区",
    "上海驰援新能源汽车售后服务有限公司",
    "aftermarket",
    qty=500,
    unit="吨",
    deadline=30,
    certs=["工信部白名单", "ISO 14001"],
    pref=("yrd", None),
)
c.sup(
    2,
    "Spent EV battery recycling – hydrometallurgy, MIIT whitelist enterprise",
    "End-of-life EV battery recycling: collection, discharge, dismantling, black mass and hydrometallurgical "
    "recovery of Li/Ni/Co (Li recovery > 90%). Listed on the MIIT battery recycling whitelist (规范条件). "
    "ISO 14001:2015. Capacity 2,000 t/month.",
    "浙江省/衢州市",
    "Quzhou Huanxin Resource Recycling Co., Ltd.",
    "component_maker",
    qty=2000,
    unit="t",
    lead=15,
    certs=["工信部《新能源汽车废旧动力蓄电池综合利用行业规范条件》白名单", "ISO14001:2015"],
)
c.sup(
    2,
    "动力电池回收拆解及再生利用服务",
    "废旧动力电池回收：上门拆包、危废运输、破碎分选、湿法冶金再生。工信部白名单企业，ISO 14001 认证，月处理 800 吨。",
    "安徽省/滁州市",
    "滁州格源再生资源有限公司",
    "component_maker",
    qty=800,
    unit="吨",
    lead=20,
    certs=["工信部白名单", "ISO 14001"],
)
c.sup(
    1,
    "EV battery recycling service (whitelisted), NCM & LFP",
    "Whitelisted battery recycler (MIIT battery recycling whitelist), NCM and LFP lines, 3,000 t/month, "
    "nationwide pick-up. ISO 14001.",
    "湖北省/荆门市",
    "Jingmen Greenloop Materials Co., Ltd.",
    "component_maker",
    qty=3000,
    unit="t",
    lead=20,
    certs=["MIIT battery recycling whitelist", "ISO 14001"],
)
c.sup(
    1,
    "退役电池回收（白名单企业，南通基地）",
    "工信部白名单企业，废旧锂电池拆解回收，ISO 14001 认证，南通基地目前月处理约 300 吨。",
    "江苏省/南通市",
    "南通锂循环科技有限公司",
    "component_maker",
    qty=300,
    unit="吨",
    lead=25,
    certs=["工信部白名单", "ISO 14001"],
)
c.sup(
    0,
    "梯次利用 second-life: retired EV batteries repurposed for ESS",
    "We buy retired EV battery packs (SOH > 70%), test and regroup them into energy storage and base-station "
    "backup systems. ISO 14001.",
    "江苏省/常州市",
    "Changzhou Secondlife Energy Co., Ltd.",
    "component_maker",
    item="second_life",
    cat="Second-life battery",
    qty=1000,
    unit="t",
    lead=20,
    certs=["ISO 14001"],
)
c.sup(
    0,
    "废旧锂电池回收处理（破碎分选）",
    "废旧锂电池回收、破碎分选产出黑粉，持危险废物经营许可证，ISO 14001 认证，尚未进入工信部白名单。",
    "江苏省/徐州市",
    "徐州锂源环保科技有限公司",
    "component_maker",
    qty=1000,
    unit="吨",
    lead=15,
    certs=["危险废物经营许可证", "ISO 14001"],
)

# --- charging_hydrogen: PEM fuel cell stack ----------------------------------------------------------------
c = Cluster("fcstack", "product", "charging_hydrogen", "Fuel cell stack", "fc_stack", "pcs")
c.dem(
    "PEMFC stack 120kW for heavy-duty FCEV",
    "Sourcing 120 kW PEM fuel cell stacks for 49 t FCEV tractors (our own system integration: BOP, DC/DC, "
    "controller). Durability ≥ 20,000 h, cold start -30 °C. About 200 stacks/month. IATF 16949 required. "
    "上海本地供应商优先。",
    "上海市/浦东新区",
    "上海氢途重卡科技有限公司",
    "vehicle_maker",
    qty=200,
    unit="台",
    price=(150000, 220000),
    deadline=180,
    certs=["IATF 16949"],
    var={"power": "120kW"},
    pref=("province", "上海市"),
)
c.sup(
    2,
    "120kW 金属板电堆 PEMFC stack",
    "120kW 金属双极板燃料电池电堆，体积功率密度 4.2kW/L，-30℃ 冷启动，寿命 > 20000h。IATF16949 认证。",
    "上海市/嘉定区",
    "上海捷擎动力电堆有限公司",
    "component_maker",
    var={"power": "120kW"},
    qty=300,
    unit="台",
    price=(200000, 200000),
    lead=150,
    certs=["IATF16949"],
)
c.sup(
    1,
    "120 kW fuel cell stack, metal bipolar plate, 4.0 kW/L",
    "120 kW PEMFC stack for commercial vehicles, -30 °C start, IATF 16949. Zhangjiagang hydrogen park.",
    "江苏省/苏州市",
    "Zhangjiagang Hydrostack Power Co., Ltd.",
    "component_maker",
    var={"power": "120kW"},
    qty=400,
    price=(190000, 190000),
    lead=120,
    certs=["IATF 16949"],
)
c.sup(
    1,
    "FC stack 120kW (FCEV heavy truck)",
    "120 kW stack, 25,000 h durability target, IATF16949:2016. Lingang plant.",
    "上海市/浦东新区",
    "Shanghai Lingang H2 Power Co., Ltd.",
    "component_maker",
    var={"power": "120kW"},
    qty=200,
    price=(250000, 250000),
    lead=120,
    certs=["IATF16949:2016"],
)
c.sup(
    2,
    "120kW graphite-plate stack for commercial vehicles",
    "Graphite bipolar plate PEMFC stack, 120 kW, long durability (> 25,000 h). IATF 16949. Baoshan.",
    "上海市/宝山区",
    "Shanghai Baohydro Stack Technology Co., Ltd.",
    "component_maker",
    var={"power": "120kW"},
    qty=200,
    price=(215000, 215000),
    lead=180,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "80kW fuel cell stack 燃料电池电堆",
    "80kW 燃料电池电堆，适用于 4.5-18t 物流车与客车。IATF 16949。",
    "上海市/嘉定区",
    "上海氢源动力科技有限公司",
    "component_maker",
    var={"power": "80kW"},
    qty=500,
    unit="台",
    price=(120000, 120000),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "120kW fuel cell system (engine incl. BOP, DC/DC)",
    "120 kW FC system: stack + air compressor + hydrogen recirculation + humidifier + DC/DC + FCU. "
    "IATF16949.",
    "上海市/嘉定区",
    "Shanghai Reflux Hydrogen Systems Co., Ltd.",
    "component_maker",
    item="fc_system",
    cat="Fuel cell system",
    var={"power": "120kW"},
    qty=300,
    price=(420000, 420000),
    lead=120,
    certs=["IATF16949"],
)
c.sup(
    0,
    "120kW PEMFC stack (2026 capacity)",
    "120 kW stack, IATF 16949. Capacity booked; new orders ship in about 400 days.",
    "上海市/奉贤区",
    "上海氢港新能源有限公司",
    "component_maker",
    var={"power": "120kW"},
    qty=300,
    unit="台",
    price=(180000, 180000),
    lead=400,
    certs=["IATF 16949"],
)

# --- charging_hydrogen: metal bipolar plates --------------------------------------------------------------
c = Cluster("bpp", "product", "charging_hydrogen", "Bipolar plate", "bpp_metal", "pcs")
c.dem(
    "Metal bipolar plates (SS316L, coated) for PEMFC stacks",
    "Stack maker sourcing stamped + laser-welded metal bipolar plates, SS316L 0.1 mm, conductive anti-corrosion "
    "coating (ICR < 10 mΩ·cm²), active area ~300 cm². 50,000 pcs per month. IATF16949 mandatory. "
    "YRD 长三角 suppliers preferred.",
    "浙江省/嘉兴市",
    "嘉兴氢能电堆科技有限公司",
    "component_maker",
    qty=50000,
    unit="pcs",
    price=(60, 90),
    deadline=90,
    certs=["IATF16949"],
    var={"substrate": "SS316L"},
    pref=("yrd", None),
)
c.sup(
    2,
    "SS316L metal bipolar plate, carbon coating, 0.1 mm",
    "Stamped and laser-welded SS316L bipolar plates (0.1 mm), amorphous carbon coating, ICR 5 mΩ·cm², "
    "80k/month. IATF 16949.",
    "上海市/嘉定区",
    "Shanghai Platech Fuel Cell Components Co., Ltd.",
    "component_maker",
    var={"substrate": "SS316L"},
    qty=80000,
    price=(80, 80),
    lead=60,
    certs=["IATF 16949"],
)
c.sup(
    2,
    "金属双极板（316L 不锈钢，涂层）",
    "316L 不锈钢金属双极板，冲压+激光焊接，碳基涂层，接触电阻 < 8mΩ·cm²，IATF16949 认证，月产 6 万片。",
    "江苏省/苏州市",
    "苏州极板新能源科技有限公司",
    "component_maker",
    var={"substrate": "SS316L"},
    qty=60000,
    unit="片",
    price=(85, 85),
    lead=90,
    certs=["IATF16949"],
)
c.sup(
    1,
    "316L metal BPP for PEM fuel cells",
    "Metal bipolar plates, SS316L, coated, 300 cm² active area. IATF16949. Foshan.",
    "广东省/佛山市",
    "Foshan Nanhai H2 Parts Co., Ltd.",
    "component_maker",
    var={"substrate": "SS316L"},
    qty=70000,
    price=(75, 75),
    lead=60,
    certs=["IATF16949"],
)
c.sup(
    0,
    "Titanium bipolar plate (coated Ti, 0.1 mm)",
    "Titanium metal bipolar plates with Pt-free coating, for high-durability stacks and PEM electrolysers. "
    "IATF 16949.",
    "上海市/浦东新区",
    "Shanghai Titanium Flow Co., Ltd.",
    "component_maker",
    var={"substrate": "Ti"},
    qty=20000,
    price=(220, 220),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "石墨双极板（复合石墨，模压）",
    "复合石墨双极板，模压成型，适用于商用车燃料电池电堆，IATF 16949。",
    "江苏省/苏州市",
    "苏州碳极燃料电池部件有限公司",
    "component_maker",
    item="bpp_graphite",
    cat="Graphite bipolar plate",
    qty=60000,
    unit="片",
    price=(55, 55),
    lead=45,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "Bipolar plate coating service (PVD carbon / CrN)",
    "Toll coating service for metal bipolar plates: PVD amorphous carbon or CrN, ICR < 5 mΩ·cm². IATF 16949.",
    "江苏省/无锡市",
    "Wuxi Coatex Surface Technology Co., Ltd.",
    "component_maker",
    item="bpp_coating_service",
    cat="Coating service",
    qty=100000,
    price=(18, 18),
    lead=20,
    certs=["IATF 16949"],
)

# ==========================================================================================================
# Technology
# ==========================================================================================================

# --- power_battery: CTB / CTC integration -----------------------------------------------------------------
c = Cluster("ctb", "technology", "power_battery", "电池车身一体化技术", "ctb_ctc")
c.dem(
    "CTB/CTC 电池车身一体化技术 – co-development partner wanted",
    "We plan a cell-to-body (CTB) / cell-to-chassis (CTC) architecture for our next skateboard platform: "
    "battery upper cover as floor, structural adhesive, crash & sealing validation. Looking for a partner with "
    "proven CTB/CTC know-how at TRL ≥ 6 for joint development (co-development), budget up to 30 M CNY.",
    "浙江省/杭州市",
    "杭州领程汽车科技有限公司",
    "vehicle_maker",
    price=(None, 30000000),
    trl=6,
    mode="co_development",
)
c.sup(
    2,
    "Cell-to-Body (CTB) integration – full technology package, co-development",
    "CTB technology package: pack-as-floor structure design, adhesive / sealing process, side-pole and "
    "bottom-impact validation, BOM and DFMEA. Validated on two prototype vehicles (TRL 7). Offered as joint "
    "development with our engineering team.",
    "上海市/嘉定区",
    "上海汽车轻量化技术研究院",
    "research_institute",
    trl=7,
    mode="co_development",
    price=(25000000, 25000000),
    lead=60,
)
c.sup(
    1,
    "CTC (cell-to-chassis) structural battery technology licence",
    "Cell-to-chassis integration IP (structure, thermal, sealing, repair concept), TRL 7 on a road-going "
    "prototype fleet. Licence with technical support.",
    "江苏省/常州市",
    "Changzhou Unicell Battery Technology Co., Ltd.",
    "component_maker",
    trl=7,
    mode="license",
    price=(20000000, 20000000),
    lead=30,
)
c.sup(
    1,
    "电池车身一体化（CTB）结构设计与仿真技术",
    "高校团队：CTB 电池车身一体化结构拓扑优化、碰撞与密封仿真、轻量化设计方法，已完成台架验证（TRL 5），可联合开发。",
    "上海市/杨浦区",
    "同济大学汽车学院",
    "university",
    trl=5,
    mode="co_development",
    price=(8000000, 8000000),
    lead=30,
)
c.sup(
    2,
    "CTC 底盘一体化电池技术（联合开发）",
    "CTC 电芯到底盘集成技术，已完成整车级碰撞与涉水验证（TRL 6），可提供联合开发与工程化支持。",
    "安徽省/合肥市",
    "合肥新能源汽车技术研究院",
    "research_institute",
    trl=6,
    mode="co_development",
    price=(28000000, 28000000),
    lead=45,
)
c.sup(
    0,
    "CTP 3.0 cell-to-pack technology licence",
    "Cell-to-pack (CTP) module-less pack technology, volume utilisation 72%, TRL 9 (in production). Licence.",
    "江苏省/溧阳市",
    "Liyang Packtech Energy Co., Ltd.",
    "component_maker",
    item="ctp_tech",
    cat="CTP technology",
    trl=9,
    mode="license",
    price=(18000000, 18000000),
    lead=30,
)
c.sup(
    0,
    "CTB 电池包上盖一体化结构件（量产供货）",
    "CTB 电池车身一体化用电池包上盖/地板一体化结构件，铝合金挤压+FSW，IATF 16949，月产 5000 套。",
    "江苏省/常州市",
    "常州一体化车身结构件有限公司",
    "component_maker",
    kind="product",
    cat="CTB 结构件",
    qty=5000,
    unit="套",
    price=(3500, 3500),
    lead=90,
    certs=["IATF 16949"],
)
c.sup(
    0,
    "CTB concept study – early-stage research",
    "Concept study on cell-to-body integration (literature, simulation of load paths). TRL 3. Open to "
    "co-development.",
    "江苏省/南京市",
    "南京理工汽车结构研究所",
    "research_institute",
    trl=3,
    mode="co_development",
    price=(2000000, 2000000),
    lead=30,
)

# --- chips_electronics: Ag sintering / DSC packaging for SiC modules -------------------------------------
c = Cluster(
    "sinter", "technology", "chips_electronics", "Power module packaging technology", "sic_ag_sinter_pkg"
)
c.dem(
    "SiC 功率模块银烧结 + 双面散热封装工艺技术引进（licence）",
    "我司功率模块产线拟引进 SiC 模块银烧结（Ag sintering）芯片贴装及双面散热（DSC）封装工艺，包括工艺参数、设备选型、"
    "可靠性验证方法。要求技术成熟度 TRL ≥ 7，以技术许可（license）方式合作，预算 1500 万元以内。",
    "江苏省/无锡市",
    "无锡华擎功率模块有限公司",
    "component_maker",
    price=(None, 15000000),
    trl=7,
    mode="license",
)
c.sup(
    2,
    "Ag sintering + double-sided cooling packaging process for SiC modules – licence",
    "Pressure-assisted silver sintering die attach, DSC module structure and process window, 3,000-cycle "
    "power cycling data. Running on a pilot line (TRL 7). Licence with training.",
    "江苏省/南京市",
    "南京第三代半导体技术创新中心",
    "research_institute",
    trl=7,
    mode="license",
    price=(12000000, 12000000),
    lead=60,
)
c.sup(
    2,
    "银烧结 SiC 模块封装技术（含工艺包）",
    "SiC 功率模块纳米银烧结贴片与双面散热封装全套工艺包，已在车规模块量产线应用（TRL 8），技术许可。",
    "浙江省/杭州市",
    "浙江大学杭州国际科创中心",
    "university",
    trl=8,
    mode="license",
    price=(14000000, 14000000),
    lead=45,
)
c.sup(
    1,
    "SiC module silver-sinter packaging technology – assignment",
    "Complete Ag-sinter / DSC packaging technology for SiC modules incl. patents, TRL 7. Offered as full "
    "assignment (patent transfer).",
    "上海市/浦东新区",
    "Shanghai Powerpack Semiconductor Research Co., Ltd.",
    "research_institute",
    trl=7,
    mode="assignment",
    price=(15000000, 15000000),
    lead=60,
)
c.sup(
    1,
    "Double-sided cooled SiC module packaging (Ag sinter) know-how licence",
    "DSC SiC power module packaging technology with Ag sintering, TRL 7, licence incl. on-site support.",
    "江苏省/苏州市",
    "Suzhou Nanosinter Technology Co., Ltd.",
    "component_maker",
    trl=7,
    mode="license",
    price=(17000000, 17000000),
    lead=60,
)
c.sup(
    0,
    "SiC 外延（epitaxy）生长工艺技术许可",
    "6/8 英寸 SiC 同质外延工艺技术，厚度均匀性 < 2%，TRL 8，技术许可。",
    "江苏省/徐州市",
    "徐州宽禁带材料研究院",
    "research_institute",
    item="sic_epi_tech",
    cat="SiC epitaxy technology",
    trl=8,
    mode="license",
    price=(20000000, 20000000),
    lead=60,
)
c.sup(
    0,
    "IGBT module transfer-molding packaging technology licence",
    "Transfer-molded IGBT power module packaging (solder die attach + Al wire bonding), TRL 8, licence.",
    "浙江省/嘉兴市",
    "Jiaxing Molding Power Tech Co., Ltd.",
    "component_maker",
    item="igbt_pkg_tech",
    cat="IGBT packaging technology",
    trl=8,
    mode="license",
    price=(8000000, 8000000),
    lead=30,
)

# --- intelligent_connected: OTA software platform --------------------------------------------------------
c = Cluster("ota", "technology", "intelligent_connected", "OTA software", "ota_platform")
c.dem(
    "OTA upgrade platform (FOTA + SOTA) – source licence, UN R156 ready",
    "Need a complete vehicle OTA solution: cloud campaign management, delta packages, vehicle-side master + "
    "A/B partition agents for ECUs, SUMS evidence for UN R156 type approval. In production at another OEM "
    "(TRL ≥ 8). Licence model. Supplier must hold ISO/SAE 21434 and ASPICE CL2. Budget ≤ 5 M CNY.",
    "江苏省/南京市",
    "南京星程汽车有限公司",
    "vehicle_maker",
    price=(None, 5000000),
    trl=8,
    mode="license",
    certs=["ISO/SAE 21434", "ASPICE CL2"],
)
c.sup(
    2,
    "FOTA/SOTA OTA platform, cloud + vehicle client, UN R156 SUMS support",
    "Full-stack OTA: campaign cloud, differential packages, dual-bank (A/B) update agents for 40+ ECUs, SUMS "
    "documentation for UN R156. In series production at three OEMs (TRL 9). Source-code licence. "
    "ASPICE CL2, ISO/SAE 21434, UN R156 process audited.",
    "上海市/浦东新区",
    "Shanghai Upgradeworks Software Co., Ltd.",
    "component_maker",
    trl=9,
    mode="license",
    price=(4500000, 4500000),
    lead=60,
    certs=["ASPICE CL2", "ISO/SAE 21434", "UN R156"],
)
c.sup(
    2,
    "整车 OTA 升级解决方案（差分升级、A/B 分区、R156）",
    "整车 OTA 软件平台：云端任务管理、差分升级、A/B 分区回滚、零部件刷写代理，已量产（TRL 9）。以源码授权方式提供。"
    "通过 ASPICE Level 2，ISO 21434。",
    "江苏省/南京市",
    "南京云擎软件技术有限公司",
    "component_maker",
    trl=9,
    mode="license",
    price=(3800000, 3800000),
    lead=45,
    certs=["ASPICE Level 2", "ISO 21434"],
)
c.sup(
    1,
    "OTA as a service (SaaS) – FOTA/SOTA",
    "OTA platform operated as a service: per-vehicle subscription, campaign management, UN R156 evidence. "
    "TRL 9. ASPICE CL2, ISO/SAE 21434.",
    "浙江省/杭州市",
    "Hangzhou Cloudota Technology Co., Ltd.",
    "component_maker",
    trl=9,
    mode="service",
    price=(3000000, 3000000),
    lead=30,
    certs=["ASPICE CL2", "ISO/SAE 21434"],
)
c.sup(
    0,
    "OTA 升级平台源码授权（FOTA）",
    "FOTA 升级平台，支持差分与断点续传，已量产（TRL 9），源码授权。ASPICE CL2。网络安全体系认证进行中。",
    "安徽省/合肥市",
    "合肥智刷软件有限公司",
    "component_maker",
    trl=9,
    mode="license",
    price=(2500000, 2500000),
    lead=30,
    certs=["ASPICE CL2"],
)
c.sup(
    0,
    "Remote vehicle diagnostics platform (UDS over DoIP, cloud)",
    "Remote diagnostics: cloud-triggered UDS/DoIP sessions, DTC analytics, fleet health. TRL 9. Licence. "
    "ASPICE CL2, ISO/SAE 21434.",
    "上海市/嘉定区",
    "Shanghai Diagcloud Technology Co., Ltd.",
    "component_maker",
    item="remote_diag",
    cat="Remote diagnostics",
    trl=9,
    mode="license",
    price=(2000000, 2000000),
    lead=30,
    certs=["ASPICE CL2", "ISO/SAE 21434"],
)

# --- power_battery: thermal runaway early-warning algorithm ----------------------------------------------
c = Cluster("trwarn", "technology", "power_battery", "BMS algorithm", "tr_warning_algo")
c.dem(
    "Thermal runaway early-warning algorithm (cloud BMS big data) – licence",
    "电池热失控早期预警算法：基于云端 BMS 大数据（电压一致性、内阻、自放电、温升异常），提前数天识别高风险电芯。"
    "TRL ≥ 7 (validated on a fleet), license, ≤ 3 M CNY.",
    "安徽省/合肥市",
    "合肥国锂动力电池有限公司",
    "component_maker",
    price=(None, 3000000),
    trl=7,
    mode="license",
)
c.sup(
    2,
    "电池热失控预警算法（云端大数据）授权",
    "基于百万辆级车队数据训练的热失控预警模型，可提前 7-30 天预警，误报率 < 0.1%，已在两家车企云平台部署（TRL 8），"
    "提供算法授权。",
    "上海市/嘉定区",
    "上海安芯电池数据科技有限公司",
    "component_maker",
    trl=8,
    mode="license",
    price=(2500000, 2500000),
    lead=30,
)
c.sup(
    2,
    "Cloud-based battery safety early-warning model (thermal runaway)",
    "Thermal runaway early warning from cloud BMS data: internal short-circuit, lithium plating and abnormal "
    "self-discharge indicators. Validated on 200k vehicles (TRL 7). Licence.",
    "江苏省/苏州市",
    "Suzhou Batteryiq Analytics Co., Ltd.",
    "component_maker",
    trl=7,
    mode="license",
    price=(2800000, 2800000),
    lead=45,
)
c.sup(
    1,
    "Thermal runaway prediction algorithm (university lab)",
    "Machine-learning thermal runaway prediction using cell voltage/temperature streams, validated on bench "
    "and a 500-vehicle pilot (TRL 6). Licence.",
    "北京市/海淀区",
    "清华大学车辆与运载学院电池安全实验室",
    "university",
    trl=6,
    mode="license",
    price=(1200000, 1200000),
    lead=30,
)
c.sup(
    0,
    "SOC / SOH estimation algorithm licence (EKF + ML)",
    "BMS state estimation: SOC error < 2%, SOH < 3%, cloud + on-board versions, TRL 9. Licence.",
    "江苏省/南京市",
    "Nanjing Cellsense Software Co., Ltd.",
    "component_maker",
    item="soc_soh_algo",
    cat="BMS algorithm",
    trl=9,
    mode="license",
    price=(1500000, 1500000),
    lead=30,
)
c.sup(
    0,
    "Thermal runaway propagation suppression (pack design) technology",
    "Pack-level thermal runaway propagation barrier: aerogel + mica layout, venting channel design, meets "
    "GB 38031 no fire / no explosion. TRL 8. Licence.",
    "安徽省/合肥市",
    "Hefei Firewall Battery Safety Co., Ltd.",
    "component_maker",
    item="tr_propagation_tech",
    cat="Pack safety technology",
    trl=8,
    mode="license",
    price=(2000000, 2000000),
    lead=30,
)
c.sup(
    0,
    "热失控预警算法（实验室阶段）",
    "基于电化学阻抗谱的热失控预警方法，实验室验证（TRL 4），可授权。",
    "江苏省/南京市",
    "南京工业大学储能安全研究所",
    "university",
    trl=4,
    mode="license",
    price=(500000, 500000),
    lead=30,
)

# --- charging_hydrogen: bipolar plate coating technology ----------------------------------------------------
c = Cluster(
    "bppcoat", "technology", "charging_hydrogen", "Bipolar plate coating technology", "bpp_coating_tech"
)
c.dem(
    "Metal bipolar plate coating technology – transfer (assignment)",
    "金属双极板导电耐蚀涂层技术（碳基 / CrN / TiN 均可），要求接触电阻 < 10 mΩ·cm²，腐蚀电流 < 1 µA/cm²，"
    "TRL ≥ 6，以技术转让（assignment）方式引进，预算 800 万元。",
    "浙江省/嘉兴市",
    "嘉兴氢极新材料有限公司",
    "component_maker",
    price=(None, 8000000),
    trl=6,
    mode="assignment",
)
c.sup(
    2,
    "金属双极板碳基涂层技术转让",
    "PVD 非晶碳涂层技术，316L 基材接触电阻 3 mΩ·cm²，腐蚀电流 0.3 µA/cm²，中试线验证（TRL 7），整体技术转让。",
    "江苏省/苏州市",
    "中科院苏州纳米所氢能涂层团队",
    "research_institute",
    trl=7,
    mode="assignment",
    price=(6000000, 6000000),
    lead=60,
)
c.sup(
    1,
    "Conductive anti-corrosion coating for SS bipolar plates — licence",
    "CrN/C multilayer coating for stainless steel bipolar plates, ICR 6 mΩ·cm², 5,000 h stack validation "
    "(TRL 7). Non-exclusive licence.",
    "上海市/嘉定区",
    "Shanghai H2 Surface Engineering Co., Ltd.",
    "component_maker",
    trl=7,
    mode="license",
    price=(5000000, 5000000),
    lead=45,
)
c.sup(
    2,
    "PVD amorphous-carbon coating (bipolar plate) technology – full transfer",
    "Amorphous carbon PVD coating process for metal BPP, tested in a 30 kW stack (TRL 6). Full assignment "
    "incl. patents.",
    "广东省/佛山市",
    "Foshan Hydrogen Energy Research Institute",
    "research_institute",
    trl=6,
    mode="assignment",
    price=(7500000, 7500000),
    lead=60,
)
c.sup(
    1,
    "TiN 涂层双极板技术转让",
    "TiN/Ti 复合涂层技术，适用于不锈钢与钛双极板，TRL 6，整体转让含专利。",
    "湖北省/武汉市",
    "武汉理工大学氢能材料团队",
    "university",
    trl=6,
    mode="assignment",
    price=(9000000, 9000000),
    lead=60,
)
c.sup(
    0,
    "Bipolar plate flow-field stamping & laser welding technology",
    "Precision stamping of 0.1 mm flow fields and laser welding of metal BPP, TRL 7, assignment.",
    "上海市/宝山区",
    "Shanghai Stampflow Technology Co., Ltd.",
    "component_maker",
    item="bpp_forming_tech",
    cat="BPP forming technology",
    trl=7,
    mode="assignment",
    price=(6000000, 6000000),
    lead=60,
)
c.sup(
    0,
    "CCM catalyst coating technology (direct coating)",
    "Catalyst-coated membrane (CCM) direct coating process, Pt loading 0.25 mg/cm², TRL 7, assignment.",
    "江苏省/常州市",
    "Changzhou Catacoat New Energy Co., Ltd.",
    "component_maker",
    item="ccm_tech",
    cat="CCM technology",
    trl=7,
    mode="assignment",
    price=(7000000, 7000000),
    lead=60,
)
c.sup(
    0,
    "Bipolar plate coating – early research",
    "Graphene-based coating for metal bipolar plates, proof of concept (TRL 3), open to transfer.",
    "浙江省/宁波市",
    "宁波材料所氢能课题组",
    "research_institute",
    trl=3,
    mode="assignment",
    price=(1500000, 1500000),
    lead=30,
)

# --- aftermarket_services: LFP cathode direct regeneration ------------------------------------------------
c = Cluster(
    "directregen", "technology", "aftermarket_services", "Battery recycling technology", "direct_regen_tech"
)
c.dem(
    "LFP 正极材料直接再生技术 (direct recycling of spent LFP cathode)",
    "Battery recycler seeking direct-regeneration technology for spent LFP cathode (re-lithiation, solid-phase "
    "repair) to make battery-grade LFP without leaching. TRL ≥ 5. Licence, assignment or co-development all "
    "acceptable. Budget up to 10 M CNY.",
    "江西省/宜春市",
    "宜春锂循环资源有限公司",
    "component_maker",
    price=(None, 10000000),
    trl=5,
    var={"chemistry": "LFP"},
)
c.sup(
    2,
    "Direct regeneration of spent LFP cathode (solid-phase repair)",
    "Solid-phase re-lithiation of spent LFP black mass, regenerated LFP capacity 155 mAh/g, 100 kg pilot "
    "(TRL 6). Licence.",
    "湖南省/长沙市",
    "Changsha Regenlith Technology Co., Ltd.",
    "component_maker",
    var={"chemistry": "LFP"},
    trl=6,
    mode="license",
    price=(6000000, 6000000),
    lead=60,
)
c.sup(
    2,
    "废旧磷酸铁锂正极直接修复再生技术",
    "废旧 LFP 正极材料补锂 + 固相修复直接再生技术，中试验证（TRL 5），可整体转让专利。",
    "湖南省/长沙市",
    "中南大学冶金与环境学院",
    "university",
    var={"chemistry": "LFP"},
    trl=5,
    mode="assignment",
    price=(8000000, 8000000),
    lead=30,
)
c.sup(
    2,
    "LFP direct recycling – hydrothermal re-lithiation, co-development",
    "Hydrothermal re-lithiation + short annealing for spent LFP, 1 t/day demo line (TRL 7). Co-development.",
    "广东省/佛山市",
    "Foshan Circularcell Materials Co., Ltd.",
    "component_maker",
    var={"chemistry": "LFP"},
    trl=7,
    mode="co_development",
    price=(9000000, 9000000),
    lead=60,
)
c.sup(
    0,
    "Hydrometallurgical Li / Ni / Co recovery technology",
    "Hydrometallurgical recycling process (acid leaching, solvent extraction, Li2CO3 precipitation), TRL 9, "
    "assignment.",
    "湖北省/荆门市",
    "Jingmen Hydromet Engineering Co., Ltd.",
    "component_maker",
    item="hydromet_tech",
    cat="Hydrometallurgy technology",
    trl=9,
    mode="assignment",
    price=(9000000, 9000000),
    lead=60,
)
c.sup(
    0,
    "NCM 三元正极直接再生技术",
    "废旧 NCM 正极直接再生（补锂+高温固相），TRL 6，技术许可。",
    "浙江省/衢州市",
    "衢州再生材料研究院",
    "research_institute",
    var={"chemistry": "NCM"},
    trl=6,
    mode="license",
    price=(7000000, 7000000),
    lead=30,
)

# --- intelligent_connected: 4D radar perception algorithm ---------------------------------------------------
c = Cluster("radarpercep", "technology", "intelligent_connected", "Perception algorithm", "radar4d_percep")
c.dem(
    "4D radar point-cloud perception algorithm – licence",
    "Radar supplier looking to license a perception stack for 4D imaging radar point clouds: object detection, "
    "tracking, free space, static-environment mapping, running on radar SoC or domain controller. TRL ≥ 7, "
    "licence, budget ≤ 4 M CNY.",
    "上海市/松江区",
    "上海毫米智能传感有限公司",
    "component_maker",
    price=(None, 4000000),
    trl=7,
    mode="license",
)
c.sup(
    2,
    "4D imaging radar perception stack (detection, tracking, free space) – licence",
    "Deep-learning 4D radar point-cloud perception: 3D object detection, multi-object tracking, freespace and "
    "guardrail extraction; runs on TDA4 / Orin. Production-intent (TRL 8). Licence.",
    "江苏省/苏州市",
    "Suzhou Pointwave AI Co., Ltd.",
    "component_maker",
    trl=8,
    mode="license",
    price=(3500000, 3500000),
    lead=45,
)
c.sup(
    1,
    "4D毫米波雷达点云感知算法",
    "4D 毫米波雷达点云目标检测与跟踪算法，已完成实车采集验证（TRL 6），可授权。",
    "北京市/海淀区",
    "北京理工大学智能感知实验室",
    "university",
    trl=6,
    mode="license",
    price=(3000000, 3000000),
    lead=30,
)
c.sup(
    2,
    "4D radar point cloud perception (object + freespace) licence",
    "4D imaging radar perception algorithms validated on 100k km of road data (TRL 7). Licence, source code "
    "optional.",
    "上海市/浦东新区",
    "Shanghai Radarmind Technology Co., Ltd.",
    "component_maker",
    trl=7,
    mode="license",
    price=(2900000, 2900000),
    lead=30,
)
c.sup(
    1,
    "4D radar perception software licence (premium)",
    "4D radar perception: detection, tracking, elevation-based ground segmentation, SLAM. TRL 8. Licence.",
    "广东省/深圳市",
    "Shenzhen Waveeye Intelligence Co., Ltd.",
    "component_maker",
    trl=8,
    mode="license",
    price=(4500000, 4500000),
    lead=30,
)
c.sup(
    0,
    "BEV camera perception algorithm (surround view, Transformer)",
    "Vision-only BEV perception: 3D detection, lane topology, occupancy. TRL 8. Licence.",
    "上海市/闵行区",
    "Shanghai Birdseye AI Co., Ltd.",
    "component_maker",
    item="bev_percep",
    cat="Perception algorithm",
    trl=8,
    mode="license",
    price=(3500000, 3500000),
    lead=30,
)
c.sup(
    0,
    "LiDAR point cloud perception algorithm – licence",
    "LiDAR point-cloud perception: 3D object detection, tracking, ground segmentation. TRL 8. Licence.",
    "江苏省/南京市",
    "Nanjing Lidarsense Technology Co., Ltd.",
    "component_maker",
    item="lidar_percep",
    cat="Perception algorithm",
    trl=8,
    mode="license",
    price=(3000000, 3000000),
    lead=30,
)

# Right topic, wrong kind: a hairpin-stator technology offer (no technology demand asks for it).
c = Cluster("hairpin", "technology", "electric_drive", "扁线电机技术", "hairpin_stator")
c.sup(
    0,
    "Hairpin stator winding design & laser welding process technology",
    "8-layer hairpin winding design, AC-loss optimisation, laser welding and insulation process for 800 V "
    "motors. TRL 7. Licence or co-development.",
    "江苏省/苏州市",
    "苏州大学电机工程研究中心",
    "university",
    trl=7,
    mode="license",
    price=(5000000, 5000000),
    lead=30,
)

# ==========================================================================================================
# Talent (quantity = headcount, unit 人; price = annual salary per person; lead time = days to onboard)
# ==========================================================================================================

c = Cluster("fusa", "talent", "chips_electronics", "功能安全", "fusa_engineer")
c.dem(
    "Functional Safety Manager / Consultant (ISO 26262) ×2",
    "We develop zonal controllers and need 2 functional-safety experts to lead ISO 26262 work products: item "
    "definition, HARA, FSC/TSC, safety analyses (FMEA, FTA, FMEDA), safety case and confirmation reviews. "
    "≥ 5 years, ASIL-D project experience. 有 TÜV 功能安全工程师证书者优先。",
    "上海市/浦东新区",
    "上海域控电子科技有限公司",
    "component_maker",
    hc=2,
    price=(450000, 650000),
    deadline=60,
    skills=["ISO 26262", "HARA", "FMEDA", "FTA", "safety case"],
)
c.sup(
    2,
    "ISO 26262 functional safety consultants (TÜV certified) – 3 available",
    "Our FuSa team can second 3 consultants full-time: concept to production, ASIL-D experience on brake, "
    "steering and BMS projects; TÜV Rheinland FS Engineer certified.",
    "上海市/长宁区",
    "Shanghai Safetyworks Consulting Co., Ltd.",
    "research_institute",
    hc=3,
    price=(600000, 600000),
    lead=30,
    certs=["TÜV Rheinland FS Eng. (Automotive)"],
    skills=["ISO 26262", "HARA", "FMEDA", "FTA", "safety case"],
)
c.sup(
    2,
    "功能安全工程师 ISO26262（全流程：HARA、FSC、TSC）",
    "可提供 2 名功能安全工程师，熟悉 ISO 26262 全流程及 FMEA/FTA/FMEDA，参与过 ASIL-D 电驱与 BMS 项目，持 TÜV 功能安全"
    "工程师证书。",
    "江苏省/苏州市",
    "苏州安规汽车技术服务有限公司",
    "research_institute",
    hc=2,
    price=(550000, 550000),
    lead=45,
    certs=["TÜV FS Engineer"],
    skills=["ISO 26262", "FMEA", "FTA", "FMEDA"],
)
c.sup(
    1,
    "Senior FuSa manager, 10 yrs, ASIL-D projects (1 person)",
    "Senior functional safety manager available: 10 years ISO 26262 (steer-by-wire, EMB), led 3 ASIL-D "
    "certifications.",
    "上海市/徐汇区",
    "Shanghai Talentbridge Auto HR Co., Ltd.",
    "research_institute",
    hc=1,
    price=(640000, 640000),
    lead=30,
    skills=["ISO 26262", "ASIL-D", "safety management"],
)
c.sup(
    0,
    "Automotive cybersecurity engineers (ISO/SAE 21434, UN R155 CSMS)",
    "2 cybersecurity engineers: TARA, cybersecurity concept, penetration testing, R155 CSMS documentation.",
    "上海市/浦东新区",
    "Shanghai Cybercar Security Co., Ltd.",
    "research_institute",
    item="cybersecurity_engineer",
    cat="网络安全",
    hc=2,
    price=(550000, 550000),
    lead=30,
    skills=["ISO/SAE 21434", "TARA", "UN R155"],
)
c.sup(
    0,
    "ISO 26262 functional safety consulting service (project-based)",
    "Fixed-price functional safety consulting packages: HARA + FSC for one item, gap analysis, TÜV audit "
    "preparation. Delivered by our team as a service, not staff secondment.",
    "上海市/静安区",
    "Shanghai Fusa Advisory Co., Ltd.",
    "research_institute",
    kind="product",
    item="fusa_consulting",
    cat="Consulting service",
    qty=4,
    unit="projects",
    price=(800000, 800000),
    lead=30,
)
c.sup(
    0,
    "Functional safety expert (ISO 26262), principal level",
    "Principal FuSa expert, 15 years, ex-Tier 1, ASIL-D. 2 candidates available. Salary expectation high.",
    "上海市/浦东新区",
    "Shanghai Apex Auto Headhunting Co., Ltd.",
    "research_institute",
    hc=2,
    price=(1000000, 1000000),
    lead=30,
    skills=["ISO 26262", "ASIL-D"],
)

c = Cluster("sotif", "talent", "intelligent_connected", "预期功能安全", "sotif_engineer")
c.dem(
    "SOTIF (ISO 21448) safety engineers for L2+/L3 ADS ×3",
    "招聘预期功能安全（SOTIF, ISO 21448）工程师 3 名：触发条件分析、未知危险场景识别、验证与确认策略、场景库需求。"
    "熟悉 ADS 感知/规控者佳。优先上海本地候选人。",
    "上海市/嘉定区",
    "上海驭远智能驾驶有限公司",
    "vehicle_maker",
    hc=3,
    price=(350000, 500000),
    deadline=60,
    pref=("city", "上海市"),
    skills=["ISO 21448", "SOTIF", "triggering conditions", "scenario-based V&V"],
)
c.sup(
    2,
    "SOTIF engineers (ISO 21448) ×3, ADS background",
    "3 SOTIF engineers: triggering-condition analysis, ODD definition, scenario-based validation for urban "
    "NOA. Based in Shanghai.",
    "上海市/浦东新区",
    "Shanghai ADS Safety Lab Co., Ltd.",
    "research_institute",
    hc=3,
    price=(480000, 480000),
    lead=30,
    skills=["ISO 21448", "SOTIF", "ODD", "scenario validation"],
)
c.sup(
    1,
    "预期功能安全 SOTIF 工程师 4 名",
    "可推荐 4 名 SOTIF（ISO 21448）工程师，具备 L2+ 高速 NOA 项目经验，现居南京。",
    "江苏省/南京市",
    "南京智驾人才服务有限公司",
    "research_institute",
    hc=4,
    price=(450000, 450000),
    lead=30,
    skills=["ISO 21448", "SOTIF"],
)
c.sup(
    1,
    "SOTIF safety engineers (2 available, Shanghai)",
    "Two SOTIF engineers, ISO 21448 and ISO 26262 background, perception-limitation analysis.",
    "上海市/闵行区",
    "Shanghai Autoexpert Staffing Co., Ltd.",
    "research_institute",
    hc=2,
    price=(500000, 500000),
    lead=45,
    skills=["ISO 21448", "ISO 26262"],
)
c.sup(
    0,
    "SOTIF engineers (Beijing), 3 people",
    "3 SOTIF / ISO 21448 engineers based in Beijing, open to project work.",
    "北京市/海淀区",
    "Beijing Safedrive Talent Co., Ltd.",
    "research_institute",
    hc=3,
    price=(560000, 560000),
    lead=30,
    skills=["ISO 21448", "SOTIF"],
)
c.sup(
    0,
    "ADAS simulation test engineers (scenario library, HIL)",
    "ADAS simulation & HIL test engineers: OpenSCENARIO, scenario library build-up, VTD/CARLA. 3 people.",
    "上海市/嘉定区",
    "Shanghai Simtest Technology Co., Ltd.",
    "research_institute",
    item="adas_sim_engineer",
    cat="ADAS 测试",
    hc=3,
    price=(380000, 380000),
    lead=30,
    skills=["OpenSCENARIO", "HIL", "VTD"],
)

c = Cluster("autosar", "talent", "chips_electronics", "嵌入式软件", "autosar_cp_engineer")
c.dem(
    "AUTOSAR Classic BSW engineers (Vector MICROSAR / DaVinci) ×5",
    "Need 5 embedded engineers for AUTOSAR Classic Platform basic software: COM stack (CAN FD, LIN, "
    "Ethernet), diagnostics (DCM/DEM), NvM, MCAL on Infineon AURIX TC3xx / NXP S32K3, configured with "
    "DaVinci Configurator. ASPICE project experience is a plus.",
    "江苏省/苏州市",
    "苏州博控汽车电子有限公司",
    "component_maker",
    hc=5,
    price=(300000, 400000),
    deadline=45,
    skills=["AUTOSAR Classic", "BSW", "MCAL", "DaVinci Configurator", "AURIX"],
)
c.sup(
    2,
    "AUTOSAR CP BSW / MCAL 工程师 ×6",
    "可派驻 6 名 AUTOSAR CP 工程师：BSW 配置与集成（COM/DCM/DEM/NvM）、MCAL（TC3xx、S32K3）、Vector 工具链。",
    "江苏省/南京市",
    "南京恒嵌软件技术有限公司",
    "component_maker",
    hc=6,
    price=(380000, 380000),
    lead=30,
    skills=["AUTOSAR CP", "BSW", "MCAL", "Vector DaVinci"],
)
c.sup(
    2,
    "Embedded engineers – AUTOSAR Classic (COM, Diag, MCAL), Vector toolchain",
    "5 AUTOSAR Classic engineers, Vector MICROSAR + DaVinci, AURIX TC3xx, ASPICE CL2 projects.",
    "上海市/嘉定区",
    "Shanghai Embedworks Engineering Co., Ltd.",
    "component_maker",
    hc=5,
    price=(360000, 360000),
    lead=45,
    skills=["AUTOSAR Classic", "MICROSAR", "DaVinci", "TC3xx"],
)
c.sup(
    1,
    "AUTOSAR 经典平台 BSW 工程师（5 名）",
    "5 名 AUTOSAR Classic 基础软件工程师，熟悉 EB tresos 与 DaVinci，S32K3 MCAL。需 60 天到岗。",
    "浙江省/杭州市",
    "杭州芯控软件有限公司",
    "component_maker",
    hc=5,
    price=(390000, 390000),
    lead=60,
    skills=["AUTOSAR Classic", "EB tresos", "DaVinci"],
)
c.sup(
    0,
    "AUTOSAR Adaptive (AP) engineers – C++14, SOME/IP, ara::com",
    "5 AUTOSAR Adaptive Platform developers for HPC / central computing: ara::com, SOME/IP, DDS, Linux/QNX.",
    "上海市/浦东新区",
    "Shanghai Adaptive Software Co., Ltd.",
    "component_maker",
    item="autosar_ap_engineer",
    cat="嵌入式软件",
    hc=5,
    price=(420000, 420000),
    lead=30,
    skills=["AUTOSAR Adaptive", "C++14", "SOME/IP"],
)
c.sup(
    0,
    "Senior AUTOSAR CP architects (5)",
    "5 senior AUTOSAR Classic architects / BSW experts, 10+ years.",
    "上海市/浦东新区",
    "Shanghai Vectorial Consulting Co., Ltd.",
    "research_institute",
    hc=5,
    price=(600000, 600000),
    lead=30,
    skills=["AUTOSAR Classic", "architecture"],
)

c = Cluster("rust", "talent", "chips_electronics", "嵌入式软件", "embedded_rust_engineer")
c.dem(
    "Embedded Rust engineers for safety-critical MCU firmware ×2",
    "Looking for 2 embedded Rust developers (no_std, Cortex-M / Cortex-R, RTIC or Embassy, HAL/PAC "
    "development) to build safety-relevant firmware for our battery junction box MCU; Ferrocene / "
    "ISO 26262 tool qualification knowledge is a plus.",
    "上海市/闵行区",
    "上海锂核电子有限公司",
    "component_maker",
    hc=2,
    price=(400000, 550000),
    deadline=90,
    skills=["Rust", "no_std", "embedded", "Cortex-M", "RTIC"],
)
c.sup(
    2,
    "Embedded Rust developers (no_std, RTIC / Embassy, ARM Cortex-M/R)",
    "Two embedded Rust engineers from our firmware team: no_std drivers, RTIC, Embassy, probe-rs, "
    "MISRA-style safety reviews. Available for 12-month assignments.",
    "江苏省/苏州市",
    "Suzhou Ferrite Embedded Co., Ltd.",
    "component_maker",
    hc=2,
    price=(520000, 520000),
    lead=60,
    skills=["Rust", "no_std", "RTIC", "Embassy"],
)
c.sup(
    1,
    "Embedded Rust engineer (1), automotive MCU",
    "One embedded Rust developer, 6 years embedded C + 3 years Rust on Cortex-M, AUTOSAR exposure.",
    "上海市/杨浦区",
    "Shanghai Crabtalent HR Co., Ltd.",
    "research_institute",
    hc=1,
    price=(500000, 500000),
    lead=30,
    skills=["Rust", "embedded", "Cortex-M"],
)
c.sup(
    2,
    "Rust 嵌入式软件工程师（汽车 MCU，裸机/RTOS）",
    "3 名 Rust 嵌入式工程师，no_std 裸机与 RTOS 开发经验，熟悉 Cortex-R52、CAN FD 驱动。",
    "浙江省/杭州市",
    "杭州锈芯科技有限公司",
    "component_maker",
    hc=3,
    price=(500000, 500000),
    lead=30,
    skills=["Rust", "no_std", "RTOS", "Cortex-R52"],
)
c.sup(
    0,
    "Rust backend engineers (tokio, axum, cloud)",
    "3 Rust backend developers for vehicle cloud services: tokio, axum, Kafka, PostgreSQL.",
    "上海市/浦东新区",
    "Shanghai Cloudcrab Software Co., Ltd.",
    "component_maker",
    item="rust_backend_engineer",
    cat="后端开发",
    hc=3,
    price=(450000, 450000),
    lead=30,
    skills=["Rust", "tokio", "axum"],
)
c.sup(
    0,
    "Embedded C engineers (MISRA C, AUTOSAR MCAL)",
    "4 embedded C developers, MISRA C:2012, MCAL drivers, safety MCU experience.",
    "江苏省/南京市",
    "Nanjing Cbyte Embedded Co., Ltd.",
    "component_maker",
    item="embedded_c_engineer",
    cat="嵌入式软件",
    hc=4,
    price=(350000, 350000),
    lead=30,
    skills=["C", "MISRA C", "MCAL"],
)
c.sup(
    0,
    "Embedded Rust engineers (available next half-year)",
    "2 embedded Rust engineers (no_std, Embassy) finishing a project; available in about 6 months.",
    "江苏省/南京市",
    "南京铁锈嵌入式科技有限公司",
    "component_maker",
    hc=2,
    price=(480000, 480000),
    lead=180,
    skills=["Rust", "no_std", "Embassy"],
)

c = Cluster("pe_eng", "talent", "electric_drive", "电驱硬件", "pe_hw_engineer")
c.dem(
    "SiC inverter power electronics hardware engineers ×4",
    "电驱部门招聘 4 名电力电子硬件工程师：800V SiC 主逆变器功率级设计、驱动电路、母线电容与叠层母排、双脉冲测试、EMC 整改。",
    "江苏省/常州市",
    "常州优驱动力科技有限公司",
    "component_maker",
    hc=4,
    price=(300000, 450000),
    deadline=60,
    skills=["SiC", "traction inverter", "gate driver", "double pulse test", "EMC"],
)
c.sup(
    2,
    "Power electronics HW engineers – SiC traction inverter (gate driver, layout, DPT)",
    "4 engineers with 800 V SiC inverter experience: power stage, gate driver, busbar design, DPT, EMC.",
    "江苏省/南京市",
    "Nanjing Powerlink Engineering Services Co., Ltd.",
    "component_maker",
    hc=4,
    price=(430000, 430000),
    lead=45,
    skills=["SiC", "inverter", "gate driver", "DPT"],
)
c.sup(
    2,
    "电驱逆变器硬件工程师（SiC，800V）5 名",
    "高校联合培养博士/硕士 5 名，研究方向为 SiC 电机控制器功率级与驱动电路设计，具备双脉冲测试与 EMC 经验。",
    "浙江省/杭州市",
    "浙江大学电气工程学院",
    "university",
    hc=5,
    price=(420000, 420000),
    lead=60,
    skills=["SiC", "电机控制器", "驱动电路", "EMC"],
)
c.sup(
    1,
    "Senior SiC inverter hardware engineers (4)",
    "4 senior power electronics HW engineers (SiC, 800 V), ex-Tier 1. Salary expectation ~490k.",
    "上海市/嘉定区",
    "Shanghai Powerhunt Talent Co., Ltd.",
    "research_institute",
    hc=4,
    price=(490000, 490000),
    lead=30,
    skills=["SiC", "inverter", "hardware"],
)
c.sup(
    0,
    "Motor control software engineers (FOC, AUTOSAR)",
    "4 motor control software engineers: FOC, PWM strategies, resolver decoding, AUTOSAR integration.",
    "江苏省/苏州市",
    "Suzhou Focsoft Technology Co., Ltd.",
    "component_maker",
    item="mc_sw_engineer",
    cat="电驱软件",
    hc=4,
    price=(400000, 400000),
    lead=30,
    skills=["FOC", "motor control", "AUTOSAR"],
)
c.sup(
    0,
    "SiC device & process engineers (wafer fab)",
    "3 SiC device / process engineers: trench MOSFET design, ion implantation, gate oxide reliability.",
    "江苏省/徐州市",
    "Xuzhou Widegap Talent Center",
    "research_institute",
    item="sic_device_engineer",
    cat="半导体工艺",
    hc=3,
    price=(400000, 400000),
    lead=30,
    skills=["SiC MOSFET", "device design", "process"],
)

c = Cluster("fctest", "talent", "charging_hydrogen", "燃料电池测试", "fc_stack_test_engineer")
c.dem(
    "Fuel cell stack test engineers ×2 (polarization, EIS, durability)",
    "氢燃料电池电堆测试工程师 2 名：极化曲线、EIS、CV/LSV、耐久工况测试，测试台架维护。Candidates in the YRD "
    "(Shanghai / Jiangsu / Zhejiang / Anhui) preferred.",
    "江苏省/苏州市",
    "苏州氢驰新能源科技有限公司",
    "component_maker",
    hc=2,
    price=(200000, 300000),
    deadline=45,
    pref=("yrd", None),
    skills=["PEMFC", "polarization curve", "EIS", "durability test"],
)
c.sup(
    2,
    "燃料电池电堆测试工程师 2 名",
    "2 名燃料电池电堆测试工程师，熟悉极化曲线、EIS、耐久测试与 Greenlight/HORIBA 台架。",
    "上海市/嘉定区",
    "同济大学新能源汽车工程中心",
    "university",
    hc=2,
    price=(280000, 280000),
    lead=30,
    skills=["PEMFC", "EIS", "耐久测试"],
)
c.sup(
    1,
    "Fuel cell test engineers (3), stack & single cell",
    "3 PEMFC test engineers: single-cell and stack testing, EIS, durability protocols. Based in Guangzhou.",
    "广东省/广州市",
    "Guangzhou H2 Talent Services Co., Ltd.",
    "research_institute",
    hc=3,
    price=(260000, 260000),
    lead=30,
    skills=["PEMFC", "EIS", "stack testing"],
)
c.sup(
    2,
    "PEMFC stack testing engineers ×2",
    "Two stack test engineers: polarization curves, EIS, accelerated stress tests, test bench upkeep.",
    "江苏省/无锡市",
    "Wuxi Hydrolab Testing Co., Ltd.",
    "research_institute",
    hc=2,
    price=(300000, 300000),
    lead=45,
    skills=["PEMFC", "polarization curve", "EIS", "AST"],
)
c.sup(
    0,
    "Fuel cell system calibration engineers",
    "2 FC system calibration engineers: air / hydrogen path control, water management, INCA/CANape.",
    "上海市/嘉定区",
    "Shanghai Fcsys Engineering Co., Ltd.",
    "component_maker",
    item="fc_calibration_engineer",
    cat="燃料电池系统",
    hc=2,
    price=(320000, 320000),
    lead=30,
    skills=["calibration", "FC system", "INCA"],
)
c.sup(
    0,
    "Senior fuel cell stack test engineers (2)",
    "2 senior stack test engineers, 8+ years, EIS and durability; high salary expectation.",
    "上海市/宝山区",
    "上海氢才人力资源有限公司",
    "research_institute",
    hc=2,
    price=(420000, 420000),
    lead=30,
    skills=["PEMFC", "EIS", "durability"],
)

# ==========================================================================================================
# Funding (supply: maximum amount and term; lead time = days to disburse)
# ==========================================================================================================

c = Cluster("lease", "funding", "electric_drive", "融资租赁", "finance_lease_direct")
c.dem(
    "融资租赁：扁线电机产线设备直租 3000 万元 / 36 个月",
    "我司新建扁线电机定子产线，设备（成型、插线、扭头、激光焊）合同金额约 3000 万元，拟采用设备直租（新设备融资租赁），"
    "期限 36 个月，60 天内完成放款。Direct finance lease of new equipment, not sale-and-leaseback.",
    "江苏省/常州市",
    "常州翔驰电机有限公司",
    "component_maker",
    amount=30000000,
    term=36,
    inst="lease",
    deadline=60,
)
c.sup(
    2,
    "Equipment finance lease (直租) for auto-parts manufacturers, up to 50M, 60 months",
    "Direct finance lease for new production equipment: up to 50 M CNY per client, terms up to 60 months, "
    "down payment from 10%. Approval in about 30 days.",
    "上海市/浦东新区",
    "浦江金融租赁股份有限公司",
    "financial_institution",
    amount=50000000,
    term=60,
    inst="lease",
    lead=30,
)
c.sup(
    2,
    "设备直租 新设备融资租赁（单笔 3000 万，36 个月）",
    "面向制造业的新设备直租，单笔最高 3000 万元，期限最长 36 个月，审批约 20 天。",
    "江苏省/南京市",
    "江南金融租赁股份有限公司",
    "financial_institution",
    amount=30000000,
    term=36,
    inst="lease",
    lead=20,
)
c.sup(
    1,
    "Direct leasing of manufacturing equipment – up to 25M",
    "Finance lease for new machinery, max 25 M CNY, up to 48 months, fast approval.",
    "浙江省/杭州市",
    "Hangzhou Xingda Financial Leasing Co., Ltd.",
    "financial_institution",
    amount=25000000,
    term=48,
    inst="lease",
    lead=25,
)
c.sup(
    1,
    "新设备融资租赁（直租），最高 4000 万元",
    "新能源汽车零部件设备直租，额度最高 4000 万元，期限最长 30 个月。",
    "安徽省/合肥市",
    "合肥兴皖融资租赁有限公司",
    "financial_institution",
    amount=40000000,
    term=30,
    inst="lease",
    lead=30,
)
c.sup(
    0,
    "售后回租 sale-and-leaseback for existing equipment",
    "Sale-and-leaseback: we purchase your existing production equipment and lease it back to release cash, "
    "up to 50 M CNY, 36 months.",
    "江苏省/苏州市",
    "苏州融联租赁有限公司",
    "financial_institution",
    item="sale_leaseback",
    amount=50000000,
    term=36,
    inst="lease",
    lead=20,
)
c.sup(
    0,
    "小额设备融资租赁（直租）",
    "中小企业设备直租，单笔最高 1000 万元，期限 36 个月。",
    "江苏省/常州市",
    "常州武进融资租赁有限公司",
    "financial_institution",
    amount=10000000,
    term=36,
    inst="lease",
    lead=15,
)

c = Cluster("eci", "funding", "chassis_body", "出口信用保险", "export_credit_insurance")
c.dem(
    "Short-term export credit insurance for EU shipments (80M CNY limit, 12 months)",
    "Wheel and chassis-parts exporter shipping to EU aftermarket distributors on 90-180 day open account. We "
    "need short-term export credit insurance (短期出口信用保险) covering buyer default and political risk, total "
    "insured limit ~80 M CNY, policy term 12 months.",
    "浙江省/宁波市",
    "宁波轮联汽车零部件进出口有限公司",
    "component_maker",
    amount=80000000,
    term=12,
    inst="guarantee",
    deadline=30,
)
c.sup(
    2,
    "Short-term export credit insurance (短期出口信用保险), limits up to 200M",
    "Covers commercial risk (insolvency, default, refusal) and political risk on credit terms up to 360 days; "
    "buyer credit limit approvals for EU buyers. Policy limit up to 200 M CNY, 12-month policy.",
    "浙江省/宁波市",
    "中国出口信用保险公司宁波分公司",
    "financial_institution",
    amount=200000000,
    term=12,
    inst="guarantee",
    lead=15,
)
c.sup(
    2,
    "出口信用保险 + 买方信用限额审批",
    "短期出口信用保险，覆盖买方破产、拖欠、拒收及政治风险，单一保单限额最高 1 亿元，保单期限 18 个月。",
    "上海市/黄浦区",
    "上海安信联合财产保险股份有限公司信用保险部",
    "financial_institution",
    amount=100000000,
    term=18,
    inst="guarantee",
    lead=20,
)
c.sup(
    1,
    "Export credit insurance for SMEs (limit 70M)",
    "Short-term trade credit insurance for exporters, maximum indemnity 70 M CNY, 12 months.",
    "江苏省/苏州市",
    "Suzhou Tradesafe Credit Insurance Agency",
    "financial_institution",
    amount=70000000,
    term=12,
    inst="guarantee",
    lead=20,
)
c.sup(
    0,
    "Forfaiting / 福费廷 for export L/C receivables",
    "Without-recourse purchase of export L/C or deferred-payment receivables (forfaiting), up to 100 M CNY, "
    "12 months.",
    "浙江省/宁波市",
    "宁波港城银行国际业务部",
    "financial_institution",
    item="forfaiting",
    amount=100000000,
    term=12,
    inst="supply_chain_finance",
    lead=10,
)
c.sup(
    0,
    "出口信保保单融资（短险项下贸易融资）",
    "已投保出口信用保险的企业，凭保单及赔款权益转让获得出口贸易融资贷款，额度最高 8000 万元，期限 12 个月。",
    "浙江省/杭州市",
    "钱塘银行国际结算部",
    "financial_institution",
    item="policy_financing",
    amount=80000000,
    term=12,
    inst="loan",
    lead=10,
)

c = Cluster("seriesa", "funding", "intelligent_connected", "股权融资", "equity_investment")
c.dem(
    "Series A equity round: 50M CNY for 4D imaging radar startup",
    "We are a 4D imaging radar start-up (12T16R product in B-sample, 2 OEM nominations in discussion) raising "
    "a Series A of 50 M CNY for mass-production readiness. Looking for VC / industrial funds / CVC.",
    "上海市/松江区",
    "上海雷视科技有限公司",
    "component_maker",
    amount=50000000,
    inst="equity",
    deadline=120,
)
c.sup(
    2,
    "VC fund: Series A/B in intelligent-driving hardware, ticket 30-80M",
    "Early-growth VC investing in smart-driving sensors, chips and domain controllers. Ticket size 30-80 M "
    "CNY, lead or co-lead.",
    "上海市/徐汇区",
    "上海启航智驾创业投资基金",
    "financial_institution",
    amount=80000000,
    inst="equity",
    lead=90,
)
c.sup(
    2,
    "产业基金 股权投资 汽车电子/智能网联 单笔最高 1 亿",
    "省级新能源汽车产业基金，股权投资汽车电子、智能网联企业，单笔最高 1 亿元，可领投。",
    "安徽省/合肥市",
    "安徽省新能源汽车产业投资基金",
    "financial_institution",
    amount=100000000,
    inst="equity",
    lead=100,
)
c.sup(
    2,
    "CVC equity investment in ADAS sensor start-ups (up to 60M)",
    "Corporate venture capital of a Tier 1: minority equity in radar / lidar / perception start-ups, "
    "up to 60 M CNY, plus industrial resources.",
    "浙江省/宁波市",
    "宁波远岸产业投资有限公司",
    "financial_institution",
    amount=60000000,
    inst="equity",
    lead=90,
)
c.sup(
    0,
    "Venture debt for hardware start-ups (up to 50M, 36 months)",
    "Venture loans for VC-backed start-ups, 5-50 M CNY, 36 months, small warrant coverage.",
    "北京市/朝阳区",
    "Beijing Techbridge Venture Debt Co., Ltd.",
    "financial_institution",
    item="venture_debt",
    amount=50000000,
    term=36,
    inst="loan",
    lead=30,
)
c.sup(
    0,
    "Seed / angel equity for auto-tech teams (up to 20M)",
    "Angel fund for automotive technology teams, equity tickets up to 20 M CNY.",
    "浙江省/杭州市",
    "Hangzhou Seedlink Angel Fund",
    "financial_institution",
    amount=20000000,
    inst="equity",
    lead=45,
)

c = Cluster("warehouse", "funding", "power_battery", "供应链金融", "inventory_pledge_finance")
c.dem(
    "存货/仓单质押融资 2000 万元（电芯库存），期限 6 个月",
    "我司为储能与动力电池 PACK 企业，库存电芯约 3000 万元，拟以存货（仓单）质押方式融资 2000 万元，期限 6 个月，"
    "接受第三方监管仓。Inventory / warehouse-receipt pledge financing, 30 天内放款。",
    "安徽省/合肥市",
    "合肥储能科技有限公司",
    "component_maker",
    amount=20000000,
    term=6,
    inst="supply_chain_finance",
    deadline=30,
)
c.sup(
    2,
    "存货质押融资 / 仓单质押（动产监管）",
    "动产质押融资：以原材料、产成品或标准仓单质押，第三方监管，单户最高 5000 万元，期限最长 12 个月。",
    "安徽省/合肥市",
    "皖江银行合肥分行",
    "financial_institution",
    amount=50000000,
    term=12,
    inst="supply_chain_finance",
    lead=20,
)
c.sup(
    2,
    "Inventory financing against (e-)warehouse receipts, up to 30M, 6 months",
    "Pledge of inventory via electronic warehouse receipts with IoT-monitored warehouses; up to 30 M CNY, "
    "6 months, revolving.",
    "上海市/浦东新区",
    "Shanghai Sinotrade Supply Chain Finance Co., Ltd.",
    "financial_institution",
    amount=30000000,
    term=6,
    inst="supply_chain_finance",
    lead=15,
)
c.sup(
    1,
    "Inventory pledge loans for battery makers (max 18M)",
    "Inventory pledge financing for battery cell / pack makers, 18 M CNY maximum, 12 months.",
    "江苏省/常州市",
    "Changzhou Jiangnan Rural Bank SCF Dept.",
    "financial_institution",
    amount=18000000,
    term=12,
    inst="supply_chain_finance",
    lead=20,
)
c.sup(
    0,
    "反向保理（核心企业信用，供应商应收账款）",
    "基于主机厂/核心企业信用的反向保理，供应商凭应收账款融资，额度最高 1 亿元，期限 6 个月。",
    "安徽省/合肥市",
    "合肥科创保理有限公司",
    "financial_institution",
    item="reverse_factoring",
    amount=100000000,
    term=6,
    inst="supply_chain_finance",
    lead=10,
)
c.sup(
    0,
    "Order financing (订单融资) for battery suppliers",
    "Financing against confirmed purchase orders from OEMs, up to 30 M CNY, 6 months.",
    "江苏省/南京市",
    "Nanjing Chainfund SCF Co., Ltd.",
    "financial_institution",
    item="order_financing",
    amount=30000000,
    term=6,
    inst="supply_chain_finance",
    lead=10,
)
c.sup(
    0,
    "短期存货质押融资（3 个月）",
    "存货质押融资，单笔最高 3000 万元，期限 3 个月，随借随还。",
    "浙江省/杭州市",
    "杭州链融供应链管理有限公司",
    "financial_institution",
    amount=30000000,
    term=3,
    inst="supply_chain_finance",
    lead=10,
)


# ----------------------------------------------------------------------------------------------------------
# Build, check, write.
# ----------------------------------------------------------------------------------------------------------


def _check_record(rec):
    _require(set(rec) == set(FIELDS), rec["title"])
    _require(rec["kind"] in KINDS and rec["segment"] in SEGMENTS, rec["title"])
    _require(rec["enterprise_theme"] in THEMES, rec["title"])
    _require(rec["transfer_mode"] in MODES and rec["instrument"] in INSTRUMENTS, rec["title"])
    _require("/" in rec["region"], f"region {rec['region']}")
    kind = rec["kind"]
    if kind != "technology":
        _require(rec["trl"] is None and rec["transfer_mode"] is None, rec["title"])
    if kind != "talent":
        _require(rec["headcount"] is None and rec["skills"] is None, rec["title"])
    else:
        _require(rec["headcount"] and rec["skills"], rec["title"])
    if kind != "funding":
        _require(
            rec["amount_cny"] is None and rec["term_months"] is None and rec["instrument"] is None,
            rec["title"],
        )
    else:
        _require(
            rec["price_min"] is None and rec["price_max"] is None and rec["quantity"] is None, rec["title"]
        )
        _require(rec["amount_cny"] and rec["instrument"], rec["title"])
    if kind in ("technology", "funding"):
        _require(rec["quantity"] is None and rec["unit"] is None, rec["title"])
    if rec["quantity"] is not None:
        _require(rec["unit"], rec["title"])
    if rec["side"] == "supply":
        _require(rec["deadline_days"] is None, rec["title"])
    else:
        _require(rec["lead_time_days"] is None, rec["title"])


def build():
    rng = random.Random(SEED)
    demands, supplies = list(DEMANDS), list(SUPPLIES)
    keys = [d["key"] for d in demands]
    _require(len(keys) == len(set(keys)), "duplicate demand key")
    rng.shuffle(demands)
    rng.shuffle(supplies)
    for i, d in enumerate(demands, 1):
        d["rec"]["id"] = f"D{i:04d}"
    for i, s in enumerate(supplies, 1):
        s["rec"]["id"] = f"S{i:04d}"
    owners = {}
    for x in demands + supplies:
        _check_record(x["rec"])
        r = x["rec"]
        prev = owners.setdefault(r["enterprise_name"], (r["region"], r["enterprise_theme"]))
        _require(
            prev == (r["region"], r["enterprise_theme"]), f"one name, two owners: {r['enterprise_name']}"
        )
    by_key = {d["key"]: d for d in demands}
    qrels, surprises, wrong = [], [], []
    for d in demands:
        for s in supplies:
            g = grade(d, s)
            if d["key"] in s["exp"]:
                if g != s["exp"][d["key"]]:
                    wrong.append(
                        (d["key"], s["rec"]["title"], s["exp"][d["key"]], g, soft_levels(d["rec"], s["rec"]))
                    )
            elif g:
                surprises.append((d["key"], s["rec"]["id"], g, s["rec"]["title"]))
            if g:
                qrels.append((d["rec"]["id"], s["rec"]["id"], g))
    for s in supplies:
        for k in s["exp"]:
            _require(k in by_key, f"unknown demand key {k}")
    for w in wrong:
        print("GRADE DIFFERS FROM INTENT:", w)
    _require(not wrong, "a computed grade differs from the intended one")
    return demands, supplies, qrels, surprises


def main():
    demands, supplies, qrels, surprises = build()
    records = [d["rec"] for d in demands] + [s["rec"] for s in supplies]
    records.sort(key=lambda r: r["id"])
    with open(HERE / "listings.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({k: r[k] for k in FIELDS}, ensure_ascii=False) + "\n")
    qrels.sort(key=lambda q: (q[0], -q[2], q[1]))
    with open(HERE / "qrels.tsv", "w", encoding="utf-8") as f:
        f.write("demand_id\tsupply_id\tgrade\n")
        for d, s, g in qrels:
            f.write(f"{d}\t{s}\t{g}\n")
    rel = {}
    for d, _s, g in qrels:
        rel.setdefault(d, []).append(g)
    kinds = {}
    for r in records:
        kinds.setdefault((r["side"], r["kind"]), 0)
        kinds[(r["side"], r["kind"])] += 1
    best_p5 = sum(min(len(v), 5) for v in rel.values()) / 5 / len(demands)
    print(f"demands={len(demands)} supplies={len(supplies)} qrels={len(qrels)} best P@5={best_p5:.4f}")
    print("by side/kind:", dict(sorted(kinds.items())))
    counts = sorted(len(v) for v in rel.values())
    print(
        "relevant per demand: min", counts[0], "max", counts[-1], "mean", round(sum(counts) / len(counts), 2)
    )
    missing = [d["rec"]["id"] for d in demands if d["rec"]["id"] not in rel]
    _require(not missing, f"demands without a relevant supply: {missing}")
    for k, sid, g, title in surprises:
        print("cross-cluster relevant:", k, sid, g, title)


if __name__ == "__main__":
    main()
