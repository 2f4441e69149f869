"""Bulk e-Expense data for the performance profile: ``run(claims=5000)`` adds realistic claims with lines.

Deterministic (a fixed random seed) and fast (``bulk_create`` in batches, one transaction). Claims are spread over
the demo employees, the last 80 days, the active projects and every state; submitted claims get gapless numbers
from the same month counters the application uses, so the application keeps numbering after them.
"""
import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ecrm.common import clock
from ecrm.common.models import User
from ecrm.expense.models import Category, Claim, ClaimLine, ClaimStatus, NumberCounter, Project

EMPLOYEES = ["rep1", "rep2", "manager", "engineer", "svcmanager"]
STATES = [ClaimStatus.DRAFT] * 2 + [ClaimStatus.SUBMITTED] * 3 + [ClaimStatus.MANAGER_APPROVED] * 2 + [
    ClaimStatus.FINANCE_APPROVED] * 2 + [ClaimStatus.PAID] * 6 + [ClaimStatus.REJECTED]
WORDS = ["客户拜访", "项目实施", "展会", "培训", "技术交流", "售后巡检", "招投标", "年度回访"]
CITIES = ["杭州", "上海", "北京", "深圳", "成都", "南京", "苏州", "武汉", "西安", "广州"]
BATCH = 1000


def run(claims=5000, stdout=None):
    rng = random.Random(20260501)
    today = clock.today()
    now = clock.now()
    users = {u.username: u for u in User.objects.filter(username__in=EMPLOYEES).select_related("line_manager")}
    employees = [users[name] for name in EMPLOYEES if name in users]
    categories = list(Category.objects.filter(active=True).exclude(code="entertainment"))
    projects = list(Project.objects.filter(active=True)) + [None, None]
    # EXP-PRJ-2 holds in the volume too: a project that may not overspend is charged at most 80 % of its budget by
    # the claims on their way to spend (submitted and later), so that approving any of them is a valid workflow.
    committed = defaultdict(Decimal)
    with transaction.atomic():
        rows, plans = [], []
        for index in range(claims):
            employee = employees[index % len(employees)]
            status = STATES[rng.randrange(len(STATES))]
            age = rng.randrange(0, 80)
            day = today - datetime.timedelta(days=age)
            lines = [(day - datetime.timedelta(days=rng.randrange(0, 5)), rng.choice(categories),
                      Decimal(rng.randrange(1000, 20000)) / 100) for _ in range(rng.randint(1, 4))]
            total = sum((a for _d, _c, a in lines), Decimal("0"))
            project = rng.choice(projects)
            if project is not None and status not in (ClaimStatus.DRAFT, ClaimStatus.REJECTED):
                if not project.allow_overspend and committed[project.pk] + total > project.budget * Decimal("0.8"):
                    project = None
                else:
                    committed[project.pk] += total
            claim = Claim(
                employee=employee, title=f"{rng.choice(CITIES)}{rng.choice(WORDS)} #{index + 1}",
                project=project, status=status, total=total,
                approver=employee.line_manager if status != ClaimStatus.DRAFT else None,
                submitted_at=None if status == ClaimStatus.DRAFT else now - datetime.timedelta(days=age),
                created_at=now - datetime.timedelta(days=age), updated_at=now,
            )
            rows.append(claim)
            plans.append(lines)
        _number(rows)
        Claim.objects.bulk_create(rows, batch_size=BATCH)
        line_rows = [ClaimLine(claim=claim, date=date, category=category, amount=amount,
                               description=f"{category.name} {claim.title[:20]}")
                     for claim, lines in zip(rows, plans, strict=True) for date, category, amount in lines]
        ClaimLine.objects.bulk_create(line_rows, batch_size=BATCH)
    if stdout is not None:
        stdout.write(f"expense volume: {len(rows)} claims, {len(line_rows)} lines")
    return len(rows)


def _number(rows):
    """Give submitted claims gapless numbers per month, continuing each month's counter."""
    by_month = defaultdict(list)
    for claim in sorted((c for c in rows if c.submitted_at), key=lambda c: c.submitted_at):
        by_month[timezone.localtime(claim.submitted_at).strftime("%Y%m")].append(claim)
    for month, claims in by_month.items():
        key = f"EXP-{month}"
        counter, _created = NumberCounter.objects.select_for_update().get_or_create(key=key)
        for claim in claims:
            counter.last += 1
            claim.number = f"{key}-{counter.last:04d}"
        counter.save(update_fields=["last"])
