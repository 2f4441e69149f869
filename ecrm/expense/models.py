"""e-Expense models: settings (employee types, categories, limits, thresholds), projects, claims and their lines
and receipts, advances, payments with advance offsets, and each employee's expense profile (My settings).

Rules live here (validators, ``clean()``, ``check_*`` methods and querysets); the cross-model workflows that change
state (submit, approve, pay ...) are in ``services.py``.
"""
import re
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.models import Role, User
from ecrm.common.routing import Route, Routing
from ecrm.common.validators import is_safe_text, safe_text

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}
POSITIVE = [MinValueValidator(CENT)]

EMPLOYEE_TYPE_NAME_RE = re.compile(r"^[0-9A-Za-z\u00C0-\u024F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF ]+$")


def money(value):
    """A Decimal rounded half-up to 0.01 (None stays None)."""
    if value is None:
        return None
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_money(value):
    return f"{money(value or 0):,.2f}"


# --------------------------------------------------------------------------- employee types
def validate_employee_type_name(value):
    """EXP-SYS-1: 1–20 characters: letters, Chinese characters, digits and spaces only."""
    if value is None:
        return
    if not value.strip():
        raise ValidationError(_("Enter a name"), code="required")
    if not EMPLOYEE_TYPE_NAME_RE.match(value):
        raise ValidationError(
            _("Name may contain only letters, Chinese characters, digits and spaces"), code="invalid_characters"
        )


class EmployeeType(models.Model):
    """员工类型: every user has one; it sets the per-category claim limits."""

    name = models.CharField(
        _("name"), max_length=20, unique=True, validators=[safe_text, validate_employee_type_name]
    )

    class Meta:
        verbose_name = _("employee type")
        verbose_name_plural = _("employee types")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="expense_employeetype_name_ci_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.name and is_safe_text(self.name, 20):
            self.name = self.name.strip()
            clash = EmployeeType.objects.filter(name__iexact=self.name).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError(
                    {"name": _("An employee type named “%(name)s” already exists") % {"name": clash.name}}
                )

    def validate_unique(self, exclude=None):
        # Case-insensitive uniqueness is checked in clean() with a clearer message.
        exclude = set(exclude or ()) | {"name"}
        super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ()) | {"name"}
        super().validate_constraints(exclude=exclude)

    @property
    def in_use(self):
        return self.users.exists()

    def delete(self, *args, **kwargs):
        """EXP-SYS-1: a type in use cannot be deleted (its limits go with it)."""
        if self.in_use:
            raise ValidationError(
                _("Employee type “%(name)s” is in use and cannot be deleted") % {"name": self.name},
                code="protected",
            )
        with transaction.atomic():
            self.limits.all().delete()
            return super().delete(*args, **kwargs)

    def limit_for(self, category):
        row = self.limits.filter(category=category).first()
        return row.limit if row else None


# --------------------------------------------------------------------------- categories, limits, thresholds
class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Category(models.Model):
    """费用类别: travel, transport, lodging, meals, entertainment, office, other (admin/finance edit them)."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True,
        error_messages={"invalid": _("Enter a code of lower-case letters, digits, hyphens or underscores")},
    )
    name = models.CharField(_("name (Chinese)"), max_length=20, validators=[safe_text])
    name_en = models.CharField(_("name (English)"), max_length=40, validators=[safe_text])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("expense category")
        verbose_name_plural = _("expense categories")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        lang = (get_language() or settings.LANGUAGE_CODE).lower()
        return self.name_en if lang.startswith("en") and self.name_en else self.name

    def clean(self):
        super().clean()
        if self.code:
            self.code = self.code.strip().lower()
        for field in ("name", "name_en"):
            value = getattr(self, field)
            if value and is_safe_text(value):
                setattr(self, field, value.strip())
                if not getattr(self, field):
                    raise ValidationError({field: _("This field is required.")})


class CategoryLimit(models.Model):
    """EXP-SYS-2: the most one claim line of ``category`` may claim for an employee of ``employee_type``."""

    employee_type = models.ForeignKey(EmployeeType, on_delete=models.CASCADE, related_name="limits",
                                      verbose_name=_("employee type"))
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="limits",
                                 verbose_name=_("category"))
    limit = models.DecimalField(_("limit"), validators=POSITIVE, **MONEY)

    class Meta:
        verbose_name = _("category limit")
        verbose_name_plural = _("category limits")
        constraints = [models.UniqueConstraint(fields=["employee_type", "category"],
                                               name="expense_limit_one_per_type_category")]

    def __str__(self):
        return f"{self.employee_type} / {self.category}: {self.limit}"


class ExpenseSettings(models.Model):
    """Singleton (pk=1): the receipt threshold and the approval threshold (EXP-SYS-2)."""

    receipt_threshold = models.DecimalField(_("receipt threshold"), default=Decimal("200.00"),
                                            validators=[MinValueValidator(ZERO)], **MONEY)
    approval_threshold = models.DecimalField(_("approval threshold"), default=Decimal("10000.00"),
                                             validators=POSITIVE, **MONEY)

    class Meta:
        verbose_name = _("expense settings")
        verbose_name_plural = _("expense settings")

    def __str__(self):
        return f"receipt ≥ {self.receipt_threshold}, admin ≥ {self.approval_threshold}"

    @classmethod
    def load(cls):
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


# --------------------------------------------------------------------------- numbering
class NumberCounter(models.Model):
    """One row per number series and month (``EXP-202605``): the last number handed out.

    ``next_number`` locks the row (``select_for_update``) inside the caller's transaction, so numbers are gapless and
    unique under concurrency: on PostgreSQL the row lock serialises allocators, on SQLite the write transaction
    (``transaction_mode = IMMEDIATE``) does; a rolled-back transaction rolls its increment back with it.
    """

    key = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.last}"

    @classmethod
    def next_number(cls, prefix, day=None):
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("NumberCounter.next_number must run inside a transaction")
        day = day or clock.today()
        key = f"{prefix}-{day:%Y%m}"
        counter, _created = cls.objects.select_for_update().get_or_create(key=key)
        counter.last = F("last") + 1
        counter.save(update_fields=["last"])
        counter.refresh_from_db(fields=["last"])
        return f"{key}-{counter.last:04d}"


# --------------------------------------------------------------------------- projects
PROJECT_CODE_RE = r"^[A-Z]{2,5}-\d{3}$"
SPEND_STATUSES = ("manager_approved", "finance_approved", "admin_approved", "paid")


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def with_spend(self):
        """EXP-PRJ-1: spend = the lines of approved and paid claims charged to the project."""
        spend = (
            ClaimLine.objects.filter(claim__project=OuterRef("pk"), claim__status__in=SPEND_STATUSES)
            .order_by()
            .values("claim__project")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        money_field = DecimalField(**MONEY)
        return self.annotate(
            spend_total=Coalesce(Subquery(spend, output_field=money_field), Value(ZERO), output_field=money_field)
        )


class Project(models.Model):
    code = models.CharField(
        _("project code"), max_length=9, unique=True,
        validators=[RegexValidator(PROJECT_CODE_RE, _("Enter a code of 2–5 capital letters, a hyphen and 3 digits, "
                                                      "such as HZ-001"), code="invalid_code")],
        error_messages={"unique": _("A project with this code already exists")},
    )
    name = models.CharField(_("project name"), max_length=100, validators=[safe_text])
    budget = models.DecimalField(_("budget"), validators=POSITIVE, **MONEY)
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("project manager"),
                                on_delete=models.PROTECT, related_name="managed_projects")
    active = models.BooleanField(_("active"), default=True)
    allow_overspend = models.BooleanField(_("allow overspend"), default=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if self.code and is_safe_text(self.code):
            self.code = self.code.strip()
        if self.name and is_safe_text(self.name):
            self.name = self.name.strip()
            if not self.name:
                raise ValidationError({"name": _("This field is required.")})

    @property
    def spend(self):
        value = getattr(self, "spend_total", None)
        if value is None:
            value = (
                ClaimLine.objects.filter(claim__project=self, claim__status__in=SPEND_STATUSES)
                .aggregate(total=Sum("amount"))["total"]
            )
        return money(value or ZERO)

    @staticmethod
    def utilisation_of(spend, budget):
        if not budget:
            return None
        return (Decimal(spend) * 100 / Decimal(budget)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def utilisation(self):
        return self.utilisation_of(self.spend, self.budget)

    def check_budget(self, extra):
        """EXP-PRJ-2: refuse (ValidationError) spending ``extra`` more past 100 % unless overspend is allowed;
        return a warning text past 90 %, else None."""
        after = self.spend + money(extra)
        if after > self.budget and not self.allow_overspend:
            raise ValidationError(
                _("This claim would take project %(code)s to %(spend)s of its budget %(budget)s (over 100 %%); "
                  "the project does not allow overspending"),
                code="over_budget",
                params={"code": self.code, "spend": fmt_money(after), "budget": fmt_money(self.budget)},
            )
        if after * 10 > self.budget * 9:
            return _("Project %(code)s will be at %(percent)s %% of its budget (%(spend)s of %(budget)s)") % {
                "code": self.code, "percent": self.utilisation_of(after, self.budget),
                "spend": fmt_money(after), "budget": fmt_money(self.budget)}
        return None


# --------------------------------------------------------------------------- my settings
def luhn_ok(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_card_number(value):
    """EXP-ME-1: 16–19 digits that pass the Luhn check."""
    if not value:
        return
    if not re.fullmatch(r"[0-9]{16,19}", value):
        raise ValidationError(_("Enter a card number of 16 to 19 digits"), code="card_format")
    if not luhn_ok(value):
        raise ValidationError(_("This card number is not valid (check digit mismatch)"), code="card_luhn")


def mask_card(number):
    if not number:
        return ""
    return "**** **** **** " + number[-4:]


class ExpenseProfile(models.Model):
    """An employee's My settings: bank account (EXP-ME-1) and default approver (EXP-ME-2)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expense_profile")
    bank_holder = models.CharField(_("account holder"), max_length=50, blank=True, validators=[safe_text])
    bank_name = models.CharField(_("bank"), max_length=100, blank=True, validators=[safe_text])
    card_number = models.CharField(_("card number"), max_length=19, blank=True, validators=[validate_card_number])
    default_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("default approver"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("expense profile")
        verbose_name_plural = _("expense profiles")

    def __str__(self):
        return f"{self.user}"

    @classmethod
    def of(cls, user):
        return cls.objects.get_or_create(user=user)[0]

    @property
    def card_masked(self):
        return mask_card(self.card_number)

    @property
    def has_bank_account(self):
        return bool(self.bank_holder and self.bank_name and self.card_number)

    def clean(self):
        super().clean()
        errors = {}
        for field in ("bank_holder", "bank_name", "card_number"):
            value = getattr(self, field)
            if value and is_safe_text(value):
                setattr(self, field, value.strip())
        if self.card_number:
            self.card_number = re.sub(r"[\s-]", "", self.card_number)
        parts = [self.bank_holder, self.bank_name, self.card_number]
        if any(parts) and not all(parts):
            for field, value in zip(("bank_holder", "bank_name", "card_number"), parts, strict=True):
                if not value:
                    errors[field] = ValidationError(_("Enter the account holder, the bank and the card number"),
                                                    code="incomplete")
        if self.default_approver_id:
            if self.default_approver_id == self.user_id:
                errors["default_approver"] = ValidationError(_("You cannot be your own approver"), code="self")
            elif not approver_choices(self.user).filter(pk=self.default_approver_id).exists():
                errors["default_approver"] = ValidationError(_("Select a valid approver."), code="invalid")
        if errors:
            raise ValidationError(errors)


def approver_choices(user):
    """Who may be an employee's first-level approver: active managers and administrators other than themselves."""
    return User.objects.filter(is_active=True, role__in=[Role.MANAGER, Role.ADMIN]).exclude(pk=user.pk)


def first_approver_of(user):
    """The employee's default approver (My settings) if set, else the line manager (None: no first step)."""
    profile = ExpenseProfile.objects.filter(user=user).select_related("default_approver").first()
    if profile and profile.default_approver and profile.default_approver.is_active:
        return profile.default_approver
    manager = user.line_manager
    return manager if manager and manager.is_active and manager.pk != user.pk else None


# --------------------------------------------------------------------------- receipts
MAX_RECEIPT_BYTES = 5 * 1024 * 1024
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"GIF87a", "image/gif", ".gif"),
    (b"GIF89a", "image/gif", ".gif"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


def sniff_receipt(head):
    """The content type of a receipt from its first bytes (magic numbers), or None if not an image or PDF."""
    for signature, content_type, _ext in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def read_receipt(uploaded):
    """EXP-CLM-2: read an uploaded file, checking its size and its type by content; return (bytes, content type)."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_RECEIPT_BYTES:
        raise ValidationError(_("The receipt is larger than 5 MB"), code="too_large")
    data = uploaded.read(MAX_RECEIPT_BYTES + 1)
    if len(data) > MAX_RECEIPT_BYTES:
        raise ValidationError(_("The receipt is larger than 5 MB"), code="too_large")
    if not data:
        raise ValidationError(_("The receipt file is empty"), code="empty")
    content_type = sniff_receipt(data[:16])
    if content_type is None:
        raise ValidationError(
            _("The receipt must be an image (PNG, JPEG, GIF or WebP) or a PDF; this file's content is neither"),
            code="bad_type",
        )
    return data, content_type


class Receipt(models.Model):
    """A line's receipt, kept in the database (at most 5 MB, type checked by content)."""

    line = models.OneToOneField("ClaimLine", on_delete=models.CASCADE, related_name="receipt")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    def __str__(self):
        return self.name


# --------------------------------------------------------------------------- claims
class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    MANAGER_APPROVED = "manager_approved", _("Manager approved")
    FINANCE_APPROVED = "finance_approved", _("Finance approved")
    ADMIN_APPROVED = "admin_approved", _("Administrator approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


EDITABLE_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.REJECTED)
# EXP-APR-1/2: who acts on a claim's pending step: its approver, then finance (the administrator for a finance
# employee's own claim), then at or above the approval threshold the administrator; never the claim's employee.
CLAIM_ROUTING = Routing((
    Route("manager", {"status": ClaimStatus.SUBMITTED}, field="approver"),
    Route("finance", {"status": ClaimStatus.MANAGER_APPROVED}, unless={"employee__role": Role.FINANCE},
          role=Role.FINANCE),
    Route("finance", {"status": ClaimStatus.MANAGER_APPROVED, "employee__role": Role.FINANCE}, role=Role.ADMIN),
    Route("admin", {"status": ClaimStatus.FINANCE_APPROVED, "needs_admin": True}, role=Role.ADMIN),
))
STEP_LABELS = {
    "manager": _("Awaiting manager approval"),
    "finance": _("Awaiting finance approval"),
    "admin": _("Awaiting administrator approval"),
}


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own claims; the claims one approves; the team's for a manager; every claim for finance and the admin."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role in (Role.ADMIN, Role.FINANCE):
            return self
        cond = Q(employee=user) | Q(approver=user)
        if user.role == Role.MANAGER:
            cond |= Q(employee__line_manager=user)
        return self.filter(cond)

    def awaiting(self, user):
        """EXP-APR-1: what waits for ``user``: first the claim's approver, then finance, then (at or above the
        approval threshold) the administrator. Nobody's inbox holds their own claims (EXP-APR-2)."""
        return CLAIM_ROUTING.awaiting(self, user)

    def payable(self):
        """EXP-PAY-1: finance-approved claims (administrator-approved at or above the threshold)."""
        return self.filter(
            Q(status=ClaimStatus.FINANCE_APPROVED, needs_admin=False) | Q(status=ClaimStatus.ADMIN_APPROVED)
        )


class Claim(models.Model):
    number = models.CharField(_("claim number"), max_length=20, unique=True, null=True, blank=True)
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="expense_claims")
    title = models.CharField(_("title"), max_length=100, validators=[safe_text])
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="claims")
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approver"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="claims_to_approve")
    needs_admin = models.BooleanField(_("needs administrator approval"), default=False)
    comment = models.CharField(_("approval comment"), max_length=500, blank=True, validators=[safe_text])
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["employee", "status"])]

    def __str__(self):
        return self.number or str(_("Draft claim"))

    @property
    def label(self):
        return f"{self.number} {self.title}" if self.number else self.title

    def save(self, *args, **kwargs):
        now = clock.now()
        if not self.created_at:
            self.created_at = now
        self.updated_at = now
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.title and is_safe_text(self.title):
            self.title = self.title.strip()
            if not self.title:
                raise ValidationError({"title": _("This field is required.")})

    # -- totals ------------------------------------------------------------------------------------------------
    def compute_total(self):
        """EXP-CLM-1: the exact decimal sum of the lines."""
        return sum((line.amount for line in self.lines.all()), ZERO)

    def recompute_total(self):
        self.total = self.compute_total()
        Claim.objects.filter(pk=self.pk).update(total=self.total)
        return self.total

    # -- state rules (each raises ValidationError with a code) -------------------------------------------------
    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    def check_editable_by(self, user):
        """EXP-CLM-4: only the employee edits, and only a draft or rejected claim."""
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who made the claim can change it"), code="not_owner")
        if not self.is_editable:
            raise ValidationError(
                _("Claim %(claim)s is %(status)s: only draft and rejected claims can be edited"),
                code="not_editable", params={"claim": self, "status": self.get_status_display()})

    def check_project_selectable(self, project):
        """EXP-PRJ-3: an inactive project cannot be chosen (a claim keeps the inactive project it already had)."""
        if project is not None and not project.active and project.pk != self._original_project_id:
            raise ValidationError(
                {"project": _("Project %(code)s is inactive and cannot be chosen") % {"code": project.code}})

    _original_project_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._original_project_id = obj.__dict__.get("project_id")
        return obj

    def check_can_submit(self, user):
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who made the claim can submit it"), code="not_owner")
        if self.status not in EDITABLE_STATUSES:
            raise ValidationError(_("Only draft and rejected claims can be submitted"), code="bad_state")
        if not self.lines.exists():
            raise ValidationError(_("Add at least one line before submitting"), code="no_lines")

    def check_can_withdraw(self, user):
        """EXP-CLM-4: the submitter withdraws a claim to draft before the first approval."""
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who made the claim can withdraw it"), code="not_owner")
        if self.status != ClaimStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted claim that nobody has approved yet can be withdrawn"),
                                  code="bad_state")

    @property
    def pending_step(self):
        return CLAIM_ROUTING.step_of(self)

    @property
    def pending_step_label(self):
        step = self.pending_step
        return STEP_LABELS[step] if step else ""

    def is_step_approver(self, user):
        return CLAIM_ROUTING.may_act(self, user)

    @property
    def next_approvers(self):
        """The usernames who may act on the pending step now (the claim is in their inbox), sorted."""
        return CLAIM_ROUTING.next_approvers(self)

    def check_can_decide(self, user):
        """EXP-APR-1/2: the user is the approver of the pending step, and never the claim's employee."""
        if self.pending_step is None:
            raise ValidationError(_("Claim %(claim)s is not waiting for approval"), code="bad_state",
                                  params={"claim": self})
        if user.pk == self.employee_id:
            raise ValidationError(_("You cannot approve or reject your own claim"), code="own_claim")
        if not self.is_step_approver(user):
            raise ValidationError(_("Claim %(claim)s is not waiting for your approval"), code="not_approver",
                                  params={"claim": self})

    def next_status_after_approval(self):
        step = self.pending_step
        if step == "manager":
            return ClaimStatus.MANAGER_APPROVED
        if step == "finance":
            return ClaimStatus.FINANCE_APPROVED
        return ClaimStatus.ADMIN_APPROVED

    @property
    def is_payable(self):
        return (self.status == ClaimStatus.FINANCE_APPROVED and not self.needs_admin) or (
            self.status == ClaimStatus.ADMIN_APPROVED)


def validate_line_amount(value):
    if value is not None and value <= 0:
        raise ValidationError(_("The amount must be greater than 0"), code="not_positive")


class ClaimLine(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines", verbose_name=_("claim"))
    date = models.DateField(_("date"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="lines",
                                 verbose_name=_("category"))
    amount = models.DecimalField(_("amount"), validators=[validate_line_amount], **MONEY)
    description = models.CharField(_("description"), max_length=200, validators=[safe_text])

    class Meta:
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date} {self.category} {self.amount}"

    def clean(self):
        """EXP-CLM-1 (date window), EXP-CLM-3 (the employee type's limit); the receipt rule (EXP-CLM-2) needs
        the file and is checked by ``check_receipt``."""
        super().clean()
        errors = {}
        if self.description and is_safe_text(self.description):
            self.description = self.description.strip()
            if not self.description:
                errors["description"] = ValidationError(_("This field is required."), code="required")
        if self.date:
            today = clock.today()
            if self.date > today:
                errors["date"] = ValidationError(_("The date cannot be in the future"), code="future")
            elif (today - self.date).days > 90:
                errors["date"] = ValidationError(_("The date cannot be more than 90 days ago"), code="too_old")
        if self.amount is not None and self.category_id and self.claim_id:
            employee_type = self.claim.employee.employee_type
            limit = employee_type.limit_for(self.category) if employee_type else None
            if limit is not None and self.amount > limit:
                errors["amount"] = ValidationError(
                    _("The amount exceeds the limit of %(limit)s for %(category)s (employee type %(type)s)"),
                    code="over_limit",
                    params={"limit": fmt_money(limit), "category": self.category.label, "type": employee_type.name},
                )
        if self.category_id and not self.category.active and self._state.adding:
            errors["category"] = ValidationError(_("This category is no longer in use"), code="inactive")
        if errors:
            raise ValidationError(errors)

    def needs_receipt(self, threshold=None):
        threshold = ExpenseSettings.load().receipt_threshold if threshold is None else threshold
        return self.amount is not None and self.amount > threshold

    def check_receipt(self, has_receipt, threshold=None):
        """EXP-CLM-2: a line above the receipt threshold needs a receipt."""
        threshold = ExpenseSettings.load().receipt_threshold if threshold is None else threshold
        if self.needs_receipt(threshold) and not has_receipt:
            raise ValidationError(
                {"receipt": ValidationError(
                    _("A line above %(threshold)s needs a receipt (an image or a PDF, at most 5 MB)"),
                    code="receipt_required", params={"threshold": fmt_money(threshold)})})

    @property
    def has_receipt(self):
        try:
            return self.receipt is not None
        except Receipt.DoesNotExist:
            return False


# --------------------------------------------------------------------------- advances
class AdvanceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    DISBURSED = "disbursed", _("Disbursed")
    SETTLED = "settled", _("Settled")
    REJECTED = "rejected", _("Rejected")


ADVANCE_ROUTING = Routing((Route("approval", {"status": AdvanceStatus.SUBMITTED}, field="approver"),))


class AdvanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role in (Role.ADMIN, Role.FINANCE):
            return self
        cond = Q(employee=user) | Q(approver=user)
        if user.role == Role.MANAGER:
            cond |= Q(employee__line_manager=user)
        return self.filter(cond)

    def awaiting(self, user):
        """Advances waiting for ``user``'s approval: the advance's approver, never its employee."""
        return ADVANCE_ROUTING.awaiting(self, user)

    def outstanding(self):
        """Disbursed advances with a balance (settled ones have none)."""
        return self.filter(status=AdvanceStatus.DISBURSED).annotate(
            balance=F("amount") - F("settled_amount")).filter(balance__gt=0)

    def overdue(self, day=None):
        """EXP-ADV-1: outstanding past the expected repayment date."""
        day = day or clock.today()
        return self.outstanding().filter(expected_repayment__lt=day)


class Advance(models.Model):
    number = models.CharField(_("advance number"), max_length=20, unique=True, null=True, blank=True)
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="expense_advances")
    purpose = models.CharField(_("purpose"), max_length=200, validators=[safe_text])
    amount = models.DecimalField(_("amount"), validators=POSITIVE, **MONEY)
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="advances")
    expected_repayment = models.DateField(_("expected repayment date"))
    status = models.CharField(_("status"), max_length=20, choices=AdvanceStatus.choices,
                              default=AdvanceStatus.DRAFT)
    settled_amount = models.DecimalField(_("settled amount"), default=ZERO, **MONEY)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approver"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="advances_to_approve")
    comment = models.CharField(_("approval comment"), max_length=500, blank=True, validators=[safe_text])
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = AdvanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("advance")
        verbose_name_plural = _("advances")
        ordering = ["-created_at", "-pk"]

    _original_project_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._original_project_id = obj.__dict__.get("project_id")
        return obj

    def __str__(self):
        return self.number or str(_("Draft advance"))

    def save(self, *args, **kwargs):
        now = clock.now()
        if not self.created_at:
            self.created_at = now
        self.updated_at = now
        super().save(*args, **kwargs)

    @property
    def outstanding(self):
        """The balance still owed: the amount less what has been settled (only once disbursed)."""
        if self.status not in (AdvanceStatus.DISBURSED, AdvanceStatus.SETTLED):
            return ZERO
        return money(self.amount - self.settled_amount)

    @property
    def is_overdue(self):
        return self.status == AdvanceStatus.DISBURSED and self.outstanding > 0 and (
            self.expected_repayment < clock.today())

    @property
    def is_editable(self):
        return self.status in (AdvanceStatus.DRAFT, AdvanceStatus.REJECTED)

    def clean(self):
        super().clean()
        errors = {}
        if self.purpose and is_safe_text(self.purpose):
            self.purpose = self.purpose.strip()
            if not self.purpose:
                errors["purpose"] = ValidationError(_("This field is required."), code="required")
        if self.expected_repayment and self.is_editable and self.expected_repayment < clock.today():
            errors["expected_repayment"] = ValidationError(_("The expected repayment date cannot be in the past"),
                                                           code="past")
        if self.project_id and not self.project.active and self.project_id != self._original_project_id:
            errors["project"] = ValidationError(
                _("Project %(code)s is inactive and cannot be chosen") % {"code": self.project.code})
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def check_may_request(employee):
        """EXP-ADV-1: an employee with an overdue outstanding advance cannot request a new one."""
        overdue = Advance.objects.filter(employee=employee).overdue().order_by("expected_repayment").first()
        if overdue:
            raise ValidationError(
                _("You have an overdue advance (%(number)s, %(balance)s outstanding since %(date)s); repay it "
                  "before requesting a new one"),
                code="overdue_advance",
                params={"number": overdue.number, "balance": fmt_money(overdue.amount - overdue.settled_amount),
                        "date": overdue.expected_repayment.isoformat()},
            )

    def check_editable_by(self, user):
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who requested the advance can change it"), code="not_owner")
        if not self.is_editable:
            raise ValidationError(_("Only draft and rejected advances can be edited"), code="not_editable")

    def check_can_submit(self, user):
        self.check_editable_by(user)
        Advance.check_may_request(self.employee)

    def check_can_withdraw(self, user):
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who requested the advance can withdraw it"),
                                  code="not_owner")
        if self.status != AdvanceStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted advance that nobody has approved yet can be withdrawn"),
                                  code="bad_state")

    def check_can_decide(self, user):
        if self.status != AdvanceStatus.SUBMITTED:
            raise ValidationError(_("Advance %(advance)s is not waiting for approval"), code="bad_state",
                                  params={"advance": self})
        if user.pk == self.employee_id:
            raise ValidationError(_("You cannot approve or reject your own advance"), code="own_advance")
        if not ADVANCE_ROUTING.may_act(self, user):
            raise ValidationError(_("Advance %(advance)s is not waiting for your approval"), code="not_approver",
                                  params={"advance": self})

    @property
    def next_approvers(self):
        """The usernames who may approve or reject the advance now (it is in their inbox), sorted."""
        return ADVANCE_ROUTING.next_approvers(self)

    def check_can_disburse(self, user):
        if user.role not in (Role.FINANCE, Role.ADMIN):
            raise ValidationError(_("Only finance can disburse an advance"), code="not_finance")
        if user.pk == self.employee_id:
            raise ValidationError(_("You cannot disburse your own advance"), code="own_advance")
        if self.status != AdvanceStatus.APPROVED:
            raise ValidationError(_("Only an approved advance can be disbursed"), code="bad_state")


# --------------------------------------------------------------------------- payments
class PaymentMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    CASH = "cash", _("Cash")


class Payment(models.Model):
    """EXP-PAY: one per claim (the one-to-one key keeps a claim from being paid twice even at the database)."""

    number = models.CharField(_("payment number"), max_length=20, unique=True)
    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payment", verbose_name=_("claim"))
    method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices)
    paid_on = models.DateField(_("payment date"))
    claim_total = models.DecimalField(_("claim total"), **MONEY)
    offset_total = models.DecimalField(_("advance offsets"), default=ZERO, **MONEY)
    amount = models.DecimalField(_("amount paid"), **MONEY)
    bank_account = models.CharField(_("bank account"), max_length=200, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("paid by"), on_delete=models.PROTECT,
                                related_name="+")
    created_at = models.DateTimeField(_("created at"), editable=False)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self.created_at:
            self.created_at = clock.now()
        super().save(*args, **kwargs)


class AdvanceOffset(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="offsets")
    advance = models.ForeignKey(Advance, on_delete=models.PROTECT, related_name="offsets")
    amount = models.DecimalField(_("offset"), validators=POSITIVE, **MONEY)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.advance} {self.amount}"
