import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import TestCase

from ecrm.common import clock
from ecrm.common.tests.helpers import make_team
from ecrm.expense import services
from ecrm.expense.models import (
    Category,
    CategoryLimit,
    ClaimStatus,
    EmployeeType,
    NumberCounter,
    luhn_ok,
    mask_card,
    sniff_receipt,
)


class NumberingTests(TestCase):
    def test_numbers_are_sequential_per_month_and_a_rollback_uses_none(self):
        with transaction.atomic():
            first = NumberCounter.next_number("EXP")
        try:
            with transaction.atomic():
                NumberCounter.next_number("EXP")
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        with transaction.atomic():
            second = NumberCounter.next_number("EXP")
        self.assertEqual(int(second[-4:]), int(first[-4:]) + 1)
        self.assertRegex(first, rf"^EXP-{clock.today():%Y%m}-\d{{4}}$")


class HelperTests(TestCase):
    def test_luhn_and_masking(self):
        self.assertTrue(luhn_ok("4111111111111111"))
        self.assertFalse(luhn_ok("4111111111111112"))
        self.assertEqual(mask_card("6222020200112233776"), "**** **** **** 3776")

    def test_receipts_are_recognised_by_their_first_bytes(self):
        self.assertEqual(sniff_receipt(b"\x89PNG\r\n\x1a\n...."), "image/png")
        self.assertEqual(sniff_receipt(b"%PDF-1.7"), "application/pdf")
        self.assertEqual(sniff_receipt(b"RIFF\x00\x00\x00\x00WEBPVP8 "), "image/webp")
        self.assertIsNone(sniff_receipt(b"hello, not an image"))


class ClaimWorkflowTests(TestCase):
    def setUp(self):
        self.team = make_team()
        self.rep_type = EmployeeType.objects.create(name="Rep")
        self.team["rep1"].employee_type = self.rep_type
        self.team["rep1"].save()
        self.meals = Category.objects.create(code="meals", name="餐费", name_en="Meals")
        CategoryLimit.objects.create(employee_type=self.rep_type, category=self.meals, limit=Decimal("500.00"))

    def _claim(self, *amounts):
        claim = services.create_claim(self.team["rep1"], "拜访")
        for amount in amounts:
            services.add_line(claim, self.team["rep1"], date=clock.today() - datetime.timedelta(days=1),
                              category=self.meals, amount=Decimal(amount), description="餐")
        claim.refresh_from_db()
        return claim

    def test_total_and_limit(self):
        claim = self._claim("12.70", "3.10")
        self.assertEqual(claim.total, Decimal("15.80"))
        with self.assertRaises(ValidationError) as ctx:
            self._claim("500.01")
        self.assertIn("500.00", ctx.exception.message_dict["amount"][0])

    def test_the_state_machine(self):
        claim = self._claim("20.00")
        services.submit_claim(claim, self.team["rep1"])
        claim.refresh_from_db()
        self.assertEqual((claim.status, claim.approver), (ClaimStatus.SUBMITTED, self.team["manager"]))
        with self.assertRaises(ValidationError):
            services.approve_claim(claim, self.team["rep1"])
        services.approve_claim(claim, self.team["manager"])
        with self.assertRaises(ValidationError):
            services.withdraw_claim(claim, self.team["rep1"])
        with self.assertRaises(ValidationError):
            services.reject_claim(claim, self.team["finance"], "  ")
        services.approve_claim(claim, self.team["finance"])
        payment = services.pay_claim(claim, self.team["finance"], method="cash")
        self.assertEqual(payment.amount, Decimal("20.00"))
        with self.assertRaises(ValidationError) as ctx:
            services.pay_claim(claim, self.team["finance"], method="cash")
        self.assertEqual(ctx.exception.code, "already_paid")
