"""e-Expense models: what claims and advances share."""

from django.db import models
from django.db.models import Q

from ecrm.common.models import Role


class EmployeeRecordQuerySet(models.QuerySet):
    """Records of an employee (claims, advances) that an approver acts on."""

    text_field = "title"  # the record's own words a search also looks in (an advance's purpose)

    def matching(self, text: str):
        """COM-UI-4 in the approval inbox: the records whose number, employee (user name or display name) or own
        words contain ``text``, case-insensitively; every record when ``text`` is blank."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(number__icontains=text) | Q(employee__username__icontains=text)
                           | Q(employee__display_name__icontains=text) | Q(**{f"{self.text_field}__icontains": text}))

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
