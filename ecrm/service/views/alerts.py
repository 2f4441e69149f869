"""e-Service pages: alerts."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ecrm.common.listing import ListPageView
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.service import services
from ecrm.service.forms import (
    AlertRuleForm,
)
from ecrm.service.lists import (
    AlertRuleSpec,
    AlertSpec,
)
from ecrm.service.models import (
    MANAGERS,
    SERVICE_STAFF,
    Alert,
    AlertRule,
)
from ecrm.service.views.base import _form_page


class AlertRuleListView(ListPageView):
    allowed_roles = MANAGERS
    spec_class = AlertRuleSpec
    title = gettext_lazy("Alert rules")
    caption = gettext_lazy("Alert rule list")

    def get_base_queryset(self):
        return AlertRule.objects.select_related("recipient_user")

    def get_actions(self):
        return [(reverse("service:alert-rule-new"), _("New alert rule"))]


class AlertRuleFormView(RoleRequiredMixin, View):
    allowed_roles = MANAGERS

    def get_object(self, pk):
        return get_object_or_404(AlertRule, pk=pk) if pk else AlertRule()

    def title(self, rule):
        return _("Edit alert rule") if rule.pk else _("New alert rule")

    def get(self, request, pk=None):
        rule = self.get_object(pk)
        return _form_page(request, AlertRuleForm(instance=rule), self.title(rule), reverse("service:alert-rules"))

    def post(self, request, pk=None):
        rule = self.get_object(pk)
        form = AlertRuleForm(request.POST, instance=rule)
        if not form.is_valid():
            return _form_page(request, form, self.title(rule), reverse("service:alert-rules"))
        rule = form.save()
        messages.success(request, _("Alert rule “%(name)s” saved") % {"name": rule.name})
        return redirect("service:alert-rules")


class AlertInboxView(ListPageView):
    allowed_roles = SERVICE_STAFF
    spec_class = AlertSpec
    template_name = "service/alert_list.html"
    title = gettext_lazy("Alerts")
    caption = gettext_lazy("Alert inbox")

    def get_base_queryset(self):
        return Alert.objects.for_user(self.request.user).select_related("rule", "acknowledged_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_evaluate"] = self.request.user.role in MANAGERS
        return ctx


@require_POST
@role_required(*SERVICE_STAFF)
def alert_acknowledge(request, pk):
    alert = get_object_or_404(Alert.objects.for_user(request.user), pk=pk)
    alert.acknowledge(request.user)
    messages.success(request, _("Alert acknowledged"))
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/service/alerts/")
                    else "service:alerts")


@require_POST
@role_required(*MANAGERS)
def alerts_evaluate(request):
    count = services.evaluate_alerts()
    messages.success(request, _("Alert rules evaluated: %(count)s new alert(s)") % {"count": count})
    return redirect("service:alerts")
