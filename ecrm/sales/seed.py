"""Deterministic e-Sales demo data: industries, sources, stages, 30 customers with contacts, a few opportunities
and activities."""
import datetime
from decimal import Decimal

from django.utils import timezone

from ecrm.common.models import User
from ecrm.sales.migrations import DEFAULT_STAGES  # SAL-OPP: the default stages live in settings
from ecrm.sales.models import Activity, Contact, Customer, Industry, Opportunity, Source, Stage, StageHistory

INDUSTRIES = [
    ("manufacturing", "制造业", "Manufacturing"),
    ("it", "信息技术", "Information technology"),
    ("finance", "金融", "Finance"),
    ("retail", "零售", "Retail"),
    ("healthcare", "医疗", "Healthcare"),
    ("education", "教育", "Education"),
    ("energy", "能源", "Energy"),
    ("logistics", "物流", "Logistics"),
    ("government", "政府", "Government"),
    ("other", "其他", "Other"),
]

SOURCES = [
    ("referral", "业主推荐", "Referral"),
    ("advertising", "广告", "Advertising"),
    ("exhibition", "展会", "Exhibition"),
    ("phone", "电话", "Phone"),
    ("web", "网络", "Web"),
    ("other", "其他", "Other"),
]

# name, owner, level, industry, source, region, city, phone, contacts [(name, title, mobile, email)]
CUSTOMERS = [
    ("杭州云帆科技有限公司", "rep1", "top", "it", "referral", "华东", "杭州", "0571-88001001",
     [("周明", "采购总监", "13800000001", "zhouming@yunfan.example"), ("吴芳", "IT经理", "13800000002", "")]),
    ("上海东方精密制造有限公司", "rep1", "high", "manufacturing", "exhibition", "华东", "上海", "021-66001002",
     [("郑伟", "总经理", "13800000003", "zhengwei@dfjm.example")]),
    ("北京华夏金融服务有限公司", "rep1", "high", "finance", "phone", "华北", "北京", "010-58001003",
     [("王磊", "信息部主任", "13800000004", "wanglei@hxjr.example")]),
    ("苏州瑞达物流有限公司", "rep1", "mid", "logistics", "web", "华东", "苏州", "0512-65001004",
     [("孙丽", "运营经理", "13800000005", "")]),
    ("南京博雅教育科技有限公司", "rep1", "mid", "education", "advertising", "华东", "南京", "025-84001005",
     [("钱进", "校长助理", "", "qianjin@boya.example")]),
    ("宁波海港能源有限公司", "rep1", "low", "energy", "exhibition", "华东", "宁波", "0574-87001006",
     [("冯涛", "设备主管", "13800000006", "fengtao@hgny.example")]),
    ("合肥康宁医疗器械有限公司", "rep1", "potential", "healthcare", "referral", "华东", "合肥", "0551-63001007",
     [("陈静", "采购经理", "13800000007", "chenjing@kangning.example")]),
    ("无锡新光电子有限公司", "rep1", "watching", "manufacturing", "web", "华东", "无锡", "0510-82001008",
     [("褚强", "技术总监", "13800000008", "")]),
    ("厦门鹭岛零售连锁有限公司", "rep1", "mid", "retail", "advertising", "华南", "厦门", "0592-52001009",
     [("卫红", "门店经理", "13800000009", "weihong@ludao.example")]),
    ("福州闽江软件有限公司", "rep1", "low", "it", "phone", "华南", "福州", "0591-87001010",
     [("蒋华", "项目经理", "13800000010", "jianghua@minjiang.example")]),
    ("济南泉城机械有限公司", "rep1", "inactive", "manufacturing", "other", "华北", "济南", "0531-86001011",
     [("沈勇", "厂长", "13800000011", "")]),
    ("青岛海韵贸易有限公司", "rep1", "potential", "retail", "exhibition", "华北", "青岛", "0532-85001012",
     [("韩梅", "外贸主管", "", "hanmei@haiyun.example")]),
    ("Acme Robotics Ltd", "rep1", "high", "manufacturing", "exhibition", "海外", "London", "+442071001013",
     [("John Smith", "CTO", "+447700900013", "john.smith@acme.example")]),
    ("温州瓯越电气有限公司", "rep1", "watching", "energy", "web", "华东", "温州", "0577-88001014",
     [("杨帆", "销售经理", "13800000014", "yangfan@ouyue.example")]),
    ("常州天宁纺织有限公司", "rep1", "low", "manufacturing", "referral", "华东", "常州", "0519-86001015",
     [("朱琳", "财务经理", "13800000015", "zhulin@tianning.example")]),
    ("深圳前海智能科技有限公司", "rep2", "top", "it", "referral", "华南", "深圳", "0755-86002001",
     [("秦朗", "CIO", "13900000001", "qinlang@qianhai.example"), ("尤佳", "采购专员", "13900000002", "")]),
    ("广州珠江医药集团有限公司", "rep2", "high", "healthcare", "exhibition", "华南", "广州", "020-83002002",
     [("许晴", "信息化负责人", "13900000003", "xuqing@zhujiang.example")]),
    ("成都天府银行股份有限公司", "rep2", "top", "finance", "phone", "西南", "成都", "028-86002003",
     [("何平", "科技部经理", "13900000004", "heping@tfbank.example")]),
    ("重庆山城汽车配件有限公司", "rep2", "mid", "manufacturing", "web", "西南", "重庆", "023-63002004",
     [("吕方", "生产经理", "13900000005", "")]),
    ("武汉江城物流有限公司", "rep2", "mid", "logistics", "advertising", "华中", "武汉", "027-85002005",
     [("施洋", "调度主管", "", "shiyang@jiangcheng.example")]),
    ("长沙湘江教育集团", "rep2", "low", "education", "referral", "华中", "长沙", "0731-84002006",
     [("张敏", "行政总监", "13900000006", "zhangmin@xiangjiang.example")]),
    ("西安古城文旅有限公司", "rep2", "potential", "other", "exhibition", "西北", "西安", "029-87002007",
     [("孔亮", "市场经理", "13900000007", "kongliang@gucheng.example")]),
    ("昆明春城花卉有限公司", "rep2", "watching", "retail", "web", "西南", "昆明", "0871-63002008",
     [("曹雪", "总经理", "13900000008", "")]),
    ("天津港航能源有限公司", "rep2", "high", "energy", "phone", "华北", "天津", "022-23002009",
     [("严冬", "设备部长", "13900000009", "yandong@ganghang.example")]),
    ("郑州中原粮食贸易有限公司", "rep2", "low", "retail", "other", "华中", "郑州", "0371-65002010",
     [("华磊", "采购经理", "13900000010", "hualei@zhongyuan.example")]),
    ("沈阳北方重工有限公司", "rep2", "inactive", "manufacturing", "advertising", "东北", "沈阳", "024-22002011",
     [("金鑫", "设备科长", "13900000011", "")]),
    ("大连海滨软件园有限公司", "rep2", "mid", "it", "referral", "东北", "大连", "0411-84002012",
     [("魏东", "运维经理", "", "weidong@haibin.example")]),
    ("哈尔滨冰城药业有限公司", "rep2", "potential", "healthcare", "web", "东北", "哈尔滨", "0451-53002013",
     [("陶然", "质量总监", "13900000012", "taoran@bingcheng.example")]),
    ("Globex Trading GmbH", "rep2", "mid", "retail", "exhibition", "海外", "Berlin", "+493012002014",
     [("Anna Müller", "Einkauf", "+4915112002014", "anna.mueller@globex.example")]),
    ("南宁绿城农业科技有限公司", "rep2", "watching", "other", "phone", "华南", "南宁", "0771-56002015",
     [("姜山", "技术员", "13900000013", "jiangshan@lvcheng.example")]),
]

# customer name, opportunity name, amount, stage, expected close
OPPORTUNITIES = [
    ("杭州云帆科技有限公司", "云帆CRM升级项目", "280000.00", "proposal", datetime.date(2026, 9, 30)),
    ("上海东方精密制造有限公司", "MES系统集成", "150000.00", "qualified", datetime.date(2026, 10, 31)),
    ("深圳前海智能科技有限公司", "前海数据中心扩容", "520000.00", "negotiation", datetime.date(2026, 8, 31)),
    ("成都天府银行股份有限公司", "网点终端更换", "90000.00", "won", datetime.date(2026, 3, 31)),
]


D = datetime.datetime
# customer name, contact name, type, subject, scheduled (local), status, outcome, notes
ACTIVITIES = [
    ("杭州云帆科技有限公司", "周明", "call", "确认CRM升级需求", D(2026, 5, 4, 10, 0), "done", "connected",
     "客户确认预算，约下周拜访"),
    ("杭州云帆科技有限公司", "周明", "visit", "现场演示方案", D(2026, 5, 11, 14, 0), "planned", "", ""),
    ("上海东方精密制造有限公司", "郑伟", "call", "MES集成初次沟通", D(2026, 5, 5, 9, 30), "done", "busy", ""),
    ("上海东方精密制造有限公司", "郑伟", "meeting", "需求研讨会", D(2026, 5, 12, 10, 0), "planned", "", ""),
    ("深圳前海智能科技有限公司", "秦朗", "call", "扩容报价跟进", D(2026, 5, 6, 15, 0), "done", "connected",
     "对报价基本认可"),
    ("深圳前海智能科技有限公司", "秦朗", "demo", "数据中心方案演示", D(2026, 5, 13, 10, 0), "planned", "", ""),
    ("成都天府银行股份有限公司", "何平", "email", "验收材料发送", D(2026, 5, 7, 11, 0), "done", "",
     "验收材料已发送"),
]


def run(stdout):
    for model, rows in ((Industry, INDUSTRIES), (Source, SOURCES)):
        for order, (code, name, name_en) in enumerate(rows, start=1):
            model.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "order": order})
    for order, (code, name, name_en, probability) in enumerate(DEFAULT_STAGES, start=1):
        Stage.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "order": order,
                                                            "probability": probability, "active": True})
    stages = {s.code: s for s in Stage.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__in=["rep1", "rep2"])}
    industries = {i.code: i for i in Industry.objects.all()}
    sources = {s.code: s for s in Source.objects.all()}
    for name, owner, level, industry, source, region, city, phone, contacts in CUSTOMERS:
        customer = Customer.objects.filter(name=name).first()
        if customer is None:
            customer = Customer(name=name)
        customer.owner = users[owner]
        customer.level = level
        customer.industry = industries[industry]
        customer.source = sources[source]
        customer.region = region
        customer.city = city
        customer.phone = phone
        customer.address = f"{city}市示范路{len(name)}号" if not city.isascii() else f"{len(name)} Example Street"
        customer.website = ""
        customer.tags = ""
        customer.archived = False
        customer.archived_at = None
        customer.save()
        for index, (cname, title, mobile, email) in enumerate(contacts):
            Contact.objects.update_or_create(
                customer=customer,
                name=cname,
                defaults={"title": title, "mobile": mobile, "email": email, "is_primary": index == 0},
            )
    for customer_name, opp_name, amount, stage, close in OPPORTUNITIES:
        customer = Customer.objects.get(name=customer_name)
        opp, created = Opportunity.objects.update_or_create(
            customer=customer,
            name=opp_name,
            defaults={"amount": Decimal(amount), "stage_id": stage, "probability": stages[stage].probability,
                      "expected_close": close, "owner": customer.owner},
        )
        if stage in ("won", "lost"):
            Opportunity.objects.filter(pk=opp.pk).update(closed_on=close)
        if created:
            StageHistory.objects.create(opportunity=opp, from_stage=None, to_stage_id=stage,
                                        probability=opp.probability, changed_by=customer.owner,
                                        changed_at=opp.created_at)
    for customer_name, contact_name, kind, subject, when, status, outcome, notes in ACTIVITIES:
        customer = Customer.objects.get(name=customer_name)
        scheduled = timezone.make_aware(when)
        Activity.objects.update_or_create(
            customer=customer, subject=subject,
            defaults={"contact": Contact.objects.get(customer=customer, name=contact_name), "type": kind,
                      "scheduled_at": scheduled, "status": status, "outcome": outcome, "notes": notes,
                      "owner": customer.owner, "completed_at": scheduled if status == "done" else None,
                      "duration": 30},
        )
    stdout.write(
        f"sales: {len(INDUSTRIES)} industries, {len(SOURCES)} sources, {len(DEFAULT_STAGES)} stages, "
        f"{len(CUSTOMERS)} customers, {sum(len(c[8]) for c in CUSTOMERS)} contacts, "
        f"{len(OPPORTUNITIES)} opportunities, {len(ACTIVITIES)} activities"
    )
