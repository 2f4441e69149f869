"""Form base and the login form."""
from django import forms
from django.utils.translation import gettext_lazy as _


class EcrmFormMixin:
    """Every e-CRM form validates on the server only (COM-UI-3): no ``required``,
    ``maxlength`` or ``minlength`` attributes, so the browser never pre-empts
    the server's localised message.  Templates render forms with ``novalidate``."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for attr in ("maxlength", "minlength"):
                field.widget.attrs.pop(attr, None)


def date_input():
    """A date picker (``<input type="date">``) that shows its value as ISO ``YYYY-MM-DD``."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label, required=False):
    """A date field with the date picker; optional unless ``required`` (the period bounds of the report filters)."""
    return forms.DateField(label=label, required=required, widget=date_input())


class EcrmForm(EcrmFormMixin, forms.Form):
    pass


class EcrmModelForm(EcrmFormMixin, forms.ModelForm):
    pass


SETTING_FIELDS = ["code", "name", "name_en", "order", "active"]


def setting_form(model):
    """The form of a row of a settings table (code, Chinese and English name, order, active)."""
    return forms.modelform_factory(model, form=EcrmModelForm, fields=SETTING_FIELDS)


class LoginForm(EcrmForm):
    username = forms.CharField(label=_("Username"), max_length=150, widget=forms.TextInput(
        attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}))
    password = forms.CharField(
        label=_("Password"), max_length=4096, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
