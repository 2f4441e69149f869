"""e-Expense forms. They check input types; the business rules run on the models and in services."""
import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ecrm.common.forms import EcrmForm, EcrmFormMixin, EcrmModelForm, date_field, date_input, setting_form
from ecrm.common.models import Role, User
from ecrm.common.validators import safe_text
from ecrm.expense.models import (
    MONEY,
    Advance,
    Category,
    CategoryLimit,
    Claim,
    EmployeeType,
    ExpenseProfile,
    ExpenseSettings,
    PaymentMethod,
    Project,
    approver_choices,
    fmt_money,
)


def _money_field(label, required=True, min_value=None, help_text=""):
    return forms.DecimalField(label=label, required=required, min_value=min_value, help_text=help_text,
                              widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}), **MONEY)


def _selectable_projects(current=None):
    qs = Project.objects.filter(active=True)
    if current is not None:
        qs = qs | Project.objects.filter(pk=current.pk)
    return qs.distinct().order_by("code")


class ClaimForm(EcrmModelForm):
    """Title and project; EXP-PRJ-3: only active projects are offered (and the one the claim already has)."""

    class Meta:
        model = Claim
        fields = ["title", "project"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = _selectable_projects(self.instance.project if self.instance.pk else None)
        self.fields["project"].label_from_instance = str


class ClaimLineForm(EcrmForm):
    date = date_field(_("Date"), required=True)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.active())
    amount = _money_field(_("Amount"))
    description = forms.CharField(label=_("Description"), max_length=200, validators=[safe_text])
    receipt = forms.FileField(label=_("Receipt"), required=False,
                              widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}))

    def __init__(self, *args, threshold=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label_from_instance = lambda c: c.label
        if threshold is not None:
            self.fields["receipt"].help_text = _(
                "Needed above %(threshold)s: an image (PNG, JPEG, GIF, WebP) or a PDF, at most 5 MB") % {
                "threshold": fmt_money(threshold)}


class CommentForm(EcrmForm):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500, validators=[safe_text],
                              widget=forms.Textarea(attrs={"rows": 2}))


class PayForm(EcrmForm):
    """EXP-PAY-1/2: method, date and one offset field per outstanding advance of the employee."""

    method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices)
    paid_on = date_field(_("Payment date"), required=True)

    def __init__(self, *args, advances=(), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = today
        self.advances = list(advances)
        for advance in self.advances:
            self.fields[f"offset_{advance.pk}"] = _money_field(
                _("Offset against %(number)s") % {"number": advance.number}, required=False, min_value=0,
                help_text=_("Outstanding %(balance)s") % {"balance": fmt_money(advance.outstanding)})

    def offsets(self):
        return [{"advance": advance.pk, "amount": self.cleaned_data.get(f"offset_{advance.pk}") or Decimal("0")}
                for advance in self.advances]


class AdvanceForm(EcrmModelForm):
    class Meta:
        model = Advance
        fields = ["purpose", "amount", "project", "expected_repayment"]
        widgets = {"expected_repayment": date_input(),
                   "amount": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = _selectable_projects(self.instance.project if self.instance.pk else None)
        self.fields["project"].label_from_instance = str


class RepayForm(EcrmForm):
    amount = _money_field(_("Repayment amount"))


class ProjectForm(EcrmModelForm):
    class Meta:
        model = Project
        fields = ["code", "name", "budget", "manager", "active", "allow_overspend"]
        widgets = {"code": forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
                   "budget": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = User.objects.filter(is_active=True).exclude(role__in=[Role.ENGINEER]).order_by("username")
        self.fields["manager"].queryset = qs
        self.fields["manager"].label_from_instance = str
        self.fields["code"].help_text = _("2–5 capital letters, a hyphen and 3 digits, such as HZ-001")


class EmployeeTypeForm(EcrmModelForm):
    """EXP-SYS-1/2: the name and one limit per category (blank: no limit)."""

    class Meta:
        model = EmployeeType
        fields = ["name"]

    def __init__(self, *args, with_limits=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(Category.objects.all()) if with_limits else []
        current = {}
        if self.instance.pk:
            current = {row.category_id: row.limit for row in self.instance.limits.all()}
        for category in self.categories:
            self.fields[f"limit_{category.pk}"] = _money_field(
                _("%(category)s limit") % {"category": category.label}, required=False,
                min_value=Decimal("0.01"), help_text=_("Blank: no limit") if category.pk == self.categories[0].pk
                else "")
            self.initial.setdefault(f"limit_{category.pk}", current.get(category.pk))

    def save_limits(self):
        for category in self.categories:
            value = self.cleaned_data.get(f"limit_{category.pk}")
            if value is None:
                CategoryLimit.objects.filter(employee_type=self.instance, category=category).delete()
            else:
                CategoryLimit.objects.update_or_create(employee_type=self.instance, category=category,
                                                       defaults={"limit": value})


CategoryForm = setting_form(Category)


class ExpenseSettingsForm(EcrmModelForm):
    class Meta:
        model = ExpenseSettings
        fields = ["receipt_threshold", "approval_threshold"]
        widgets = {"receipt_threshold": forms.TextInput(attrs={"inputmode": "decimal"}),
                   "approval_threshold": forms.TextInput(attrs={"inputmode": "decimal"})}


class MySettingsForm(EcrmModelForm):
    """EXP-ME-1/2: bank account (the card number is never shown again: blank keeps it), default approver,
    language."""

    card_number = forms.CharField(label=_("Card number"), required=False, max_length=40,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    class Meta:
        model = ExpenseProfile
        fields = ["bank_holder", "bank_name", "card_number", "default_approver"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["default_approver"].queryset = approver_choices(user).order_by("username")
        self.fields["default_approver"].label_from_instance = str
        self.fields["default_approver"].empty_label = _("My line manager")
        self.initial["card_number"] = ""
        self.initial["language"] = user.language
        if self.instance.card_number:
            self.fields["card_number"].help_text = _("Current card: %(masked)s. Leave blank to keep it.") % {
                "masked": self.instance.card_masked}

    def clean_card_number(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data.get("card_number", ""))
        safe_text(value)
        return value or self.instance.card_number

    def _post_clean(self):
        self.instance.user = self.user
        super()._post_clean()


class EcrmPasswordChangeForm(EcrmFormMixin, PasswordChangeForm):
    """EXP-ME-2: the old password is needed and the new one follows AUTH_PASSWORD_VALIDATORS."""


def validation_messages(exc: ValidationError):
    """{field or None: [messages]} from a ValidationError."""
    if hasattr(exc, "error_dict"):
        return {(None if key == "__all__" else key): value for key, value in exc.message_dict.items()}
    return {None: exc.messages}


def add_errors(form, exc: ValidationError):
    """Show a service's ValidationError on the form (unknown fields go to the top of the form)."""
    for key, messages in validation_messages(exc).items():
        target = key if key in form.fields else None
        for message in messages:
            form.add_error(target, message)
