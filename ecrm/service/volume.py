"""Volume data for the performance profile: ``run(faults=5000)`` bulk-creates realistic fault records.

Deterministic (a seeded random generator and a fixed 180-day window ending 2026-06-30) and idempotent (records made
here carry the ``[vol]`` marker; a second run only tops up to ``faults``). Numbers continue each day's gapless
``SR-YYYYMMDD-NNN`` sequence, and the due times follow the SLA table, so lists, filters and reports behave as with
real data. Bulk inserts (no per-row audit entries) keep 5,000 rows to a few seconds.
"""
from __future__ import annotations

import datetime
import random
import sys

from django.db import transaction
from django.utils import timezone

from ecrm.common.models import Role, User
from ecrm.sales.models import Customer
from ecrm.service.models import (
    Channel,
    FaultCategory,
    FaultRecord,
    FaultStatus,
    Priority,
    Product,
    Sequence,
    SlaPolicy,
)

MARKER = "[vol]"
WINDOW_END = datetime.datetime(2026, 6, 30, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
WINDOW_DAYS = 180
PROBLEMS = [
    "设备频繁重启", "无法登录管理界面", "端口指示灯不亮", "固件升级失败", "VPN 隧道断开", "风扇异响",
    "电源模块告警", "Wi-Fi signal drops in the meeting room", "Backup job fails every night",
    "Slow throughput after the update", "硬盘 SMART 告警", "UPS 自检蜂鸣",
]
STATUS_WEIGHTS = [(FaultStatus.CLOSED, 45), (FaultStatus.RESOLVED, 15), (FaultStatus.IN_PROGRESS, 15),
                  (FaultStatus.PENDING, 8), (FaultStatus.ASSIGNED, 9), (FaultStatus.NEW, 8)]


def run(faults: int = 5000, stdout=None) -> int:
    """Top the volume records up to ``faults``; returns how many were created."""
    out = stdout or sys.stdout
    existing = FaultRecord.objects.filter(description__startswith=MARKER).count()
    missing = max(faults - existing, 0)
    if not missing:
        out.write(f"service volume: {existing} fault records already present\n")
        return 0
    rng = random.Random(20260630 + existing)
    customers = list(Customer.objects.filter(archived=False).order_by("pk").values_list("pk", flat=True))
    products = list(Product.objects.filter(active=True).order_by("pk").values_list("pk", flat=True))
    categories = list(FaultCategory.objects.filter(active=True).order_by("pk").values_list("pk", flat=True))
    staff = list(User.objects.filter(role__in=[Role.ENGINEER, Role.SVCMANAGER]).order_by("pk"))
    creator = next((u for u in staff if u.role == Role.SVCMANAGER), None)
    if not (customers and products and categories and staff):
        raise RuntimeError("run the seed command first (customers, products, categories and service users)")
    sla = {p: SlaPolicy.hours_for(p) for p in Priority.values}
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    start = WINDOW_END - datetime.timedelta(days=WINDOW_DAYS)
    span = int((WINDOW_END - start).total_seconds())
    moments = sorted(start + datetime.timedelta(seconds=rng.randrange(span)) for _ in range(missing))
    per_day: dict[str, list[int]] = {}
    rows = []
    for moment in moments:
        day = timezone.localtime(moment).strftime("%Y%m%d")
        priority = rng.choices(Priority.values, weights=[1, 3, 5, 3])[0]
        status = rng.choice(statuses)
        response_h, resolution_h = sla[priority]
        fault = FaultRecord(
            customer_id=rng.choice(customers), product_id=rng.choice(products), category_id=rng.choice(categories),
            priority=priority, channel=rng.choice(Channel.values), status=status, created_by=creator,
            serial_number=f"VOL-{rng.randrange(10**6):06d}",
            description=f"{MARKER} {rng.choice(PROBLEMS)} #{existing + len(rows) + 1}",
            created_at=moment, updated_at=moment,
            response_due=moment + datetime.timedelta(hours=response_h),
            resolution_due=moment + datetime.timedelta(hours=resolution_h),
        )
        if status != FaultStatus.NEW:
            fault.assignee = rng.choice(staff)
            fault.assigned_at = moment + datetime.timedelta(minutes=rng.randint(5, 90))
        if status in (FaultStatus.IN_PROGRESS, FaultStatus.PENDING, FaultStatus.RESOLVED, FaultStatus.CLOSED):
            fault.responded_at = fault.assigned_at + datetime.timedelta(minutes=rng.randint(5, 300))
        if status in (FaultStatus.RESOLVED, FaultStatus.CLOSED):
            fault.resolved_at = fault.responded_at + datetime.timedelta(hours=rng.uniform(0.5, resolution_h * 1.3))
            fault.resolution = "已处理 / Resolved"
        if status == FaultStatus.CLOSED:
            fault.closed_at = fault.resolved_at + datetime.timedelta(hours=rng.uniform(1, 48))
        per_day.setdefault(day, []).append(len(rows))
        rows.append(fault)
    with transaction.atomic():
        for day, indexes in per_day.items():
            key = f"SR-{day}"
            sequence, _created = Sequence.objects.select_for_update().get_or_create(key=key)
            for offset, index in enumerate(indexes, start=1):
                rows[index].number = f"{key}-{sequence.last + offset:03d}"
            sequence.last += len(indexes)
            sequence.save(update_fields=["last"])
        FaultRecord.objects.bulk_create(rows, batch_size=1000)
    out.write(f"service volume: created {len(rows)} fault records ({existing + len(rows)} in all)\n")
    return len(rows)
