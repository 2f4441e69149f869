import datetime
import io

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase, override_settings

from ecrm.common import clock
from ecrm.common.models import Role
from ecrm.common.tests.helpers import make_team, make_user
from ecrm.sales.models import Customer
from ecrm.service import markup, services
from ecrm.service.models import (
    Alert,
    AlertRule,
    FaultCategory,
    FaultRecord,
    InstalledProduct,
    KbArticle,
    Product,
    Rma,
    Survey,
    add_months,
)

TZ = datetime.timezone(datetime.timedelta(hours=8))


class HelperTests(TestCase):
    def test_add_months_clamps_to_the_month_end(self):
        self.assertEqual(add_months(datetime.date(2027, 1, 31), 1), datetime.date(2027, 2, 28))
        self.assertEqual(add_months(datetime.date(2028, 1, 31), 1), datetime.date(2028, 2, 29))
        self.assertEqual(add_months(datetime.date(2027, 11, 30), 3), datetime.date(2028, 2, 29))
        self.assertEqual(add_months(datetime.date(2027, 5, 15), 12), datetime.date(2028, 5, 15))

    def test_markup_escapes_everything_but_http_links(self):
        html = markup.render('<script>x</script>\n[ok](https://a.example/x)\n[bad](javascript:alert(1))'
                             '\n\n<img src=x onerror=alert(1)>')
        self.assertNotIn("<script", html)
        self.assertNotIn("<img", html)
        self.assertIn('<a href="https://a.example/x" rel="noopener noreferrer nofollow">ok</a>', html)
        self.assertNotIn('href="javascript', html)
        self.assertEqual(html.count("<p>"), 2)


@override_settings(ECRM_TEST_CLOCK=True)
class ServiceFlowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_team()
        cls.u["svcmanager"] = make_user("svcmanager", Role.SVCMANAGER, line_manager=cls.u["admin"])
        cls.customer = Customer.objects.create(name="Omega Co", owner=cls.u["rep1"])
        cls.product = Product.objects.create(code="p1", name="产品", name_en="Product")
        cls.category = FaultCategory.objects.create(code="hw", name="硬件", name_en="Hardware")

    def new_fault(self, **fields):
        fault = FaultRecord(customer=self.customer, product=self.product, category=self.category,
                            description="Broken fan", **fields)
        return services.create_fault(fault, self.u["svcmanager"])

    def test_numbers_are_daily_and_gapless(self):
        clock.freeze(datetime.datetime(2030, 1, 2, 23, 59, tzinfo=TZ))
        a, b = self.new_fault(), self.new_fault()
        clock.freeze(datetime.datetime(2030, 1, 3, 0, 1, tzinfo=TZ))
        c = self.new_fault()
        self.assertEqual([a.number, b.number, c.number], ["SR-20300102-001", "SR-20300102-002", "SR-20300103-001"])

    def test_only_the_manager_assigns_and_resolving_needs_a_resolution(self):
        fault = self.new_fault()
        with self.assertRaises(ValidationError):
            fault.assign(self.u["engineer"], self.u["engineer"])
        services.assign_fault(fault, self.u["engineer"], self.u["svcmanager"])
        fault = services.transition_fault(fault, "start", self.u["engineer"])
        with self.assertRaises(ValidationError):
            services.transition_fault(fault, "resolve", self.u["engineer"], resolution=" ")
        fault = services.transition_fault(fault, "resolve", self.u["engineer"], resolution="Fixed")
        fault = services.transition_fault(fault, "close", self.u["engineer"])
        self.assertEqual(Survey.objects.filter(fault=fault).count(), 1)

    def test_rma_cannot_skip_received_and_out_of_warranty_repair_needs_a_price(self):
        clock.freeze(datetime.datetime(2030, 6, 1, 9, 0, tzinfo=TZ))
        unit = InstalledProduct.objects.create(customer=self.customer, product=self.product, serial_number="SN-001",
                                               purchase_date=datetime.date(2028, 1, 1), warranty_months=12)
        rma = services.create_rma(Rma(customer=self.customer, installed_product=unit, reason="Dead unit"),
                                  self.u["engineer"])
        self.assertFalse(rma.in_warranty)
        rma = services.transition_rma(rma, "approve", self.u["engineer"])
        with self.assertRaises(ValidationError):
            services.transition_rma(rma, "repair", self.u["engineer"], quoted_price="10.00")
        rma = services.transition_rma(rma, "receive", self.u["engineer"])
        with self.assertRaises(ValidationError):
            services.transition_rma(rma, "repair", self.u["engineer"])
        rma = services.transition_rma(rma, "repair", self.u["engineer"], quoted_price="10.00")
        self.assertEqual(rma.status, "repaired")

    def test_evaluate_alerts_command_never_duplicates(self):
        clock.freeze(datetime.datetime(2030, 2, 1, 9, 0, tzinfo=TZ))
        fault = self.new_fault()
        AlertRule.objects.create(name="late", kind="unassigned", threshold=5, recipient_role="svcmanager")
        clock.freeze(datetime.datetime(2030, 2, 1, 9, 6, tzinfo=TZ))
        out = io.StringIO()
        call_command("evaluate_alerts", stdout=out)
        call_command("evaluate_alerts", stdout=out)
        self.assertEqual(Alert.objects.filter(fault=fault).count(), 1)
        self.assertIn("0 new alert(s)", out.getvalue())

    def test_kb_search_ranks_title_first(self):
        engineer = self.u["engineer"]
        body = KbArticle.objects.create(title="Manual", content="how to fix the 风扇", status="published",
                                        author=engineer)
        title = KbArticle.objects.create(title="风扇 noise", content="clean it", status="published", author=engineer)
        self.assertEqual(list(KbArticle.objects.search("风扇")), [title, body])
        self.assertEqual(list(KbArticle.objects.search("MANUAL")), [body])
