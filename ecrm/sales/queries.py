"""e-Sales queries the pages and the API share: what a user sees of activities and opportunities, who reviews."""
from django.db.models import DecimalField, ExpressionWrapper, F
from django.utils.dateparse import parse_date

from ecrm.common.models import Role
from ecrm.sales.models import Activity, Opportunity

REVIEW_ROLES = (Role.ADMIN, Role.MANAGER)


def can_review(user):
    """SAL-REV-2: a manager (or the administrator) reviews; reps cannot."""
    return bool(user and user.is_authenticated and user.role in REVIEW_ROLES)


def activity_queryset(user):
    return Activity.objects.visible_to(user).select_related("customer", "contact", "owner", "opportunity")


def _date(value):
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def period_params(params):
    """The drill-down period of the review (``start``/``end`` ISO dates), or (None, None)."""
    return _date(params.get("start")), _date(params.get("end"))


def opportunity_queryset(user):
    return (
        Opportunity.objects.visible_to(user)
        .select_related("customer", "owner", "stage")
        .annotate(weighted_sort=ExpressionWrapper(F("amount") * F("probability"),
                                                  output_field=DecimalField(max_digits=20, decimal_places=2)))
    )
