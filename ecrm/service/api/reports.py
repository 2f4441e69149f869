"""e-Service API (``/api/v1/``): reports."""
from __future__ import annotations

import datetime

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ecrm.common import clock
from ecrm.common.schema import VALIDATION
from ecrm.service.models import (
    MANAGERS,
    Product,
)
from ecrm.service.reports import service_report


class ServiceReportView(APIView):
    """``GET service-reports/?date_from=&date_to=&product=``: every figure of the service reports (SVC-RPT)."""

    allowed_roles = MANAGERS

    @extend_schema(parameters=[OpenApiParameter("date_from", str), OpenApiParameter("date_to", str),
                               OpenApiParameter("product", int)],
                   responses={200: inline_serializer("ServiceReport", {"tickets": serializers.IntegerField()}),
                              400: VALIDATION})
    def get(self, request):
        today = clock.today()
        errors = {}
        dates = {}
        for name, default in (("date_from", today - datetime.timedelta(days=29)), ("date_to", today)):
            raw = request.query_params.get(name, "")
            try:
                dates[name] = parse_date(raw) if raw else default
            except ValueError:
                dates[name] = None
            if dates[name] is None:
                errors[name] = [_("Enter a valid date.")]
        if not errors and dates["date_from"] > dates["date_to"]:
            errors["date_to"] = [_("The end date cannot be before the start date")]
        product = None
        raw_product = request.query_params.get("product", "")
        if raw_product:
            product = Product.objects.filter(pk=raw_product).first() if raw_product.isdigit() else None
            if product is None:
                errors["product"] = [_("Select a valid choice.")]
        if errors:
            raise ValidationError(errors)
        report = service_report(dates["date_from"], dates["date_to"], product)
        report["product"] = product.pk if product else None

        def plain(value):
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            if isinstance(value, datetime.date):
                return value.isoformat()
            if value is not None and not isinstance(value, bool | int | str):
                return str(value)
            return value

        return Response(plain(report))
