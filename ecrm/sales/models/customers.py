"""e-Sales models: customers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.models import SALES_ROLES, SERVICE_ROLES, Role
from ecrm.common.stamped import Stamped
from ecrm.common.validators import is_safe_text, safe_text, validate_phone
from ecrm.sales.models.settings import Industry, Source


def _needs_python_fold(text):
    return connection.vendor == "sqlite" and any(not c.isascii() and c.lower() != c.upper() for c in text)


class Level(models.TextChoices):
    """The customer pyramid."""

    TOP = "top", _("Top")
    HIGH = "high", _("High")
    MID = "mid", _("Mid")
    LOW = "low", _("Low")
    INACTIVE = "inactive", _("Inactive")
    POTENTIAL = "potential", _("Potential")
    WATCHING = "watching", _("Watching")


class CustomerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """COM-ROLE-2: a rep sees own customers, a manager the team's (and own), the admin
        and the service roles (read-only, on the service side) every customer."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role == Role.ADMIN or user.role in SERVICE_ROLES:
            return self
        if user.role == Role.MANAGER:
            return self.filter(Q(owner__line_manager=user) | Q(owner=user))
        if user.role == Role.REP:
            return self.filter(owner=user)
        return self.none()

    def editable_by(self, user):
        if not (user and user.is_authenticated and user.role in SALES_ROLES):
            return self.none()
        return self.visible_to(user)

    def active(self):
        return self.filter(archived=False)

    def archived(self):
        return self.filter(archived=True)


class Customer(Stamped):
    name = models.CharField(
        _("name"), max_length=100, validators=[MinLengthValidator(2), safe_text]
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.POTENTIAL)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("region"), max_length=50, blank=True, validators=[safe_text])
    city = models.CharField(_("city"), max_length=50, blank=True, validators=[safe_text])
    address = models.CharField(_("address"), max_length=200, blank=True, validators=[safe_text])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[safe_text, validate_phone])
    website = models.URLField(_("website"), max_length=200, blank=True, validators=[safe_text])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="customers",
        limit_choices_to={"role__in": [Role.REP, Role.MANAGER]},
    )
    tags = models.CharField(
        _("tags"), max_length=200, blank=True, validators=[safe_text], help_text=_("Separate tags with commas")
    )
    archived = models.BooleanField(_("archived"), default=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = CustomerQuerySet.as_manager()

    AUDITED_FIELDS = ["name", "industry", "level", "source", "region", "city", "address", "phone", "website",
                      "owner", "tags"]

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="sales_customer_name_ci_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]

    def clean(self):
        super().clean()
        errors = {}
        if self.name and is_safe_text(self.name, 100):
            self.name = self.name.strip()
            clash = Customer.objects.filter(name__iexact=self.name).exclude(pk=self.pk).first()
            if clash is None and _needs_python_fold(self.name):
                # SQLite's LOWER() folds ASCII only; compare in Python for cased non-ASCII names.
                folded = self.name.casefold()
                for other in Customer.objects.exclude(pk=self.pk).only("pk", "name").iterator():
                    if other.name.casefold() == folded:
                        clash = other
                        break
            if clash:
                errors["name"] = ValidationError(
                    _("Name already used by customer “%(name)s”"), code="duplicate", params={"name": clash.name}
                )
        if self.phone and is_safe_text(self.phone, 20):
            self.phone = self.phone.strip()
            clash = Customer.objects.filter(phone=self.phone).exclude(pk=self.pk).first()
            if clash:
                errors["phone"] = ValidationError(
                    _("Phone already used by customer “%(name)s”"), code="duplicate", params={"name": clash.name}
                )
        if self.tags:
            self.tags = ", ".join(self.tag_list)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # The case-insensitive name rule is checked in clean() with a message naming the customer.
        exclude = set(exclude or ()) | {"name"}
        super().validate_constraints(exclude=exclude)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Customers are never deleted; archive them instead"), code="protected")

    @property
    def has_open_opportunity(self):
        return self.opportunities.open().exists()

    def archive(self):
        """SAL-CUS-5: archive (never destroy); refused while an opportunity is open."""
        if self.has_open_opportunity:
            raise ValidationError(
                _("Customer “%(name)s” has an open opportunity and cannot be archived"),
                code="open_opportunity",
                params={"name": self.name},
            )
        self.archived = True
        self.archived_at = clock.now()
        self.save(update_fields=["archived", "archived_at", "updated_at"])

    def restore(self):
        self.archived = False
        self.archived_at = None
        self.save(update_fields=["archived", "archived_at", "updated_at"])

    @property
    def primary_contact(self):
        return next((c for c in self.contacts.all() if c.is_primary), None)
