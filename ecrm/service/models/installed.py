"""e-Service models: installed products (SVC-CUS)."""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.stamped import Stamped
from ecrm.common.validators import is_safe_text, safe_text
from ecrm.sales.models import Customer
from ecrm.service.models.base import add_months, is_service_staff
from ecrm.service.models.settings import Product

SERIAL_RE = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{2,39}$")


def validate_serial(value):
    if value and not SERIAL_RE.match(value.strip().upper()):
        raise ValidationError(
            _("A serial number has 3–40 characters: letters, digits and . _ / -"), code="invalid_serial")


class InstalledProductQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if is_service_staff(user) else self.none()


class InstalledProduct(Stamped):
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="installed_products")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    serial_number = models.CharField(_("serial number"), max_length=40, validators=[safe_text, validate_serial])
    purchase_date = models.DateField(_("purchase date"))
    warranty_months = models.PositiveSmallIntegerField(
        _("warranty months"), default=12, validators=[MaxValueValidator(120)])
    created_at = models.DateTimeField(_("created at"), editable=False)

    objects = InstalledProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("installed product")
        verbose_name_plural = _("installed products")
        ordering = ["customer__name", "product__order", "serial_number"]
        constraints = [
            models.UniqueConstraint(fields=["product", "serial_number"], name="service_serial_unique_per_product")
        ]

    def __str__(self):
        return f"{self.product.label} {self.serial_number}"

    @property
    def warranty_end(self):
        return add_months(self.purchase_date, self.warranty_months)

    def in_warranty(self, on=None):
        """SVC-RMA-2: in warranty when purchase date + warranty months is ``on`` (default today) or later."""
        return self.warranty_end >= (on or clock.today())

    @property
    def in_warranty_today(self):
        return self.in_warranty()

    def clean(self):
        super().clean()
        errors = {}
        if self.serial_number and is_safe_text(self.serial_number, 40):
            self.serial_number = self.serial_number.strip().upper()
            if self.product_id:
                clash = (InstalledProduct.objects.filter(product_id=self.product_id, serial_number=self.serial_number)
                         .exclude(pk=self.pk).select_related("customer").first())
                if clash:
                    errors["serial_number"] = ValidationError(
                        _("Serial number %(serial)s of this product is already registered to customer “%(name)s”"),
                        code="duplicate", params={"serial": self.serial_number, "name": clash.customer.name})
        if self.purchase_date:
            if self.purchase_date > clock.today():
                errors["purchase_date"] = ValidationError(_("The purchase date cannot be in the future"))
            elif self.purchase_date.year < 1990:
                errors["purchase_date"] = ValidationError(_("The purchase date cannot be before 1990"))
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ()) | {"serial_number"}  # clean() reports it, naming the customer
        super().validate_constraints(exclude=exclude)

