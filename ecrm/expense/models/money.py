"""e-Expense models: money."""
from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}
POSITIVE = [MinValueValidator(CENT)]


def money(value):
    """A Decimal rounded half-up to 0.01 (None stays None)."""
    if value is None:
        return None
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_money(value):
    return f"{money(value or 0):,.2f}"
