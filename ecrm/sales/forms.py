from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from ecrm.common.forms import EcrmModelForm, date_input
from ecrm.common.models import Role, User
from ecrm.sales.models import Activity, ActivityReview, Contact, Customer, Industry, Opportunity, Source, Stage


class CustomerForm(EcrmModelForm):
    class Meta:
        model = Customer
        fields = ["name", "industry", "level", "source", "region", "city", "address", "phone", "website", "owner",
                  "tags"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["website"].assume_scheme = "https"
        self.fields["website"].widget = forms.TextInput(attrs={"inputmode": "url"})
        self.fields["industry"].queryset = Industry.objects.active()
        self.fields["source"].queryset = Source.objects.active()
        if self.instance.pk:
            # Keep an inactive setting that the customer already uses selectable.
            if self.instance.industry_id:
                self.fields["industry"].queryset = Industry.objects.filter(active=True) | Industry.objects.filter(
                    pk=self.instance.industry_id)
            if self.instance.source_id:
                self.fields["source"].queryset = Source.objects.filter(active=True) | Source.objects.filter(
                    pk=self.instance.source_id)
        owner = self.fields["owner"]
        owner.label_from_instance = lambda u: str(u)
        if user.can_reassign_owner:
            qs = User.objects.owners_assignable_by(user)
            if self.instance.pk and self.instance.owner_id:
                qs = qs | User.objects.filter(pk=self.instance.owner_id)
            owner.queryset = qs.distinct().order_by("username")
            if not self.instance.pk:
                owner.initial = None
        else:
            # SAL-CUS-6: a rep cannot choose or change the owner (disabled fields ignore posted data).
            current = self.instance.owner if self.instance.pk else user
            owner.queryset = User.objects.filter(pk=current.pk)
            owner.initial = self.initial["owner"] = current.pk
            owner.empty_label = None
            owner.disabled = True
            owner.help_text = _("Only a manager can change the owner")
            if not self.instance.pk:
                self.instance.owner = user


class ContactForm(EcrmModelForm):
    class Meta:
        model = Contact
        fields = ["customer", "name", "title", "mobile", "email", "is_primary", "birthday", "notes"]
        widgets = {
            "birthday": date_input(),
            "mobile": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "email": forms.TextInput(attrs={"inputmode": "email", "autocomplete": "off"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Customer.objects.editable_by(user).active()
        if self.instance.pk:
            qs = qs | Customer.objects.filter(pk=self.instance.customer_id)
        self.fields["customer"].queryset = qs.distinct().order_by("name")
        self.fields["birthday"].help_text = ""

    def _post_clean(self):
        # An invalid mobile or email is already reported; don't add "enter at least one" on top.
        self.instance._reach_already_invalid = bool({"mobile", "email"} & set(self.errors))
        super()._post_clean()


# --------------------------------------------------------------------------- opportunities
class OpportunityForm(EcrmModelForm):
    class Meta:
        model = Opportunity
        fields = ["customer", "name", "amount", "stage", "probability", "expected_close", "competitor",
                  "lost_reason"]
        widgets = {
            "expected_close": date_input(),
            "amount": forms.TextInput(attrs={"inputmode": "decimal"}),
            "probability": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        customers = Customer.objects.editable_by(user).active()
        stages = Stage.objects.active()
        if self.instance.pk:
            customers = customers | Customer.objects.filter(pk=self.instance.customer_id)
            stages = stages | Stage.objects.filter(code=self.instance.stage_id)
            self.fields["customer"].disabled = True
        self.fields["customer"].queryset = customers.distinct().order_by("name")
        self.fields["stage"].queryset = stages.distinct().order_by("order", "pk")
        self.fields["stage"].empty_label = None
        self.fields["stage"].label_from_instance = lambda s: s.label
        self.fields["expected_close"].required = True
        self.fields["probability"].help_text = _("Moving to another stage sets its default probability")
        self.fields["lost_reason"].help_text = _("Required when the opportunity is lost")

    def _post_clean(self):
        if not self.instance.pk:
            # The owner is the rep who creates it, or (for a manager or the administrator) the customer's owner.
            customer = self.cleaned_data.get("customer")
            self.instance.owner = self.user if self.user.role == Role.REP or customer is None else customer.owner
        super()._post_clean()
        # SAL-OPP-4: reopening a won or lost opportunity needs a manager (a form error, not a silent change).
        try:
            self.instance.check_stage_change(self.user)
        except PermissionDenied as exc:
            self.add_error("stage", str(exc))


# --------------------------------------------------------------------------- activities
class ActivityForm(EcrmModelForm):
    class Meta:
        model = Activity
        fields = ["type", "subject", "customer", "contact", "opportunity", "scheduled_at", "duration", "status",
                  "outcome", "notes", "next_follow_up"]
        widgets = {
            "scheduled_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "next_follow_up": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "duration": forms.TextInput(attrs={"inputmode": "numeric"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        customers = Customer.objects.editable_by(user).active()
        if self.instance.pk:
            customers = customers | Customer.objects.filter(pk=self.instance.customer_id)
        self.fields["customer"].queryset = customers.distinct().order_by("name")
        self.fields["contact"].queryset = Contact.objects.visible_to(user).select_related("customer").order_by(
            "customer__name", "name")
        self.fields["contact"].label_from_instance = lambda c: f"{c.name} · {c.customer.name}"
        self.fields["opportunity"].queryset = Opportunity.objects.visible_to(user).select_related(
            "customer").order_by("customer__name", "name")
        self.fields["opportunity"].label_from_instance = lambda o: f"{o.name} · {o.customer.name}"
        self.fields["outcome"].help_text = _("Calls only")
        self.fields["next_follow_up"].help_text = _("Left empty, a busy, powered-off or no-answer call proposes one")
        for name in ("scheduled_at", "next_follow_up"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ReviewCommentForm(EcrmModelForm):
    class Meta:
        model = ActivityReview
        fields = ["comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


# --------------------------------------------------------------------------- settings (SAL-SET-1)
class SettingForm(EcrmModelForm):
    class Meta:
        fields = ["code", "name", "name_en", "order", "active"]
        widgets = {"order": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
        self.fields["code"].help_text = _("Letters, digits, hyphens and underscores; cannot be changed later")


class StageForm(SettingForm):
    class Meta(SettingForm.Meta):
        model = Stage
        fields = ["code", "name", "name_en", "order", "probability", "active"]
        widgets = {"order": forms.TextInput(attrs={"inputmode": "numeric"}),
                   "probability": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_final:
            self.fields["probability"].disabled = True
            self.fields["active"].disabled = True
            self.fields["probability"].help_text = _("Won is always 100 and lost always 0")


class IndustryForm(SettingForm):
    class Meta(SettingForm.Meta):
        model = Industry


class SourceForm(SettingForm):
    class Meta(SettingForm.Meta):
        model = Source
