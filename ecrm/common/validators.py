"""Validators shared by every app."""
import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


@deconstructible
class SafeTextValidator:
    """Refuse text no database can store or that is never typed by a person:
    NUL, lone surrogates and C0 control characters other than tab and newlines.
    Everything else (emoji, RTL marks, quotes, angle brackets, SQL) is stored
    exactly as typed and escaped on output."""

    message = _("Text contains characters that are not allowed (for example NUL or control characters)")
    code = "invalid_characters"

    def __call__(self, value):
        if value is None:
            return
        value = str(value)
        if _FORBIDDEN.search(value) or _CONTROL.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SafeTextValidator)


safe_text = SafeTextValidator()


def is_safe_text(value, max_length=None):
    """True when ``value`` may be used in a query (rules in clean() skip values that already failed)."""
    if value is None:
        return False
    value = str(value)
    if _FORBIDDEN.search(value) or _CONTROL.search(value):
        return False
    return max_length is None or len(value) <= max_length


def clean_query_text(value, max_length=200):
    """Make a free-text query parameter safe to hand to any database."""
    if not value:
        return ""
    value = _FORBIDDEN.sub("", str(value))
    value = _CONTROL.sub("", value)
    return value.strip()[:max_length]


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-\d{7,8}$")
INTERNATIONAL_RE = re.compile(r"^\+\d{8,15}$")


def validate_phone(value):
    """SAL-CUS-2: mainland mobile, mainland landline (0xx-xxxxxxxx) or international (+ and 8–15 digits)."""
    if not value:
        return
    if not (MOBILE_RE.match(value) or LANDLINE_RE.match(value) or INTERNATIONAL_RE.match(value)):
        raise ValidationError(
            _(
                "Enter a mainland mobile number (11 digits starting 13–19), a landline "
                "such as 010-12345678, or an international number such as +441234567890"
            ),
            code="invalid_phone",
        )


def validate_mobile(value):
    """SAL-CON-2: a contact's mobile is a mainland mobile or an international number."""
    if not value:
        return
    if not (MOBILE_RE.match(value) or INTERNATIONAL_RE.match(value)):
        raise ValidationError(
            _(
                "Enter a mainland mobile number (11 digits starting 13–19) or an "
                "international number such as +441234567890"
            ),
            code="invalid_mobile",
        )


# Messages of Django/DRF whose stock Chinese translation is wrong or unclear; the
# common catalogue overrides them (the e-CRM apps come first in INSTALLED_APPS).
LIBRARY_MESSAGE_OVERRIDES = (
    gettext_noop("Null characters are not allowed."),
)


@deconstructible
class PlausibleDateTimeValidator:
    """A date-time a person plans or records work at: 1970 or later.

    An earlier one is a typing error (year 20 for 2020), and before 1901 time zones such as Asia/Shanghai use local
    mean time (+08:05:43), an offset that no RFC 3339 client can read back. Later years are allowed up to Python's
    9999 (reports and plans far ahead are valid; the suite's report tests use far-future years)."""

    first_year, last_year = 1970, 9999
    message = _("Enter a date and time in 1970 or later")
    code = "implausible_datetime"

    def __call__(self, value):
        if value is None:
            return
        if not (self.first_year <= value.year <= self.last_year):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, PlausibleDateTimeValidator)


plausible_datetime = PlausibleDateTimeValidator()
