import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from ecrm.common.tests.helpers import make_team
from ecrm.sales import services
from ecrm.sales.models import (
    Activity,
    Contact,
    Customer,
    Opportunity,
    Stage,
    StageHistory,
    delete_setting,
    next_working_day_at_nine,
    weighted,
)


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


class PipelineRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_team()
        cls.customer = Customer.objects.create(name="Delta Co", owner=cls.u["rep1"])

    def test_weighted_rounds_half_up(self):
        self.assertEqual(weighted(Decimal("0.01"), 50), Decimal("0.01"))
        self.assertEqual(weighted(Decimal("100.05"), 30), Decimal("30.02"))

    def test_next_working_day(self):
        self.assertEqual(next_working_day_at_nine(local(2031, 6, 13, 18)), local(2031, 6, 16, 9))
        self.assertEqual(next_working_day_at_nine(local(2031, 6, 16, 8, 59)), local(2031, 6, 17, 9))

    def test_stage_move_sets_default_probability_history_and_reopen_rule(self):
        opp = Opportunity(customer=self.customer, name="Deal", amount=Decimal("10.00"), owner=self.u["rep1"],
                          expected_close=datetime.date(2099, 1, 1))
        opp.full_clean()
        services.save_opportunity(opp, self.u["rep1"])
        self.assertEqual(opp.probability, 10)
        opp.stage_id = "won"
        opp.full_clean()
        services.save_opportunity(opp, self.u["rep1"], {})
        self.assertEqual((opp.probability, StageHistory.objects.filter(opportunity=opp).count()), (100, 2))
        opp = Opportunity.objects.get(pk=opp.pk)
        opp.stage_id = "lead"
        with self.assertRaises(PermissionDenied):
            opp.check_stage_change(self.u["rep1"])
        opp.check_stage_change(self.u["manager"])
        with self.assertRaises(ValidationError):
            delete_setting(Stage.objects.get(code="won"))

    def test_three_unsuccessful_calls_flag_the_contact(self):
        contact = Contact.objects.create(customer=self.customer, name="Li", mobile="13800000009")
        for minute, outcome in enumerate(["busy", "no_answer", "wrong_number", "connected"]):
            services.save_activity(Activity(customer=self.customer, contact=contact, subject="Call", type="call",
                                            status="done", outcome=outcome, owner=self.u["rep1"],
                                            scheduled_at=local(2031, 6, 13, 10, minute)))
            contact.refresh_from_db()
            self.assertEqual(contact.unreachable, minute == 2)
