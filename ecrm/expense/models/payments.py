"""e-Expense models: payments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecrm.common.stamped import Stamped
from ecrm.expense.models.advances import Advance
from ecrm.expense.models.claims import Claim
from ecrm.expense.models.money import MONEY, POSITIVE, ZERO


class PaymentMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    CASH = "cash", _("Cash")


class Payment(Stamped):
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



class AdvanceOffset(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="offsets")
    advance = models.ForeignKey(Advance, on_delete=models.PROTECT, related_name="offsets")
    amount = models.DecimalField(_("offset"), validators=POSITIVE, **MONEY)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.advance} {self.amount}"
