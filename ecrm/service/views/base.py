"""e-Service pages: base."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render


def _errors_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_page(request, form, title, cancel_url, subtitle="", status=200):
    return render(request, "service/form.html",
                  {"form": form, "title": title, "cancel_url": cancel_url, "subtitle": subtitle}, status=status)
