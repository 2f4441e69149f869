"""Deterministic e-Expense demo data (idempotent): employee types and their limits, categories, thresholds,
projects, rep1's bank account, an advance or two and a paid claim."""
import base64
import datetime
from decimal import Decimal

from django.db import transaction

from ecrm.common import audit, clock
from ecrm.common.models import Role, User
from ecrm.expense.models import (
    Advance,
    AdvanceStatus,
    Category,
    CategoryLimit,
    Claim,
    ClaimLine,
    ClaimStatus,
    EmployeeType,
    ExpenseProfile,
    ExpenseSettings,
    NumberCounter,
    Payment,
    PaymentMethod,
    Project,
    Receipt,
)

EMPLOYEE_TYPES = ["销售代表", "经理", "财务", "工程师"]

USER_TYPES = {
    "admin": "经理",
    "manager": "经理",
    "rep1": "销售代表",
    "rep2": "销售代表",
    "finance": "财务",
    "engineer": "工程师",
    "svcmanager": "经理",
}

CATEGORIES = [
    ("travel", "差旅", "Travel"),
    ("transport", "交通", "Transport"),
    ("lodging", "住宿", "Lodging"),
    ("meals", "餐费", "Meals"),
    ("entertainment", "招待", "Entertainment"),
    ("office", "办公", "Office"),
    ("other", "其他", "Other"),
]

# The most one line of a category may claim, per employee type.
LIMITS = {
    "销售代表": {"travel": "5000", "transport": "1000", "lodging": "800", "meals": "500", "entertainment": "2000",
             "office": "1000", "other": "500"},
    "经理": {"travel": "10000", "transport": "2000", "lodging": "1500", "meals": "1000", "entertainment": "5000",
           "office": "3000", "other": "1000"},
    "财务": {"travel": "5000", "transport": "1000", "lodging": "800", "meals": "500", "entertainment": "1000",
           "office": "2000", "other": "500"},
    "工程师": {"travel": "5000", "transport": "1000", "lodging": "600", "meals": "300", "entertainment": "500",
            "office": "1000", "other": "500"},
}

# code, name, budget, manager, active, allow overspend
PROJECTS = [
    ("HZ-001", "杭州云帆实施项目", "200000.00", "manager", True, False),
    ("SH-002", "上海精密产线改造", "100000.00", "manager", True, False),
    ("BJ-003", "北京金融客户培训", "50000.00", "admin", True, True),
    ("OLD-001", "2025 年展会（已结束）", "30000.00", "manager", False, False),
]

# A 1×1 transparent PNG, the receipt of the seeded claim's lines.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def run(stdout):
    with transaction.atomic():
        types = {name: EmployeeType.objects.get_or_create(name=name)[0] for name in EMPLOYEE_TYPES}
        for username, type_name in USER_TYPES.items():
            User.objects.filter(username=username, employee_type__isnull=True).update(employee_type=types[type_name])
        categories = {}
        for order, (code, name, name_en) in enumerate(CATEGORIES, start=1):
            categories[code] = Category.objects.update_or_create(
                code=code, defaults={"name": name, "name_en": name_en, "order": order * 10, "active": True})[0]
        for type_name, limits in LIMITS.items():
            for code, limit in limits.items():
                CategoryLimit.objects.get_or_create(employee_type=types[type_name], category=categories[code],
                                                    defaults={"limit": Decimal(limit)})
        ExpenseSettings.load()
        _clerk(types)
        users = {u.username: u for u in User.objects.filter(username__in=USER_TYPES)}
        projects = {}
        for code, name, budget, manager, active, overspend in PROJECTS:
            projects[code] = Project.objects.get_or_create(code=code, defaults={
                "name": name, "budget": Decimal(budget), "manager": users[manager], "active": active,
                "allow_overspend": overspend})[0]
        profile = ExpenseProfile.of(users["rep1"])
        if not profile.card_number:
            profile.bank_holder, profile.bank_name, profile.card_number = "张三", "招商银行", "6225880212345673"
            profile.save()
        advances = _advances(users)
        claims = _claims(users, categories, projects)
    stdout.write(f"expense: {len(types)} employee types, {len(categories)} categories, {len(projects)} projects, "
                 f"{advances} advances, {claims} claims")


# A finance clerk kept for the suite's password-change tests, so that changing a password never invalidates the
# stored logins of the seven demo users (Django ends a user's other sessions when the password changes).
CLERK = ("clerk", "Clerk@2026", "钱会计")


def _clerk(types):
    username, password, display_name = CLERK
    admin = User.objects.filter(username="admin").first()
    user, created = User.objects.get_or_create(username=username, defaults={
        "role": Role.FINANCE, "display_name": display_name, "email": f"{username}@ecrm.example",
        "line_manager": admin, "employee_type": types["财务"]})
    if created or not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])


def _advances(users):
    today = clock.today()
    rep1, manager, finance = users["rep1"], users["manager"], users["finance"]
    made = 0
    if not Advance.objects.filter(employee=rep1, purpose="华东区客户拜访差旅备用金").exists():
        advance = Advance(employee=rep1, purpose="华东区客户拜访差旅备用金", amount=Decimal("3000.00"),
                          expected_repayment=today + datetime.timedelta(days=60), approver=manager,
                          status=AdvanceStatus.DISBURSED, disbursed_on=today)
        advance.number = NumberCounter.next_number("ADV")
        advance.save()
        audit.record(advance, rep1, "submit", field="status", old="草稿", new="已提交")
        audit.record(advance, manager, "approve", field="status", old="已提交", new="已批准")
        audit.record(advance, finance, "disburse", field="status", old="已批准", new="已发放")
        made += 1
    if not Advance.objects.filter(employee=rep1, purpose="展会物料采购借支").exists():
        Advance.objects.create(employee=rep1, purpose="展会物料采购借支", amount=Decimal("1500.00"),
                               expected_repayment=today + datetime.timedelta(days=30))
        made += 1
    return made


def _claims(users, categories, projects):
    today = clock.today()
    rep1, rep2, manager, finance = users["rep1"], users["rep2"], users["manager"], users["finance"]
    made = 0
    title = "杭州云帆项目现场实施差旅"
    if not Claim.objects.filter(employee=rep1, title=title).exists():
        claim = Claim.objects.create(employee=rep1, title=title, project=projects["HZ-001"],
                                     approver=manager, submitted_at=clock.now())
        for days, code, amount, text in ((12, "travel", "1280.00", "上海—杭州高铁往返"),
                                         (11, "lodging", "560.00", "杭州酒店两晚"),
                                         (10, "meals", "86.50", "现场工作餐")):
            line = ClaimLine.objects.create(claim=claim, date=today - datetime.timedelta(days=days),
                                            category=categories[code], amount=Decimal(amount), description=text)
            if line.amount > ExpenseSettings.load().receipt_threshold:
                Receipt.objects.create(line=line, name=f"receipt-{code}.png", content_type="image/png",
                                       size=len(PNG_1X1), data=PNG_1X1)
        claim.recompute_total()
        claim.number = NumberCounter.next_number("EXP")
        claim.status = ClaimStatus.PAID
        claim.save()
        Payment.objects.create(number=NumberCounter.next_number("PAY"), claim=claim, method=PaymentMethod.BANK,
                               paid_on=today, claim_total=claim.total, amount=claim.total, paid_by=finance,
                               bank_account="张三 招商银行 **** **** **** 5673")
        for actor, action, old, new in ((rep1, "submit", "草稿", "已提交"), (manager, "approve", "已提交", "经理已批"),
                                        (finance, "approve", "经理已批", "财务已批"),
                                        (finance, "pay", "财务已批", "已结款")):
            audit.record(claim, actor, action, field="status", old=old, new=new)
        made += 1
    title = "深圳客户技术交流招待"
    if not Claim.objects.filter(employee=rep2, title=title).exists():
        claim = Claim.objects.create(employee=rep2, title=title, project=projects["SH-002"])
        ClaimLine.objects.create(claim=claim, date=today - datetime.timedelta(days=3), category=categories["meals"],
                                 amount=Decimal("168.00"), description="客户技术交流午餐")
        claim.recompute_total()
        made += 1
    return made
