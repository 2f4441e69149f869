"""Bulk e-Sales volume for the performance profile: ``run(customers=5000, activities=20000, stdout=None)``.

Deterministic (a fixed random seed; names numbered ``压测客户 000001`` ...), fast (``bulk_create`` in batches, no
per-row validation or audit) and idempotent (rows that already exist are kept; running twice adds nothing).
Each customer gets one primary contact and one opportunity; activities are spread over the reps' customers from
60 days before to 30 days after the e-CRM's clock, about half of them done with a call outcome or notes.
"""
from __future__ import annotations

import datetime
import random
import sys
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ecrm.common import clock
from ecrm.common.models import Role, User
from ecrm.sales.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    CallOutcome,
    Contact,
    Customer,
    Industry,
    Level,
    Opportunity,
    Source,
    Stage,
    StageHistory,
)

PREFIX = "压测客户"
SEED = 20260501
BATCH = 1000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"


def _name(index):
    return f"{PREFIX} {index:06d}"


@transaction.atomic
def run(customers=5000, activities=20000, stdout=None):
    out = stdout or sys.stdout
    rng = random.Random(SEED)
    reps = list(User.objects.filter(role=Role.REP, is_active=True).order_by("username"))
    if not reps:
        raise RuntimeError("run the seed command first: no sales reps")
    industries = list(Industry.objects.active()) or [None]
    sources = list(Source.objects.active()) or [None]
    stages = {s.code: s for s in Stage.objects.all()}
    open_codes = [c for c in ("lead", "qualified", "proposal", "negotiation") if c in stages]
    now = clock.now()
    today = clock.today()

    wanted = {_name(i): i for i in range(1, customers + 1)}
    existing = set(Customer.objects.filter(name__startswith=PREFIX).values_list("name", flat=True))
    new_customers = []
    for name, index in wanted.items():
        owner = reps[index % len(reps)]
        level = rng.choice(Level.values)
        industry, source = rng.choice(industries), rng.choice(sources)
        if name in existing:
            continue
        new_customers.append(Customer(
            name=name, owner=owner, level=level, industry=industry, source=source, region="华东",
            city=rng.choice(["上海", "杭州", "南京", "苏州", "宁波"]), phone=f"1{rng.choice('3456789')}{index:09d}",
            address=f"示范路{index}号", created_at=now, updated_at=now,
        ))
    Customer.objects.bulk_create(new_customers, batch_size=BATCH)
    created = {c.name: c for c in Customer.objects.filter(name__in=[c.name for c in new_customers])}

    contacts, opportunities = [], []
    for name, customer in created.items():
        index = wanted[name]
        contacts.append(Contact(
            customer=customer, name=rng.choice(SURNAMES) + rng.choice(GIVEN), title="采购经理",
            mobile=f"1{rng.choice('3456789')}{index:09d}", is_primary=True, created_at=now, updated_at=now,
        ))
        stage = stages[rng.choice(open_codes)] if rng.random() < 0.7 else stages[rng.choice(["won", "lost"])]
        opportunities.append(Opportunity(
            customer=customer, name=f"{name} 项目", owner=customer.owner, stage=stage,
            amount=Decimal(rng.randint(1_000, 2_000_000)) + Decimal(rng.randint(0, 99)) / 100,
            probability=stage.probability, expected_close=today + datetime.timedelta(days=rng.randint(1, 365)),
            lost_reason="价格" if stage.code == "lost" else "",
            closed_on=today - datetime.timedelta(days=rng.randint(0, 180)) if stage.is_final else None,
            created_at=now, updated_at=now,
        ))
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    Opportunity.objects.bulk_create(opportunities, batch_size=BATCH)
    made_opps = Opportunity.objects.filter(customer__in=list(created.values())).only("pk", "stage_id", "probability",
                                                                                     "owner_id")
    StageHistory.objects.bulk_create(
        [StageHistory(opportunity=o, from_stage=None, to_stage_id=o.stage_id, probability=o.probability,
                      changed_by_id=o.owner_id, changed_at=now) for o in made_opps], batch_size=BATCH)

    # Activities: only up to the requested total of volume activities on volume customers.
    have = Activity.objects.filter(customer__name__startswith=PREFIX).count()
    missing = max(activities - have, 0)
    pool = list(Customer.objects.filter(name__startswith=PREFIX).values_list("pk", "owner_id"))
    contact_of = dict(Contact.objects.filter(customer__name__startswith=PREFIX, is_primary=True)
                      .values_list("customer_id", "pk"))
    new_activities = []
    for n in range(missing):
        customer_id, owner_id = pool[rng.randrange(len(pool))]
        when = now + datetime.timedelta(minutes=rng.randint(-60 * 24 * 60, 60 * 24 * 30))
        when = when.replace(second=0, microsecond=0)
        kind = rng.choice(ActivityType.values)
        # Reps close what they did: an activity more than a week past is done; of the last
        # week's, one in five is still open (overdue). With every past activity open at 20 %, each volume rep had
        # about 1,200 overdue activities on "My day" (a 600 KB page), which no working rep has.
        done = when < now and (rng.random() < 0.8 or when < now - datetime.timedelta(days=7))
        outcome = rng.choice(CallOutcome.values) if done and kind == ActivityType.CALL else ""
        new_activities.append(Activity(
            type=kind, subject=f"{'电话回访' if kind == ActivityType.CALL else '客户拜访'} {have + n + 1:06d}",
            customer_id=customer_id, contact_id=contact_of.get(customer_id), owner_id=owner_id,
            scheduled_at=when, duration=rng.choice([15, 30, 45, 60, 90]),
            status=ActivityStatus.DONE if done else (ActivityStatus.CANCELLED if rng.random() < 0.05
                                                     else ActivityStatus.PLANNED),
            outcome=outcome, notes="" if outcome else ("已沟通" if done else ""),
            completed_at=when if done else None, created_at=now, updated_at=now,
        ))
    Activity.objects.bulk_create(new_activities, batch_size=BATCH)
    out.write(f"sales volume: {len(new_customers)} customers, {len(contacts)} contacts, {len(opportunities)} "
              f"opportunities, {len(new_activities)} activities added (as of {timezone.localtime(now):%Y-%m-%d})")
    return {"customers": len(new_customers), "activities": len(new_activities)}
