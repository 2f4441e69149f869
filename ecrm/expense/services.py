"""Cross-model workflows of e-Expense: every state change of a claim or an advance, and payment.

Each function runs in one transaction, locks the row it changes (``select_for_update``), checks the rules on the
model (which raise ``ValidationError`` with a code), changes the state and writes the audit trail (COM-AUD-1).
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ecrm.common import audit, clock
from ecrm.common.models import Role
from ecrm.expense.models import (
    ZERO,
    Advance,
    AdvanceOffset,
    AdvanceStatus,
    Claim,
    ClaimLine,
    ClaimStatus,
    ExpenseProfile,
    ExpenseSettings,
    NumberCounter,
    Payment,
    PaymentMethod,
    Receipt,
    first_approver_of,
    fmt_money,
    money,
    read_receipt,
)


def _status_entry(obj, actor, action, old_display):
    audit.record(obj, actor, action, field="status", old=old_display, new=obj.get_status_display())


# --------------------------------------------------------------------------- claims: drafting
@transaction.atomic
def create_claim(employee, title, project=None):
    claim = Claim(employee=employee, title=title, project=project)
    claim.check_project_selectable(project)
    claim.full_clean(exclude=["number", "approver", "total"])
    claim.save()
    audit.record(claim, employee, "create", field="status", new=claim.get_status_display())
    return claim


@transaction.atomic
def update_claim(claim, user, title, project):
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    claim.check_editable_by(user)
    before = audit.snapshot(claim, ["title", "project"])
    claim.title = title
    claim.check_project_selectable(project)
    claim.project = project
    claim.full_clean(exclude=["number", "approver", "total"])
    claim.save()
    audit.record_changes(claim, user, before, ["title", "project"])
    return claim


@transaction.atomic
def delete_claim(claim, user):
    """A draft that never had a number can be deleted; a numbered claim is kept (numbers have no gaps)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    claim.check_editable_by(user)
    if claim.number:
        raise ValidationError(_("Claim %(claim)s has a number and cannot be deleted; edit it or leave it as a draft")
                              % {"claim": claim.number}, code="numbered")
    claim.lines.all().delete()
    claim.delete()


def _parse_money(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


@transaction.atomic
def add_line(claim, user, *, date, category, amount, description, receipt_file=None):
    """EXP-CLM-1..3: validate and add one line (with its receipt) to an editable claim."""
    claim = Claim.objects.select_for_update(of=("self",)).select_related("employee__employee_type").get(pk=claim.pk)
    claim.check_editable_by(user)
    line = ClaimLine(claim=claim, date=date, category=category, amount=amount, description=description)
    errors = {}
    try:
        line.full_clean(exclude=["claim"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    data = content_type = None
    if receipt_file is not None:
        try:
            data, content_type = read_receipt(receipt_file)
        except ValidationError as exc:
            errors.setdefault("receipt", []).extend(exc.messages)
    if "amount" not in errors and "receipt" not in errors:
        try:
            line.check_receipt(has_receipt=data is not None)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    old_total = claim.total
    line.save()
    if data is not None:
        name = (getattr(receipt_file, "name", "") or "receipt")[-200:]
        Receipt.objects.create(line=line, name=name, content_type=content_type, size=len(data), data=data)
    claim.recompute_total()
    audit.record(claim, user, "update", field="total", old=old_total, new=claim.total)
    return line


@transaction.atomic
def delete_line(line, user):
    claim = Claim.objects.select_for_update().get(pk=line.claim_id)
    claim.check_editable_by(user)
    old_total = claim.total
    line.delete()
    claim.recompute_total()
    audit.record(claim, user, "update", field="total", old=old_total, new=claim.total)
    return claim


# --------------------------------------------------------------------------- claims: workflow
@dataclass
class Outcome:
    obj: object
    warnings: list = field(default_factory=list)


@transaction.atomic
def submit_claim(claim, user):
    """EXP-CLM-4: draft/rejected → submitted. The number is allocated on the first submit, inside this transaction:
    if anything below refuses the submit, the transaction rolls back and the number is not used (no gaps)."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("employee__employee_type", "project")
        .get(pk=claim.pk)
    )
    claim.check_can_submit(user)
    if not claim.number:
        claim.number = NumberCounter.next_number("EXP")
    settings = ExpenseSettings.load()
    problems = []
    for line in claim.lines.select_related("category", "receipt"):
        try:
            line.full_clean(exclude=["claim", "category"])
            line.check_receipt(line.has_receipt, settings.receipt_threshold)
        except ValidationError as exc:
            problems.append(_("Line %(date)s %(category)s %(amount)s: %(error)s") % {
                "date": line.date.isoformat(), "category": line.category.label, "amount": fmt_money(line.amount),
                "error": " ".join(exc.messages)})
    if problems:
        raise ValidationError(problems, code="invalid_lines")
    claim.total = claim.compute_total()
    warnings = []
    if claim.project_id:
        warning = claim.project.check_budget(claim.total)
        if warning:
            warnings.append(warning)
    old = claim.get_status_display()
    claim.approver = first_approver_of(claim.employee)
    claim.needs_admin = claim.total >= settings.approval_threshold
    claim.status = ClaimStatus.SUBMITTED if claim.approver else ClaimStatus.MANAGER_APPROVED
    claim.comment = ""
    claim.submitted_at = clock.now()
    claim.save()
    _status_entry(claim, user, "submit", old)
    return Outcome(claim, warnings)


def _withdraw(record, user):
    """A claim's or an advance's withdrawal: back to its draft (the same status value in both)."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    record.check_can_withdraw(user)
    old = record.get_status_display()
    record.status = ClaimStatus.DRAFT
    record.save(update_fields=["status", "updated_at"])
    _status_entry(record, user, "withdraw", old)
    return record


@transaction.atomic
def withdraw_claim(claim, user):
    return _withdraw(claim, user)


@transaction.atomic
def approve_claim(claim, user, comment=""):
    """EXP-APR-1..3: the pending step's approver approves; the first approval puts the claim into its project's
    spend, so the budget rule (EXP-PRJ-2) is checked again there."""
    claim = Claim.objects.select_for_update(of=("self",)).select_related("employee", "project").get(pk=claim.pk)
    claim.check_can_decide(user)
    warnings = []
    if claim.pending_step == "manager" and claim.project_id:
        warning = claim.project.check_budget(claim.total)
        if warning:
            warnings.append(warning)
    old = claim.get_status_display()
    claim.status = claim.next_status_after_approval()
    claim.comment = (comment or "").strip()
    claim.full_clean(exclude=["number", "approver", "total", "title", "project", "employee"])
    claim.save(update_fields=["status", "comment", "updated_at"])
    _status_entry(claim, user, "approve", old)
    if claim.comment:
        audit.record(claim, user, "approve", field="comment", new=claim.comment)
    return Outcome(claim, warnings)


def _require_comment(comment):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Enter the reason for rejecting")}, code="comment_required")
    return comment


@transaction.atomic
def reject_claim(claim, user, comment):
    """EXP-APR-3: rejecting needs a comment; either approver sends the claim to rejected."""
    claim = Claim.objects.select_for_update(of=("self",)).select_related("employee").get(pk=claim.pk)
    claim.check_can_decide(user)
    comment = _require_comment(comment)
    old = claim.get_status_display()
    claim.status = ClaimStatus.REJECTED
    claim.comment = comment
    claim.full_clean(exclude=["number", "approver", "total", "title", "project", "employee"])
    claim.save(update_fields=["status", "comment", "updated_at"])
    _status_entry(claim, user, "reject", old)
    audit.record(claim, user, "reject", field="comment", new=comment)
    return claim


# --------------------------------------------------------------------------- payment
def parse_offsets(raw):
    """[(advance id, amount)] from API/form input; bad values raise ValidationError on ``offsets``."""
    offsets = []
    for item in raw or []:
        try:
            advance_id = int(item.get("advance"))
        except (TypeError, ValueError, AttributeError):
            raise ValidationError({"offsets": _("Each offset names an advance and an amount")}) from None
        amount = _parse_money(item.get("amount"))
        if amount is None or not amount.is_finite():
            raise ValidationError({"offsets": _("Enter a valid offset amount")})
        if amount == 0:
            continue
        offsets.append((advance_id, amount))
    return offsets


@transaction.atomic
def pay_claim(claim, user, *, method, offsets=(), paid_on=None):
    """EXP-PAY-1..3: pay a payable claim once: the total less the chosen advance offsets.

    The claim row is locked first, so of two finance users pressing pay at the same moment the second waits and then
    finds the claim paid (``already_paid``); the one-to-one payment key backs this up in the database.
    """
    claim = Claim.objects.select_for_update(of=("self",)).select_related("employee").get(pk=claim.pk)
    if user.role not in (Role.FINANCE, Role.ADMIN):
        raise ValidationError(_("Only finance can pay claims"), code="not_finance")
    if claim.status == ClaimStatus.PAID:
        raise ValidationError(_("Claim %(claim)s has already been paid") % {"claim": claim.number},
                              code="already_paid")
    if user.pk == claim.employee_id:
        raise ValidationError(_("You cannot pay your own claim"), code="own_claim")
    if not claim.is_payable:
        raise ValidationError(
            _("Claim %(claim)s is %(status)s and cannot be paid yet") % {
                "claim": claim.number or claim.title, "status": claim.get_status_display()}, code="bad_state")
    errors = {}
    if method not in PaymentMethod.values:
        errors["method"] = _("Choose bank transfer or cash")
    paid_on = paid_on or clock.today()
    if paid_on > clock.today():
        errors["paid_on"] = _("The payment date cannot be in the future")
    bank_account = ""
    if method == PaymentMethod.BANK:
        profile = ExpenseProfile.objects.filter(user=claim.employee).first()
        if not (profile and profile.has_bank_account):
            errors["method"] = _("%(name)s has no bank account in My settings; pay in cash or ask them to add "
                                 "one") % {"name": claim.employee}
        else:
            bank_account = f"{profile.bank_holder} {profile.bank_name} {profile.card_masked}"
    chosen = []
    offset_total = ZERO
    seen = set()
    for advance_id, amount in offsets:
        advance = Advance.objects.select_for_update().filter(pk=advance_id, employee=claim.employee).first()
        if advance is None or advance.status != AdvanceStatus.DISBURSED or advance.outstanding <= 0 or (
                advance_id in seen):
            errors["offsets"] = _("An offset must be against one of %(name)s's outstanding advances") % {
                "name": claim.employee}
            break
        seen.add(advance_id)
        if amount < 0 or money(amount) != amount:
            errors["offsets"] = _("Enter a valid offset amount")
            break
        if amount > advance.outstanding:
            errors["offsets"] = _("The offset %(amount)s against %(advance)s is more than its outstanding "
                                  "balance %(balance)s") % {"amount": fmt_money(amount), "advance": advance.number,
                                                             "balance": fmt_money(advance.outstanding)}
            break
        chosen.append((advance, amount))
        offset_total += amount
    if "offsets" not in errors and offset_total > claim.total:
        errors["offsets"] = _("The offsets (%(offsets)s) are more than the claim total %(total)s") % {
            "offsets": fmt_money(offset_total), "total": fmt_money(claim.total)}
    if errors:
        raise ValidationError(errors)
    payment = Payment.objects.create(
        number=NumberCounter.next_number("PAY"), claim=claim, method=method, paid_on=paid_on,
        claim_total=claim.total, offset_total=offset_total, amount=claim.total - offset_total,
        bank_account=bank_account, paid_by=user,
    )
    for advance, amount in chosen:
        AdvanceOffset.objects.create(payment=payment, advance=advance, amount=amount)
        _settle(advance, user, amount, payment.number)
    old = claim.get_status_display()
    claim.status = ClaimStatus.PAID
    claim.save(update_fields=["status", "updated_at"])
    _status_entry(claim, user, "pay", old)
    audit.record(claim, user, "pay", field="payment", new=f"{payment.number} {fmt_money(payment.amount)}")
    return payment


def _settle(advance, user, amount, reference):
    """Reduce an advance's balance; at zero it is settled (EXP-PAY-1)."""
    old_balance = advance.outstanding
    advance.settled_amount = money(advance.settled_amount + amount)
    old = advance.get_status_display()
    if advance.amount - advance.settled_amount <= 0:
        advance.status = AdvanceStatus.SETTLED
    advance.save(update_fields=["settled_amount", "status", "updated_at"])
    audit.record(advance, user, "offset", field="settled_amount", old=old_balance, new=f"{advance.outstanding} "
                 f"({reference})")
    if advance.status == AdvanceStatus.SETTLED:
        _status_entry(advance, user, "settle", old)


# --------------------------------------------------------------------------- advances
@transaction.atomic
def create_advance(employee, **fields):
    Advance.check_may_request(employee)
    advance = Advance(employee=employee, **fields)
    advance.full_clean(exclude=["number", "approver", "settled_amount"])
    advance.save()
    audit.record(advance, employee, "create", field="status", new=advance.get_status_display())
    return advance


AUDITED_ADVANCE_FIELDS = ["purpose", "amount", "project", "expected_repayment"]


@transaction.atomic
def update_advance(advance, user, **fields):
    advance = Advance.objects.select_for_update().get(pk=advance.pk)
    advance.check_editable_by(user)
    before = audit.snapshot(advance, AUDITED_ADVANCE_FIELDS)
    for key, value in fields.items():
        setattr(advance, key, value)
    advance.full_clean(exclude=["number", "approver", "settled_amount"])
    advance.save()
    audit.record_changes(advance, user, before, AUDITED_ADVANCE_FIELDS)
    return advance


@transaction.atomic
def delete_advance(advance, user):
    advance = Advance.objects.select_for_update().get(pk=advance.pk)
    advance.check_editable_by(user)
    if advance.number:
        raise ValidationError(_("Advance %(number)s has a number and cannot be deleted") % {
            "number": advance.number}, code="numbered")
    advance.delete()


@transaction.atomic
def submit_advance(advance, user):
    advance = Advance.objects.select_for_update().select_related("employee").get(pk=advance.pk)
    advance.check_can_submit(user)
    if not advance.number:
        advance.number = NumberCounter.next_number("ADV")
    advance.full_clean(exclude=["number", "approver", "settled_amount"])
    old = advance.get_status_display()
    advance.approver = first_approver_of(advance.employee)
    advance.status = AdvanceStatus.SUBMITTED if advance.approver else AdvanceStatus.APPROVED
    advance.comment = ""
    advance.save()
    _status_entry(advance, user, "submit", old)
    return advance


@transaction.atomic
def withdraw_advance(advance, user):
    return _withdraw(advance, user)


@transaction.atomic
def approve_advance(advance, user, comment=""):
    advance = Advance.objects.select_for_update().get(pk=advance.pk)
    advance.check_can_decide(user)
    old = advance.get_status_display()
    advance.status = AdvanceStatus.APPROVED
    advance.comment = (comment or "").strip()
    advance.full_clean(exclude=["number", "approver", "settled_amount", "expected_repayment", "project"])
    advance.save(update_fields=["status", "comment", "updated_at"])
    _status_entry(advance, user, "approve", old)
    if advance.comment:
        audit.record(advance, user, "approve", field="comment", new=advance.comment)
    return Outcome(advance)


@transaction.atomic
def reject_advance(advance, user, comment):
    advance = Advance.objects.select_for_update().get(pk=advance.pk)
    advance.check_can_decide(user)
    comment = _require_comment(comment)
    old = advance.get_status_display()
    advance.status = AdvanceStatus.REJECTED
    advance.comment = comment
    advance.full_clean(exclude=["number", "approver", "settled_amount", "expected_repayment", "project"])
    advance.save(update_fields=["status", "comment", "updated_at"])
    _status_entry(advance, user, "reject", old)
    audit.record(advance, user, "reject", field="comment", new=comment)
    return advance


@transaction.atomic
def disburse_advance(advance, user):
    advance = Advance.objects.select_for_update().get(pk=advance.pk)
    advance.check_can_disburse(user)
    old = advance.get_status_display()
    advance.status = AdvanceStatus.DISBURSED
    advance.disbursed_on = clock.today()
    advance.save(update_fields=["status", "disbursed_on", "updated_at"])
    _status_entry(advance, user, "disburse", old)
    return advance


@transaction.atomic
def repay_advance(advance, user, amount):
    """Finance records money the employee paid back (in cash or by transfer)."""
    advance = Advance.objects.select_for_update().get(pk=advance.pk)
    if user.role not in (Role.FINANCE, Role.ADMIN):
        raise ValidationError(_("Only finance can record a repayment"), code="not_finance")
    if advance.status != AdvanceStatus.DISBURSED:
        raise ValidationError(_("Only a disbursed advance with a balance can be repaid"), code="bad_state")
    value = _parse_money(amount)
    if value is None or not value.is_finite() or value <= 0 or money(value) != value:
        raise ValidationError({"amount": _("Enter an amount greater than 0 with at most 2 decimals")})
    if value > advance.outstanding:
        raise ValidationError({"amount": _("The repayment is more than the outstanding balance %(balance)s") % {
            "balance": fmt_money(advance.outstanding)}})
    _settle(advance, user, value, _("repayment"))
    return advance


# --------------------------------------------------------------------------- bulk approval
def decide(kind, obj, user, approve=True, comment=""):
    if kind == "claim":
        return approve_claim(obj, user, comment) if approve else reject_claim(obj, user, comment)
    return approve_advance(obj, user, comment) if approve else reject_advance(obj, user, comment)


BULK_MODELS = {"claim": Claim, "advance": Advance}


def bulk_items(user, ids_by_kind):
    """EXP-APR-4: the claims and advances of ``ids_by_kind`` ({"claim": [ids], "advance": [ids]}) that ``user`` may
    see, in the order of the ids; returns (items, missing) with items [(kind, obj)] and missing [(kind, id)]."""
    items, missing = [], []
    for kind, ids in ids_by_kind.items():
        model = BULK_MODELS[kind]
        found = {obj.pk: obj for obj in model.objects.visible_to(user).select_related("employee").filter(pk__in=ids)}
        for pk in ids:
            if pk in found:
                items.append((kind, found[pk]))
            else:
                missing.append((kind, pk))
    return items, missing


def bulk_approve(user, items, comment=""):
    """EXP-APR-4: approve every selected item, each in its own transaction. Returns (approved, refused): approved
    [(kind, obj)], refused [(kind, obj, reason)]."""
    approved, refused = [], []
    for kind, obj in items:
        try:
            decide(kind, obj, user, True, comment)
        except ValidationError as exc:
            refused.append((kind, obj, " ".join(exc.messages)))
        else:
            approved.append((kind, obj))
    return approved, refused
