"""The demo programme as plain data.

Organisations, academies, topics and places are real (named in the programme description, or where
its courses take place). Every person is invented and stored with ``is_demo=True``; their e-mail
addresses are on example.org. Rooms, site-visit sites and opening days are illustrative.

Rows refer to each other by the short keys used here (``"namc"``, ``"us-doe"``, ``"suzhou"``...);
the loader turns keys into rows.
"""

import datetime

from peixun.core.enums import Language, Role
from peixun.courses.enums import CourseStatus
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.partners.models import Engagement
from peixun.people.enums import JurisdictionLevel, OrganisationKind, PositionCategory

PASSWORD = "peixun-demo"

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
WEEKDAYS = [MON, TUE, WED, THU, FRI]
MON_TO_SAT = [MON, TUE, WED, THU, FRI, SAT]
TUE_TO_SUN = [TUE, WED, THU, FRI, SAT, SUN]
EVERY_DAY = [MON, TUE, WED, THU, FRI, SAT, SUN]

MORNING, AFTERNOON, EVENING = PartOfDay.MORNING, PartOfDay.AFTERNOON, PartOfDay.EVENING
LECTURE = SessionFormat.LECTURE
WORKSHOP = SessionFormat.WORKSHOP
SITE_VISIT = SessionFormat.SITE_VISIT
DINNER = SessionFormat.DINNER
LUNCH = SessionFormat.LUNCH
EXHIBITION = SessionFormat.EXHIBITION

# Academies ------------------------------------------------------------------------------------

ACADEMIES = {
    "namc": {
        "name_en": "National Academy for Mayors of China",
        "name_zh": "全国市长研修学院",
        "city_en": "Beijing",
        "city_zh": "北京",
        "usual_capacity": 40,
    },
    "celap": {
        "name_en": "China Executive Leadership Academy Pudong",
        "name_zh": "中国浦东干部学院",
        "city_en": "Shanghai",
        "city_zh": "上海",
        "usual_capacity": 40,
    },
    "cag": {
        "name_en": "Chinese Academy of Governance",
        "name_zh": "国家行政学院",
        "city_en": "Beijing",
        "city_zh": "北京",
        "usual_capacity": 45,
    },
}

# Topics: the twelve of the programme description, in its order -------------------------------

TOPICS = [
    ("energy-master-planning", "Energy master planning", "能源总体规划"),
    ("smart-transportation", "Smart transportation", "智慧交通"),
    ("municipal-waste-water", "Municipal waste and water treatment", "城市垃圾与污水处理"),
    ("eco-heritage-tourism", "Eco-heritage tourism", "生态遗产旅游"),
    ("climate-resilient-design", "Climate-resilient city design", "气候适应型城市设计"),
    ("pollution-reduction", "Pollution reduction", "污染减排"),
    ("green-financing", "Green financing", "绿色金融"),
    ("clean-energy", "Clean energy", "清洁能源"),
    ("sustainable-lifestyles", "Sustainable lifestyles", "可持续生活方式"),
    ("circular-economy", "Circular economy", "循环经济"),
    ("green-buildings", "Green buildings", "绿色建筑"),
    ("eco-cities", "Eco-cities", "生态城市"),
]

# Organisations --------------------------------------------------------------------------------

GOV, SOE, UNI, CO, NGO, INTL = (
    OrganisationKind.GOVERNMENT,
    OrganisationKind.SOE,
    OrganisationKind.UNIVERSITY,
    OrganisationKind.COMPANY,
    OrganisationKind.NGO,
    OrganisationKind.INTERNATIONAL,
)

# key: (English name, Chinese name, kind, website)
ORGANISATIONS = {
    "us-doe": ("US Department of Energy", "美国能源部", GOV, "https://www.energy.gov/"),
    "us-epa": ("US Environmental Protection Agency", "美国国家环境保护局", GOV, "https://www.epa.gov/"),
    "world-bank": ("World Bank", "世界银行", INTL, "https://www.worldbank.org/"),
    "mckinsey": ("McKinsey & Company", "麦肯锡公司", CO, "https://www.mckinsey.com/"),
    "philips": ("Philips Lighting", "飞利浦照明", CO, ""),
    "covanta": ("Covanta", "卡万塔", CO, "https://www.covanta.com/"),
    "arup": ("Arup", "奥雅纳", CO, "https://www.arup.com/"),
    "ase": ("Alliance to Save Energy", "美国节能联盟", NGO, "https://www.ase.org/"),
    "wwf": ("WWF", "世界自然基金会", NGO, ""),
    "bsr": ("BSR", "商务社会责任国际协会", NGO, "https://www.bsr.org/"),
    "shui-on-land": ("Shui On Land", "瑞安房地产", CO, "https://www.shuionland.com/"),
    "owens-corning": ("Owens Corning", "欧文斯科宁", CO, "https://www.owenscorning.com/"),
    "lbnl": ("Lawrence Berkeley National Laboratory", "劳伦斯伯克利国家实验室", GOV, "https://www.lbl.gov/"),
    "nyc": ("City of New York", "纽约市政府", GOV, "https://www.nyc.gov/"),
    "seoul": ("Seoul Metropolitan Government", "首尔市政府", GOV, "https://english.seoul.go.kr/"),
    "gla": ("Greater London Authority", "大伦敦政府", GOV, "https://www.london.gov.uk/"),
    "columbia": ("Columbia University", "哥伦比亚大学", UNI, "https://www.columbia.edu/"),
    "tongji": ("Tongji University", "同济大学", UNI, "https://www.tongji.edu.cn/"),
    "tsinghua": ("Tsinghua University", "清华大学", UNI, "https://www.tsinghua.edu.cn/"),
}

# The units that send officials (Organisation.is_sending_unit).
SENDING_UNITS = {
    "mohurd-ucd": (
        "Ministry of Housing and Urban-Rural Development, Department of Urban Construction",
        "住房和城乡建设部城市建设司",
        GOV,
        "https://www.mohurd.gov.cn/",
    ),
    "jiangsu": ("Jiangsu Provincial Government", "江苏省人民政府", GOV, "https://www.jiangsu.gov.cn/"),
    "zhejiang": ("Zhejiang Provincial Government", "浙江省人民政府", GOV, "https://www.zj.gov.cn/"),
    "guangdong": ("Guangdong Provincial Government", "广东省人民政府", GOV, "https://www.gd.gov.cn/"),
    "sichuan": ("Sichuan Provincial Government", "四川省人民政府", GOV, "https://www.sc.gov.cn/"),
    "state-grid": ("State Grid Corporation of China", "国家电网有限公司", SOE, "https://www.sgcc.com.cn/"),
}

# Jurisdictions --------------------------------------------------------------------------------

PROVINCE, PREFECTURE = JurisdictionLevel.PROVINCE, JurisdictionLevel.PREFECTURE

# Resident populations from China's seventh national census (reference date 1 November 2020), as
# published by the National Bureau of Statistics and the provincial and municipal statistics bureaus.
# key: (English name, Chinese name, level, parent key, population)
JURISDICTIONS = {
    "beijing": ("Beijing", "北京市", PROVINCE, None, 21_893_095),
    "shanghai": ("Shanghai", "上海市", PROVINCE, None, 24_870_895),
    "jiangsu": ("Jiangsu", "江苏省", PROVINCE, None, 84_748_016),
    "suzhou": ("Suzhou", "苏州市", PREFECTURE, "jiangsu", 12_748_262),
    "nanjing": ("Nanjing", "南京市", PREFECTURE, "jiangsu", 9_314_685),
    "wuxi": ("Wuxi", "无锡市", PREFECTURE, "jiangsu", 7_462_135),
    "zhejiang": ("Zhejiang", "浙江省", PROVINCE, None, 64_567_588),
    "hangzhou": ("Hangzhou", "杭州市", PREFECTURE, "zhejiang", 11_936_010),
    "ningbo": ("Ningbo", "宁波市", PREFECTURE, "zhejiang", 9_404_283),
    "wenzhou": ("Wenzhou", "温州市", PREFECTURE, "zhejiang", 9_572_903),
    "guangdong": ("Guangdong", "广东省", PROVINCE, None, 126_012_510),
    "guangzhou": ("Guangzhou", "广州市", PREFECTURE, "guangdong", 18_676_605),
    "shenzhen": ("Shenzhen", "深圳市", PREFECTURE, "guangdong", 17_560_061),
    "dongguan": ("Dongguan", "东莞市", PREFECTURE, "guangdong", 10_466_625),
    "foshan": ("Foshan", "佛山市", PREFECTURE, "guangdong", 9_498_863),
    "sichuan": ("Sichuan", "四川省", PROVINCE, None, 83_674_866),
    "chengdu": ("Chengdu", "成都市", PREFECTURE, "sichuan", 20_937_757),
    "shandong": ("Shandong", "山东省", PROVINCE, None, 101_527_453),
    "qingdao": ("Qingdao", "青岛市", PREFECTURE, "shandong", 10_071_722),
    "jinan": ("Jinan", "济南市", PREFECTURE, "shandong", 9_202_432),
    "hubei": ("Hubei", "湖北省", PROVINCE, None, 57_752_557),
    "wuhan": ("Wuhan", "武汉市", PREFECTURE, "hubei", 12_326_518),
    "fujian": ("Fujian", "福建省", PROVINCE, None, 41_540_086),
    "xiamen": ("Xiamen", "厦门市", PREFECTURE, "fujian", 5_163_970),
    "fuzhou": ("Fuzhou", "福州市", PREFECTURE, "fujian", 8_291_268),
    "hebei": ("Hebei", "河北省", PROVINCE, None, 74_610_235),
    "baoding": ("Baoding", "保定市", PREFECTURE, "hebei", 11_544_036),
    "shijiazhuang": ("Shijiazhuang", "石家庄市", PREFECTURE, "hebei", 11_235_086),
}

# Venues ---------------------------------------------------------------------------------------

ROOM, SITE, RESTAURANT, HALL = "room", "site", "restaurant", "hall"

VENUES = {
    "namc-hall": {
        "name_en": "NAMC Lecture Hall",
        "name_zh": "全国市长研修学院报告厅",
        "kind": ROOM,
        "academy": "namc",
        "capacity": 120,
        "open_days": MON_TO_SAT,
    },
    "namc-seminar": {
        "name_en": "NAMC Seminar Room 2",
        "name_zh": "全国市长研修学院第二研讨室",
        "kind": ROOM,
        "academy": "namc",
        "capacity": 60,
        "open_days": MON_TO_SAT,
    },
    "namc-dining": {
        "name_en": "NAMC Dining Hall",
        "name_zh": "全国市长研修学院餐厅",
        "kind": RESTAURANT,
        "academy": "namc",
        "capacity": 150,
        "open_days": EVERY_DAY,
    },
    "celap-auditorium": {
        "name_en": "CELAP Auditorium",
        "name_zh": "中国浦东干部学院礼堂",
        "kind": ROOM,
        "academy": "celap",
        "address": "99 Qiancheng Road, Pudong New Area, Shanghai",
        "capacity": 300,
        "open_days": EVERY_DAY,
    },
    "celap-case-room": {
        "name_en": "CELAP Case-Study Room 1",
        "name_zh": "中国浦东干部学院第一案例教室",
        "kind": ROOM,
        "academy": "celap",
        "address": "99 Qiancheng Road, Pudong New Area, Shanghai",
        "capacity": 60,
        "open_days": MON_TO_SAT,
    },
    "cag-hall": {
        "name_en": "CAG Lecture Hall 3",
        "name_zh": "国家行政学院第三报告厅",
        "kind": ROOM,
        "academy": "cag",
        "address": "6 Changchunqiao Road, Haidian District, Beijing",
        "capacity": 200,
        "open_days": WEEKDAYS,
    },
    "cag-seminar": {
        "name_en": "CAG Seminar Room 12",
        "name_zh": "国家行政学院第十二研讨室",
        "kind": ROOM,
        "academy": "cag",
        "address": "6 Changchunqiao Road, Haidian District, Beijing",
        "capacity": 56,
        "open_days": WEEKDAYS,
    },
    "philips-centre": {
        "name_en": "Philips Lighting Application Centre, Beijing",
        "name_zh": "飞利浦照明应用中心（北京）",
        "kind": SITE,
        "host": "philips",
        "city_en": "Beijing",
        "city_zh": "北京",
        "capacity": 50,
        "open_days": WEEKDAYS,
    },
    "tsinghua-sieeb": {
        "name_en": "Sino-Italian Ecological and Energy Efficient Building, Tsinghua University",
        "name_zh": "清华大学中意环境节能楼",
        "kind": SITE,
        "host": "tsinghua",
        "address": "Tsinghua University, Haidian District, Beijing",
        "city_en": "Beijing",
        "city_zh": "北京",
        "capacity": 80,
        "open_days": WEEKDAYS,
    },
    "covanta-plant": {
        "name_en": "Energy-from-Waste Demonstration Plant (Covanta technology)",
        "name_zh": "垃圾焚烧发电示范厂（卡万塔技术）",
        "kind": SITE,
        "host": "covanta",
        "city_en": "Beijing",
        "city_zh": "北京",
        "capacity": 50,
        "open_days": WEEKDAYS,
    },
    "beijing-planning-hall": {
        "name_en": "Beijing Planning Exhibition Hall",
        "name_zh": "北京市规划展览馆",
        "kind": HALL,
        "address": "20 Qianmen East Street, Dongcheng District, Beijing",
        "city_en": "Beijing",
        "city_zh": "北京",
        "capacity": 300,
        "open_days": TUE_TO_SUN,
    },
    "quanjude": {
        "name_en": "Quanjude Roast Duck Restaurant, Hepingmen",
        "name_zh": "全聚德烤鸭店（和平门店）",
        "kind": RESTAURANT,
        "address": "14 Qianmen West Street, Xicheng District, Beijing",
        "city_en": "Beijing",
        "city_zh": "北京",
        "capacity": 300,
        "open_days": EVERY_DAY,
    },
    "beijing-hotel": {
        "name_en": "Beijing Hotel, Golden Hall",
        "name_zh": "北京饭店金色大厅",
        "kind": RESTAURANT,
        "address": "33 East Chang'an Avenue, Dongcheng District, Beijing",
        "city_en": "Beijing",
        "city_zh": "北京",
        "capacity": 400,
        "open_days": EVERY_DAY,
    },
    "xintiandi": {
        "name_en": "Shanghai Xintiandi",
        "name_zh": "上海新天地",
        "kind": SITE,
        "host": "shui-on-land",
        "address": "Lane 181 Taicang Road, Huangpu District, Shanghai",
        "city_en": "Shanghai",
        "city_zh": "上海",
        "capacity": 80,
        "open_days": EVERY_DAY,
    },
    "kic": {
        "name_en": "Knowledge and Innovation Community, Yangpu",
        "name_zh": "创智天地（杨浦）",
        "kind": SITE,
        "host": "shui-on-land",
        "city_en": "Shanghai",
        "city_zh": "上海",
        "capacity": 60,
        "open_days": WEEKDAYS,
    },
    "laogang": {
        "name_en": "Laogang Renewable Energy Centre, Shanghai",
        "name_zh": "上海老港再生能源利用中心",
        "kind": SITE,
        "address": "Laogang Town, Pudong New Area, Shanghai",
        "city_en": "Shanghai",
        "city_zh": "上海",
        "capacity": 60,
        "open_days": WEEKDAYS,
    },
    "shanghai-planning-hall": {
        "name_en": "Shanghai Urban Planning Exhibition Center",
        "name_zh": "上海城市规划展示馆",
        "kind": HALL,
        "address": "100 People's Avenue, Huangpu District, Shanghai",
        "city_en": "Shanghai",
        "city_zh": "上海",
        "capacity": 300,
        "open_days": TUE_TO_SUN,
    },
}

# Module templates -----------------------------------------------------------------------------
# Class hours follow the format (peixun.curriculum.enums.DEFAULT_CLASS_HOURS): 3.0 for lectures,
# workshops and site visits, 2.0 for exhibitions, none for meals.
# Outline rows: (day of the module, part of day, format, English title, Chinese title)

MODULES = [
    {
        "code": "energy-master-planning",
        "title_en": "Energy master planning for cities",
        "title_zh": "城市能源总体规划",
        "days": 3,
        "topics": ["energy-master-planning", "clean-energy"],
        "objectives_en": (
            "Leaders learn how a city measures its energy use, sets targets it can meet, and turns them into "
            "a plan that departments, utilities and investors follow."
        ),
        "objectives_zh": (
            "学员了解城市如何摸清能源消费底数、设定可实现的目标，并将其转化为各部门、能源企业和投资方共同执行的规划。"
        ),
        "outline": [
            (1, MORNING, LECTURE, "Opening keynote: energy-smart cities", "开班主旨报告：能源智慧城市"),
            (1, AFTERNOON, LECTURE, "Energy master planning, step by step", "能源总体规划的方法与步骤"),
            (1, EVENING, DINNER, "Welcome dinner", "欢迎晚宴"),
            (
                2,
                MORNING,
                LECTURE,
                "PlaNYC: a city sustainability plan in practice",
                "PlaNYC：纽约城市可持续发展规划的实践",
            ),
            (2, AFTERNOON, WORKSHOP, "Workshop: your city's energy baseline", "研讨：本市能源消费基线"),
            (3, MORNING, LECTURE, "Financing energy efficiency in cities", "城市节能项目的融资"),
            (3, AFTERNOON, SITE_VISIT, "Site visit: smart street lighting", "现场教学：智慧道路照明"),
        ],
    },
    {
        "code": "green-buildings",
        "title_en": "Green buildings and retrofits",
        "title_zh": "绿色建筑与既有建筑节能改造",
        "days": 3,
        "topics": ["green-buildings", "energy-master-planning"],
        "objectives_en": (
            "Leaders compare green-building standards, see a near-zero-energy building at work, and leave with "
            "the outline of a retrofit programme for their city's public buildings."
        ),
        "objectives_zh": "学员比较各类绿色建筑标准，实地考察近零能耗建筑的运行，并形成本市公共建筑节能改造计划的框架。",
        "outline": [
            (1, MORNING, LECTURE, "Green building standards and what they save", "绿色建筑标准及其节能效益"),
            (1, AFTERNOON, SITE_VISIT, "Site visit: a near-zero-energy building", "现场教学：近零能耗建筑"),
            (1, EVENING, DINNER, "Partner dinner", "合作伙伴晚宴"),
            (2, MORNING, LECTURE, "ENERGY STAR and benchmarking public buildings", "能源之星与公共建筑能耗对标"),
            (
                2,
                AFTERNOON,
                WORKSHOP,
                "Workshop: a retrofit programme for public buildings",
                "研讨：公共建筑节能改造计划",
            ),
            (3, MORNING, LECTURE, "Mixed-use, low-carbon districts", "混合功能低碳街区"),
            (3, AFTERNOON, LUNCH, "Partner lunch", "合作伙伴午餐"),
        ],
    },
    {
        "code": "smart-transportation",
        "title_en": "Smart transportation",
        "title_zh": "智慧交通与公交优先",
        "days": 3,
        "topics": ["smart-transportation", "pollution-reduction"],
        "objectives_en": (
            "Leaders learn from Seoul and London how buses, charging and data can move more people with less "
            "congestion and cleaner air."
        ),
        "objectives_zh": "学员借鉴首尔与伦敦的经验，了解如何通过公交、充电设施和数据让城市交通更顺畅、空气更清洁。",
        "outline": [
            (
                1,
                MORNING,
                LECTURE,
                "Seoul: bus reform and the Cheonggyecheon restoration",
                "首尔：公交改革与清溪川复原",
            ),
            (1, AFTERNOON, LECTURE, "London: congestion charging and clean air", "伦敦：拥堵收费与清洁空气"),
            (2, MORNING, WORKSHOP, "Workshop: a bus rapid transit corridor for your city", "研讨：本市快速公交走廊"),
            (2, AFTERNOON, EXHIBITION, "Exhibition: the city's transport plan", "展览：城市交通规划"),
            (3, MORNING, LECTURE, "Data-driven transport planning", "数据驱动的交通规划"),
            (3, AFTERNOON, LECTURE, "Electric vehicles and charging networks", "电动汽车与充电网络"),
        ],
    },
    {
        "code": "waste-and-water",
        "title_en": "Municipal waste and water treatment",
        "title_zh": "城市垃圾与污水处理",
        "days": 3,
        "topics": ["municipal-waste-water", "circular-economy", "pollution-reduction"],
        "objectives_en": (
            "Leaders see how waste becomes energy and wastewater becomes a resource, and draft a plan that "
            "sends less to landfill."
        ),
        "objectives_zh": "学员了解垃圾如何转化为能源、污水如何成为资源，并起草减少填埋的行动方案。",
        "outline": [
            (1, MORNING, LECTURE, "Energy from waste: how it works and what it costs", "垃圾焚烧发电：原理与成本"),
            (1, AFTERNOON, SITE_VISIT, "Site visit: an energy-from-waste plant", "现场教学：垃圾焚烧发电厂"),
            (1, EVENING, DINNER, "Partner dinner", "合作伙伴晚宴"),
            (2, MORNING, LECTURE, "Clean water: treatment and reuse", "清洁水：污水处理与再生利用"),
            (2, AFTERNOON, WORKSHOP, "Workshop: a circular plan for municipal waste", "研讨：城市垃圾循环利用方案"),
            (
                3,
                MORNING,
                WORKSHOP,
                "Workshop: a waste and water action plan for your city",
                "研讨：本市垃圾与污水治理行动计划",
            ),
            (3, AFTERNOON, LUNCH, "Closing lunch", "结业午餐"),
        ],
    },
    {
        "code": "eco-heritage-tourism",
        "title_en": "Eco-heritage tourism",
        "title_zh": "生态遗产旅游",
        "days": 2,
        "topics": ["eco-heritage-tourism", "sustainable-lifestyles"],
        "objectives_en": (
            "Leaders learn to treat heritage and landscape as assets that earn an income only as long as they "
            "are protected."
        ),
        "objectives_zh": "学员认识到历史文化遗产与自然景观是一种资产，只有在得到保护的前提下才能持续带来收益。",
        "outline": [
            (
                1,
                MORNING,
                LECTURE,
                "Heritage as an asset: conservation-led regeneration",
                "以遗产为资产：保护引领的城市更新",
            ),
            (1, AFTERNOON, SITE_VISIT, "Site visit: a restored historic district", "现场教学：历史街区保护与更新"),
            (1, EVENING, DINNER, "Partner dinner", "合作伙伴晚宴"),
            (2, MORNING, LECTURE, "Eco-tourism that keeps the village alive", "让乡村保持活力的生态旅游"),
            (2, AFTERNOON, WORKSHOP, "Workshop: a visitor plan that protects the site", "研讨：兼顾保护的游客管理方案"),
        ],
    },
    {
        "code": "climate-resilient-design",
        "title_en": "Climate-resilient city design",
        "title_zh": "气候适应型城市设计",
        "days": 4,
        "topics": ["climate-resilient-design", "eco-cities"],
        "objectives_en": (
            "Leaders map the heat, flood and storm risks their city faces and choose the designs, rules and "
            "finance that reduce them."
        ),
        "objectives_zh": "学员梳理本市面临的高温、洪涝和风暴风险，选择能够降低风险的设计方案、管理规定和融资方式。",
        "outline": [
            (
                1,
                MORNING,
                LECTURE,
                "Climate risk for city leaders: heat, floods and storms",
                "城市领导者面对的气候风险：高温、洪涝与风暴",
            ),
            (1, AFTERNOON, LECTURE, "Sponge cities: designing with water", "海绵城市：与水共生的设计"),
            (2, MORNING, LECTURE, "After the storm: lessons from New York's recovery", "风暴之后：纽约灾后重建的经验"),
            (2, AFTERNOON, WORKSHOP, "Workshop: mapping your city's flood risk", "研讨：绘制本市洪涝风险图"),
            (3, MORNING, SITE_VISIT, "Site visit: a sponge-city demonstration area", "现场教学：海绵城市示范区"),
            (
                3,
                AFTERNOON,
                LECTURE,
                "Cooling the city: green roofs, trees and shade",
                "为城市降温：屋顶绿化、行道树与遮阴",
            ),
            (4, MORNING, WORKSHOP, "Workshop: a climate-adaptation action plan", "研讨：气候适应行动计划"),
            (4, AFTERNOON, LECTURE, "Insurance and finance for resilience", "韧性城市建设的保险与金融"),
        ],
    },
    {
        "code": "pollution-reduction",
        "title_en": "Pollution reduction and clean air",
        "title_zh": "污染减排与清洁空气",
        "days": 3,
        "topics": ["pollution-reduction", "clean-energy"],
        "objectives_en": (
            "Leaders learn how cities that once had the worst air cut it, and which monitoring, standards and "
            "enforcement made the difference."
        ),
        "objectives_zh": "学员了解曾经空气污染最严重的城市如何实现治理，以及监测、标准和执法在其中发挥的作用。",
        "outline": [
            (
                1,
                MORNING,
                LECTURE,
                "Clean air: how London and Los Angeles cut smog",
                "清洁空气：伦敦与洛杉矶如何治理烟雾污染",
            ),
            (
                1,
                AFTERNOON,
                LECTURE,
                "Measuring what matters: monitoring networks and open data",
                "监测网络与数据公开",
            ),
            (
                2,
                MORNING,
                LECTURE,
                "Industrial emissions: standards, permits and enforcement",
                "工业排放：标准、许可与执法",
            ),
            (2, AFTERNOON, SITE_VISIT, "Site visit: an air-quality monitoring centre", "现场教学：空气质量监测中心"),
            (2, EVENING, DINNER, "Partner dinner", "合作伙伴晚宴"),
            (3, MORNING, WORKSHOP, "Workshop: a clean-air plan for your city", "研讨：本市清洁空气行动方案"),
            (3, AFTERNOON, EXHIBITION, "Exhibition: clean technologies for cleaner air", "展览：大气污染治理技术"),
        ],
    },
    {
        "code": "green-finance",
        "title_en": "Green financing",
        "title_zh": "绿色金融",
        "days": 2,
        "topics": ["green-financing"],
        "objectives_en": (
            "Leaders learn what makes a clean-infrastructure project bankable and how green bonds and "
            "partnerships with investors pay for it."
        ),
        "objectives_zh": "学员了解清洁基础设施项目具备融资可行性的条件，以及如何通过绿色债券和社会资本合作筹集资金。",
        "outline": [
            (1, MORNING, LECTURE, "Green bonds and how cities use them", "绿色债券及其在城市中的应用"),
            (
                1,
                AFTERNOON,
                LECTURE,
                "Public-private partnerships for clean infrastructure",
                "清洁基础设施领域的政府和社会资本合作",
            ),
            (2, MORNING, WORKSHOP, "Workshop: making a project bankable", "研讨：提高项目的融资可行性"),
            (2, AFTERNOON, LUNCH, "Partner lunch with investors", "与投资机构交流午餐"),
        ],
    },
    {
        "code": "clean-energy",
        "title_en": "Clean energy for cities",
        "title_zh": "城市清洁能源",
        "days": 4,
        "topics": ["clean-energy", "energy-master-planning"],
        "objectives_en": (
            "Leaders learn how solar, wind, district energy and smart grids fit into a city's supply, and set "
            "a renewable-energy target their city can reach."
        ),
        "objectives_zh": (
            "学员了解光伏、风电、区域能源和智能电网如何融入城市能源供应，并设定本市可实现的可再生能源目标。"
        ),
        "outline": [
            (
                1,
                MORNING,
                LECTURE,
                "The clean-energy transition and what it means for cities",
                "清洁能源转型对城市的意义",
            ),
            (1, AFTERNOON, LECTURE, "Solar and wind in the city grid", "城市电网中的光伏与风电"),
            (2, MORNING, LECTURE, "District heating and cooling", "区域供热与供冷"),
            (2, AFTERNOON, SITE_VISIT, "Site visit: a distributed-energy project", "现场教学：分布式能源项目"),
            (3, MORNING, LECTURE, "Smart grids and demand response", "智能电网与需求响应"),
            (3, AFTERNOON, WORKSHOP, "Workshop: a renewable-energy target for your city", "研讨：本市可再生能源目标"),
            (3, EVENING, DINNER, "Partner dinner", "合作伙伴晚宴"),
            (4, MORNING, LECTURE, "Storage, hydrogen and what comes next", "储能、氢能与未来技术"),
            (4, AFTERNOON, EXHIBITION, "Exhibition: clean-energy technologies", "展览：清洁能源技术"),
        ],
    },
    {
        "code": "sustainable-lifestyles",
        "title_en": "Sustainable lifestyles",
        "title_zh": "低碳生活方式",
        "days": 2,
        "topics": ["sustainable-lifestyles"],
        "objectives_en": (
            "Leaders learn what makes residents walk, cycle, sort waste and save energy, and plan a campaign "
            "that lasts longer than a slogan."
        ),
        "objectives_zh": "学员了解如何引导市民步行、骑行、垃圾分类和节约能源，并策划一项不止于口号的持续行动。",
        "outline": [
            (1, MORNING, LECTURE, "Low-carbon living: what changes behaviour", "低碳生活：什么能够改变行为"),
            (1, AFTERNOON, WORKSHOP, "Workshop: a city campaign for low-carbon living", "研讨：城市低碳生活推广行动"),
            (
                2,
                MORNING,
                LECTURE,
                "Cycling, walking and the 15-minute neighbourhood",
                "骑行、步行与十五分钟生活圈",
            ),
            (2, AFTERNOON, SITE_VISIT, "Site visit: a low-carbon community", "现场教学：低碳社区"),
        ],
    },
    {
        "code": "circular-economy",
        "title_en": "Circular economy",
        "title_zh": "循环经济与生态工业园区",
        "days": 3,
        "topics": ["circular-economy", "municipal-waste-water"],
        "objectives_en": (
            "Leaders learn how industrial parks and supply chains share energy, water and materials, and "
            "draft a circular-economy roadmap for their city."
        ),
        "objectives_zh": "学员了解工业园区和供应链如何共享能源、水和材料，并起草本市循环经济发展路线图。",
        "outline": [
            (1, MORNING, LECTURE, "From waste to resource: the circular economy", "变废为宝：循环经济"),
            (
                1,
                AFTERNOON,
                LECTURE,
                "Eco-industrial parks: sharing energy, water and materials",
                "生态工业园区：能源、水与材料的共享",
            ),
            (2, MORNING, SITE_VISIT, "Site visit: a circular-economy industrial park", "现场教学：循环经济产业园"),
            (2, AFTERNOON, WORKSHOP, "Workshop: supply chains that waste less", "研讨：减少浪费的供应链"),
            (2, EVENING, DINNER, "Partner dinner", "合作伙伴晚宴"),
            (
                3,
                MORNING,
                LECTURE,
                "Packaging, recycling and extended producer responsibility",
                "包装、回收与生产者责任延伸",
            ),
            (3, AFTERNOON, WORKSHOP, "Workshop: a circular-economy roadmap for your city", "研讨：本市循环经济路线图"),
        ],
    },
    {
        "code": "eco-cities",
        "title_en": "Eco-cities: planning studio",
        "title_zh": "生态城市规划工作坊",
        "days": 6,
        "topics": ["eco-cities", "climate-resilient-design", "green-buildings", "smart-transportation"],
        "objectives_en": (
            "Over six days leaders study twenty years of eco-city pilots, visit eco-districts and a "
            "transit-oriented new town, and present an eco-city master plan for critique."
        ),
        "objectives_zh": (
            "六天中，学员研究二十年来的生态城市试点经验，"
            "考察生态片区和公共交通导向的新城，并汇报生态城市总体规划方案、接受点评。"
        ),
        "outline": [
            (
                1,
                MORNING,
                LECTURE,
                "What makes an eco-city: lessons from twenty years of pilots",
                "什么是生态城市：二十年试点的经验",
            ),
            (1, AFTERNOON, LECTURE, "Eco-city indicators and how to use them", "生态城市指标体系及其应用"),
            (
                2,
                MORNING,
                LECTURE,
                "Compact, mixed-use, walkable: planning the eco-district",
                "紧凑、混合、宜步行：生态片区规划",
            ),
            (2, AFTERNOON, SITE_VISIT, "Site visit: a mixed-use eco-district", "现场教学：混合功能生态片区"),
            (3, MORNING, LECTURE, "Energy, water and waste as one system", "能源、水与废弃物的系统统筹"),
            (3, AFTERNOON, WORKSHOP, "Workshop: an indicator set for your city", "研讨：本市生态城市指标体系"),
            (4, MORNING, LECTURE, "Transit-oriented development", "公共交通导向的城市开发"),
            (4, AFTERNOON, SITE_VISIT, "Site visit: a transit-oriented new town", "现场教学：公共交通导向的新城"),
            (4, EVENING, DINNER, "Partner dinner", "合作伙伴晚宴"),
            (5, MORNING, LECTURE, "Green buildings at district scale", "片区尺度的绿色建筑"),
            (5, AFTERNOON, EXHIBITION, "Exhibition: the eco-city in models and maps", "展览：生态城市规划模型与图纸"),
            (6, MORNING, WORKSHOP, "Studio: an eco-city master plan", "工作坊：生态城市总体规划"),
            (6, AFTERNOON, WORKSHOP, "Studio presentations and critique", "工作坊：成果汇报与点评"),
        ],
    },
]

# Lecturers (invented people) ------------------------------------------------------------------

COURSE_SEASON = (datetime.date(2027, 3, 29), datetime.date(2027, 5, 28))
WHOLE_YEAR = (datetime.date(2027, 1, 4), datetime.date(2027, 12, 17))

LECTURERS = {
    "whitfield": {
        "name": "Karen Whitfield",
        "name_zh": "卡伦·惠特菲尔德",
        "affiliation": "us-doe",
        "position": "Senior Adviser, Office of Energy Efficiency and Renewable Energy",
        "bio_en": (
            "Karen Whitfield advises the US Department of Energy on city energy programmes and has worked with "
            "more than forty American cities on energy plans and electric-vehicle infrastructure."
        ),
        "bio_zh": (
            "卡伦·惠特菲尔德是美国能源部能效与可再生能源办公室高级顾问，"
            "曾协助四十多个美国城市编制能源规划、建设电动汽车基础设施。"
        ),
        "topics": ["energy-master-planning", "clean-energy", "smart-transportation"],
        "languages": "en",
        "time_zone": "America/New_York",
        "availability": [(*COURSE_SEASON, "")],
    },
    "lindqvist": {
        "name": "Eric Lindqvist",
        "name_zh": "埃里克·林奎斯特",
        "affiliation": "lbnl",
        "position": "Staff Scientist, Energy Technologies Area",
        "bio_en": (
            "Eric Lindqvist models urban energy demand at Lawrence Berkeley National Laboratory and has spent "
            "a decade helping Chinese cities build energy baselines and low-carbon plans."
        ),
        "bio_zh": (
            "埃里克·林奎斯特在劳伦斯伯克利国家实验室从事城市能源需求建模，"
            "十年来协助多个中国城市建立能源消费基线、编制低碳规划。"
        ),
        "topics": ["energy-master-planning", "green-buildings", "clean-energy"],
        "languages": "en, zh",
        "time_zone": "America/Los_Angeles",
        "availability": [(datetime.date(2027, 4, 5), datetime.date(2027, 4, 30), "")],
    },
    "goldberg": {
        "name": "Rachel Goldberg",
        "name_zh": "雷切尔·戈德堡",
        "affiliation": "nyc",
        "position": "Former Director of Long-Term Planning and Sustainability, Office of the Mayor",
        "bio_en": (
            "Rachel Goldberg led the team that wrote and updated New York City's sustainability plan, from "
            "building-energy rules to storm resilience after Hurricane Sandy."
        ),
        "bio_zh": (
            "雷切尔·戈德堡曾领导纽约市可持续发展规划的编制与修订团队，"
            "工作涵盖建筑能耗管理规定以及飓风“桑迪”之后的城市韧性建设。"
        ),
        "topics": ["climate-resilient-design", "energy-master-planning", "sustainable-lifestyles"],
        "languages": "en",
        "time_zone": "America/New_York",
        "availability": [
            (
                datetime.date(2027, 4, 11),
                datetime.date(2027, 4, 15),
                "First week only; flies back to New York on 16 April",
            )
        ],
    },
    "ostrowski": {
        "name": "Jennifer Ostrowski",
        "name_zh": "詹妮弗·奥斯特罗夫斯基",
        "affiliation": "ase",
        "position": "Director, International Programmes",
        "bio_en": (
            "Jennifer Ostrowski runs the Alliance to Save Energy's international work on building codes and "
            "public-building retrofits."
        ),
        "bio_zh": "詹妮弗·奥斯特罗夫斯基负责美国节能联盟在建筑节能标准和公共建筑节能改造方面的国际合作项目。",
        "topics": ["green-buildings", "energy-master-planning"],
        "languages": "en",
        "time_zone": "America/New_York",
        "availability": [(*COURSE_SEASON, "")],
    },
    "rao": {
        "name": "Ananya Rao",
        "name_zh": "阿南娅·拉奥",
        "affiliation": "world-bank",
        "position": "Lead Urban Specialist",
        "bio_en": (
            "Ananya Rao leads World Bank lending for urban transport and energy efficiency in East Asia and "
            "has structured green-finance packages for cities in six countries."
        ),
        "bio_zh": "阿南娅·拉奥负责世界银行在东亚地区的城市交通和节能贷款项目，曾为六个国家的城市设计绿色融资方案。",
        "topics": ["green-financing", "smart-transportation", "eco-cities"],
        "languages": "en",
        "time_zone": "America/New_York",
        "availability": [(datetime.date(2027, 4, 1), datetime.date(2027, 4, 30), "")],
    },
    "devries": {
        "name": "Hendrik de Vries",
        "name_zh": "亨德里克·德弗里斯",
        "affiliation": "philips",
        "position": "Head of Public Lighting, Greater China",
        "bio_en": (
            "Hendrik de Vries has converted street lighting in more than thirty Asian cities to connected "
            "LED systems and speaks about what the savings pay for."
        ),
        "bio_zh": (
            "亨德里克·德弗里斯曾主持亚洲三十多个城市的道路照明改造，"
            "将其升级为联网LED照明系统，并介绍节省下来的费用如何用于其他投入。"
        ),
        "topics": ["energy-master-planning", "clean-energy"],
        "languages": "nl, en",
        "time_zone": "Europe/Amsterdam",
        "availability": [(*WHOLE_YEAR, "")],
    },
    "macleod": {
        "name": "Fiona MacLeod",
        "name_zh": "菲奥娜·麦克劳德",
        "affiliation": "arup",
        "position": "Associate Director, Urban Design",
        "bio_en": (
            "Fiona MacLeod designs low-carbon districts and eco-city master plans for Arup across Asia, "
            "with a focus on green buildings and climate adaptation."
        ),
        "bio_zh": "菲奥娜·麦克劳德在奥雅纳负责亚洲多个低碳街区和生态城市总体规划的设计，专注于绿色建筑与气候适应。",
        "topics": ["eco-cities", "climate-resilient-design", "green-buildings"],
        "languages": "en",
        "time_zone": "Asia/Hong_Kong",
        "availability": [(*WHOLE_YEAR, "")],
    },
    "song": {
        "name": "Song Liyan",
        "name_zh": "宋立言",
        "affiliation": "tongji",
        "position": "Professor, College of Architecture and Urban Planning",
        "bio_en": (
            "Professor Song Liyan teaches urban planning at Tongji University and has advised on the "
            "conservation of historic towns and on eco-city pilots in the Yangtze River Delta."
        ),
        "bio_zh": "宋立言教授任教于同济大学建筑与城市规划学院，曾为长三角地区的历史城镇保护和生态城市试点提供咨询。",
        "topics": ["eco-cities", "eco-heritage-tourism", "green-buildings", "climate-resilient-design"],
        "languages": "zh, en",
        "time_zone": "Asia/Shanghai",
        "availability": [(*WHOLE_YEAR, "")],
    },
    "torres": {
        "name": "Michael Torres",
        "name_zh": "迈克尔·托雷斯",
        "affiliation": "us-epa",
        "position": "Senior Adviser, Office of International and Tribal Affairs",
        "bio_en": (
            "Michael Torres has worked on air quality, drinking water and the ENERGY STAR programme at the "
            "US EPA for twenty years, and on US-China environmental cooperation for ten."
        ),
        "bio_zh": (
            "迈克尔·托雷斯在美国国家环境保护局从事空气质量、饮用水和“能源之星”项目工作二十年，参与中美环境合作十年。"
        ),
        "topics": ["pollution-reduction", "municipal-waste-water", "green-buildings"],
        "languages": "en",
        "time_zone": "America/New_York",
        "availability": [(*COURSE_SEASON, "")],
    },
    "tang": {
        "name": "Ivy Tang",
        "name_zh": "唐咏诗",
        "affiliation": "shui-on-land",
        "position": "Director of Sustainability",
        "bio_en": (
            "Ivy Tang leads sustainability at Shui On Land, from the conservation of Shanghai's shikumen "
            "houses at Xintiandi to the green-building standards of its new districts."
        ),
        "bio_zh": (
            "唐咏诗负责瑞安房地产的可持续发展工作，涵盖上海新天地石库门建筑的保护利用以及新开发片区的绿色建筑标准。"
        ),
        "topics": ["eco-cities", "green-buildings", "eco-heritage-tourism"],
        "languages": "zh, en",
        "time_zone": "Asia/Shanghai",
        "availability": [(*WHOLE_YEAR, "")],
    },
    "park": {
        "name": "Park Ji-hoon",
        "name_zh": "朴智勋",
        "affiliation": "seoul",
        "position": "Senior Adviser on Climate and Environment",
        "bio_en": (
            "Park Ji-hoon worked on Seoul's bus reform and on the restoration of the Cheonggyecheon stream, "
            "and now advises the city on climate policy."
        ),
        "bio_zh": "朴智勋曾参与首尔公交体系改革和清溪川复原工程，现为首尔市气候政策顾问。",
        "topics": ["smart-transportation", "climate-resilient-design", "eco-heritage-tourism"],
        "languages": "ko, en",
        "time_zone": "Asia/Seoul",
        "availability": [
            (datetime.date(2027, 4, 18), datetime.date(2027, 4, 21), "Between two council sessions in Seoul")
        ],
    },
    "ashworth": {
        "name": "Helen Ashworth",
        "name_zh": "海伦·阿什沃思",
        "affiliation": "gla",
        "position": "Former Deputy Mayor for Environment",
        "bio_en": (
            "Helen Ashworth was Deputy Mayor of London for Environment, responsible for the congestion "
            "charge, the low-emission zone and the city's climate strategy."
        ),
        "bio_zh": "海伦·阿什沃思曾任伦敦主管环境事务的副市长，负责拥堵收费、低排放区和城市气候战略。",
        "topics": ["pollution-reduction", "smart-transportation", "climate-resilient-design"],
        "languages": "en",
        "time_zone": "Europe/London",
        "availability": [(datetime.date(2027, 4, 19), datetime.date(2027, 5, 7), "Arrives in Beijing on 18 April")],
    },
    "kessler": {
        "name": "Daniel Kessler",
        "name_zh": "丹尼尔·凯斯勒",
        "affiliation": "mckinsey",
        "position": "Partner, Shanghai office",
        "bio_en": (
            "Daniel Kessler advises Chinese cities and companies on infrastructure and transport, and "
            "co-wrote studies on how China's cities can grow with less energy."
        ),
        "bio_zh": (
            "丹尼尔·凯斯勒为中国城市和企业提供基础设施与交通领域的咨询，"
            "参与撰写了关于中国城市低能耗发展路径的研究报告。"
        ),
        "topics": ["smart-transportation", "eco-cities", "green-financing"],
        "languages": "en, zh",
        "time_zone": "Asia/Shanghai",
        "availability": [(*WHOLE_YEAR, "")],
    },
    "callahan": {
        "name": "Robert Callahan",
        "name_zh": "罗伯特·卡拉汉",
        "affiliation": "covanta",
        "position": "Vice President, Energy-from-Waste Technology",
        "bio_en": (
            "Robert Callahan has designed and run energy-from-waste plants in North America, Europe and "
            "China, and explains what clean waste-to-energy takes in emissions control and public trust."
        ),
        "bio_zh": (
            "罗伯特·卡拉汉曾在北美、欧洲和中国设计并运营垃圾焚烧发电厂，"
            "介绍清洁的垃圾焚烧发电在排放控制和公众信任方面的要求。"
        ),
        "topics": ["municipal-waste-water", "circular-economy", "clean-energy"],
        "languages": "en",
        "time_zone": "America/New_York",
        "availability": [
            (datetime.date(2027, 3, 15), datetime.date(2027, 3, 26), "Spring visit to Chongqing"),
            (datetime.date(2027, 4, 20), datetime.date(2027, 4, 30), ""),
        ],
    },
    "liu": {
        "name": "Liu Jiayi",
        "name_zh": "刘佳怡",
        "affiliation": "wwf",
        "position": "Programme Director, Low-Carbon Cities, WWF China",
        "bio_en": (
            "Liu Jiayi leads WWF China's low-carbon cities programme, working with city governments on "
            "waste sorting, sustainable consumption and circular-economy pilots."
        ),
        "bio_zh": (
            "刘佳怡负责世界自然基金会（中国）低碳城市项目，与多地政府合作开展垃圾分类、可持续消费和循环经济试点。"
        ),
        "topics": ["sustainable-lifestyles", "circular-economy", "eco-cities"],
        "languages": "zh, en",
        "time_zone": "Asia/Shanghai",
        "availability": [(*WHOLE_YEAR, "")],
    },
    "brennan": {
        "name": "Thomas Brennan",
        "name_zh": "托马斯·布伦南",
        "affiliation": "bsr",
        "position": "Director, China",
        "bio_en": (
            "Thomas Brennan works with global companies and their Chinese suppliers on supply chains that "
            "waste less energy, water and material."
        ),
        "bio_zh": "托马斯·布伦南与跨国企业及其中国供应商合作，帮助供应链减少能源、水和材料的浪费。",
        "topics": ["circular-economy", "sustainable-lifestyles", "green-financing"],
        "languages": "en",
        "time_zone": "Asia/Hong_Kong",
        "availability": [(*WHOLE_YEAR, "")],
    },
}

# Officials (invented people) ------------------------------------------------------------------
# Pinyin is derived from the Chinese name when saved. The e-mail address is the key @example.org.

MAYOR = PositionCategory.MAYOR
VICE_MAYOR = PositionCategory.VICE_MAYOR
SECRETARY = PositionCategory.PARTY_SECRETARY
BUREAU = PositionCategory.BUREAU_OFFICER
PROVINCIAL = PositionCategory.PROVINCIAL_OFFICIAL
SOE_EXEC = PositionCategory.SOE_EXECUTIVE
OTHER = PositionCategory.OTHER

# (key, Chinese name, English name, position category, title, jurisdiction, sending unit, service began)
# Posts in English, where the official's unit gave one; the others show in Chinese, marked as such, to
# those who read Peixun in English.
OFFICIAL_POSTS_EN = {
    "ouyang.mingyuan": "Deputy Director-General, Department of Urban Development, MOHURD",
    "he.siyuan": "Deputy Division Chief, Department of Urban Development, MOHURD",
    "shan.zhigang": "Vice Mayor of Qingdao",
    "huang.zhiqiang": "Mayor of Fuzhou",
    "lu.zhiming": "Vice Mayor of Suzhou",
    "gu.xiaolan": "Vice Mayor of Suzhou",
    "jiang.minghui": "Mayor of Wuxi",
    "chen.guoping": "Vice Mayor of Hangzhou",
    "fang.lijuan": "Vice Mayor of Hangzhou",
}

OFFICIALS = [
    # Nominated by the ministry: its own officers, and city leaders from provinces without a unit here.
    ("ouyang.mingyuan", "欧阳明远", "", BUREAU, "住房和城乡建设部城市建设司副司长", None, "mohurd-ucd", 1991),
    ("shen.liqun", "沈立群", "", BUREAU, "住房和城乡建设部城市建设司处长", None, "mohurd-ucd", 1998),
    ("he.siyuan", "何思远", "Simon He", BUREAU, "住房和城乡建设部城市建设司副处长", None, "mohurd-ucd", 2007),
    ("shan.zhigang", "单志刚", "", VICE_MAYOR, "青岛市副市长", "qingdao", "mohurd-ucd", 1993),
    ("sun.haiyan", "孙海燕", "", VICE_MAYOR, "济南市副市长", "jinan", "mohurd-ucd", 1997),
    ("zeng.qinghua", "曾庆华", "", VICE_MAYOR, "武汉市副市长", "wuhan", "mohurd-ucd", 1994),
    ("luo.xiaodong", "罗晓东", "", OTHER, "武汉市城乡建设局局长", "wuhan", "mohurd-ucd", 1999),
    ("lin.yaqin", "林雅琴", "", VICE_MAYOR, "厦门市副市长", "xiamen", "mohurd-ucd", 1996),
    ("huang.zhiqiang", "黄志强", "", MAYOR, "福州市市长", "fuzhou", "mohurd-ucd", 1990),
    ("gao.jianguo", "高建国", "", VICE_MAYOR, "保定市副市长", "baoding", "mohurd-ucd", 1992),
    ("han.dongmei", "韩冬梅", "", VICE_MAYOR, "石家庄市副市长", "shijiazhuang", "mohurd-ucd", 2000),
    ("xie.wenbo", "解文博", "", PROVINCIAL, "河北省住房和城乡建设厅副厅长", "hebei", "mohurd-ucd", 1995),
    # Jiangsu
    ("lu.zhiming", "陆志明", "", VICE_MAYOR, "苏州市副市长", "suzhou", "jiangsu", 1996),
    ("gu.xiaolan", "顾晓岚", "Lana Gu", VICE_MAYOR, "苏州市副市长", "suzhou", "jiangsu", 2002),
    ("qian.weidong", "钱卫东", "", VICE_MAYOR, "南京市副市长", "nanjing", "jiangsu", 1994),
    ("zhu.haibo", "朱海波", "", VICE_MAYOR, "无锡市副市长", "wuxi", "jiangsu", 1998),
    ("wu.lihua", "吴丽华", "", PROVINCIAL, "江苏省住房和城乡建设厅副厅长", "jiangsu", "jiangsu", 1993),
    ("xu.zhiyuan", "徐志远", "", PROVINCIAL, "江苏省发展和改革委员会能源处处长", "jiangsu", "jiangsu", 2005),
    ("zhang.weiguo", "张卫国", "", OTHER, "南京市江北新区管理委员会副主任", "nanjing", "jiangsu", 1999),
    ("jiang.minghui", "蒋明辉", "", MAYOR, "无锡市市长", "wuxi", "jiangsu", 1989),
    ("yang.xiaomin", "杨晓敏", "", PROVINCIAL, "江苏省生态环境厅副厅长", "jiangsu", "jiangsu", 1995),
    ("miao.jianxin", "缪建新", "", SECRETARY, "苏州工业园区党工委副书记", "suzhou", "jiangsu", 1993),
    ("wang.xiaofeng", "王晓峰", "", VICE_MAYOR, "南京市副市长", "nanjing", "jiangsu", 2001),
    # Zhejiang
    ("chen.guoping", "陈国平", "", VICE_MAYOR, "杭州市副市长", "hangzhou", "zhejiang", 1995),
    ("fang.lijuan", "方丽娟", "Linda Fang", VICE_MAYOR, "杭州市副市长", "hangzhou", "zhejiang", 2000),
    ("ying.zhihua", "应志华", "", VICE_MAYOR, "宁波市副市长", "ningbo", "zhejiang", 1996),
    ("hu.xiaoguang", "胡晓光", "", VICE_MAYOR, "温州市副市长", "wenzhou", "zhejiang", 1998),
    ("ye.mingzhu", "叶明珠", "", PROVINCIAL, "浙江省住房和城乡建设厅副厅长", "zhejiang", "zhejiang", 1994),
    ("zheng.haitao", "郑海涛", "", SECRETARY, "宁波市北仑区委书记", "ningbo", "zhejiang", 1992),
    ("jin.xiaoyan", "金晓燕", "", PROVINCIAL, "浙江省能源局副局长", "zhejiang", "zhejiang", 2003),
    ("shao.jianjun", "邵建军", "", VICE_MAYOR, "温州市副市长", "wenzhou", "zhejiang", 1997),
    ("lou.yuhang", "楼宇航", "", OTHER, "杭州市城乡建设委员会主任", "hangzhou", "zhejiang", 1999),
    ("zhai.lixin", "翟立新", "", VICE_MAYOR, "宁波市副市长", "ningbo", "zhejiang", 2004),
    # Guangdong
    ("liang.zhixiong", "梁志雄", "", VICE_MAYOR, "深圳市副市长", "shenzhen", "guangdong", 1995),
    ("he.wanyi", "何婉仪", "Winnie Ho", VICE_MAYOR, "广州市副市长", "guangzhou", "guangdong", 1999),
    ("li.guodong", "黎国栋", "", VICE_MAYOR, "东莞市副市长", "dongguan", "guangdong", 1997),
    ("ou.weiming", "区伟明", "", VICE_MAYOR, "佛山市副市长", "foshan", "guangdong", 1996),
    ("feng.jiaxin", "冯嘉欣", "", PROVINCIAL, "广东省住房和城乡建设厅副厅长", "guangdong", "guangdong", 1994),
    ("tan.yaohua", "谭耀华", "", SECRETARY, "深圳市南山区委书记", "shenzhen", "guangdong", 1991),
    ("lu.zhijian", "卢志坚", "", OTHER, "广州市生态环境局局长", "guangzhou", "guangdong", 1998),
    ("mo.haiyan", "莫海燕", "", PROVINCIAL, "广东省能源局副局长", "guangdong", "guangdong", 2002),
    ("deng.yongkang", "邓永康", "", VICE_MAYOR, "深圳市副市长", "shenzhen", "guangdong", 2000),
    ("zeng.wenjie", "曾文杰", "", VICE_MAYOR, "广州市副市长", "guangzhou", "guangdong", 2003),
    # Sichuan
    ("li.jianhua", "李建华", "", VICE_MAYOR, "成都市副市长", "chengdu", "sichuan", 1993),
    ("liu.xiaomei", "刘晓梅", "", VICE_MAYOR, "成都市副市长", "chengdu", "sichuan", 1999),
    ("du.ming", "杜明", "", PROVINCIAL, "四川省住房和城乡建设厅副厅长", "sichuan", "sichuan", 1992),
    ("peng.zhiyong", "彭志勇", "", SECRETARY, "四川天府新区党工委副书记", "chengdu", "sichuan", 1996),
    ("tang.xue", "唐雪", "", PROVINCIAL, "四川省能源局处长", "sichuan", "sichuan", 2006),
    ("qin.wei", "覃伟", "", OTHER, "成都市公园城市建设管理局局长", "chengdu", "sichuan", 1998),
    ("gou.jianjun", "苟建军", "", PROVINCIAL, "四川省生态环境厅处长", "sichuan", "sichuan", 2004),
    ("pu.xiaolan", "蒲小兰", "", OTHER, "成都市交通运输局副局长", "chengdu", "sichuan", 2005),
    ("ren.zhihong", "任志宏", "", PROVINCIAL, "四川省人民政府办公厅副主任", "sichuan", "sichuan", 1994),
    # State Grid
    ("zhao.jianguo", "赵建国", "", SOE_EXEC, "国家电网有限公司副总工程师", None, "state-grid", 1988),
    ("wei.xiaodong", "魏晓东", "", SOE_EXEC, "国网江苏省电力有限公司副总经理", "jiangsu", "state-grid", 1993),
    ("kong.xiangyu", "孔祥宇", "", SOE_EXEC, "国网浙江省电力有限公司副总经理", "zhejiang", "state-grid", 1995),
    ("he.lixin", "贺立新", "", SOE_EXEC, "国网四川省电力公司副总经理", "sichuan", "state-grid", 1996),
    ("fan.mingxuan", "范明轩", "", SOE_EXEC, "国家电网有限公司营销部副主任", None, "state-grid", 1999),
    ("bai.xuefeng", "白雪峰", "", SOE_EXEC, "国网北京市电力公司副总经理", "beijing", "state-grid", 1994),
    ("ning.haichuan", "宁海川", "", SOE_EXEC, "国网湖北省电力有限公司副总经理", "hubei", "state-grid", 1997),
    ("zhang.li", "章丽", "Lily Zhang", SOE_EXEC, "国家电网有限公司发展策划部处长", None, "state-grid", 2006),
]

# Logins (created only in demo mode) -----------------------------------------------------------

USERS = [
    {
        "username": "staff",
        "role": Role.STAFF,
        "first_name": "Jing",
        "last_name": "Chen",
        "name_zh": "陈静",
        "language": "",
    },
    {
        "username": "coordinator",
        "role": Role.COORDINATOR,
        "first_name": "Hui",
        "last_name": "Zhang",
        "name_zh": "张慧",
        "language": Language.CHINESE,
        "academy": "namc",
    },
    {
        "username": "nominator",
        "role": Role.UNIT_CONTACT,
        "first_name": "Lei",
        "last_name": "Xu",
        "name_zh": "徐磊",
        "language": Language.CHINESE,
        "sending_unit": "jiangsu",
    },
    {
        "username": "lecturer",
        "role": Role.LECTURER,
        "first_name": "Eric",
        "last_name": "Lindqvist",
        "language": Language.ENGLISH,
        "lecturer": "lindqvist",
    },
    {
        "username": "official",
        "role": Role.OFFICIAL,
        "first_name": "Zhiming",
        "last_name": "Lu",
        "name_zh": "陆志明",
        "language": Language.CHINESE,
        "official": "lu.zhiming",
    },
    {
        "username": "translator",
        "role": Role.TRANSLATOR,
        "first_name": "Yun",
        "last_name": "Zhao",
        "name_zh": "赵云",
        "language": "",
    },
    {
        "username": "reviewer",
        "role": Role.REVIEWER,
        "first_name": "Lei",
        "last_name": "Wang",
        "name_zh": "王磊",
        "language": Language.CHINESE,
        "academy": "namc",
    },
]

# The course -----------------------------------------------------------------------------------

COURSE = {
    "academy": "namc",
    "title_en": "Energy Smart Cities",
    "title_zh": "能源智慧城市",
    "start": datetime.date(2027, 4, 12),  # a Monday
    "end": datetime.date(2027, 4, 25),  # 14 days; Sundays 18 and 25 April are off, leaving 12 course days
    "day_off": SUN,
    "capacity": 45,
    "status": CourseStatus.OPEN,
    "modules": ["energy-master-planning", "green-buildings", "smart-transportation", "waste-and-water"],
    # Sessions without a venue of their own take place here.
    "classroom": "namc-hall",
    # The coordinator decides this many nominations, in the order they came in; the seats go first and
    # the rest join the waitlist. Later nominations are left for the coordinator to decide in the demo.
    "decided": 50,
}

# Per course module: which lecturers teach each outline session, where, and with which partner.
# Keys are (module code, day of the module, part of day); "title_en"/"title_zh" replace the outline's.
TIMETABLE = {
    # Week 1: Monday 12 to Wednesday 14 April
    ("energy-master-planning", 1, MORNING): {"lecturers": ["whitfield"]},
    ("energy-master-planning", 1, AFTERNOON): {"lecturers": ["lindqvist"]},
    ("energy-master-planning", 1, EVENING): {
        "venue": "quanjude",
        "sponsor": "philips",
        "title_en": "Welcome dinner hosted by Philips Lighting",
        "title_zh": "欢迎晚宴（飞利浦照明主办）",
    },
    ("energy-master-planning", 2, MORNING): {"lecturers": ["goldberg"]},
    ("energy-master-planning", 2, AFTERNOON): {"lecturers": ["lindqvist", "ostrowski"], "venue": "namc-seminar"},
    ("energy-master-planning", 3, MORNING): {"lecturers": ["rao"]},
    ("energy-master-planning", 3, AFTERNOON): {
        "lecturers": ["devries"],
        "venue": "philips-centre",
        "sponsor": "philips",
        "title_en": "Site visit: smart street lighting at the Philips Lighting Application Centre",
        "title_zh": "现场教学：飞利浦照明应用中心智慧道路照明",
    },
    # Thursday 15 to Saturday 17 April
    ("green-buildings", 1, MORNING): {"lecturers": ["macleod"]},
    ("green-buildings", 1, AFTERNOON): {
        "lecturers": ["song"],
        "venue": "tsinghua-sieeb",
        "title_en": "Site visit: the Sino-Italian Ecological and Energy Efficient Building at Tsinghua University",
        "title_zh": "现场教学：清华大学中意环境节能楼",
    },
    ("green-buildings", 1, EVENING): {
        "venue": "beijing-hotel",
        "sponsor": "owens-corning",
        "title_en": "Partner dinner hosted by Owens Corning",
        "title_zh": "合作伙伴晚宴（欧文斯科宁主办）",
    },
    ("green-buildings", 2, MORNING): {"lecturers": ["torres"]},
    ("green-buildings", 2, AFTERNOON): {"lecturers": ["ostrowski", "macleod"], "venue": "namc-seminar"},
    ("green-buildings", 3, MORNING): {"lecturers": ["tang"]},
    ("green-buildings", 3, AFTERNOON): {
        "lecturers": ["tang"],
        "venue": "namc-dining",
        "sponsor": "shui-on-land",
        "title_en": "Partner lunch hosted by Shui On Land",
        "title_zh": "合作伙伴午餐（瑞安房地产主办）",
    },
    # Week 2: Monday 19 to Wednesday 21 April
    ("smart-transportation", 1, MORNING): {"lecturers": ["park"]},
    ("smart-transportation", 1, AFTERNOON): {"lecturers": ["ashworth"]},
    ("smart-transportation", 2, MORNING): {"lecturers": ["rao", "kessler"], "venue": "namc-seminar"},
    ("smart-transportation", 2, AFTERNOON): {
        "venue": "beijing-planning-hall",
        "title_en": "Exhibition: Beijing Planning Exhibition Hall",
        "title_zh": "展览：参观北京市规划展览馆",
    },
    ("smart-transportation", 3, MORNING): {"lecturers": ["kessler"]},
    ("smart-transportation", 3, AFTERNOON): {"lecturers": ["whitfield"]},
    # Thursday 22 to Saturday 24 April
    ("waste-and-water", 1, MORNING): {"lecturers": ["callahan"]},
    ("waste-and-water", 1, AFTERNOON): {"lecturers": ["callahan"], "venue": "covanta-plant", "sponsor": "covanta"},
    ("waste-and-water", 1, EVENING): {
        "venue": "quanjude",
        "sponsor": "covanta",
        "title_en": "Partner dinner hosted by Covanta",
        "title_zh": "合作伙伴晚宴（卡万塔主办）",
    },
    ("waste-and-water", 2, MORNING): {"lecturers": ["torres"]},
    ("waste-and-water", 2, AFTERNOON): {"lecturers": ["liu", "brennan"], "venue": "namc-seminar"},
    ("waste-and-water", 3, MORNING): {
        "lecturers": ["song", "liu"],
        "title_en": "Closing workshop: your city's action plan",
        "title_zh": "结业研讨：本市行动计划",
    },
    ("waste-and-water", 3, AFTERNOON): {
        "venue": "namc-dining",
        "title_en": "Closing lunch and certificates",
        "title_zh": "结业午餐暨颁发结业证书",
    },
}

# Quotas, in order of the unit's priority (1 is the highest).
# (sending unit, seats, priority, how many of its officials it nominates, in the order listed above)
QUOTAS = [
    ("mohurd-ucd", 12, 1, 12),
    ("jiangsu", 11, 2, 10),
    ("zhejiang", 10, 2, 9),
    ("guangdong", 10, 3, 9),
    ("sichuan", 8, 3, 7),
    ("state-grid", 8, 4, 7),
]


# Where each module template's site visits go (the venue keys above), one near each academy's city,
# so that a course built from the templates at any academy can be timetabled straight away.
OUTLINE_SITE_VENUES = {
    "energy-master-planning": ["philips-centre", "kic"],
    "green-buildings": ["tsinghua-sieeb", "kic"],
    "smart-transportation": ["beijing-planning-hall", "kic"],
    "waste-and-water": ["covanta-plant", "laogang"],
    "eco-heritage-tourism": ["beijing-planning-hall", "xintiandi"],
    "climate-resilient-design": ["tsinghua-sieeb", "kic"],
    "pollution-reduction": ["tsinghua-sieeb", "laogang"],
    "green-finance": ["beijing-planning-hall", "xintiandi"],
    "clean-energy": ["philips-centre", "kic"],
    "sustainable-lifestyles": ["beijing-planning-hall", "kic"],
    "circular-economy": ["covanta-plant", "laogang"],
    "eco-cities": ["beijing-planning-hall", "xintiandi"],
}


# A class in session when the demo is loaded: it began on the Monday of the week before, so that
# roll calls have been taken, credits are in the officials' records, and today's sessions are left
# for self check-in (open from half an hour before each begins until it ends). Its dates follow the
# day of loading; everything else is fixed.
CURRENT_CLASS = {
    "academy": "namc",
    "title_en": "Eco-Cities and Climate Resilience (class in session)",
    "title_zh": "生态城市与气候韧性（在训班次）",
    "day_off": SUN,
    "capacity": 40,
    "status": CourseStatus.RUNNING,
    # 6 + 4 + 2 = 12 course days: Monday to Saturday twice.
    "modules": ["eco-cities", "climate-resilient-design", "green-finance"],
    "classroom": "namc-hall",
    # The first officials of these units take part, the demo official's unit included.
    "units": [("jiangsu", 9), ("zhejiang", 8), ("guangdong", 8), ("sichuan", 7), ("state-grid", 6)],
    "excused_reason_en": "Called back for a flood-control meeting",
    "excused_reason_zh": "返回参加防汛工作会议",
}

# Training the officials took elsewhere this year and last, as sending units report it:
# (official key, date, title, provider, days).
EXTERNAL_TRAINING = [
    ("lu.zhiming", datetime.date(2026, 3, 9), "城市更新专题研讨班", "江苏省委党校", 5),
    ("lu.zhiming", datetime.date(2025, 6, 16), "新型城镇化专题培训", "中共中央党校（国家行政学院）", 10),
    ("shen.liqun", datetime.date(2026, 4, 13), "住房城乡建设系统干部培训", "住房和城乡建设部干部学院", 6),
    ("he.siyuan", datetime.date(2026, 9, 7), "数字政府建设专题培训", "国家行政学院", 12),
    ("ouyang.mingyuan", datetime.date(2026, 5, 11), "领导干部生态文明建设专题研讨", "中国浦东干部学院", 7),
]


# Partners, press and translated documents ----------------------------------------------------

MEDIA = OrganisationKind.MEDIA
PROPOSED, CONFIRMED, DELIVERED = Engagement.State.PROPOSED, Engagement.State.CONFIRMED, Engagement.State.DELIVERED


# The outlets of the programme description's press list, named in both languages as it gives them
# (where it gives no English name, the pinyin stands in). key: (English, Chinese, kind, website)
MEDIA_OUTLETS = {
    "energy-biz": ("Energy Biz Magazine", "能源商业杂志", MEDIA, ""),
    "keji-xinwen": ("Keji Xinwen Zixun Wang", "科技新闻资讯网", MEDIA, ""),
    "china-dialogue": ("China Dialogue", "中外对话", MEDIA, "https://chinadialogue.net/"),
    "utility-news": ("Utility Industry News", "公用事业新闻", MEDIA, ""),
    "lvse-shangye": ("Lüse Shangye Wang", "绿色商业网", MEDIA, ""),
    "cbn-weekly": ("China Business News", "第一财经周刊", MEDIA, ""),
    "china-daily": ("China Daily", "中国日报", MEDIA, "https://www.chinadaily.com.cn/"),
    "qiaobao": ("US Qiao Bao", "美国侨报网", MEDIA, ""),
    "bridging-the-strait": ("Bridging the Strait", "连接海峡两岸", MEDIA, ""),
    "cri": ("China Radio International", "国际在线", MEDIA, "https://www.cri.cn/"),
}

# The partner contact login (add to USERS): Philips Lighting's contact sees Philips's engagements only.
PARTNER_LOGIN = {
    "username": "partner",
    "role": Role.PARTNER,
    "first_name": "Mei",
    "last_name": "Lin",
    "name_zh": "林梅",
    "language": Language.ENGLISH,
    "partner": "philips",
}

# What partners undertook for the demo course, keyed like TIMETABLE (module code, day, part of day).
# The Covanta site visit and dinner are left without a record on purpose: the partners' pages then
# show them under "sponsored sessions without an engagement record".
# (partner, kind, state, promised en, guests promised, staff notes)
ENGAGEMENTS = {
    ("energy-master-planning", 1, EVENING): (
        "philips",
        "dinner",
        CONFIRMED,
        "Welcome dinner for the class and the academy's leadership at Quanjude, with a ten-minute talk "
        "on connected street lighting.",
        50,
        "Philips pays the restaurant directly; the academy confirms numbers a week before.",
    ),
    ("energy-master-planning", 3, AFTERNOON): (
        "philips",
        "site_visit",
        CONFIRMED,
        "Guided visit of the Lighting Application Centre: a smart street-lighting demonstration and the "
        "control room, with a coach from the academy and back.",
        45,
        "",
    ),
    ("green-buildings", 1, EVENING): (
        "owens-corning",
        "dinner",
        CONFIRMED,
        "Partner dinner at the Beijing Hotel with a short presentation on insulating public buildings "
        "for retrofit programmes.",
        45,
        "",
    ),
    ("green-buildings", 3, AFTERNOON): (
        "shui-on-land",
        "lunch",
        PROPOSED,
        "Lunch with Shui On Land's sustainability team on running low-carbon districts (Xintiandi, KIC).",
        45,
        "Waiting for Shui On Land to confirm who will speak.",
    ),
}

# The class in session began last week, so what partners hosted there has happened: one engagement
# delivered to fewer guests than promised, one whose report is still missing (the partner login can
# record it). Keyed by (module code, day of the module, part of day) of CURRENT_CLASS.
# (partner, kind, state, promised, guests promised, delivered, guests hosted)
CURRENT_CLASS_ENGAGEMENTS = {
    ("eco-cities", 2, AFTERNOON): (
        "shui-on-land",
        "site_visit",
        DELIVERED,
        "Walking tour of a mixed-use eco-district with the developer's planners, for the whole class.",
        40,
        "Two-hour walking tour with the district's planning director; questions on the energy centre "
        "and on rents for local shops.",
        36,
    ),
    ("eco-cities", 4, EVENING): (
        "philips",
        "dinner",
        CONFIRMED,
        "Partner dinner with a talk on lighting a transit-oriented new town.",
        40,
        "",
        None,
    ),
}

# Illustrative press items: invented articles in invented outlets, marked as such in their summaries.
# (date, outlet, headline en, headline zh, summary en, summary zh, course: "demo" | "current" | None)
# The press list of the programme description (2009), headlines in both languages as it gives them.
# It gives the month only; the items are dated on its first day. (date, outlet, English, Chinese)
PRESS_ITEMS = [
    (
        datetime.date(2009, 8, 1),
        "energy-biz",
        "Prof. Steve Hammer of Columbia University talks about the JUCCCE Mayoral Training Program",
        "《能源商业杂志》刊登了哥伦比亚大学史蒂夫·海默教授关于聚思市长培训项目的见解",
    ),
    (
        datetime.date(2009, 6, 1),
        "keji-xinwen",
        "Dr. Steve Hammer on JUCCCE's Mayoral Training Program",
        "科技新闻资讯网就聚思市长培训项目采访了史蒂夫·海默教授",
    ),
    (
        datetime.date(2009, 6, 1),
        "china-dialogue",
        "Mayor's reaction to JUCCCE's National Chinese Mayoral Training Program",
        "《中外对话》报道了参与聚思全国市长培训项目的市长的心得体会",
    ),
    (datetime.date(2009, 6, 1), "china-dialogue", "Turning Grey to Green", "《中外对话》：由灰变绿"),
    (
        datetime.date(2009, 6, 1),
        "utility-news",
        "JUCCCE's China Mayoral Training Program featured",
        "《公用事业新闻》报道了聚思市长培训项目",
    ),
    (
        datetime.date(2009, 5, 1),
        "lvse-shangye",
        "JUCCCE Mayoral Training Program on Energy Smart Cities Feature",
        "《绿色商业网》报道了聚思的市长培训项目",
    ),
    (
        datetime.date(2009, 5, 1),
        "cbn-weekly",
        "JUCCCE Mayoral Training Program on Energy Smart Cities Feature",
        "《第一财经周刊》报道了聚思市长培训项目",
    ),
    (
        datetime.date(2009, 5, 1),
        "china-daily",
        "JUCCCE and the National Training Center for Mayors of China Launch the Mayoral Training Program's "
        "First Course on Energy Smart Cities",
        "《中国日报》报道了聚思携手全国市长研修学院启动市长培训项目，重点介绍了聚思主席刘佩琪女士",
    ),
    (
        datetime.date(2009, 5, 1),
        "qiaobao",
        "Steve Hammer of JUCCCE on Mayoral Training",
        "《美国侨报网》报道了聚思市长培训项目负责人史蒂夫·海默教授",
    ),
    (
        datetime.date(2009, 5, 1),
        "bridging-the-strait",
        "Steve Hammer of JUCCCE Featured, China and US to Launch Mayoral Training Program",
        "《连接海峡两岸》报道了中美启动市长培训项目，同时介绍了聚思市长培训项目负责人史蒂夫·海默教授",
    ),
    (
        datetime.date(2009, 4, 1),
        "cri",
        "Steve Hammer of JUCCCE on Mayoral Training",
        "《国际在线》报道了聚思市长培训项目负责人史蒂夫·海默教授",
    ),
]

# A translated document. The fact is from the programme description (PlaNYC translated into Chinese
# in 2010); the file is a generated one-page PDF that says it stands in for the translation.
TRANSLATED_DOCUMENTS = [
    {
        "title_en": "PlaNYC: A Greener, Greater New York (Chinese translation)",
        "title_zh": "纽约城市规划：更绿色、更美好的纽约（中文译本）",
        "date": datetime.date(2010, 6, 1),
        "summary_en": (
            "New York City's sustainability plan, translated into Chinese by the programme in 2010 and "
            "presented by Mayor Bloomberg and Hong Kong's Chief Executive Donald Tsang at the C40 summit. "
            "The demo file is a placeholder."
        ),
        "summary_zh": (
            "纽约市可持续发展规划，2010年由本项目译成中文，并由彭博市长和香港特首曾荫权在C40峰会上发布。"
            "演示文件为占位文件。"
        ),
        "placeholder_pdf_text": "PlaNYC (Chinese translation) - placeholder file for the Peixun demo",
    }
]

ORGANISATIONS = {**ORGANISATIONS, **MEDIA_OUTLETS}
USERS = [*USERS, PARTNER_LOGIN]

# Feedback the class in session gave on paper, entered by staff: per official and session a rating
# pattern is drawn from these (interest, local growth, differentiation, community health,
# applicability), so the attention dashboard has strong and weak sessions to show.
FEEDBACK_PATTERNS = [
    (5, 5, 4, 4, 5),
    (4, 5, 4, 3, 4),
    (4, 4, 3, 4, 4),
    (3, 4, 3, 3, 3),
    (5, 4, 5, 4, 4),
    (2, 3, 2, 3, 2),
]
FEEDBACK_COMMENTS = [
    "希望多介绍国内城市的实际案例。",
    "现场考察很有启发，建议延长交流时间。",
    "",
    "数据很有说服力，希望提供课件中文版。",
    "",
    "内容偏理论，与我市情况结合不够。",
]


# A lecturer's deck in translation: Eric Lindqvist's talk for the first afternoon of the course,
# uploaded by him, sent to translation by staff, partly translated. (title, bullets, speaker notes)
DEMO_DECK = {
    "session": ("energy-master-planning", 1, AFTERNOON),
    "title_en": "Energy master planning: from data to decisions",
    "title_zh": "城市能源总体规划：从数据到决策",
    "adaptation_note": (
        "请把哥本哈根的例子与国内北方城市的集中供热对比一下。"
        "Please compare Copenhagen with district heating in northern Chinese cities."
    ),
    "slides": [
        (
            "Energy master planning: from data to decisions",
            ["Eric Lindqvist, Lawrence Berkeley National Laboratory"],
            "Welcome the class; ask which cities already publish an energy balance.",
        ),
        (
            "Why cities plan their energy",
            [
                "Buildings and transport use 70% of a city's energy",
                "A plan turns targets into projects with budgets",
                "Carbon peaking by 2030 needs action this decade",
            ],
            "Link to the national targets: carbon peaking and carbon neutrality.",
        ),
        (
            "Step 1: the energy balance",
            ["Collect consumption by sector and fuel", "Map heat demand by district", "Publish the data every year"],
            "Show the Stockholm heat map.",
        ),
        (
            "Step 2: scenarios to 2035",
            ["Business as usual", "Efficiency first", "Renewable heat and power"],
            "",
        ),
        (
            "What worked in Copenhagen",
            ["District heating for 98% of homes", "Waste heat from power plants", "A public utility that can borrow"],
            "Ask: which of your districts could share waste heat?",
        ),
    ],
}

# Segments the translator has done so far: English → Chinese.
DEMO_TRANSLATIONS = {
    "Energy master planning: from data to decisions": "城市能源总体规划：从数据到决策",
    "Why cities plan their energy": "城市为何要做能源规划",
    "Buildings and transport use 70% of a city's energy": "建筑和交通消耗城市70%的能源",
    "A plan turns targets into projects with budgets": "规划把目标转化为有预算的项目",
    "Step 1: the energy balance": "第一步：能源平衡表",
}


# A finished course ----------------------------------------------------------------------------

# A class that ended some weeks before the demo was loaded, at CELAP in Shanghai: its sessions were
# held, the roll calls taken and credited, the officials rated the sessions and some asked for a
# follow-up; at its close the certificates went to those who attended enough. Its dates follow the day
# of loading; everything else is fixed.
FINISHED_CLASS = {
    "academy": "celap",
    # No "(finished course)" in its title, as the class in session has: the title is printed on its
    # certificates.
    "title_en": "Low-Carbon Cities: Clean Energy and the Circular Economy",
    "title_zh": "低碳城市：清洁能源与循环经济",
    # It began on the Monday this many weeks before the week of loading and lasted two weeks.
    "weeks_before": 7,
    "day_off": SUN,
    "capacity": 40,
    # 4 + 3 + 3 + 2 = 12 course days: Monday to Saturday twice.
    "modules": ["clean-energy", "circular-economy", "pollution-reduction", "green-finance"],
    "classroom": "celap-case-room",
    # The first officials of these units took part, the demo official's unit included.
    "units": [("mohurd-ucd", 10), ("jiangsu", 8), ("zhejiang", 6), ("guangdong", 4), ("state-grid", 4)],
    # Officials called away for several days, excused on each of them (course days, 1 to 12, inclusive):
    # too few class hours for a certificate.
    "called_away": [
        ("qian.weidong", 3, 7, "返回南京参加市政府预算会议"),
        ("hu.xiaoguang", 8, 12, "返回温州处理台风灾后工作"),
    ],
    # A week after the close the coordinator found that this official had left before the last
    # afternoon: the mark was corrected, the certificate revoked and a new one issued with the hours.
    "corrected": {
        "official": "zhu.haibo",
        "session": ("circular-economy", 3, AFTERNOON),
        "revoke_reason": (
            "考勤更正：最后一个下午缺席，已按更正后的学时重新颁发。"
            "Attendance corrected after issue: absent on the last afternoon; reissued with the corrected hours."
        ),
    },
    # What became of the follow-ups the officials asked for, in turn (state, notes).
    "follow_ups": [
        ("done", "已寄送哥本哈根区域供热案例资料，并介绍与丹麦能源署的联系人。"),
        ("in_progress", "正在安排与讲师的视频交流。"),
        ("open", ""),
    ],
}

# Slides shared by the decks below: (title, bullets, speaker notes).
#
# Eric Lindqvist's talk for the class in session, given in its first week: translated, approved by
# NAMC's reviewer (which put its translations into the translation memory), signed off and delivered.
# His new deck for "Energy Smart Cities" reuses much of it, so the workbench suggests these
# translations there, word for word or nearly.
EARLIER_DECK = {
    "module": "eco-cities",
    "title_en": "District energy: heat, power and data",
    "title_zh": "片区能源：热、电与数据",
    "slides": [
        (
            "District energy: heat, power and data",
            ["Eric Lindqvist, Lawrence Berkeley National Laboratory"],
            "Welcome the class; ask which cities already have district heating.",
        ),
        (
            "Why districts plan their energy",
            [
                "Buildings use 40% of a city's energy",
                "A plan turns targets into projects with budgets",
                "Carbon peaking by 2030 needs action now",
            ],
            "Link to the national targets: carbon peaking and carbon neutrality.",
        ),
        (
            "The energy balance of a district",
            ["Collect consumption by sector and fuel", "Map heat demand by block", "Publish the data every year"],
            "Show the Copenhagen heat map.",
        ),
        (
            "Step 2: scenarios to 2030",
            ["Business as usual", "Efficiency first", "Electric heat pumps"],
            "",
        ),
        (
            "What worked in Copenhagen",
            [
                "District heating for 98% of homes",
                "Waste heat from power plants and incinerators",
                "A public utility that can borrow",
            ],
            "Ask: which of your districts could share waste heat?",
        ),
    ],
    "translations": {
        "District energy: heat, power and data": "片区能源：热、电与数据",
        "Eric Lindqvist, Lawrence Berkeley National Laboratory": "埃里克·林奎斯特，劳伦斯伯克利国家实验室",
        "Welcome the class; ask which cities already have district heating.": "欢迎学员；请问哪些城市已有集中供热。",
        "Why districts plan their energy": "片区为何要做能源规划",
        "Buildings use 40% of a city's energy": "建筑消耗城市40%的能源",
        "A plan turns targets into projects with budgets": "规划把目标转化为有预算的项目",
        "Carbon peaking by 2030 needs action now": "2030年前实现碳达峰，必须立即行动",
        "Link to the national targets: carbon peaking and carbon neutrality.": "联系国家目标：碳达峰与碳中和。",
        "The energy balance of a district": "片区能源平衡表",
        "Collect consumption by sector and fuel": "按部门和燃料类型收集能耗数据",
        "Map heat demand by block": "按街区绘制热需求图",
        "Publish the data every year": "每年公开数据",
        "Show the Copenhagen heat map.": "展示哥本哈根热需求图。",
        "Step 2: scenarios to 2030": "第二步：2030年情景",
        "Business as usual": "基准情景",
        "Efficiency first": "能效优先",
        "Electric heat pumps": "电热泵",
        "What worked in Copenhagen": "哥本哈根的成功经验",
        "District heating for 98% of homes": "98%的住户使用集中供热",
        "Waste heat from power plants and incinerators": "利用电厂和垃圾焚烧厂的余热",
        "A public utility that can borrow": "可以举债融资的公用事业公司",
        "Ask: which of your districts could share waste heat?": "提问：贵市哪些片区可以共享余热？",
    },
    "review_comment": "内容与国内片区规划结合紧密，同意使用。",
    "delivery_note": "学员索取了热需求图。The class asked for the heat map.",
}

# Karen Whitfield's talk for the first morning of "Energy Smart Cities", waiting for NAMC's reviewer: the
# reviewer returned the first version, the lecturer sent a second, the translator brought it up to date
# and submitted it again.
DECK_IN_REVIEW = {
    "lecturer": "whitfield",
    "session": ("energy-master-planning", 1, MORNING),
    "title_en": "How American cities plan their energy",
    "title_zh": "美国城市如何做能源规划",
    "adaptation_note": (
        "学员多为分管城建的副市长，请突出可操作的做法。"
        "Most of the class are vice mayors in charge of construction: stress what they can act on."
    ),
    "versions": [
        [
            (
                "How American cities plan their energy",
                ["Karen Whitfield, US Department of Energy"],
                "Introduce the Better Buildings programme.",
            ),
            ("Forty cities, one method", ["Set a baseline", "Agree targets with utilities", "Report every year"], ""),
            (
                "Results so far",
                ["Energy use in city buildings down 20%", "1,200 public chargers installed"],
                "Figures from the progress report.",
            ),
            ("What Chinese cities can take", ["Start with public buildings", "Make one bureau responsible"], ""),
        ],
        [
            (
                "How American cities plan their energy",
                ["Karen Whitfield, US Department of Energy"],
                "Introduce the Better Buildings programme.",
            ),
            ("Forty cities, one method", ["Set a baseline", "Agree targets with utilities", "Report every year"], ""),
            (
                "Results so far",
                ["Energy use in city buildings down 20% (2015–2025)", "1,200 public chargers installed"],
                "Figures from the 2025 progress report of the US Department of Energy.",
            ),
            (
                "What Chinese cities can take",
                [
                    "Start with public buildings",
                    "Make one bureau responsible",
                    "Compare: Shenzhen's energy audits of public buildings",
                ],
                "",
            ),
        ],
    ],
    "translations": {
        "How American cities plan their energy": "美国城市如何做能源规划",
        "Karen Whitfield, US Department of Energy": "卡伦·惠特菲尔德，美国能源部",
        "Introduce the Better Buildings programme.": "介绍“更好建筑”计划。",
        "Forty cities, one method": "四十个城市，一套方法",
        "Set a baseline": "建立基线",
        "Agree targets with utilities": "与公用事业公司商定目标",
        "Report every year": "每年报告进展",
        "Results so far": "目前的成效",
        "Energy use in city buildings down 20%": "城市建筑能耗下降20%",
        "Energy use in city buildings down 20% (2015–2025)": "城市建筑能耗下降20%（2015–2025年）",
        "1,200 public chargers installed": "建成1,200个公共充电桩",
        "Figures from the progress report.": "数据来自进展报告。",
        "Figures from the 2025 progress report of the US Department of Energy.": "数据来自美国能源部2025年进展报告。",
        "What Chinese cities can take": "国内城市可借鉴的做法",
        "Start with public buildings": "从公共建筑入手",
        "Make one bureau responsible": "明确一个牵头部门",
        "Compare: Shenzhen's energy audits of public buildings": "对照：深圳公共建筑能源审计",
    },
    "return_comment": "第3页的数据请注明来源和年份；第4页请补充国内城市的可比案例。",
    "new_version_note": "已注明数据来源和年份，最后一页加入国内案例。Sources and years added; a Chinese example last.",
    "resubmit_comment": "已按学院意见修改第3、4页。",
}
