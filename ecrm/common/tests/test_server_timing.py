"""The Server-Timing middleware (test and performance settings): every response carries its server time, SQL time
and query count; with the N+1 detector on, the repeated SQL and django-zeal's finding."""

import re

from django.conf import settings
from django.test import Client, TestCase

from ecrm import settings as production
from ecrm.common.models import Role
from ecrm.common.server_timing import statement_shape
from ecrm.common.tests.helpers import make_user
from ecrm.expense.models import EmployeeType

HEADER = re.compile(r'^app;dur=\d+\.\d;desc="e-CRM", db;dur=\d+\.\d;count=(\d+)$')


class ServerTimingTests(TestCase):
    def setUp(self):
        self.client = Client()
        self.client.force_login(make_user("st-admin", role=Role.ADMIN))

    def test_every_response_says_its_time_and_query_count(self):
        response = self.client.get("/api/v1/employee-types/")
        self.assertEqual(response.status_code, 200)
        match = HEADER.match(response["Server-Timing"])
        self.assertIsNotNone(match, response["Server-Timing"])
        self.assertGreater(int(match.group(1)), 0)

    def test_a_list_of_employee_types_makes_the_same_queries_for_one_row_and_for_many(self):
        """One query for the types with their in-use flag, one for their limits: not one per type."""
        counts = []
        for total in (1, 6):
            while EmployeeType.objects.count() < total:
                EmployeeType.objects.create(name=f"类型 {EmployeeType.objects.count()}")
            response = self.client.get("/api/v1/employee-types/")
            counts.append(int(HEADER.match(response["Server-Timing"]).group(1)))
            self.assertNotIn("X-Ecrm-N-Plus-One", response)
        self.assertEqual(counts[0], counts[1])

    def test_the_production_settings_do_not_send_it(self):
        self.assertIn("ecrm.common.server_timing.ServerTimingMiddleware", settings.MIDDLEWARE)
        self.assertNotIn("ecrm.common.server_timing.ServerTimingMiddleware", production.MIDDLEWARE)

    def test_statement_shapes_fold_what_a_loop_changes(self):
        self.assertEqual(statement_shape('SELECT "a"."id", "a"."name" FROM "a" WHERE "a"."id" = 42 LIMIT 21'),
                         'SELECT ... FROM "a" WHERE "a"."id" = ? LIMIT ?')
        self.assertEqual(statement_shape("SELECT x FROM t WHERE id IN (%s, %s, %s) AND n = 'o''k'"),
                         "SELECT ... FROM t WHERE id IN (...) AND n = ?")
