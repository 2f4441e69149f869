"""Login, logout, dashboard, subsystem landing pages, health and the test clock."""
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from ecrm import defects
from ecrm.common import clock
from ecrm.common.forms import LoginForm
from ecrm.common.lockout import GENERIC_ERROR, attempt_login
from ecrm.common.registry import nav_for


def _safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_not_required
@never_cache
def login_view(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.user.is_authenticated and request.method == "GET":
        return HttpResponseRedirect(_safe_next(request, next_url))
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = attempt_login(request, form.cleaned_data["username"], form.cleaned_data["password"])
            if user is not None:
                login(request, user)
                return HttpResponseRedirect(_safe_next(request, next_url))
        # One message for every failure: unknown user, wrong password, locked, empty fields.
        form = LoginForm(initial={"username": request.POST.get("username", "")[:150]})
        form.login_error = GENERIC_ERROR
    return render(request, "common/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, _("You have logged out"))
    return redirect("login")


def dashboard(request):
    return render(request, "common/dashboard.html", {"sections": nav_for(request.user)})


def landing(request, key):
    for section in nav_for(request.user):
        if section["key"] == key:
            if section["restricted"]:
                # A subsystem with no function for this role is a page the role may not use (COM-ROLE-1).
                raise PermissionDenied
            return render(request, "common/landing.html", {"section": section})
    raise Http404


@login_not_required
@never_cache
def healthz(request):
    body = {
        "status": "ok",
        "database": "ok",
        "version": settings.ECRM_VERSION,
        "build": settings.ECRM_BUILD,
        "defects": list(defects.ACTIVE),
    }
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        body.update(status="error", database="error")
        return JsonResponse(body, status=503)
    return JsonResponse(body)


@login_not_required
@csrf_exempt
@never_cache
def test_clock(request):
    """GET: the current time.  POST ``{"now": iso8601 | null}``: freeze or release."""
    if not settings.ECRM_TEST_CLOCK:
        raise Http404
    if request.method == "POST":
        try:
            payload = json.loads(request.body or b"{}")
            raw = payload["now"]
        except (ValueError, KeyError, TypeError):
            return JsonResponse({"error": 'expected {"now": "<ISO 8601>"} or {"now": null}'}, status=400)
        if raw is None:
            clock.freeze(None)
        else:
            try:
                moment = parse_datetime(raw) if isinstance(raw, str) else None
            except ValueError:
                moment = None
            if moment is None:
                return JsonResponse({"error": "invalid ISO 8601 datetime"}, status=400)
            clock.freeze(moment)
    elif request.method != "GET":
        return JsonResponse({"error": "method not allowed"}, status=405)
    frozen = clock.frozen_at()
    return JsonResponse({"now": timezone.localtime(clock.now()).isoformat(), "frozen": frozen is not None})


class CachedSchemaView(SpectacularAPIView):
    """``/api/schema/``: the OpenAPI document, generated once per process, language and API version.

    The document is public (not filtered per user) and fixed while the server runs: the URL configuration and the
    serializers cannot change without a restart. Generating it takes about a second of CPU, which every client that
    reads the schema (API fuzzing, the access-control crawl, other tools) would otherwise pay on each request.
    """

    _documents: dict[tuple[str | None, str | None], dict] = {}

    def _get_schema_response(self, request):
        key = (translation.get_language(), self.api_version or request.version)
        document = self._documents.get(key)
        if document is None:
            response = super()._get_schema_response(request)
            self._documents[key] = response.data
            return response
        version = key[1]
        return Response(data=document,
                        headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'})
