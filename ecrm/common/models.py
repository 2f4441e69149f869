"""Users and roles, login attempts, the audit trail and the test clock."""
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ecrm.common.actions import action_label


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Sales manager")
    REP = "rep", _("Sales rep")
    FINANCE = "finance", _("Finance")
    ENGINEER = "engineer", _("Service engineer")
    SVCMANAGER = "svcmanager", _("Service manager")


SALES_ROLES = (Role.ADMIN, Role.MANAGER, Role.REP)
SERVICE_ROLES = (Role.ENGINEER, Role.SVCMANAGER)


class UserQuerySet(models.QuerySet):
    def team_of(self, manager):
        """The users whose line manager is ``manager``."""
        return self.filter(line_manager=manager)

    def owners_assignable_by(self, user):
        """Users a customer can be assigned to by ``user`` (reps and managers)."""
        qs = self.filter(is_active=True, role__in=[Role.REP, Role.MANAGER])
        if user.role == Role.ADMIN:
            return qs
        if user.role == Role.MANAGER:
            return qs.filter(Q(line_manager=user) | Q(pk=user.pk))
        return qs.filter(pk=user.pk)


class EcrmUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REP)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    line_manager = models.ForeignKey(
        "self",
        verbose_name=_("line manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    employee_type = models.ForeignKey(
        "expense.EmployeeType",
        verbose_name=_("employee type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = EcrmUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.display_name or self.username

    def has_role(self, *roles):
        return self.is_authenticated and self.is_active and self.role in roles

    @property
    def is_sales(self):
        return self.role in SALES_ROLES

    @property
    def can_reassign_owner(self):
        """SAL-CUS-6: only a manager (and the administrator) reassigns a customer's owner."""
        return self.role in (Role.ADMIN, Role.MANAGER)


class LoginAttempt(models.Model):
    """One login attempt, kept for the lockout rule COM-AUTH-2."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(db_index=True)
    success = models.BooleanField(default=False)
    blocked = models.BooleanField(default=False, help_text="Refused because the user was locked")
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M:%S} {'ok' if self.success else 'fail'}"


class AuditEntry(models.Model):
    """Who changed what, when, from what to what (COM-AUD-1)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), db_index=True)
    action = models.CharField(_("action"), max_length=40)
    field = models.CharField(_("field"), max_length=100, blank=True)
    old = models.TextField(_("from"), blank=True)
    new = models.TextField(_("to"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.action} {self.field} {self.old!r}→{self.new!r}"

    @property
    def action_label(self):
        return action_label(self.action)

    @property
    def field_label(self):
        """The field's verbose name in the current language (the raw name if unknown)."""
        if not self.field:
            return ""
        model = self.content_type.model_class()
        try:
            return capfirst(model._meta.get_field(self.field).verbose_name)
        except Exception:
            return self.field


class ClockSetting(models.Model):
    """Singleton row (pk=1) holding the frozen time of the test clock."""

    frozen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"clock frozen at {self.frozen_at}" if self.frozen_at else "clock running"
