"""e-Expense models: what claims and advances share."""

from django.db import models
from django.db.models import Q

from ecrm.common.models import Role


class EmployeeRecordQuerySet(models.QuerySet):
    """Records of an employee (claims, advances) that an approver acts on."""

    def visible_to(self, user):
        """Own records; the records one approves; the team's for a manager; every record for finance and the
        admin."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role in (Role.ADMIN, Role.FINANCE):
            return self
        cond = Q(employee=user) | Q(approver=user)
        if user.role == Role.MANAGER:
            cond |= Q(employee__line_manager=user)
        return self.filter(cond)
