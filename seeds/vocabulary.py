"""Word lists for the demo data: parallel Chinese and English parts, products, fields and people's names.

Data only; `seeds.names` composes them. Everything here is invented or generic: brands are two
syllables from two short lists, and `BRAND_BLOCKLIST` refuses combinations that spell a well-known real
company, because demo data must never look like a statement about a real firm.
"""

from __future__ import annotations

from accounts.taxonomy import Segment

Word = tuple[str, str]  # (Chinese, English)

# ---------------------------------------------------------------------------------------------------
# Brands

BRAND_HEADS: tuple[Word, ...] = (
    ("瑞", "Rui"), ("华", "Hua"), ("恒", "Heng"), ("嘉", "Jia"), ("博", "Bo"), ("鼎", "Ding"),
    ("泰", "Tai"), ("宏", "Hong"), ("启", "Qi"), ("凯", "Kai"), ("润", "Run"), ("德", "De"),
    ("锦", "Jin"), ("铭", "Ming"), ("天", "Tian"), ("晟", "Sheng"), ("昊", "Hao"), ("骏", "Jun"),
    ("卓", "Zhuo"), ("睿", "Rui"), ("诚", "Cheng"), ("鑫", "Xin"), ("拓", "Tuo"), ("星", "Xing"),
    ("捷", "Jie"), ("盛", "Sheng"), ("弘", "Hong"), ("汇", "Hui"), ("迈", "Mai"), ("朗", "Lang"),
    ("耀", "Yao"), ("威", "Wei"), ("宇", "Yu"), ("丰", "Feng"), ("峻", "Jun"), ("同", "Tong"),
    ("益", "Yi"), ("永", "Yong"), ("智", "Zhi"), ("擎", "Qing"), ("腾", "Teng"), ("麒", "Qi"),
    ("皓", "Hao"), ("振", "Zhen"), ("航", "Hang"), ("远", "Yuan"), ("中", "Zhong"), ("新", "Xin"),
)  # fmt: skip
BRAND_TAILS: tuple[Word, ...] = (
    ("驰", "chi"), ("创", "chuang"), ("达", "da"), ("通", "tong"), ("源", "yuan"), ("航", "hang"),
    ("辰", "chen"), ("捷", "jie"), ("力", "li"), ("翔", "xiang"), ("联", "lian"), ("科", "ke"),
    ("远", "yuan"), ("泰", "tai"), ("宸", "chen"), ("能", "neng"), ("越", "yue"), ("信", "xin"),
    ("诺", "nuo"), ("峰", "feng"), ("动", "dong"), ("程", "cheng"), ("恒", "heng"), ("迅", "xun"),
    ("锐", "rui"), ("行", "xing"), ("途", "tu"), ("安", "an"), ("驱", "qu"), ("擎", "qing"),
    ("凌", "ling"), ("骋", "cheng"), ("尚", "shang"), ("祥", "xiang"), ("益", "yi"), ("奥", "ao"),
)  # fmt: skip
# Two-character names of well-known companies (automotive, batteries, finance) that the lists above
# could spell. Not exhaustive, and need not be: it keeps out the names a reader would recognise.
_BLOCKED = (
    "华泰 华信 泰达 华翔 恒瑞 星源 恒力 德力 永达 天能 天合 华安 华创 腾达 华通 永安 恒安 诚通 宇通 华能 "
    "汇通 德信 宏源 华源 博泰 恒泰 瑞泰 中通 中信 中泰 中航 中能 中科 中联 中安 天安 新能 远安 永泰 "
    "华远 中创 新通 宏达 华达 天通 恒通 润泰 中源 中奥 华奥 同力 鼎力 新奥 德奥 远达 泰安"
)
BRAND_BLOCKLIST = frozenset(_BLOCKED.split())

BANK_BRANDS: tuple[Word, ...] = (
    ("徽信", "Huixin"), ("皖融", "Wanrong"), ("淮信", "Huaixin"), ("江融", "Jiangrong"),
    ("恒汇", "Henghui"), ("泰融", "Tairong"), ("鼎信", "Dingxin"), ("嘉融", "Jiarong"),
    ("庐信", "Luxin"), ("长淮", "Changhuai"), ("汇融", "Huirong"), ("诚融", "Chengrong"),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------------
# Lines of business per theme

# Component lines by the segment they belong to, with typical products for the description.
COMPONENT_LINES: dict[str, tuple[Word, ...]] = {
    Segment.POWER_BATTERY: (
        ("动力电池", "Power Battery"), ("电池材料", "Battery Materials"), ("储能", "Energy Storage"),
        ("锂电", "Lithium Battery"), ("电池系统", "Battery Systems"),
    ),
    Segment.ELECTRIC_DRIVE: (
        ("电驱动", "Electric Drive"), ("电机", "Electric Motor"), ("电控", "Motor Control"),
        ("动力总成", "Powertrain"),
    ),
    Segment.CHIPS_ELECTRONICS: (
        ("微电子", "Microelectronics"), ("汽车电子", "Automotive Electronics"), ("半导体", "Semiconductor"),
        ("传感器", "Sensor"), ("功率器件", "Power Devices"),
    ),
    Segment.INTELLIGENT_CONNECTED: (
        ("智能驾驶", "Intelligent Driving"), ("智能网联", "Intelligent Connectivity"),
        ("车联网", "Telematics"), ("智能座舱", "Smart Cockpit"),
    ),
    Segment.CHASSIS_BODY: (
        ("汽车零部件", "Auto Parts"), ("新能源汽车零部件", "New Energy Auto Parts"),
        ("底盘系统", "Chassis Systems"), ("车身部件", "Body Components"),
        ("汽车内饰", "Automotive Interiors"), ("精密冲压", "Precision Stamping"),
        ("汽车座椅", "Automotive Seating"),
    ),
    Segment.LIGHTWEIGHT_MATERIALS: (
        ("轻量化材料", "Lightweight Materials"), ("铝合金", "Aluminium Alloy"), ("复合材料", "Composites"),
        ("精密铸造", "Precision Casting"),
    ),
    Segment.CHARGING_HYDROGEN: (
        ("充电设备", "Charging Equipment"), ("氢能", "Hydrogen Energy"), ("燃料电池", "Fuel Cell"),
        ("换电", "Battery Swapping"),
    ),
}  # fmt: skip

# Which segment a component maker's main line falls in: body, chassis and trim suppliers are the most
# numerous in any automotive province; Anhui's new-energy cluster makes batteries and e-drives next.
COMPONENT_SEGMENT_WEIGHTS: dict[str, int] = {
    Segment.CHASSIS_BODY: 26,
    Segment.POWER_BATTERY: 16,
    Segment.ELECTRIC_DRIVE: 14,
    Segment.CHIPS_ELECTRONICS: 12,
    Segment.INTELLIGENT_CONNECTED: 12,
    Segment.LIGHTWEIGHT_MATERIALS: 12,
    Segment.CHARGING_HYDROGEN: 8,
}

# The neighbouring segments a maker of one often also works in (its second and third segments).
RELATED_SEGMENTS: dict[str, tuple[str, ...]] = {
    Segment.POWER_BATTERY: (Segment.CHARGING_HYDROGEN, Segment.ELECTRIC_DRIVE, Segment.LIGHTWEIGHT_MATERIALS),
    Segment.ELECTRIC_DRIVE: (Segment.CHIPS_ELECTRONICS, Segment.POWER_BATTERY, Segment.CHASSIS_BODY),
    Segment.CHIPS_ELECTRONICS: (Segment.INTELLIGENT_CONNECTED, Segment.ELECTRIC_DRIVE, Segment.POWER_BATTERY),
    Segment.INTELLIGENT_CONNECTED: (Segment.CHIPS_ELECTRONICS, Segment.CHASSIS_BODY),
    Segment.CHASSIS_BODY: (
        Segment.LIGHTWEIGHT_MATERIALS,
        Segment.INTELLIGENT_CONNECTED,
        Segment.ELECTRIC_DRIVE,
    ),
    Segment.LIGHTWEIGHT_MATERIALS: (Segment.CHASSIS_BODY, Segment.POWER_BATTERY),
    Segment.CHARGING_HYDROGEN: (Segment.POWER_BATTERY, Segment.ELECTRIC_DRIVE, Segment.CHIPS_ELECTRONICS),
}

SEGMENT_PRODUCTS: dict[str, tuple[str, ...]] = {
    Segment.COMPLETE_VEHICLE: ("纯电动乘用车", "插电式混合动力汽车", "新能源客车", "轻型商用车"),
    Segment.POWER_BATTERY: ("磷酸铁锂电芯", "三元电池模组", "电池包壳体", "电池管理系统", "正极材料"),
    Segment.ELECTRIC_DRIVE: ("驱动电机", "电机控制器", "三合一电驱总成", "减速器", "车载充电机"),
    Segment.CHIPS_ELECTRONICS: ("车规级MCU", "功率半导体模块", "车身控制器", "车载传感器", "线束与连接器"),
    Segment.INTELLIGENT_CONNECTED: (
        "毫米波雷达",
        "域控制器",
        "T-Box车载终端",
        "智能座舱系统",
        "高精度定位模块",
    ),
    Segment.CHASSIS_BODY: ("底盘结构件", "车身冲压件", "座椅总成", "内外饰件", "制动系统", "悬架总成"),
    Segment.LIGHTWEIGHT_MATERIALS: (
        "铝合金压铸件",
        "碳纤维复合材料部件",
        "高强度钢板",
        "镁合金零件",
        "工程塑料件",
    ),
    Segment.CHARGING_HYDROGEN: ("直流快充桩", "换电站设备", "燃料电池电堆", "车载储氢瓶", "充电模块"),
    Segment.AFTERMARKET_SERVICES: ("汽车维修保养", "二手车交易", "退役电池回收", "汽车租赁"),
}

# (Chinese, English, products for the description, an extra segment the line implies).
VEHICLE_LINES: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    (
        "新能源汽车",
        "New Energy Vehicle",
        ("纯电动乘用车", "插电式混合动力汽车", "增程式电动汽车"),
        Segment.POWER_BATTERY,
    ),
    ("汽车", "Automobile", ("乘用车", "SUV", "MPV"), None),
    ("客车", "Bus", ("新能源城市客车", "公路客车", "校车"), None),
    ("专用汽车", "Special Vehicle", ("新能源环卫车", "冷藏车", "工程作业车"), Segment.CHASSIS_BODY),
    ("商用车", "Commercial Vehicle", ("轻型卡车", "新能源物流车", "皮卡"), None),
    ("重型汽车", "Heavy Truck", ("重型卡车", "牵引车", "自卸车"), Segment.CHASSIS_BODY),
    (
        "智能汽车",
        "Smart Vehicle",
        ("智能电动汽车", "高阶智能驾驶车型", "纯电动轿跑"),
        Segment.INTELLIGENT_CONNECTED,
    ),
    ("氢能汽车", "Hydrogen Vehicle", ("氢燃料电池客车", "氢燃料电池物流车"), Segment.CHARGING_HYDROGEN),
)
AFTERMARKET_LINES: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    ("汽车服务", "Automotive Services", ("维修保养", "钣金喷漆", "汽车美容"), None),
    ("汽车维修", "Auto Repair", ("新能源汽车维修", "三电系统检测", "事故车维修"), None),
    ("二手车", "Used Car", ("二手车评估", "二手车交易", "车辆置换"), None),
    ("汽车租赁", "Car Rental", ("新能源汽车租赁", "企业用车长租", "网约车运力服务"), None),
    (
        "电池回收",
        "Battery Recycling",
        ("退役动力电池回收", "梯次利用", "再生材料加工"),
        Segment.POWER_BATTERY,
    ),
    (
        "再生资源",
        "Renewable Resources",
        ("报废汽车拆解", "零部件再制造", "废旧金属回收"),
        Segment.LIGHTWEIGHT_MATERIALS,
    ),
    ("机动车检测", "Vehicle Inspection", ("机动车安全检测", "排放检测", "新能源汽车年检"), None),
    (
        "充电运营",
        "Charging Operations",
        ("公共充电站运营", "换电服务", "充电桩运维"),
        Segment.CHARGING_HYDROGEN,
    ),
    ("汽车配件", "Auto Parts Trading", ("汽车配件批发", "保养件供应", "电商配送"), Segment.CHASSIS_BODY),
    (
        "智慧出行",
        "Smart Mobility",
        ("车队管理", "车联网数据服务", "出行平台运营"),
        Segment.INTELLIGENT_CONNECTED,
    ),
)

# (Chinese, English, weight). A joint-stock company is "Co., Ltd." in English too.
COMPANY_FORMS: tuple[tuple[str, str, int], ...] = (
    ("有限公司", "Co., Ltd.", 55),
    ("科技有限公司", "Technology Co., Ltd.", 30),
    ("股份有限公司", "Co., Ltd.", 15),
)
VEHICLE_FORMS: tuple[tuple[str, str, int], ...] = (
    ("有限公司", "Co., Ltd.", 60),
    ("股份有限公司", "Co., Ltd.", 25),
    ("集团有限公司", "Group Co., Ltd.", 15),
)

# University prefixes: a poetic name of the place where one is known (皖江, the Yangtze in Anhui), else
# the city itself. Keyed by city, then by province.
UNIVERSITY_PREFIXES: dict[str, tuple[Word, ...]] = {
    "340100": (("淝水", "Feishui"), ("庐州", "Luzhou"), ("蜀山", "Shushan"), ("滨湖", "Binhu")),
    "340200": (("皖江", "Wanjiang"), ("鸠兹", "Jiuzi"), ("镜湖", "Jinghu")),
    "340000": (("皖中", "Wanzhong"), ("淮河", "Huaihe"), ("大别山", "Dabieshan"), ("徽州", "Huizhou")),
    "320000": (("姑苏", "Gusu"), ("江海", "Jianghai"), ("淮扬", "Huaiyang")),
    "330000": (("甬江", "Yongjiang"), ("钱塘", "Qiantang"), ("越州", "Yuezhou"), ("瓯江", "Oujiang")),
    "310000": (("申江", "Shenjiang"), ("浦江", "Pujiang"), ("淞沪", "Songhu")),
}
UNIVERSITY_KINDS: tuple[Word, ...] = (
    ("理工学院", "Institute of Technology"),
    ("工程学院", "Institute of Engineering"),
    ("汽车工程学院", "Institute of Automotive Engineering"),
    ("科技大学", "University of Science and Technology"),
    ("新能源工程学院", "Institute of New Energy Engineering"),
    ("交通职业技术学院", "Vocational and Technical College of Communications"),
    ("汽车职业技术学院", "Automotive Vocational and Technical College"),
    ("机电职业技术学院", "Vocational and Technical College of Mechanical and Electrical Engineering"),
)
UNIVERSITY_MAJORS = (
    "新能源汽车工程",
    "智能车辆工程",
    "材料成型及控制工程",
    "电气工程及其自动化",
    "微电子科学与工程",
)

# Research fields with the segments they cover.
RESEARCH_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("新能源汽车", "New Energy Vehicle", (Segment.COMPLETE_VEHICLE, Segment.POWER_BATTERY)),
    ("智能网联汽车", "Intelligent Connected Vehicle", (Segment.INTELLIGENT_CONNECTED,)),
    ("动力电池", "Power Battery", (Segment.POWER_BATTERY,)),
    ("电驱动系统", "Electric Drive System", (Segment.ELECTRIC_DRIVE,)),
    ("汽车电子", "Automotive Electronics", (Segment.CHIPS_ELECTRONICS,)),
    ("汽车芯片", "Automotive Chip", (Segment.CHIPS_ELECTRONICS,)),
    ("轻量化材料", "Lightweight Materials", (Segment.LIGHTWEIGHT_MATERIALS,)),
    ("先进材料", "Advanced Materials", (Segment.LIGHTWEIGHT_MATERIALS,)),
    ("氢能与燃料电池", "Hydrogen and Fuel Cell", (Segment.CHARGING_HYDROGEN,)),
    ("智能制造", "Intelligent Manufacturing", (Segment.CHASSIS_BODY,)),
    ("汽车安全", "Automotive Safety", (Segment.CHASSIS_BODY, Segment.INTELLIGENT_CONNECTED)),
    ("车用软件", "Automotive Software", (Segment.INTELLIGENT_CONNECTED,)),
)
TESTING_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("汽车零部件", "Automotive Parts", (Segment.CHASSIS_BODY,)),
    ("新能源汽车", "New Energy Vehicle", (Segment.POWER_BATTERY, Segment.ELECTRIC_DRIVE)),
    ("动力电池", "Power Battery", (Segment.POWER_BATTERY,)),
    ("汽车电子", "Automotive Electronics", (Segment.CHIPS_ELECTRONICS,)),
    ("智能网联汽车", "Intelligent Connected Vehicle", (Segment.INTELLIGENT_CONNECTED,)),
)
RESEARCH_SERVICES = ("检验检测", "技术咨询", "中试验证", "成果转化", "标准制定", "人才培训")

# Financial institution kinds: (Chinese form, English form, products, weight). `{b}` is a brand.
FINANCE_KINDS: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    (
        "bank",
        "Bank",
        ("供应链金融", "科技型企业信用贷款", "知识产权质押融资", "票据贴现", "设备按揭贷款"),
        45,
    ),
    (
        "融资租赁有限公司",
        "Financial Leasing Co., Ltd.",
        ("设备融资租赁", "售后回租", "新能源汽车经营租赁"),
        14,
    ),
    ("创业投资有限公司", "Venture Capital Co., Ltd.", ("股权投资", "投后增值服务", "产业链并购咨询"), 10),
    (
        "产业投资基金管理有限公司",
        "Industrial Investment Fund Management Co., Ltd.",
        ("产业基金", "股权投资"),
        6,
    ),
    ("融资担保有限公司", "Financing Guarantee Co., Ltd.", ("融资担保", "履约保函", "知识产权质押担保"), 10),
    ("汽车金融有限公司", "Auto Finance Co., Ltd.", ("汽车消费贷款", "经销商库存融资", "融资租赁购车"), 5),
    ("insurance", "Property Insurance", ("新能源汽车保险", "产品质量责任保险", "首台套重大技术装备保险"), 10),
)

# ---------------------------------------------------------------------------------------------------
# People and addresses

# The most common surnames, roughly in order of frequency, so that 王, 李 and 张 come up most.
SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN_CHARS = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建文辉玲红鹏飞宇浩然欣怡子涵思远晨阳雪梅志国海燕立新佳琪俊凯"
)
MOBILE_PREFIXES = tuple(
    ["133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "158", "177", "180", "186", "189"]
)
ZONES = ("经济技术开发区", "高新技术产业开发区", "新能源汽车产业园", "智能制造产业园", "汽车零部件产业园")
ROADS = (
    "创新大道", "科技路", "汽车城大道", "新能源大道", "长江路", "工业园路", "智造大道", "兴业路",
    "迎宾大道", "港湾路", "紫云路", "翡翠路", "锦绣大道", "梧桐路", "青年路", "云谷路", "天河路", "明德路",
)  # fmt: skip
