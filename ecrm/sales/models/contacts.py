"""e-Sales models: contacts."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ecrm.common import clock
from ecrm.common.stamped import Stamped
from ecrm.common.validators import safe_text, validate_mobile
from ecrm.sales.models.customers import Customer


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(customer__in=Customer.objects.visible_to(user))


class Contact(Stamped):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(pgettext_lazy("contact", "name"), max_length=50, validators=[safe_text])
    title = models.CharField(_("job title"), max_length=50, blank=True, validators=[safe_text])
    mobile = models.CharField(_("mobile"), max_length=20, blank=True, validators=[safe_text, validate_mobile])
    email = models.EmailField(_("email"), max_length=254, blank=True, validators=[safe_text])
    is_primary = models.BooleanField(_("primary contact"), default=False)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True, validators=[safe_text])
    # SAL-ACT-2: set after 3 unsuccessful calls in a row, cleared by a connected call (see Activity).
    unreachable = models.BooleanField(_("unreachable"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_primary=True), name="sales_contact_one_primary_per_customer"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.mobile:
            self.mobile = self.mobile.strip()
        if self.email:
            self.email = self.email.strip()
        if not self.mobile and not self.email and not getattr(self, "_reach_already_invalid", False):
            message = _("Enter at least one of mobile and email")
            errors["mobile"] = ValidationError(message, code="no_reach")
            errors["email"] = ValidationError(message, code="no_reach")
        if self.birthday:
            if self.birthday > clock.today():
                errors["birthday"] = ValidationError(_("Birthday cannot be in the future"), code="future")
            elif self.birthday.year < 1900:
                errors["birthday"] = ValidationError(_("Birthday cannot be before 1900"), code="too_old")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # Saving a new primary contact clears the old one (save()), so the constraint is never hit.
        exclude = set(exclude or ()) | {"is_primary"}
        super().validate_constraints(exclude=exclude)

    def save(self, *args, **kwargs):
        """SAL-CON-1: marking a contact primary clears the customer's previous primary contact."""
        with transaction.atomic():
            if self.is_primary:
                Customer.objects.select_for_update().filter(pk=self.customer_id).first()
                Contact.objects.filter(customer_id=self.customer_id, is_primary=True).exclude(pk=self.pk).update(
                    is_primary=False
                )
            super().save(*args, **kwargs)
