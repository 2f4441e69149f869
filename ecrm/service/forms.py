"""e-Service forms (rules are on the models; forms only choose the querysets and widgets)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ecrm.common.forms import EcrmForm, EcrmModelForm, date_input, setting_form
from ecrm.common.models import SERVICE_ROLES, User
from ecrm.common.validators import safe_text
from ecrm.sales.models import Contact, Customer
from ecrm.service.models import (
    SERVICE_STAFF,
    AlertRule,
    FaultCategory,
    FaultRecord,
    InstalledProduct,
    KbArticle,
    Priority,
    Product,
    Rma,
    SlaPolicy,
)

DATE = date_input()


class FaultForm(EcrmModelForm):
    class Meta:
        model = FaultRecord
        fields = ["customer", "contact", "product", "serial_number", "category", "priority", "channel",
                  "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.active().order_by("name")
        customer_id = self.data.get("customer") or self.initial.get("customer")
        contacts = Contact.objects.select_related("customer").order_by("customer__name", "name")
        if str(customer_id or "").isdigit():
            contacts = contacts.filter(customer_id=customer_id)
        self.fields["contact"].queryset = contacts
        self.fields["contact"].label_from_instance = lambda c: f"{c.name} · {c.customer.name}"
        self.fields["product"].queryset = Product.objects.active()
        self.fields["category"].queryset = FaultCategory.objects.active()


class AssignForm(EcrmForm):
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(is_active=True, role__in=SERVICE_ROLES).order_by(
            "username")
        self.fields["assignee"].label_from_instance = lambda u: f"{u} · {u.get_role_display()}"


class ResolveForm(EcrmForm):
    resolution = forms.CharField(label=_("Resolution"), max_length=4000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}), validators=[safe_text])


class WorkLogForm(EcrmForm):
    text = forms.CharField(label=_("Work log entry"), min_length=2, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}), validators=[safe_text])


class KbLinkForm(EcrmForm):
    article = forms.ModelChoiceField(label=_("Knowledge-base article"), queryset=KbArticle.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = KbArticle.objects.published().order_by("title")


class RmaForm(EcrmModelForm):
    class Meta:
        model = Rma
        fields = ["customer", "installed_product", "fault", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.active().order_by("name")
        customer_id = self.data.get("customer") or self.initial.get("customer")
        units = InstalledProduct.objects.select_related("product", "customer")
        faults = FaultRecord.objects.select_related("customer")
        if str(customer_id or "").isdigit():
            units = units.filter(customer_id=customer_id)
            faults = faults.filter(customer_id=customer_id)
        self.fields["installed_product"].queryset = units
        self.fields["installed_product"].label_from_instance = (
            lambda u: f"{u.product.label} {u.serial_number} · {u.customer.name}")
        self.fields["fault"].queryset = faults
        self.fields["fault"].label_from_instance = lambda f: f"{f.number} · {f.customer.name}"


class RmaActionForm(EcrmForm):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=40, required=False,
                                      validators=[safe_text])
    quoted_price = forms.CharField(label=_("Quoted price"), max_length=20, required=False,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}), validators=[safe_text])
    reason = forms.CharField(label=_("Rejection reason"), max_length=500, required=False, validators=[safe_text])


class KbArticleForm(EcrmModelForm):
    class Meta:
        model = KbArticle
        fields = ["title", "category", "product", "status", "tags", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = FaultCategory.objects.active()
        self.fields["product"].queryset = Product.objects.active()


class AlertRuleForm(EcrmModelForm):
    class Meta:
        model = AlertRule
        fields = ["name", "kind", "threshold", "window_hours", "priority", "recipient_role", "recipient_user",
                  "active"]
        widgets = {"threshold": forms.TextInput(attrs={"inputmode": "numeric"}),
                   "window_hours": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_user"].queryset = User.objects.filter(is_active=True, role__in=SERVICE_STAFF)
        self.fields["recipient_user"].label_from_instance = lambda u: f"{u} · {u.get_role_display()}"


class InstalledProductForm(EcrmModelForm):
    class Meta:
        model = InstalledProduct
        fields = ["customer", "product", "serial_number", "purchase_date", "warranty_months"]
        widgets = {"purchase_date": DATE, "warranty_months": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.active().order_by("name")
        self.fields["product"].queryset = Product.objects.active()


ProductForm = setting_form(Product)
CategoryForm = setting_form(FaultCategory)


class SlaForm(EcrmForm):
    """SLA per priority (hours) and the surveys switch, on one form."""

    surveys_enabled = forms.BooleanField(label=_("Send a survey when a ticket is closed"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for priority in Priority:
            self.fields[f"{priority.value}_response"] = forms.IntegerField(
                label=_("%(p)s response (hours)") % {"p": priority.value}, min_value=1, max_value=1000,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}))
            self.fields[f"{priority.value}_resolution"] = forms.IntegerField(
                label=_("%(p)s resolution (hours)") % {"p": priority.value}, min_value=1, max_value=5000,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    def clean(self):
        data = super().clean()
        for priority in Priority:
            response = data.get(f"{priority.value}_response")
            resolution = data.get(f"{priority.value}_resolution")
            if response and resolution and resolution < response:
                self.add_error(f"{priority.value}_resolution",
                               _("The resolution time cannot be shorter than the response time"))
        return data

    def save(self):
        for priority in Priority:
            SlaPolicy.objects.update_or_create(priority=priority.value, defaults={
                "response_hours": self.cleaned_data[f"{priority.value}_response"],
                "resolution_hours": self.cleaned_data[f"{priority.value}_resolution"]})


class SurveyAnswerForm(EcrmForm):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the service? (1 = very dissatisfied, 5 = very satisfied)"),
        choices=[(i, str(i)) for i in range(1, 6)], coerce=int, widget=forms.RadioSelect)
    recommend = forms.TypedChoiceField(
        label=_("How likely are you to recommend us to a friend or colleague? (0 = not at all, 10 = extremely)"),
        choices=[(i, str(i)) for i in range(0, 11)], coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Your comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}), validators=[safe_text])
