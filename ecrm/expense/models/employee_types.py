"""e-Expense models: employee types."""
import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ecrm.common.validators import is_safe_text, safe_text

EMPLOYEE_TYPE_NAME_RE = re.compile(r"^[0-9A-Za-z\u00C0-\u024F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF ]+$")


def validate_employee_type_name(value):
    """EXP-SYS-1: 1–20 characters: letters, Chinese characters, digits and spaces only."""
    if value is None:
        return
    if not value.strip():
        raise ValidationError(_("Enter a name"), code="required")
    if not EMPLOYEE_TYPE_NAME_RE.match(value):
        raise ValidationError(
            _("Name may contain only letters, Chinese characters, digits and spaces"), code="invalid_characters"
        )


class EmployeeTypeQuerySet(models.QuerySet):
    def with_use(self):
        """Each type's ``in_use`` in the same query (a list asks it of every row)."""
        users = self.model._meta.get_field("users").related_model.objects.filter(employee_type=models.OuterRef("pk"))
        return self.annotate(annotated_in_use=models.Exists(users))


class EmployeeType(models.Model):
    """员工类型: every user has one; it sets the per-category claim limits."""

    name = models.CharField(
        _("name"), max_length=20, unique=True, validators=[safe_text, validate_employee_type_name]
    )

    objects = EmployeeTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee type")
        verbose_name_plural = _("employee types")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="expense_employeetype_name_ci_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.name and is_safe_text(self.name, 20):
            self.name = self.name.strip()
            clash = EmployeeType.objects.filter(name__iexact=self.name).exclude(pk=self.pk).first()
            if clash:
                raise ValidationError(
                    {"name": _("An employee type named “%(name)s” already exists") % {"name": clash.name}}
                )

    def validate_unique(self, exclude=None):
        # Case-insensitive uniqueness is checked in clean() with a clearer message.
        exclude = set(exclude or ()) | {"name"}
        super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ()) | {"name"}
        super().validate_constraints(exclude=exclude)

    @property
    def in_use(self):
        """Some user has this type (EXP-SYS-1: then it cannot be deleted)."""
        annotated = getattr(self, "annotated_in_use", None)
        return annotated if annotated is not None else self.users.exists()

    def delete(self, *args, **kwargs):
        """EXP-SYS-1: a type in use cannot be deleted (its limits go with it)."""
        if self.in_use:
            raise ValidationError(
                _("Employee type “%(name)s” is in use and cannot be deleted") % {"name": self.name},
                code="protected",
            )
        with transaction.atomic():
            self.limits.all().delete()
            return super().delete(*args, **kwargs)

    def limit_for(self, category):
        row = self.limits.filter(category=category).first()
        return row.limit if row else None
