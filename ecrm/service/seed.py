"""Deterministic e-Service demo data (idempotent): products, fault categories, SLAs, surveys switch, installed
products, a few fault records, RMAs and knowledge-base articles. Runs after the sales seed (customers)."""
import datetime

from django.utils import timezone

from ecrm.common import audit
from ecrm.common.models import User
from ecrm.sales.models import Customer
from ecrm.service.models import (
    DEFAULT_SLA,
    FaultCategory,
    FaultRecord,
    FaultStatus,
    InstalledProduct,
    KbArticle,
    KbStatus,
    Product,
    Rma,
    ServiceSettings,
    SlaPolicy,
)

PRODUCTS = [
    ("router-x1", "企业路由器 X1", "Enterprise router X1"),
    ("switch-s24", "千兆交换机 S24", "Gigabit switch S24"),
    ("firewall-f5", "防火墙 F5", "Firewall F5"),
    ("ap-w6", "无线接入点 W6", "Wireless access point W6"),
    ("nas-n4", "网络存储 N4", "Network storage N4"),
    ("ups-u3", "不间断电源 U3", "UPS U3"),
]
CATEGORIES = [
    ("hardware", "硬件", "Hardware"),
    ("software", "软件", "Software"),
    ("installation", "安装", "Installation"),
    ("usage", "使用", "Usage"),
    ("other", "其他", "Other"),
]
# customer, product code, serial, purchase date, warranty months
UNITS = [
    ("杭州云帆科技有限公司", "router-x1", "RX1-2024-0001", datetime.date(2024, 3, 15), 36),
    ("杭州云帆科技有限公司", "switch-s24", "S24-2023-0107", datetime.date(2023, 1, 31), 24),
    ("上海东方精密制造有限公司", "firewall-f5", "F5-2025-0042", datetime.date(2025, 6, 1), 24),
    ("北京华夏金融服务有限公司", "nas-n4", "N4-2022-0310", datetime.date(2022, 10, 10), 12),
    ("深圳前海智能科技有限公司", "ap-w6", "W6-2025-0815", datetime.date(2025, 8, 15), 36),
    ("广州珠江医药集团有限公司", "ups-u3", "U3-2024-1201", datetime.date(2024, 12, 1), 24),
    ("成都天府银行股份有限公司", "router-x1", "RX1-2025-0200", datetime.date(2025, 2, 28), 12),
    ("Acme Robotics Ltd", "switch-s24", "S24-2025-0999", datetime.date(2025, 11, 30), 12),
]
TZ = datetime.timezone(datetime.timedelta(hours=8))
# customer, product, serial, category, priority, channel, description, created, status, assignee, resolution
FAULTS = [
    ("杭州云帆科技有限公司", "router-x1", "RX1-2024-0001", "hardware", "P1", "phone",
     "核心路由器频繁重启，机房告警灯常亮。", datetime.datetime(2026, 3, 2, 9, 15, tzinfo=TZ), FaultStatus.NEW,
     None, ""),
    ("上海东方精密制造有限公司", "firewall-f5", "F5-2025-0042", "software", "P2", "email",
     "防火墙升级固件后 VPN 隧道无法建立。", datetime.datetime(2026, 3, 3, 14, 0, tzinfo=TZ), FaultStatus.ASSIGNED,
     "engineer", ""),
    ("北京华夏金融服务有限公司", "nas-n4", "N4-2022-0310", "hardware", "P3", "web",
     "NAS 第二块硬盘报告 SMART 错误。", datetime.datetime(2026, 3, 4, 10, 30, tzinfo=TZ), FaultStatus.IN_PROGRESS,
     "engineer", ""),
    ("深圳前海智能科技有限公司", "ap-w6", "W6-2025-0815", "installation", "P4", "onsite",
     "New access points need ceiling mounts and a site survey.", datetime.datetime(2026, 3, 5, 16, 45, tzinfo=TZ),
     FaultStatus.RESOLVED, "engineer", "Mounted the access points and tuned the channels."),
    ("广州珠江医药集团有限公司", "ups-u3", "U3-2024-1201", "usage", "P3", "phone",
     "UPS 自检时蜂鸣器一直响，客户不确定是否正常。", datetime.datetime(2026, 3, 6, 11, 0, tzinfo=TZ),
     FaultStatus.CLOSED, "engineer", "指导客户关闭自检蜂鸣，属正常现象。"),
]
KB = [
    ("路由器频繁重启的排查步骤", "hardware", "router-x1", KbStatus.PUBLISHED, "engineer", "路由器, 重启, 电源",
     "1. 检查电源适配器和机房供电是否稳定。\n2. 查看系统日志中的看门狗记录。\n\n如仍重启，请按 RMA 流程寄修。"),
    ("VPN tunnel fails after a firmware upgrade", "software", "firewall-f5", KbStatus.PUBLISHED, "engineer",
     "vpn, firmware",
     "Re-import the IKE profiles after the upgrade: the old format is not migrated.\n\n"
     "See [the vendor notes](https://support.example.com/f5/vpn) for details."),
    ("UPS 自检蜂鸣说明", "usage", "ups-u3", KbStatus.PUBLISHED, "svcmanager", "UPS, 蜂鸣",
     "UPS 每 30 天自检一次，蜂鸣 10 秒属正常现象，可在设置菜单中关闭。"),
    ("NAS 硬盘更换指南（草稿）", "hardware", "nas-n4", KbStatus.DRAFT, "engineer", "NAS, 硬盘",
     "更换硬盘前请先在管理界面将硬盘标记为离线。"),
]


def _settings_table(model, rows):
    for order, (code, name, name_en) in enumerate(rows, start=1):
        model.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "order": order,
                                                             "active": True})


def run(stdout):
    _settings_table(Product, PRODUCTS)
    _settings_table(FaultCategory, CATEGORIES)
    for priority, (response, resolution) in DEFAULT_SLA.items():
        SlaPolicy.objects.update_or_create(priority=priority, defaults={"response_hours": response,
                                                                         "resolution_hours": resolution})
    ServiceSettings.objects.update_or_create(pk=1, defaults={"surveys_enabled": True})
    products = {p.code: p for p in Product.objects.all()}
    categories = {c.code: c for c in FaultCategory.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__in=["engineer", "svcmanager"])}
    customers = {c.name: c for c in Customer.objects.filter(name__in={u[0] for u in UNITS} | {f[0] for f in FAULTS})}

    units = {}
    for customer, product, serial, purchased, months in UNITS:
        unit, _created = InstalledProduct.objects.update_or_create(
            product=products[product], serial_number=serial,
            defaults={"customer": customers[customer], "purchase_date": purchased, "warranty_months": months})
        units[serial] = unit

    faults = {}
    for (customer, product, serial, category, priority, channel, description, created, status, assignee,
         resolution) in FAULTS:
        fault = FaultRecord.objects.filter(description=description).first()
        if fault is None:
            fault = FaultRecord(customer=customers[customer], product=products[product], serial_number=serial,
                                category=categories[category], priority=priority, channel=channel,
                                description=description, created_at=created, created_by=users["svcmanager"])
            fault.save()
            audit.record(fault, users["svcmanager"], "create", field="status", new=fault.get_status_display())
            steps = {FaultStatus.ASSIGNED: 1, FaultStatus.IN_PROGRESS: 2, FaultStatus.RESOLVED: 3,
                     FaultStatus.CLOSED: 4}.get(status, 0)
            moment = created
            if steps >= 1:
                moment += datetime.timedelta(minutes=30)
                fault.assignee, fault.assigned_at, fault.status = users[assignee], moment, FaultStatus.ASSIGNED
            if steps >= 2:
                moment += datetime.timedelta(minutes=45)
                fault.responded_at, fault.status = moment, FaultStatus.IN_PROGRESS
            if steps >= 3:
                moment += datetime.timedelta(hours=5)
                fault.resolved_at, fault.resolution, fault.status = moment, resolution, FaultStatus.RESOLVED
            if steps >= 4:
                moment += datetime.timedelta(hours=20)
                fault.closed_at, fault.status = moment, FaultStatus.CLOSED
            fault.save()
        faults[serial] = fault

    for title, category, product, status, author, tags, content in KB:
        article = KbArticle.objects.filter(title=title).first()
        if article is None:
            KbArticle.objects.create(title=title, category=categories[category], product=products[product],
                                     status=status, author=users[author], tags=tags, content=content)

    rma_rows = [
        ("RX1-2024-0001", "设备反复重启，申请返修。", faults.get("RX1-2024-0001")),
        ("N4-2022-0310", "硬盘故障，保修已过期，客户同意付费维修。", faults.get("N4-2022-0310")),
    ]
    for serial, reason, fault in rma_rows:
        unit = units[serial]
        if not Rma.objects.filter(installed_product=unit, reason=reason).exists():
            rma = Rma(customer=unit.customer, installed_product=unit, fault=fault, reason=reason,
                      created_by=users["engineer"], created_at=timezone.localtime(fault.created_at)
                      + datetime.timedelta(days=1))
            rma.save()
            audit.record(rma, users["engineer"], "create", field="status", new=rma.get_status_display())
    stdout.write(f"service: {Product.objects.count()} products, {FaultRecord.objects.count()} fault records, "
                 f"{Rma.objects.count()} RMAs, {KbArticle.objects.count()} articles")
