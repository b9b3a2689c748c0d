"""The launch catalogue as its enterprises wrote it: 129 listings, plus the demo workflow and variation texts.

Data only; `seeds.listings` chooses the owners, dates and patent numbers and writes the rows. Each `Entry`
is one listing: 108 supply and 21 demand, over the four kinds and nine segments, mostly Chinese, some
English, some mixed ("800V SiC 电驱总成"), with the specification details a buyer looks for. The texts
use the industry terms of `seeds/aliases.json` on purpose, so that a search for "电池" finds "动力电池包"
and "LiDAR" finds "激光雷达" in the demo.

Prices are CNY: for a supply the unit price range (per `unit`), for a demand the target unit price, and for
technology the fee for the licence, transfer or service. Salaries are monthly. A demand's certificate
ending in "*" is mandatory. `deadline` is in days from the day the seed runs.

Everything is invented: no entry describes a real firm's product.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.taxonomy import Segment as Seg
from accounts.taxonomy import Theme
from listings.choices import Instrument, Kind, Side, TransferMode

S, D = Side.SUPPLY, Side.DEMAND
PRODUCT, TECH, TALENT, FUNDING = Kind.PRODUCT, Kind.TECHNOLOGY, Kind.TALENT, Kind.FUNDING
VM, CM, AM = Theme.VEHICLE_MAKER, Theme.COMPONENT_MAKER, Theme.AFTERMARKET
UNI, FI, RI = Theme.UNIVERSITY, Theme.FINANCIAL_INSTITUTION, Theme.RESEARCH_INSTITUTE
LICENCE, ASSIGNMENT = TransferMode.LICENCE, TransferMode.ASSIGNMENT
CO_DEV, SERVICE = TransferMode.CO_DEVELOPMENT, TransferMode.TECHNICAL_SERVICE
LOAN, EQUITY, LEASE = Instrument.LOAN, Instrument.EQUITY, Instrument.LEASE
GUARANTEE, SCF = Instrument.GUARANTEE, Instrument.SUPPLY_CHAIN_FINANCE


@dataclass(frozen=True, slots=True)
class Entry:
    """One listing as written: who publishes it (theme), what it is, and its kind-specific details."""

    side: str
    kind: str
    theme: str
    segment: str
    title: str
    category: str
    description: str
    price: tuple[float, float] | None = None  # CNY; None: price on request (negotiable)
    negotiable: bool = False
    quantity: int | None = None
    unit: str = ""
    moq: int | None = None
    lead_time: int | None = None  # days (supply)
    deadline: int | None = None  # days from today (demand)
    certs: tuple[str, ...] = ()  # held (supply) or required (demand; "*" = mandatory)
    field: str = ""  # technology: field of application
    transfer: str = ""
    trl: int | None = None
    patents: int = 0  # how many patent numbers to draw
    headcount: int | None = None
    skills: str = ""
    experience: int | None = None
    salary: tuple[int, int] | None = None  # CNY a month
    amount: int | None = None  # CNY
    term: int | None = None  # months
    instrument: str = ""


def e(
    side: str, kind: str, theme: str, segment: str, title: str, category: str, text: str, **kw: object
) -> Entry:
    """Shorthand for the table below."""
    return Entry(side, kind, theme, segment, title, category, text, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------
# Supply: products (66)

SUPPLY_PRODUCTS: tuple[Entry, ...] = (
    # Power batteries (component makers)
    e(S, PRODUCT, CM, Seg.POWER_BATTERY, "280Ah 磷酸铁锂方形铝壳电芯", "电芯",
      "LFP 方形铝壳电芯，标称容量 280Ah、电压 3.2V，循环寿命≥6000 次（25℃，0.5P/0.5P），适用于商用车动力电池"
      "系统与储能。电芯已通过 GB 38031-2020 及 UN38.3 测试，每批次附出厂检验报告。",
      price=(380, 430), quantity=200000, unit="只", moq=1000, lead_time=30,
      certs=("IATF 16949", "GB 38031-2020", "UN38.3")),
    e(S, PRODUCT, CM, Seg.POWER_BATTERY, "动力电池包 CTP 成组方案（乘用车 60–80kWh）", "电池包",
      "无模组 CTP 成组的动力电池包，体积利用率提升约 15%，集成液冷板与热失控防护，IP67 防护等级。"
      "可按整车平台定制外形、接口和电量，提供 DV/PV 试验报告。",
      price=(38000, 52000), quantity=20000, unit="套", moq=50, lead_time=60,
      certs=("IATF 16949", "GB 38031-2020", "UN38.3")),
    e(S, PRODUCT, CM, Seg.POWER_BATTERY, "BMS 电池管理系统（主从式，16–24 串）", "电池管理系统",
      "主从架构 BMS，支持 SOC/SOH 估算、主动均衡和绝缘检测，CAN FD 通信，软件基于 AUTOSAR CP。"
      "Functional safety developed to ISO 26262 ASIL-C, with bootloader and UDS diagnostics.",
      price=(1200, 1800), quantity=50000, unit="套", moq=200, lead_time=45,
      certs=("IATF 16949", "ISO 26262")),
    e(S, PRODUCT, CM, Seg.POWER_BATTERY, "NCM811 高镍三元正极材料", "正极材料",
      "高镍三元正极材料，0.1C 克容量≥200mAh/g，单晶与多晶型号可选，残碱低、批次一致性好。"
      "年产能 2 万吨，每批提供 COA 与追溯编码。",
      price=(150000, 185000), quantity=800, unit="吨", moq=5, lead_time=20, certs=("ISO 9001", "IATF 16949")),
    e(S, PRODUCT, CM, Seg.POWER_BATTERY, "快充型人造石墨负极材料", "负极材料",
      "二次造粒人造石墨负极，克容量 355mAh/g，支持 4C 快充，首次效率≥94%。适配磷酸铁锂与三元体系，"
      "可小批量送样验证。",
      price=(38000, 52000), quantity=1500, unit="吨", moq=10, lead_time=15, certs=("ISO 9001",)),
    e(S, PRODUCT, CM, Seg.POWER_BATTERY, "湿法锂电池隔膜 9μm+3μm 陶瓷涂覆", "隔膜",
      "湿法基膜 9μm 加 3μm 氧化铝陶瓷涂覆，热收缩率低（130℃/1h＜3%），穿刺强度高，"
      "适用于动力电池与储能电池。幅宽可按客户要求分切。",
      price=(1.1, 1.6), quantity=50000000, unit="平方米", moq=100000, lead_time=20, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.POWER_BATTERY, "LFP Battery Module 51.2V 100Ah for Light Commercial Vehicles",
      "battery module",
      "Lithium iron phosphate battery module with integrated cell monitoring, laser-welded busbars and "
      "aluminium housing. Designed for electric light trucks and vans; UN38.3 tested, shipped with "
      "test reports.",
      price=(5200, 6100), quantity=5000, unit="sets", moq=20, lead_time=35, certs=("IATF 16949", "UN38.3")),
    e(S, PRODUCT, CM, Seg.POWER_BATTERY, "电池包下箱体（铝型材搅拌摩擦焊）", "电池包壳体",
      "6 系铝型材搅拌摩擦焊电池包下箱体，集成液冷流道与底部防护，气密性 100% 检测。"
      "可配合客户开展 CAE 仿真与底部球击、挤压试验。",
      price=(1800, 2600), quantity=60000, unit="件", moq=500, lead_time=40, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.POWER_BATTERY, "电池液冷板（口琴管 / 冲压钎焊）", "液冷板",
      "动力电池热管理用液冷板，口琴管和冲压钎焊两种工艺，承压 0.6MPa、氦检漏率≤1×10⁻⁶ Pa·m³/s。"
      "可同步开发流道设计与热仿真。",
      price=(260, 420), quantity=100000, unit="件", moq=1000, lead_time=30, certs=("IATF 16949",)),
    # Electric drive
    e(S, PRODUCT, CM, Seg.ELECTRIC_DRIVE, "800V SiC 电驱总成（三合一，峰值 220kW）", "电驱总成",
      "集成驱动电机、SiC 电机控制器与单级减速器的三合一电驱总成，峰值功率 220kW、轮端峰值扭矩 4200N·m，"
      "最高效率 97.5%，适配 800V 高压平台，可提供台架与整车搭载数据。",
      price=(16000, 21000), quantity=30000, unit="套", moq=100, lead_time=60,
      certs=("IATF 16949", "ISO 26262")),
    e(S, PRODUCT, CM, Seg.ELECTRIC_DRIVE, "150kW 扁线永磁同步驱动电机", "驱动电机",
      "Hair-pin 扁线绕组永磁同步电机，峰值功率 150kW、最高转速 18000rpm，油冷设计，功率密度 4.8kW/kg。"
      "适用于 A 级至 C 级纯电动乘用车。",
      price=(4800, 6200), quantity=50000, unit="台", moq=200, lead_time=45, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.ELECTRIC_DRIVE, "电机控制器（IGBT 方案，400V 平台）", "电机控制器",
      "400V 平台电机控制器，IGBT 功率模块，峰值电流 550Arms，支持主动放电和扭矩安全监控。"
      "软件符合 ISO 26262 ASIL-C 要求，可按整车协议定制 CAN 矩阵。",
      price=(2600, 3400), quantity=40000, unit="台", moq=200, lead_time=45,
      certs=("IATF 16949", "ISO 26262")),
    e(S, PRODUCT, CM, Seg.ELECTRIC_DRIVE, "纯电动单级减速器（速比 9.7–11.5 可选）", "减速器",
      "平行轴单级减速器，输入转速最高 16000rpm，NVH 优化齿形，集成电子驻车功能。"
      "已为多款纯电动车型批量配套。",
      price=(1500, 2100), quantity=60000, unit="台", moq=300, lead_time=40, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.ELECTRIC_DRIVE, "6.6kW On-Board Charger (OBC) with DC-DC, 2-in-1", "OBC",
      "Bidirectional 6.6 kW on-board charger integrated with a 2.5 kW DC-DC converter, efficiency up to "
      "95%, liquid cooled, supports V2L discharge. Production-proven on passenger EVs.",
      price=(1400, 1900), quantity=80000, unit="pcs", moq=500, lead_time=40, certs=("IATF 16949", "E-Mark")),
    e(S, PRODUCT, CM, Seg.ELECTRIC_DRIVE, "扁线定子总成（发卡绕组）", "定子",
      "扁线发卡定子总成，自动化插线、激光焊接与整体浸漆，槽满率≥70%，耐压及局放 100% 检测。"
      "可按客户电磁方案代工。",
      price=(900, 1300), quantity=80000, unit="件", moq=500, lead_time=35, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.ELECTRIC_DRIVE, "商用车中央集成式电驱桥 e-Axle", "电驱桥",
      "面向 4.5–18 吨新能源商用车的中央集成式电驱桥，电机、两挡变速箱与驱动桥一体化，"
      "额定扭矩 2800N·m，整桥减重约 25%。",
      price=(42000, 58000), quantity=3000, unit="套", moq=10, lead_time=60, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.ELECTRIC_DRIVE, "驱动电机旋转变压器（转子位置传感器）", "旋转变压器",
      "车规级磁阻式旋转变压器，精度 ±30′，工作温度 -40～150℃，适配主流电机控制器解码芯片。",
      price=(85, 130), quantity=500000, unit="只", moq=2000, lead_time=30, certs=("IATF 16949",)),
    # Chips and automotive electronics
    e(S, PRODUCT, CM, Seg.CHIPS_ELECTRONICS, "车规级 32 位 MCU（AEC-Q100 Grade 1）", "MCU",
      "32 位车规级微控制器，主频 200MHz、2MB Flash，支持 CAN FD、LIN 与硬件安全模块 HSM，"
      "通过 AEC-Q100 Grade 1 认证，可替代进口型号用于车身控制与 BMS。",
      price=(18, 32), quantity=2000000, unit="pcs", moq=3000, lead_time=70,
      certs=("AEC-Q100", "ISO 26262")),
    e(S, PRODUCT, CM, Seg.CHIPS_ELECTRONICS, "1200V SiC MOSFET 功率模块（HPD 封装）", "功率模块",
      "1200V 碳化硅 MOSFET 半桥功率模块，HPD 封装，导通电阻低、开关损耗较 IGBT 降低约 70%，"
      "适用于 800V 电驱逆变器，按 AQG 324 完成可靠性验证。",
      price=(2200, 3100), quantity=100000, unit="只", moq=100, lead_time=60,
      certs=("IATF 16949", "AQG 324")),
    e(S, PRODUCT, CM, Seg.CHIPS_ELECTRONICS, "IGBT 功率模块 750V/820A", "IGBT模块",
      "车规级 IGBT 功率模块，双面银烧结工艺，结温 175℃，适用于 150–200kW 电机控制器。",
      price=(900, 1300), quantity=150000, unit="只", moq=200, lead_time=50, certs=("IATF 16949", "AQG 324")),
    e(S, PRODUCT, CM, Seg.CHIPS_ELECTRONICS, "车身控制器 BCM（集成网关）", "车身控制器",
      "集成灯光、门锁、雨刮与中央网关功能的车身控制器，支持 CAN FD 与以太网，可 OTA 远程升级。",
      price=(180, 260), quantity=300000, unit="件", moq=1000, lead_time=45, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.CHIPS_ELECTRONICS, "Automotive PCBA: 6-layer HDI, SMT and conformal coating",
      "PCBA",
      "Printed circuit board assembly for ECUs and domain controllers on a dedicated automotive line: "
      "6-layer HDI PCB, SMT, AOI and X-ray inspection, conformal coating, full traceability.",
      price=(35, 120), quantity=1000000, unit="pcs", moq=2000, lead_time=25, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.CHIPS_ELECTRONICS, "800V 高压连接器（带 HVIL 高压互锁）", "连接器",
      "新能源汽车高压连接器，额定电压 1000V DC、电流 250A，带 HVIL 高压互锁与 360° 屏蔽，防护等级 IP67。",
      price=(45, 95), quantity=1000000, unit="套", moq=5000, lead_time=30, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.CHIPS_ELECTRONICS, "高压线束总成（电池包至电驱）", "线束",
      "新能源汽车高压线束总成，屏蔽电缆与高压连接器一体化设计，支持 800V 平台，"
      "按客户图纸定制走向与长度，100% 导通与耐压检测。",
      price=(380, 650), quantity=200000, unit="套", moq=500, lead_time=30, certs=("IATF 16949",)),
    # Intelligent connected vehicles
    e(S, PRODUCT, CM, Seg.INTELLIGENT_CONNECTED, "77GHz 4D 成像毫米波雷达", "毫米波雷达",
      "4D 成像毫米波雷达，探测距离 300m，水平视场 120°，具备高度测量能力，可输出点云与目标级数据，"
      "适用于 L2+ 高级辅助驾驶。",
      price=(650, 980), quantity=200000, unit="套", moq=500, lead_time=60, certs=("IATF 16949", "ISO 26262")),
    e(S, PRODUCT, CM, Seg.INTELLIGENT_CONNECTED, "800 万像素前视摄像头模组", "摄像头",
      "车载前视摄像头模组，800 万像素、水平视场 120°，支持 HDR 与 LED 防闪烁，GMSL2 接口，"
      "满足 ADAS 前向感知需求。",
      price=(260, 380), quantity=300000, unit="件", moq=1000, lead_time=45, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.INTELLIGENT_CONNECTED, "128-line Automotive LiDAR, 905 nm, 200 m range", "LiDAR",
      "Automotive-grade semi-solid-state LiDAR: 128 lines, 120° x 25° field of view, 200 m range at 10% "
      "reflectivity, point cloud output over Ethernet. Built for driver assistance and autonomous driving.",
      price=(3800, 5200), quantity=100000, unit="pcs", moq=200, lead_time=75,
      certs=("IATF 16949", "ISO 26262")),
    e(S, PRODUCT, CM, Seg.INTELLIGENT_CONNECTED, "智能驾驶域控制器（L2+，254 TOPS）", "域控制器",
      "行泊一体智能驾驶域控制器，算力 254 TOPS，支持 11V5R 传感器接入与高速 NOA、记忆泊车功能，"
      "软件按 ISO 26262 与 ASPICE CL2 流程开发。",
      price=(5500, 7800), quantity=50000, unit="套", moq=100, lead_time=90,
      certs=("IATF 16949", "ISO 26262", "ASPICE")),
    e(S, PRODUCT, CM, Seg.INTELLIGENT_CONNECTED, "5G T-Box 车载终端（支持 C-V2X）", "T-Box",
      "5G T-Box telematics unit with C-V2X PC5 direct link, eCall and OTA. 支持远程诊断、车辆数据上报与"
      "国密安全芯片，已通过 ISO/SAE 21434 网络安全评估。",
      price=(620, 880), quantity=150000, unit="台", moq=500, lead_time=50,
      certs=("IATF 16949", "ISO/SAE 21434")),
    e(S, PRODUCT, CM, Seg.INTELLIGENT_CONNECTED, "智能座舱域控制器（一芯多屏）", "座舱域控制器",
      "基于高性能座舱 SoC 的智能座舱域控制器，支持仪表、中控与副驾三屏联动、语音交互和 360° 环视，"
      "Android 与 Linux 双系统。",
      price=(3200, 4500), quantity=80000, unit="套", moq=100, lead_time=75, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.INTELLIGENT_CONNECTED, "GNSS+IMU 组合导航高精定位模块（RTK）", "定位模块",
      "北斗/GPS 全频点 RTK 与 6 轴 IMU 组合导航模块，定位精度 2cm+1ppm，隧道等遮挡场景保持车道级定位，"
      "可用于高精地图匹配与自动驾驶。",
      price=(480, 720), quantity=100000, unit="件", moq=500, lead_time=45, certs=("IATF 16949",)),
    # Chassis, body and trim
    e(S, PRODUCT, CM, Seg.CHASSIS_BODY, "铝合金前副车架总成", "副车架",
      "低压铸造铝合金前副车架，较钢制方案减重约 35%，集成转向机与悬架安装点，"
      "按客户数据完成疲劳与台架试验。",
      price=(900, 1300), quantity=100000, unit="件", moq=500, lead_time=50, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.CHASSIS_BODY, "One-Box 线控制动系统（EHB）", "制动系统",
      "集成式线控制动系统，建压时间＜150ms，支持 AEB、制动能量回馈协调与 L3 冗余制动扩展，"
      "按 ISO 26262 ASIL-D 开发。",
      price=(1800, 2600), quantity=100000, unit="套", moq=200, lead_time=60,
      certs=("IATF 16949", "ISO 26262")),
    e(S, PRODUCT, CM, Seg.CHASSIS_BODY, "管柱式电动助力转向 EPS", "转向系统",
      "C-EPS 管柱式电动助力转向，适用于 A0 至 B 级乘用车，支持车道保持与自动泊车转向控制接口。",
      price=(850, 1200), quantity=150000, unit="套", moq=300, lead_time=45, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.CHASSIS_BODY, "乘用车空气悬架总成（双腔空气弹簧 + CDC）", "悬架",
      "双腔空气弹簧与 CDC 连续可变阻尼减振器组成的空气悬架总成，含供气单元与控制器，"
      "支持多档车身高度调节。",
      price=(6800, 9500), quantity=30000, unit="套", moq=50, lead_time=75, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.CHASSIS_BODY, "电动调节座椅总成（通风 + 加热 + 按摩）", "座椅",
      "乘用车前排电动座椅总成，12 向电动调节，集成通风、加热与按摩功能，骨架轻量化设计，"
      "满足 GB 15083 强度要求。",
      price=(2200, 3600), quantity=100000, unit="套", moq=200, lead_time=45, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.CHASSIS_BODY, "白车身冲压件（侧围、门内板、加强板）", "冲压件",
      "拥有 2000T 级多工位冲压线与自制冲压模具，供应白车身侧围、门内外板、纵梁加强板等冲压件，"
      "材料覆盖高强钢与铝板。",
      price=(35, 260), quantity=500000, unit="件", moq=2000, lead_time=35, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.CHASSIS_BODY, "Interior trim parts: instrument panel, door trim, console (PP/ABS)",
      "interior trim",
      "Injection-moulded and wrapped interior trim for passenger cars: instrument panels, door trims and "
      "centre consoles in PP and ABS, with in-house mould making, painting and soft-touch wrapping.",
      price=(60, 480), quantity=300000, unit="pcs", moq=1000, lead_time=40, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.CHASSIS_BODY, "ADB 自适应远光 LED 前大灯总成", "车灯",
      "LED 前大灯总成，集成 ADB 自适应远光与动态流水灯，配光满足 GB 25991，可按造型定制。",
      price=(1600, 2400), quantity=100000, unit="套", moq=200, lead_time=60, certs=("IATF 16949", "E-Mark")),
    # Lightweight materials
    e(S, PRODUCT, CM, Seg.LIGHTWEIGHT_MATERIALS, "一体化压铸后地板（6000T 压铸岛）", "一体化压铸件",
      "采用 6000T 压铸岛与免热处理铝合金生产一体化压铸后地板，替代约 70 个冲焊件，"
      "减重 10% 以上，具备 X 光探伤与三坐标全尺寸检测能力。",
      price=(2800, 3600), quantity=60000, unit="件", moq=200, lead_time=60, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.LIGHTWEIGHT_MATERIALS, "1500MPa 热成型钢 B 柱加强板", "热成型件",
      "22MnB5 热成型钢 B 柱加强板，抗拉强度≥1500MPa，激光切割与 Al-Si 涂层，适配乘用车白车身碰撞安全件。",
      price=(85, 140), quantity=400000, unit="件", moq=2000, lead_time=40, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.LIGHTWEIGHT_MATERIALS, "6 系铝合金挤压型材（电池包边框）", "铝型材",
      "6061/6063 铝合金挤压型材，用于电池包边框、门槛梁与防撞梁，可提供时效处理、机加工与表面处理。",
      price=(26000, 31000), quantity=3000, unit="吨", moq=5, lead_time=25, certs=("IATF 16949", "ISO 9001")),
    e(S, PRODUCT, CM, Seg.LIGHTWEIGHT_MATERIALS, "碳纤维复合材料电池包上盖", "碳纤维部件",
      "碳纤维 SMC 模压电池包上盖，较钢制上盖减重约 40%，阻燃 UL94 V-0，满足电池包防火要求。",
      price=(900, 1500), quantity=30000, unit="件", moq=200, lead_time=45, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.LIGHTWEIGHT_MATERIALS, "镁合金仪表板横梁（压铸）", "镁合金件",
      "AM60B 镁合金压铸仪表板横梁，较钢制焊接总成减重约 45%，集成转向管柱与空调安装点。",
      price=(320, 460), quantity=80000, unit="件", moq=500, lead_time=50, certs=("IATF 16949",)),
    e(S, PRODUCT, CM, Seg.LIGHTWEIGHT_MATERIALS,
      "Long-glass-fibre PP compound (LGF-PP 30%) for front-end modules",
      "engineering plastics",
      "Engineering plastics for lightweight parts: long-glass-fibre reinforced polypropylene for front-end "
      "carriers, door modules and tailgates, low emission grades to the OEM VOC specifications.",
      price=(14000, 18500), quantity=2000, unit="tonnes", moq=5, lead_time=20,
      certs=("ISO 9001", "IATF 16949")),
    # Charging and hydrogen
    e(S, PRODUCT, CM, Seg.CHARGING_HYDROGEN, "120kW 双枪直流快充桩", "充电桩",
      "一体式直流快充桩，功率 120kW、双枪智能功率分配，输出电压 200–1000V，兼容 GB/T 2015 协议，"
      "支持即插即充与远程运维。",
      price=(42000, 56000), quantity=5000, unit="台", moq=5, lead_time=30, certs=("CQC", "CE")),
    e(S, PRODUCT, CM, Seg.CHARGING_HYDROGEN, "40kW 高效充电模块（峰值效率 96%）", "充电模块",
      "直流充电桩用 40kW 充电模块，恒功率输出 300–1000V，峰值效率 96%，独立风道防尘设计，支持热插拔。",
      price=(3200, 4200), quantity=50000, unit="个", moq=50, lead_time=30, certs=("CQC",)),
    e(S, PRODUCT, CM, Seg.CHARGING_HYDROGEN, "乘用车换电站（13 仓位，3 分钟换电）", "换电站",
      "标准化乘用车换电站，13 个电池仓位，单次换电约 3 分钟，日服务能力 400 车次，"
      "含站控系统、电池充电与消防监测，可按场地定制布局。",
      price=(1800000, 2600000), quantity=30, unit="座", moq=1, lead_time=120, certs=("CQC",)),
    e(S, PRODUCT, CM, Seg.CHARGING_HYDROGEN, "120kW 金属板氢燃料电池电堆", "燃料电池电堆",
      "金属双极板燃料电池电堆，额定功率 120kW，体积功率密度 4.2kW/L，-30℃ 低温冷启动，"
      "适用于重卡与客车燃料电池系统。",
      price=(360000, 480000), quantity=500, unit="台", moq=2, lead_time=90, certs=("IATF 16949",)),
    # Complete vehicles (vehicle makers)
    e(S, PRODUCT, VM, Seg.COMPLETE_VEHICLE, "4.5 吨纯电动城市物流车（LFP 100kWh）", "物流车",
      "纯电动城市物流车，搭载 100kWh 磷酸铁锂电池，CLTC 续航 300km，货箱容积 16m³，支持直流快充。"
      "可提供金融方案与售后服务网络支持。",
      price=(168000, 195000), quantity=2000, unit="辆", moq=5, lead_time=30, certs=("CCC",)),
    e(S, PRODUCT, VM, Seg.COMPLETE_VEHICLE, "12 米纯电动城市客车", "客车",
      "12 米低地板纯电动城市客车，电池电量 422kWh，续航 400km，整车热泵空调，"
      "支持车路协同与智能调度系统接入。",
      price=(1280000, 1550000), quantity=300, unit="辆", moq=2, lead_time=60, certs=("CCC",)),
    e(S, PRODUCT, VM, Seg.COMPLETE_VEHICLE, "插电混动 SUV 政企集采（PHEV）", "乘用车",
      "插电式混合动力 SUV，纯电续航 150km、综合续航 1100km，面向政企公务与员工用车集中采购，"
      "提供批量价格与专属售后服务。",
      price=(149800, 189800), quantity=500, unit="辆", moq=10, lead_time=30, certs=("CCC",)),
    e(S, PRODUCT, VM, Seg.COMPLETE_VEHICLE, "Electric light truck 4.5 t, export version (LHD)", "light truck",
      "Electric light truck for export markets: 4.5 t GVW, 81 kWh LFP battery, 250 km range, left-hand "
      "drive, available as chassis cab, box van or refrigerated body.",
      price=(150000, 178000), quantity=1000, unit="units", moq=10, lead_time=45, certs=("CCC", "E-Mark")),
    e(S, PRODUCT, VM, Seg.COMPLETE_VEHICLE, "49 吨氢燃料电池重卡牵引车", "重卡",
      "氢燃料电池重型牵引车，燃料电池系统 130kW，8 瓶 35MPa 储氢，续航 500km，"
      "适用于港口、钢厂等短倒与干线物流场景。",
      price=(880000, 1050000), quantity=100, unit="辆", moq=1, lead_time=60, certs=("CCC",)),
    e(S, PRODUCT, VM, Seg.COMPLETE_VEHICLE, "18 吨纯电动洗扫车（新能源环卫车）", "专用车",
      "18 吨纯电动洗扫车，上装与底盘一体化电控，作业续航 8 小时，噪声低于 75dB，适用于城市主干道保洁。",
      price=(1150000, 1350000), quantity=80, unit="辆", moq=1, lead_time=60, certs=("CCC",)),
    # Aftermarket
    e(S, PRODUCT, AM, Seg.AFTERMARKET_SERVICES, "新能源汽车三电检测与电池包维修", "维修保养",
      "具备高压维修资质的三电检测与维修服务：电池包开箱维修、模组更换、BMS 故障诊断与电驱检修，"
      "维修后出具检测报告，质保 1 年。",
      price=(800, 6500), unit="次", lead_time=3, certs=("ISO 9001",)),
    e(S, PRODUCT, AM, Seg.POWER_BATTERY, "梯次利用储能电池包（退役动力电池重组）", "梯次利用电池",
      "退役动力电池经检测分选、重组后的梯次利用储能电池包，SOH≥80%，配套 BMS 与消防模块，"
      "适用于工商业储能与低速车。",
      price=(350, 480), quantity=20000, unit="kWh", moq=100, lead_time=30, certs=("ISO 9001", "ISO 14001")),
    e(S, PRODUCT, AM, Seg.AFTERMARKET_SERVICES, "退役动力电池回收服务（上门回收，合规处置）", "电池回收",
      "列入工信部白名单的退役动力电池回收服务，提供上门检测评估、运输、拆解与再生利用全流程，"
      "出具回收处置证明，价格按电池类型与残值议定。",
      negotiable=True, quantity=5000, unit="吨", moq=1, lead_time=7, certs=("ISO 14001",)),
    e(S, PRODUCT, AM, Seg.AFTERMARKET_SERVICES, "检测合格二手新能源乘用车批量出售（车龄 2–3 年）", "二手车",
      "企业退役公务车与租赁车批量出售，车龄 2–3 年，均经第三方二手车评估与电池健康检测，"
      "手续齐全，可开具发票。",
      price=(62000, 118000), quantity=120, unit="辆", moq=5, lead_time=7),
    e(S, PRODUCT, AM, Seg.AFTERMARKET_SERVICES, "新能源汽车企业长租（12–36 个月）", "汽车租赁",
      "为企业提供新能源乘用车与物流车经营租赁，租期 12–36 个月，含保险、保养与替换车服务，"
      "按月付费。",
      price=(2600, 4800), quantity=300, unit="辆/月", moq=5, lead_time=10),
    e(S, PRODUCT, AM, Seg.AFTERMARKET_SERVICES, "Used EV battery health check with SOH report",
      "battery testing",
      "Battery health check for used electric vehicles: state of health (SOH), cell balance and insulation "
      "tests, with a signed report for dealers, fleets and used car buyers. Mobile service available.",
      price=(300, 600), unit="tests", lead_time=2),
    e(S, PRODUCT, AM, Seg.AFTERMARKET_SERVICES, "汽车保养件批发（机滤、空滤、刹车片）", "保养件",
      "主流车型保养件批发：机油滤清器、空气滤清器、空调滤芯与刹车片，仓储覆盖长三角，"
      "支持维修连锁门店次日达。",
      price=(12, 180), quantity=200000, unit="件", moq=100, lead_time=2, certs=("ISO 9001",)),
    e(S, PRODUCT, AM, Seg.AFTERMARKET_SERVICES, "新能源车型钣金喷漆与事故车维修", "维修",
      "新能源车型事故车维修：车身校正、铝车身钣金、喷漆与高压系统断电防护作业，"
      "对接保险公司定损理赔。",
      price=(1500, 12000), unit="次", lead_time=5),
    e(S, PRODUCT, AM, Seg.CHARGING_HYDROGEN, "充电桩安装与运维服务（交流/直流）", "充电运维",
      "提供交流与直流充电桩的勘察、安装、验收与运维服务，7×24 小时远程监控，故障 4 小时响应。",
      price=(1200, 3500), unit="台", lead_time=7),
    e(S, PRODUCT, AM, Seg.LIGHTWEIGHT_MATERIALS, "报废汽车拆解再生铝锭（ADC12）", "再生铝",
      "报废汽车拆解回收铝经熔炼精炼制成的 ADC12 再生铝合金锭，成分稳定，适用于压铸件生产，"
      "每批附光谱成分报告。",
      price=(17500, 19000), quantity=1200, unit="吨", moq=10, lead_time=10, certs=("ISO 14001",)),
    e(S, PRODUCT, AM, Seg.INTELLIGENT_CONNECTED, "车队管理 SaaS + 车载终端（按车按月）", "车队管理",
      "面向物流与租赁车队的车队管理平台，车载终端实时定位、驾驶行为分析、电池状态监控与能耗报表，"
      "按车按月订阅。",
      price=(30, 60), quantity=10000, unit="辆/月", moq=20, lead_time=5),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# Supply: technology (20)

SUPPLY_TECHNOLOGY: tuple[Entry, ...] = (
    e(S, TECH, CM, Seg.POWER_BATTERY, "动力电池包热失控预警与抑制技术（专利许可）", "电池安全技术",
      "基于气体、压力与温度多信号融合的热失控早期预警算法和气凝胶隔热抑制方案，"
      "可在热失控前 5 分钟发出预警。已在 3 个电池包项目中量产应用。",
      field="动力电池包安全与热管理", transfer=LICENCE, trl=8, patents=3, price=(800000, 1500000),
      lead_time=30),
    e(S, TECH, CM, Seg.ELECTRIC_DRIVE, "扁线电机发卡成型与焊接工艺包（技术转让）", "电机工艺",
      "扁线电机发卡成型、插线、扭头与激光焊接成套工艺，含工装设计图纸、工艺参数与质量控制计划，"
      "转让后提供 3 个月现场指导。",
      field="新能源汽车驱动电机制造", transfer=ASSIGNMENT, trl=8, patents=4, price=(2000000, 3000000),
      lead_time=60),
    e(S, TECH, CM, Seg.CHIPS_ELECTRONICS, "SiC 功率模块银烧结封装工艺（合作开发）", "功率半导体封装",
      "面向车规级 SiC 功率模块的纳米银烧结与铜线键合封装工艺，热阻降低约 20%，"
      "寻求与模块厂或主机厂合作开发并共享知识产权。",
      field="车规级功率半导体封装", transfer=CO_DEV, trl=6, patents=2, negotiable=True),
    e(S, TECH, CM, Seg.INTELLIGENT_CONNECTED, "AUTOSAR Classic BSW integration and configuration service",
      "automotive software",
      "AUTOSAR Classic Platform basic software integration for ECUs: configuration of COM, diagnostics, "
      "NvM and bootloader, MCAL porting for common automotive MCUs, ASPICE-compliant process.",
      field="Automotive embedded software", transfer=SERVICE, trl=9, price=(300000, 800000), lead_time=30),
    e(S, TECH, CM, Seg.LIGHTWEIGHT_MATERIALS, "一体化压铸用免热处理铝合金材料配方（技术许可）", "铝合金材料",
      "适用于大型一体化压铸件的免热处理铝合金配方，铸态屈服强度≥130MPa、延伸率≥10%，"
      "许可方可提供熔炼与压铸工艺参数。",
      field="汽车轻量化铝合金压铸", transfer=LICENCE, trl=7, patents=2, price=(1500000, 2500000)),
    e(S, TECH, VM, Seg.COMPLETE_VEHICLE, "整车中央集中式 EE 架构与 OTA 升级技术（技术许可）",
      "整车电子电气架构",
      "中央计算 + 区域控制的整车电子电气架构方案与整车 OTA 空中升级系统，支持 SOA 服务化与差分升级，"
      "已在 2 款量产车型上应用。",
      field="智能电动汽车电子电气架构", transfer=LICENCE, trl=8, patents=3, negotiable=True),
    e(S, TECH, UNI, Seg.CHASSIS_BODY, "线控转向系统容错控制算法", "线控转向",
      "面向线控转向（steer-by-wire）的双冗余容错控制与路感模拟算法，已完成硬件在环与实车验证，"
      "可许可企业进行产品化开发。",
      field="线控底盘与转向系统", transfer=LICENCE, trl=5, patents=2, price=(300000, 600000)),
    e(S, TECH, UNI, Seg.POWER_BATTERY, "硫化物固态电解质制备技术", "固态电池材料",
      "高离子电导率（室温≥10mS/cm）硫化物固态电解质的低成本制备工艺，可用于全固态与半固态电池，"
      "寻求电池企业合作开展中试。",
      field="固态电池材料", transfer=CO_DEV, trl=4, patents=3, negotiable=True),
    e(S, TECH, UNI, Seg.INTELLIGENT_CONNECTED, "多传感器融合自动泊车算法", "自动泊车",
      "基于环视摄像头与超声波雷达融合的自动泊车算法，支持垂直、平行与斜列车位及记忆泊车，"
      "泊入成功率≥95%。",
      field="智能驾驶与辅助驾驶", transfer=LICENCE, trl=6, patents=2, price=(500000, 900000)),
    e(S, TECH, UNI, Seg.LIGHTWEIGHT_MATERIALS,
      "Lightweight body structure topology optimisation (CAE service)",
      "CAE",
      "Topology and multi-material optimisation of body-in-white and chassis parts with crash, NVH and "
      "durability load cases; typical mass saving 8 to 15% at equal stiffness.",
      field="Vehicle lightweight design", transfer=SERVICE, trl=9, price=(80000, 200000), lead_time=45),
    e(S, TECH, UNI, Seg.ELECTRIC_DRIVE, "轮毂电机直驱与转矩矢量控制技术", "轮毂电机",
      "外转子轮毂电机（in-wheel motor）设计与四轮转矩矢量控制技术，已完成样车验证，"
      "可整体转让专利与控制软件。",
      field="分布式电驱动系统", transfer=ASSIGNMENT, trl=5, patents=2, price=(1200000, 1800000)),
    e(S, TECH, UNI, Seg.CHARGING_HYDROGEN, "质子交换膜燃料电池低铂催化剂", "燃料电池催化剂",
      "铂载量降至 0.2mg/cm² 的燃料电池低铂合金催化剂，耐久性满足车用要求，"
      "寻求电堆企业合作开发与放大生产。",
      field="氢燃料电池材料", transfer=CO_DEV, trl=4, patents=3, negotiable=True),
    e(S, TECH, RI, Seg.POWER_BATTERY, "动力电池安全检测服务（GB 38031-2020 全项）", "检验检测",
      "CNAS、CMA 资质实验室提供动力电池安全检测：针刺、挤压、热扩散、过充过放与 IP 防护等全项试验，"
      "出具检测报告，可加急。",
      field="动力电池检验检测", transfer=SERVICE, trl=9, price=(30000, 120000), lead_time=20,
      certs=("CNAS", "CMA")),
    e(S, TECH, RI, Seg.CHIPS_ELECTRONICS, "车规芯片 AEC-Q100 可靠性验证与失效分析", "芯片测试",
      "提供车规级芯片 AEC-Q100 可靠性验证全流程测试与失效分析服务（HTOL、TC、ESD、FA），"
      "帮助国产芯片缩短上车验证周期。",
      field="汽车芯片可靠性测试", transfer=SERVICE, trl=9, price=(20000, 150000), lead_time=30,
      certs=("CNAS", "CMA")),
    e(S, TECH, RI, Seg.INTELLIGENT_CONNECTED, "智能网联汽车 V2X 测试场景库与仿真平台", "仿真测试",
      "覆盖车路协同（V2X）与自动驾驶典型场景的测试场景库（3000+ 场景）及软件在环仿真平台，"
      "可按许可方式部署于企业内网。",
      field="智能网联汽车测试评价", transfer=LICENCE, trl=7, patents=2, price=(600000, 1200000)),
    e(S, TECH, RI, Seg.ELECTRIC_DRIVE, "电驱系统 NVH 测试与优化", "NVH",
      "半消声室电驱总成 NVH 测试、阶次分析与电磁噪声优化服务，提供从测试到方案整改的一站式技术服务。",
      field="电驱动系统 NVH", transfer=SERVICE, trl=9, price=(50000, 180000), lead_time=25, certs=("CNAS",)),
    e(S, TECH, RI, Seg.COMPLETE_VEHICLE, "整车碰撞安全仿真与试验验证", "碰撞安全",
      "整车正面、侧面与偏置碰撞的 CAE 仿真与实车试验验证，覆盖 C-NCAP 与电动汽车碰撞后高压安全要求。",
      field="整车被动安全", transfer=SERVICE, trl=9, price=(150000, 600000), lead_time=40,
      certs=("CNAS", "CMA")),
    e(S, TECH, RI, Seg.LIGHTWEIGHT_MATERIALS, "Magnesium alloy semi-solid forming process, licence",
      "magnesium",
      "Semi-solid injection moulding of magnesium alloy parts for steering wheels, seat frames and display "
      "housings: finer grain, lower porosity and 30% less energy than die casting.",
      field="Lightweight magnesium components", transfer=LICENCE, trl=6, patents=2,
      price=(900000, 1400000)),
    e(S, TECH, RI, Seg.CHARGING_HYDROGEN, "70MPa 加氢站关键设备国产化技术", "加氢站设备",
      "70MPa 加氢站用氢气压缩机、加氢枪与高压阀门的国产化设计技术，寻求装备企业合作开发与示范应用。",
      field="氢能基础设施装备", transfer=CO_DEV, trl=6, patents=3, negotiable=True),
    e(S, TECH, RI, Seg.CHASSIS_BODY, "车身焊装柔性产线数字孪生技术", "智能制造",
      "车身焊装线数字孪生与虚拟调试技术，机器人离线编程与节拍仿真，可缩短新车型导入调试周期约 30%。",
      field="汽车焊装智能制造", transfer=LICENCE, trl=7, patents=2, price=(400000, 800000)),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# Supply: talent (12)

SUPPLY_TALENT: tuple[Entry, ...] = (
    e(S, TALENT, UNI, Seg.POWER_BATTERY, "新能源汽车工程专业应届毕业生（校企联合培养）", "应届毕业生",
      "本校新能源汽车工程专业应届本科毕业生，系统学习动力电池、电机控制与整车控制课程，"
      "可开展订单式培养与企业实习。",
      headcount=60, skills="电池管理系统, 电机控制, MATLAB/Simulink, CAN 总线", experience=0,
      salary=(6500, 9000)),
    e(S, TALENT, UNI, Seg.CHASSIS_BODY, "车辆工程专业实习生（底盘方向，6 个月）", "实习生",
      "车辆工程专业大三、大四学生，底盘设计方向，可到企业进行 6 个月顶岗实习，学校配备指导教师。",
      headcount=25, skills="CATIA, 底盘设计, 悬架 K&C, ADAMS", experience=0, salary=(3000, 4500)),
    e(S, TALENT, UNI, Seg.CHIPS_ELECTRONICS, "微电子专业硕士研究生（芯片验证方向）", "研究生",
      "微电子科学与工程专业硕士研究生，具备数字芯片前端设计与验证项目经验，可参与车规芯片开发。",
      headcount=15, skills="Verilog, UVM, 功能验证, 车规芯片", experience=0, salary=(12000, 18000)),
    e(S, TALENT, UNI, Seg.INTELLIGENT_CONNECTED,
      "Graduate engineers in intelligent vehicle engineering, this year's class",
      "graduates",
      "Bachelor and master graduates in intelligent vehicle engineering, trained in perception, planning "
      "and vehicle software; internships and joint training programmes with companies welcome.",
      headcount=30, skills="C++, ROS, perception, sensor fusion, Python", experience=0, salary=(10000,
      15000)),
    e(S, TALENT, UNI, Seg.LIGHTWEIGHT_MATERIALS, "材料成型及控制工程专业毕业生（压铸 / 热成型方向）",
      "应届毕业生",
      "材料成型及控制工程专业本科毕业生，熟悉压铸、热成型与模具设计，可服务轻量化零部件企业。",
      headcount=20, skills="压铸工艺, 模具设计, UG, 金相分析", experience=0, salary=(6000, 8500)),
    e(S, TALENT, RI, Seg.POWER_BATTERY, "电池研发团队技术驻场支持（博士 2 人、硕士 4 人）", "研发团队",
      "研究院电池研发团队可驻场支持企业开展电芯设计、失效分析与电池仿真，按项目签订技术服务合同。",
      headcount=6, skills="电化学, 失效分析, 电池仿真, 电芯设计", experience=5, salary=(25000, 40000)),
    e(S, TALENT, RI, Seg.INTELLIGENT_CONNECTED, "ISO 26262 功能安全专家外派咨询", "功能安全专家",
      "功能安全专家外派，支持企业建立 ISO 26262 功能安全流程，完成 HARA、安全概念与安全案例，"
      "可辅导 ASIL-D 项目。",
      headcount=3, skills="ISO 26262, FMEA, FTA, 安全概念", experience=8, salary=(30000, 45000)),
    e(S, TALENT, CM, Seg.INTELLIGENT_CONNECTED, "AUTOSAR 嵌入式软件工程师驻场支持", "软件工程师",
      "AUTOSAR 嵌入式软件工程师团队可驻场支持 ECU 软件开发、集成与测试，按人月结算。",
      headcount=8, skills="AUTOSAR, C, CANoe, 嵌入式软件", experience=3, salary=(18000, 28000)),
    e(S, TALENT, CM, Seg.POWER_BATTERY, "电池 PACK 工艺工程师外派（产线爬坡支持）", "工艺工程师",
      "经验丰富的 PACK 工艺工程师外派，支持电池包产线调试、激光焊接参数优化与产能爬坡。",
      headcount=5, skills="PACK 工艺, 激光焊接, PFMEA, 产线调试", experience=5, salary=(15000, 22000)),
    e(S, TALENT, CM, Seg.CHASSIS_BODY, "焊装 / 涂装高级技工劳务合作", "技术工人",
      "持证焊工与涂装技工团队，可承接主机厂和零部件企业焊装、涂装产线的劳务合作与新线爬坡。",
      headcount=40, skills="焊接, 涂装, 设备点检, 质量检验", experience=3, salary=(7000, 9500)),
    e(S, TALENT, VM, Seg.COMPLETE_VEHICLE, "整车标定工程师团队对外服务", "标定工程师",
      "整车厂标定团队对外提供动力系统与热管理标定服务，覆盖高寒、高温与高原试验。",
      headcount=6, skills="整车标定, INCA, 热管理, 驾驶性", experience=6, salary=(20000, 32000)),
    e(S, TALENT, AM, Seg.AFTERMARKET_SERVICES, "持证新能源汽车维修技师（可驻店）", "维修技师",
      "持低压电工证的新能源汽车维修技师，熟悉三电检修与诊断仪使用，可驻店支持 4S 店与维修连锁。",
      headcount=12, skills="低压电工证, 三电检修, 故障诊断仪, 钣金喷漆", experience=3, salary=(8000, 12000)),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# Supply: funding (10), financial institutions only

SUPPLY_FUNDING: tuple[Entry, ...] = (
    e(S, FUNDING, FI, Seg.COMPLETE_VEHICLE, "汽车经销商新能源车型库存融资", "库存融资",
      "面向新能源汽车经销商的库存融资，以合格证监管，随借随还，单户额度最高 5000 万元，"
      "与主机厂合作可享贴息。",
      amount=50000000, term=12, instrument=SCF, lead_time=7),
    e(S, FUNDING, FI, Seg.ELECTRIC_DRIVE, "电驱动产业链设备融资租赁", "融资租赁",
      "为电机、电控与减速器企业的生产设备提供直租与售后回租，租期 2–5 年，可匹配项目现金流。",
      amount=30000000, term=36, instrument=LEASE, lead_time=15),
    e(S, FUNDING, FI, Seg.POWER_BATTERY, "动力电池企业科技信用贷", "信用贷款",
      "面向动力电池及材料科技型中小企业的信用贷款，无需抵押，依据研发投入与订单授信，最高 2000 万元。",
      amount=20000000, term=36, instrument=LOAN, lead_time=10),
    e(S, FUNDING, FI, Seg.CHIPS_ELECTRONICS, "汽车芯片企业股权投资（A 轮至 B 轮）", "股权投资",
      "产业基金重点投资车规级芯片、功率半导体与传感器企业，单笔投资 3000 万至 1 亿元，"
      "可协同对接主机厂验证资源。",
      amount=100000000, term=60, instrument=EQUITY, lead_time=60),
    e(S, FUNDING, FI, Seg.CHASSIS_BODY, "主机厂一级供应商应收账款保理", "应收账款融资",
      "基于核心主机厂应付账款确权的保理融资，线上申请，T+1 放款，融资比例最高 90%。",
      amount=30000000, term=12, instrument=SCF, lead_time=3),
    e(S, FUNDING, FI, Seg.CHARGING_HYDROGEN, "Green loans for charging and hydrogen infrastructure",
      "green loan",
      "Green loans for charging stations, battery swap stations and hydrogen refuelling stations, with "
      "terms up to 8 years and rates linked to the loan prime rate.",
      amount=80000000, term=60, instrument=LOAN, lead_time=20),
    e(S, FUNDING, FI, Seg.INTELLIGENT_CONNECTED, "智能网联企业知识产权质押融资", "知识产权质押",
      "以专利、软件著作权质押为主的融资产品，适用于智能驾驶、车联网与汽车软件企业，"
      "政府风险补偿池支持。",
      amount=10000000, term=24, instrument=LOAN, lead_time=15),
    e(S, FUNDING, FI, Seg.LIGHTWEIGHT_MATERIALS, "轻量化材料项目融资担保", "融资担保",
      "为铝合金、镁合金与复合材料项目的银行贷款提供融资担保，担保费率低至 1%/年，"
      "可与合作银行联合授信。",
      amount=15000000, term=24, instrument=GUARANTEE, lead_time=15),
    e(S, FUNDING, FI, Seg.AFTERMARKET_SERVICES, "汽车后市场连锁门店经营贷", "经营贷款",
      "面向维修保养、二手车与租赁连锁企业的经营贷款，以门店流水授信，支持随借随还。",
      amount=5000000, term=36, instrument=LOAN, lead_time=7),
    e(S, FUNDING, FI, Seg.COMPLETE_VEHICLE, "新能源商用车融资租赁（以租代购）", "融资租赁",
      "为物流企业与车队提供新能源商用车以租代购方案，首付低至 10%，租期 24–48 个月，"
      "可打包保险与充电服务。",
      amount=50000000, term=48, instrument=LEASE, lead_time=10),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# Demand (21)

DEMANDS: tuple[Entry, ...] = (
    # Products (9)
    e(D, PRODUCT, VM, Seg.POWER_BATTERY, "采购 LFP 动力电池包（年需求 2 万套）", "电池包",
      "为新一代纯电动物流车采购磷酸铁锂动力电池包，电量 90–100kWh，需支持直流快充与液冷。"
      "目标单价如下，需提供 GB 38031-2020 检测报告，供应商须通过 IATF 16949 认证。",
      price=(40000, 48000), quantity=20000, unit="套", deadline=90,
      certs=("IATF 16949*", "GB 38031-2020*", "UN38.3")),
    e(D, PRODUCT, VM, Seg.INTELLIGENT_CONNECTED, "寻找 128 线激光雷达定点供应商（新款 SUV 项目）", "激光雷达",
      "新款中大型 SUV 高阶智能驾驶项目寻找车规级激光雷达定点供应商，要求 128 线以上、"
      "探测距离≥200m，需具备功能安全开发能力。",
      price=(3000, 4000), quantity=60000, unit="套", deadline=120, certs=("ISO 26262*", "IATF 16949*")),
    e(D, PRODUCT, VM, Seg.CHIPS_ELECTRONICS, "RFQ: high-voltage wire harness for an 800V platform",
      "wire harness",
      "Request for quotation: high-voltage wire harnesses for a new 800V passenger car platform, "
      "about 80,000 sets a year from SOP. Suppliers must be IATF 16949 certified and able to support PPAP.",
      price=(400, 600), quantity=80000, unit="sets", deadline=75, certs=("IATF 16949*",)),
    e(D, PRODUCT, CM, Seg.LIGHTWEIGHT_MATERIALS, "求购 ADC12 压铸铝合金锭（长期）", "铝合金锭",
      "压铸件企业长期求购 ADC12 铝合金锭，月需求约 250 吨，需提供成分检测报告，"
      "可接受再生铝，账期 30 天。",
      price=(18000, 20000), quantity=3000, unit="吨", deadline=30, certs=("ISO 9001",)),
    e(D, PRODUCT, CM, Seg.CHIPS_ELECTRONICS, "采购车规级 MCU（国产替代，AEC-Q100）", "MCU",
      "BMS 与车身控制器项目采购 32 位车规级 MCU，要求 AEC-Q100 Grade 1、支持 CAN FD，"
      "可接受国产芯片，需配合完成上车验证。",
      price=(15, 28), quantity=500000, unit="pcs", deadline=60, certs=("AEC-Q100*", "IATF 16949")),
    e(D, PRODUCT, CM, Seg.CHIPS_ELECTRONICS, "寻找 6 英寸 SiC 衬底 / 外延片供应商", "碳化硅衬底",
      "功率器件企业寻找 6 英寸导电型碳化硅（SiC）衬底与外延片供应商，要求微管密度＜0.5/cm²，"
      "年需求约 2 万片。",
      price=(3500, 5000), quantity=20000, unit="片", deadline=90, certs=("ISO 9001",)),
    e(D, PRODUCT, AM, Seg.AFTERMARKET_SERVICES, "维修连锁采购新能源车型保养件（年度框架）", "保养件",
      "维修连锁企业年度框架采购新能源车型保养件与易损件：空调滤芯、刹车片、冷却液与雨刮，"
      "要求原厂同质件，支持门店直配。",
      price=(10, 200), quantity=50000, unit="件", deadline=45),
    e(D, PRODUCT, UNI, Seg.POWER_BATTERY, "采购电池充放电测试设备（实验室建设）", "测试设备",
      "学院新能源汽车实验室建设，采购电池充放电测试设备 8 台，要求 100V/300A、能量回馈型，"
      "含安装调试与培训。",
      price=(150000, 300000), quantity=8, unit="台", deadline=60),
    e(D, PRODUCT, RI, Seg.CHASSIS_BODY, "采购三坐标测量机（CMM）", "检测设备",
      "检测中心采购桥式三坐标测量机 1 台，测量范围不小于 1200×2000×1000mm，"
      "需提供计量校准证书与三年维保。",
      price=(800000, 1200000), quantity=1, unit="台", deadline=90),
    # Technology (5)
    e(D, TECH, CM, Seg.POWER_BATTERY, "寻求电池包轻量化结构设计合作开发", "电池包结构",
      "寻求高校或研究院合作开发电池包轻量化结构，目标箱体减重 15%，需满足挤压、底部球击与热扩散要求，"
      "项目周期约 12 个月。",
      transfer=CO_DEV, price=(500000, 1000000), deadline=60),
    e(D, TECH, CM, Seg.CHIPS_ELECTRONICS, "求购 SiC MOSFET 驱动芯片 IP 技术许可", "芯片IP",
      "汽车电子企业求购 SiC MOSFET 隔离驱动芯片 IP 的技术许可，要求具备有源米勒钳位与短路保护，"
      "可按入门费加提成方式合作。",
      transfer=LICENCE, negotiable=True, deadline=90),
    e(D, TECH, VM, Seg.INTELLIGENT_CONNECTED, "征集 L3 自动驾驶驾驶员监控（DMS）技术方案", "驾驶员监控",
      "L3 级自动驾驶项目征集驾驶员监控系统技术方案与算法服务，需满足接管提醒与功能安全要求，"
      "优先考虑已有量产经验的团队。",
      transfer=SERVICE, price=(1000000, 3000000), deadline=75, certs=("ISO 26262*",)),
    e(D, TECH, AM, Seg.AFTERMARKET_SERVICES, "Seeking a battery SOH estimation algorithm licence",
      "battery analytics",
      "Used-car platform seeks a licence for a battery state-of-health estimation algorithm that works "
      "from charging data, to grade used electric vehicles. Integration support expected.",
      transfer=LICENCE, price=(200000, 500000), deadline=60),
    e(D, TECH, RI, Seg.CHARGING_HYDROGEN, "寻求燃料电池低温冷启动技术转让", "燃料电池技术",
      "研究院示范项目寻求燃料电池系统 -30℃ 低温冷启动控制技术的转让，要求具备实车验证数据。",
      transfer=ASSIGNMENT, price=(1000000, 2000000), deadline=90),
    # Talent (4)
    e(D, TALENT, CM, Seg.ELECTRIC_DRIVE, "招聘电机控制软件工程师 5 名", "软件工程师",
      "电控研发部招聘电机控制软件工程师，负责 FOC 控制算法与底层驱动开发，有量产项目经验者优先。",
      headcount=5, skills="电机控制, FOC, DSP, C 语言, MATLAB", experience=3, salary=(18000, 30000),
      deadline=45),
    e(D, TALENT, VM, Seg.INTELLIGENT_CONNECTED, "招募智能驾驶感知算法工程师", "算法工程师",
      "智能驾驶研发中心招募感知算法工程师，方向包括 BEV 感知、多传感器融合与数据闭环。",
      headcount=10, skills="深度学习, BEV, 多传感器融合, C++", experience=3, salary=(30000, 50000),
      deadline=60),
    e(D, TALENT, FI, Seg.COMPLETE_VEHICLE, "招聘汽车产业研究员（新能源方向）", "行业研究员",
      "产业投资部招聘新能源汽车产业研究员，负责产业链研究、项目尽职调查与投后跟踪。",
      headcount=2, skills="行业研究, 财务分析, 新能源汽车, 尽职调查", experience=3, salary=(20000, 35000),
      deadline=40),
    e(D, TALENT, RI, Seg.CHARGING_HYDROGEN, "招聘氢能方向博士后 2 名", "博士后",
      "研究院氢能与燃料电池团队招聘博士后，研究方向为燃料电池催化剂与膜电极。",
      headcount=2, skills="燃料电池, 电化学, 催化剂, 膜电极", experience=0, salary=(15000, 22000),
      deadline=90),
    # Funding (3)
    e(D, FUNDING, CM, Seg.INTELLIGENT_CONNECTED, "激光雷达企业 B 轮股权融资 1.5 亿元", "股权融资",
      "车规级激光雷达企业寻求 B 轮股权融资，已获 3 家主机厂定点，资金用于产能建设与下一代芯片化产品研发。",
      amount=150000000, term=60, instrument=EQUITY, deadline=120),
    e(D, FUNDING, CM, Seg.LIGHTWEIGHT_MATERIALS, "一体化压铸岛设备融资租赁需求", "融资租赁",
      "为新增 2 台 9000T 一体化压铸岛寻求设备融资租赁，融资金额约 6000 万元，租期 4 年。",
      amount=60000000, term=48, instrument=LEASE, deadline=60),
    e(D, FUNDING, AM, Seg.AFTERMARKET_SERVICES, "维修连锁扩张流动资金贷款 800 万元", "流动资金贷款",
      "新能源汽车维修连锁企业新开 10 家门店，寻求流动资金贷款 800 万元，期限 2 年，可提供门店经营流水。",
      amount=8000000, term=24, instrument=LOAN, deadline=45),
)  # fmt: skip

LAUNCH: tuple[Entry, ...] = SUPPLY_PRODUCTS + SUPPLY_TECHNOLOGY + SUPPLY_TALENT + SUPPLY_FUNDING + DEMANDS

# ---------------------------------------------------------------------------------------------------
# Bulk-only templates: offers of themes the launch catalogue has none of, and more demands of the kinds
# it has few of

EXTRA: tuple[Entry, ...] = (
    e(S, TECH, AM, Seg.AFTERMARKET_SERVICES, "退役动力电池快速分选检测技术（技术许可）", "电池检测技术",
      "基于脉冲内阻与容量快速估算的退役动力电池分选检测技术，单包检测时间缩短至 15 分钟，"
      "适用于梯次利用与二手车电池评估。",
      field="动力电池梯次利用与回收", transfer=LICENCE, trl=7, patents=2, price=(300000, 600000)),
    e(S, TECH, VM, Seg.COMPLETE_VEHICLE, "整车热泵热管理集成技术（技术许可）", "热管理技术",
      "整车热泵空调与电池、电驱余热利用的集成式热管理技术，冬季续航提升约 15%，"
      "已在量产车型上验证。",
      field="新能源汽车整车热管理", transfer=LICENCE, trl=8, patents=3, price=(1000000, 2000000)),
    e(S, TALENT, AM, Seg.AFTERMARKET_SERVICES, "二手车评估师团队外派（车商 / 拍卖场）", "评估师",
      "持证二手车评估师团队，可外派至车商、拍卖场与租赁公司，开展新能源车型检测与评估。",
      headcount=8, skills="二手车评估, 新能源车检测, 电池健康检测", experience=3, salary=(8000, 12000)),
    e(D, FUNDING, CM, Seg.POWER_BATTERY, "电池材料扩产项目银行贷款需求", "项目贷款",
      "电池材料企业新建年产 1 万吨正极材料产线，寻求项目贷款，可提供土地与设备抵押。",
      amount=120000000, term=60, instrument=LOAN, deadline=90),
    e(D, FUNDING, CM, Seg.CHASSIS_BODY, "应收账款保理融资需求（主机厂账期 90 天）", "保理",
      "零部件企业对主机厂应收账款约 5000 万元，账期 90 天，寻求供应链金融保理支持。",
      amount=30000000, term=6, instrument=SCF, deadline=30),
    e(D, FUNDING, UNI, Seg.INTELLIGENT_CONNECTED, "科技成果转化项目天使轮融资", "天使投资",
      "高校团队智能网联成果转化项目寻求天使轮股权投资，用于样机开发与首个客户验证。",
      amount=5000000, term=48, instrument=EQUITY, deadline=90),
    e(D, FUNDING, RI, Seg.CHARGING_HYDROGEN,
      "Financing guarantee for a hydrogen refuelling demonstration project",
      "guarantee",
      "A research institute seeks a financing guarantee for bank loans to build a hydrogen refuelling "
      "demonstration station.",
      amount=20000000, term=36, instrument=GUARANTEE, deadline=60),
    e(D, TALENT, CM, Seg.POWER_BATTERY, "招聘电芯工艺工程师（涂布 / 卷绕）", "工艺工程师",
      "电池工厂招聘电芯工艺工程师，负责涂布、辊压与卷绕工序的工艺开发与良率提升。",
      headcount=8, skills="涂布, 卷绕, 电芯工艺, 6σ", experience=2, salary=(12000, 20000), deadline=45),
    e(D, TALENT, AM, Seg.AFTERMARKET_SERVICES, "招聘二手车评估师", "评估师",
      "二手车交易平台招聘持证二手车评估师，负责新能源车型检测评估与定价。",
      headcount=6, skills="二手车评估, 新能源车检测, 电池健康检测", experience=2, salary=(8000, 13000),
      deadline=30),
    e(D, TALENT, UNI, Seg.CHIPS_ELECTRONICS, "Hiring: faculty in automotive electronics and chip design",
      "faculty",
      "The school of electrical engineering is hiring lecturers and associate professors in automotive "
      "electronics and chip design.",
      headcount=4, skills="chip design, power electronics, embedded systems", experience=3,
      salary=(15000, 25000), deadline=120),
    e(D, TALENT, FI, Seg.POWER_BATTERY, "招聘新能源产业投资经理", "投资经理",
      "产业基金招聘投资经理，负责动力电池与储能产业链项目开发、尽调与投后管理。",
      headcount=2, skills="股权投资, 尽职调查, 动力电池, 财务建模", experience=5, salary=(30000, 50000),
      deadline=45),
    e(D, TECH, UNI, Seg.CHASSIS_BODY, "寻求企业合作共建线控底盘联合实验室", "联合实验室",
      "学院寻求整车或零部件企业合作共建线控底盘联合实验室，共同申报科研项目。",
      transfer=CO_DEV, negotiable=True, deadline=120),
    e(D, TECH, CM, Seg.ELECTRIC_DRIVE, "寻求油冷电机冷却仿真技术服务", "仿真服务",
      "电机企业寻求油冷电机流体与温度场联合仿真技术服务，要求有量产电机项目经验。",
      transfer=SERVICE, price=(100000, 300000), deadline=45),
    e(D, PRODUCT, UNI, Seg.INTELLIGENT_CONNECTED, "采购智能网联教学实训车 4 台", "实训车",
      "学院采购线控底盘智能网联教学实训车，配激光雷达、毫米波雷达与摄像头，开放底层接口。",
      price=(300000, 450000), quantity=4, unit="台", deadline=90),
    e(D, PRODUCT, RI, Seg.POWER_BATTERY, "采购电池热失控试验舱", "试验设备",
      "检测中心采购防爆型电池热失控试验舱，满足 GB 38031-2020 热扩散试验要求。",
      price=(600000, 900000), quantity=2, unit="台", deadline=90),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# Demo workflow: listings of the demo logins that are not (yet) published


@dataclass(frozen=True, slots=True)
class WorkflowEntry:
    """A listing the demo shows at another stage of review: a draft, one awaiting review, one rejected."""

    status: str
    entry: Entry
    reason: str = ""  # the admin's reason, for a rejected one


WORKFLOW: tuple[WorkflowEntry, ...] = (
    WorkflowEntry("draft", e(
        S, PRODUCT, VM, Seg.COMPLETE_VEHICLE, "新款纯电动轻卡（新品预发布）", "轻卡",
        "新款纯电动轻卡，搭载 110kWh 磷酸铁锂电池，CLTC 续航 320km，支持 60kW 直流快充。"
        "参数待最终公告后更新。",
        price=(175000, 199000), quantity=1500, unit="辆", moq=5, lead_time=45, certs=("CCC",))),
    WorkflowEntry("pending_review", e(
        D, PRODUCT, VM, Seg.CHASSIS_BODY, "采购电动座椅总成（新车型定点）", "座椅",
        "新车型项目采购前排电动座椅总成，需集成通风加热功能，SOP 前完成 PPAP。",
        price=(2000, 3000), quantity=40000, unit="套", deadline=90, certs=("IATF 16949*",))),
    WorkflowEntry("pending_review", e(
        S, PRODUCT, AM, Seg.AFTERMARKET_SERVICES, "新能源汽车上门保养服务（企业车队）", "维修保养",
        "为企业车队提供新能源汽车上门保养服务，含三电系统检测与保养件更换，按次收费。",
        price=(300, 900), unit="次", lead_time=3)),
    WorkflowEntry("rejected", e(
        S, FUNDING, FI, Seg.CHASSIS_BODY, "产业链中小企业流动资金贷款", "流动资金贷款",
        "面向汽车产业链中小企业的流动资金贷款，额度最高 1000 万元，审批快。详询客户经理 13800000000。",
        amount=10000000, term=12, instrument=LOAN, lead_time=7),
        reason="描述中包含联系电话，请删除后重新提交，并注明年化利率区间及是否收取其他费用。"),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# Variation for the bulk catalogue: few parts, so that the search tokens of each part are computed once

# Title endings for products on offer, by language ("" keeps the title as written).
PRODUCT_SUFFIXES = {
    "zh": ("", "", "", "（现货）", "（可定制）", "（厂家直供）", "（批量供货）", "（支持小批量）"),
    "en": ("", "", "", " (in stock)", " (customisable)", " (factory direct)"),
}
# Closing sentences added to a description, by side, kind and language.
CLOSINGS: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    (S, PRODUCT): {
        "zh": ("欢迎来电洽谈。", "可提供样品及 PPAP 文件。", "支持按客户图纸定制开发。",
               "长三角地区 48 小时送达。", "年度框架协议客户可享阶梯价格。", "已为多家主机厂批量配套。"),
        "en": ("Samples and PPAP documents on request.", "Custom development to customer drawings.",
               "Framework agreements with tiered pricing.",
               "Delivery within 48 hours in the Yangtze River Delta."),
    },
    (S, TECH): {
        "zh": ("可提供技术资料包与现场培训。", "接受入门费加提成的许可方式。", "可联合申报省级科技项目。"),
        "en": ("Documentation and on-site training included.", "Licence fee can be paid in instalments."),
    },
    (S, TALENT): {
        "zh": ("可签订技术服务或劳务合作合同。", "欢迎企业来校来院洽谈合作。", "可根据项目需要调整人数。"),
        "en": ("Service contracts or internships can be arranged.",
                "Headcount can be adjusted to the project."),
    },
    (S, FUNDING): {
        "zh": ("具体额度与利率以审批结果为准。", "支持线上申请，材料齐全最快 3 个工作日放款。",
               "可与地方政府贴息政策叠加。"),
        "en": ("Final amount and rate subject to credit approval.", "Apply online; decisions within a week."),
    },
    (D, PRODUCT): {
        "zh": ("请有意向的供应商通过平台报价。", "优先考虑长三角地区供应商。", "需提供近三年配套业绩。",
               "可先送样验证，合格后批量采购。"),
        "en": ("Please quote through the platform.", "Suppliers in the Yangtze River Delta preferred."),
    },
    (D, TECH): {
        "zh": ("欢迎高校、研究院与企业团队联系。", "可签署保密协议后提供详细需求。"),
        "en": ("Universities, institutes and companies welcome.", "Details under NDA."),
    },
    (D, TALENT): {
        "zh": ("五险一金，提供住房补贴。", "可接受应届生及实习生。", "待遇面议，优秀者可提供股权激励。"),
        "en": ("Housing allowance provided.", "Graduates are welcome to apply."),
    },
    (D, FUNDING): {
        "zh": ("可提供近三年财务报表。", "欢迎银行、基金与融资租赁机构联系。"),
        "en": ("Financial statements available on request.", "Banks, funds and lessors welcome."),
    },
}  # fmt: skip
# How a demand derived from an offer is worded (`{title}` is the offer's title, `{category}` its category).
DEMAND_TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    PRODUCT: {
        "zh": ("采购{title}", "求购{title}", "寻找{category}供应商：{title}"),
        "en": ("Sourcing: {title}", "RFQ: {title}"),
    },
    TECH: {
        "zh": ("寻求{title}", "征集{category}技术：{title}"),
        "en": ("Seeking: {title}", "Wanted: {title}"),
    },
    TALENT: {
        "zh": ("招聘：{title}", "寻求{category}：{title}"),
        "en": ("Hiring: {title}", "Wanted: {title}"),
    },
}
DEMAND_TEXTS: dict[str, dict[str, tuple[str, ...]]] = {
    PRODUCT: {
        "zh": ("因新项目量产需要，现面向平台征集{category}合格供应商。参考规格：{title}。",
               "年度采购计划中的{category}，要求质量稳定、可长期供货，参考规格：{title}。"),
        "en": ("For a new production programme we are sourcing {category}. Reference: {title}.",),
    },
    TECH: {
        "zh": ("现寻求{category}方面的技术合作，参考方向：{title}。",),
        "en": ("We are looking for partners in {category}. Reference: {title}.",),
    },
    TALENT: {
        "zh": ("因业务发展需要，现招聘{category}，参考要求：{title}。",),
        "en": ("We are hiring {category} as our business grows. Reference: {title}.",),
    },
}  # fmt: skip
