import datetime
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse

from ecrm.common import clock
from ecrm.common.models import AuditEntry
from ecrm.common.tests.helpers import make_team
from ecrm.sales.models import Contact, Customer, Opportunity


class SalesBase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_team()
        cls.c1 = Customer.objects.create(name="Alpha Co", owner=cls.u["rep1"], phone="13800000001")
        cls.c2 = Customer.objects.create(name="Beta Co", owner=cls.u["rep2"])
        cls.c3 = Customer.objects.create(name="Gamma Co", owner=cls.u["rep3"])

    def api(self, who, lang="en"):
        self.client.force_login(self.u[who])
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
        return self.client


class CustomerModelTests(SalesBase):
    def test_duplicate_name_is_case_insensitive_and_names_the_customer(self):
        dup = Customer(name="  alpha co ", owner=self.u["rep2"])
        with self.assertRaises(ValidationError) as ctx:
            dup.full_clean()
        self.assertIn("Alpha Co", ctx.exception.message_dict["name"][0])

    def test_duplicate_name_includes_archived(self):
        self.c2.archive()
        with self.assertRaises(ValidationError):
            Customer(name="BETA CO", owner=self.u["rep1"]).full_clean()

    def test_duplicate_phone_names_the_customer(self):
        with self.assertRaises(ValidationError) as ctx:
            Customer(name="Delta", owner=self.u["rep1"], phone="13800000001").full_clean()
        self.assertIn("Alpha Co", ctx.exception.message_dict["phone"][0])

    def test_name_length(self):
        with self.assertRaises(ValidationError):
            Customer(name="A", owner=self.u["rep1"]).full_clean()
        with self.assertRaises(ValidationError):
            Customer(name="A" * 101, owner=self.u["rep1"]).full_clean()
        Customer(name="AB", owner=self.u["rep1"]).full_clean()

    def test_nul_is_refused(self):
        with self.assertRaises(ValidationError):
            Customer(name="Bad\x00Name", owner=self.u["rep1"]).full_clean()

    def test_visibility(self):
        names = lambda who: set(Customer.objects.visible_to(self.u[who]).values_list("name", flat=True))  # noqa
        self.assertEqual(names("rep1"), {"Alpha Co"})
        self.assertEqual(names("manager"), {"Alpha Co", "Beta Co"})
        self.assertEqual(names("admin"), {"Alpha Co", "Beta Co", "Gamma Co"})
        self.assertEqual(names("engineer"), {"Alpha Co", "Beta Co", "Gamma Co"})
        self.assertEqual(names("finance"), set())

    def test_archive_refused_with_open_opportunity(self):
        opp = Opportunity.objects.create(customer=self.c1, name="Deal", amount=Decimal("10.00"), owner=self.u["rep1"])
        with self.assertRaises(ValidationError):
            self.c1.archive()
        opp.stage_id = "lost"
        opp.lost_reason = "budget"
        opp.save()
        self.c1.archive()
        self.c1.refresh_from_db()
        self.assertTrue(self.c1.archived)
        self.assertIsNotNone(self.c1.archived_at)
        with self.assertRaises(ValidationError):
            self.c1.delete()
        self.assertTrue(Customer.objects.filter(pk=self.c1.pk).exists())


class ContactModelTests(SalesBase):
    def test_one_primary_contact(self):
        a = Contact.objects.create(customer=self.c1, name="A", email="a@x.example", is_primary=True)
        b = Contact.objects.create(customer=self.c1, name="B", email="b@x.example", is_primary=True)
        a.refresh_from_db()
        self.assertFalse(a.is_primary)
        self.assertTrue(b.is_primary)

    def test_needs_mobile_or_email(self):
        with self.assertRaises(ValidationError) as ctx:
            Contact(customer=self.c1, name="N").full_clean()
        self.assertIn("mobile", ctx.exception.message_dict)
        self.assertIn("email", ctx.exception.message_dict)

    @override_settings(ECRM_TEST_CLOCK=True)
    def test_birthday_not_in_future(self):
        clock.freeze(datetime.datetime(2026, 5, 4, 1, 0, tzinfo=datetime.UTC))
        with self.assertRaises(ValidationError):
            Contact(customer=self.c1, name="N", mobile="13900000000", birthday=datetime.date(2026, 5, 5)).full_clean()
        Contact(customer=self.c1, name="N", mobile="13900000000", birthday=datetime.date(2026, 5, 4)).full_clean()

    def test_mobile_and_email_validated(self):
        with self.assertRaises(ValidationError) as ctx:
            Contact(customer=self.c1, name="N", mobile="010-12345678", email="nope").full_clean()
        self.assertEqual(set(ctx.exception.message_dict), {"mobile", "email"})


class CustomerPageTests(SalesBase):
    def test_roles_outside_sales_get_403(self):
        for who in ("finance", "engineer"):
            self.client.force_login(self.u[who])
            self.assertEqual(self.client.get(reverse("sales:customers")).status_code, 403, who)

    def test_other_reps_customer_is_404(self):
        self.client.force_login(self.u["rep1"])
        self.assertEqual(self.client.get(reverse("sales:customer-detail", args=[self.c2.pk])).status_code, 404)

    def test_list_search_sort_filter_and_csv(self):
        Contact.objects.create(customer=self.c2, name="Zed Person", email="z@x.example")
        self.client.force_login(self.u["manager"])
        response = self.client.get(reverse("sales:customers"), {"q": "zed"})
        self.assertContains(response, "Beta Co")
        self.assertNotContains(response, "Alpha Co")
        response = self.client.get(reverse("sales:customers"), {"sort": "-name"})
        self.assertContains(response, 'aria-sort="descending"')
        self.assertLess(response.content.index(b"Beta Co"), response.content.index(b"Alpha Co"))
        response = self.client.get(reverse("sales:customers"), {"owner": self.u["rep1"].pk})
        self.assertContains(response, 'data-count="1"')
        response = self.client.get(reverse("sales:customers"), {"export": "csv", "sort": "name"})
        text = response.content.decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        self.assertEqual(len(text.strip().splitlines()), 3)

    def test_hostile_query_parameters(self):
        self.client.force_login(self.u["rep1"])
        for params in ({"q": "\x00"}, {"sort": "password"}, {"page": "-1"}, {"owner": "9" * 40},
                       {"q": "' OR 1=1 --"}, {"q": "x" * 5000}, {"level": "<script>"}):
            self.assertEqual(self.client.get(reverse("sales:customers"), params).status_code, 200, params)

    def test_archived_hidden_unless_filtered(self):
        self.c1.archive()
        self.client.force_login(self.u["rep1"])
        self.assertNotContains(self.client.get(reverse("sales:customers")), "Alpha Co")
        self.assertContains(self.client.get(reverse("sales:customers"), {"status": "archived"}), "Alpha Co")

    def test_rep_cannot_reassign_owner_but_manager_can_and_it_is_audited(self):
        data = {"name": "Alpha Co", "level": "top", "owner": self.u["rep2"].pk}
        self.client.force_login(self.u["rep1"])
        self.client.post(reverse("sales:customer-edit", args=[self.c1.pk]), data)
        self.c1.refresh_from_db()
        self.assertEqual(self.c1.owner, self.u["rep1"])
        self.client.force_login(self.u["manager"])
        response = self.client.post(reverse("sales:customer-edit", args=[self.c1.pk]), data)
        self.assertEqual(response.status_code, 302)
        self.c1.refresh_from_db()
        self.assertEqual(self.c1.owner, self.u["rep2"])
        entry = AuditEntry.objects.get(action="reassign")
        self.assertEqual((entry.old, entry.new, entry.actor), ("rep1", "rep2", self.u["manager"]))
        self.assertContains(self.client.get(reverse("sales:customer-detail", args=[self.c1.pk])), "审计记录")

    def test_form_error_markup(self):
        self.client.force_login(self.u["rep1"])
        response = self.client.post(reverse("sales:customer-new"), {"name": "alpha co", "level": "top"})
        self.assertContains(response, 'id="id_name-error"')
        self.assertContains(response, 'aria-describedby="id_name-error"')
        self.assertContains(response, "名称已被客户「Alpha Co」使用")


class ApiTests(SalesBase):
    def test_api_list_is_scoped_and_paginated(self):
        body = self.api("rep1").get("/api/v1/customers/").json()
        self.assertEqual(body["count"], 1)
        self.assertEqual(set(body), {"count", "next", "previous", "results"})
        self.assertEqual(self.api("finance").get("/api/v1/customers/").status_code, 403)
        self.assertEqual(self.api("rep1").get(f"/api/v1/customers/{self.c2.pk}/").status_code, 404)

    def test_api_create_validation_localised(self):
        client = self.api("rep1", "zh-hans")
        response = client.post("/api/v1/customers/", {"name": "ALPHA CO"}, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Alpha Co", response.json()["name"][0])
        self.assertIn("名称已被客户", response.json()["name"][0])

    def test_api_delete_archives_or_409(self):
        client = self.api("rep1")
        response = client.post("/api/v1/opportunities/", {"customer": self.c1.pk, "name": "Deal", "amount": "5.00",
                                                         "expected_close": "2099-12-31"},
                               content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(client.delete(f"/api/v1/customers/{self.c1.pk}/").status_code, 409)
        client.patch(f"/api/v1/opportunities/{response.json()['id']}/", {"stage": "won"},
                     content_type="application/json")
        self.assertEqual(client.delete(f"/api/v1/customers/{self.c1.pk}/").status_code, 204)
        self.assertTrue(Customer.objects.get(pk=self.c1.pk).archived)

    def test_api_rep_owner_change_is_403(self):
        response = self.api("rep1").patch(f"/api/v1/customers/{self.c1.pk}/", {"owner": self.u["rep2"].pk},
                                          content_type="application/json")
        self.assertEqual(response.status_code, 403)
        response = self.api("manager").patch(f"/api/v1/customers/{self.c1.pk}/", {"owner": self.u["rep2"].pk},
                                             content_type="application/json")
        self.assertEqual(response.status_code, 200)
        response = self.api("manager").patch(f"/api/v1/customers/{self.c1.pk}/", {"owner": self.u["rep3"].pk},
                                             content_type="application/json")
        self.assertEqual(response.status_code, 400, "rep3 is not in the manager's team")

    def test_api_hostile_json(self):
        client = self.api("rep1")
        for payload in ({"name": "a\x00b"}, {"name": "\ud800x"}, {"name": "x" * 10000}, {"name": ["list"]},
                        {"name": "OK name", "industry": 10 ** 30}, {"name": "OK name", "owner": "abc"}):
            response = client.post("/api/v1/customers/", json.dumps(payload), content_type="application/json")
            self.assertIn(response.status_code, (400, 403), payload)
        response = client.post("/api/v1/customers/", "{not json", content_type="application/json")
        self.assertEqual(response.status_code, 400)

    def test_api_service_role_reads_only(self):
        client = self.api("engineer")
        self.assertEqual(client.get("/api/v1/customers/").json()["count"], 3)
        response = client.post("/api/v1/customers/", {"name": "Nope"}, content_type="application/json")
        self.assertEqual(response.status_code, 403)

    def test_api_contacts_primary_and_delete(self):
        client = self.api("rep1")
        first = client.post("/api/v1/contacts/", {"customer": self.c1.pk, "name": "A", "email": "a@x.example",
                                                  "is_primary": True}, content_type="application/json")
        self.assertEqual(first.status_code, 201, first.content)
        second = client.post("/api/v1/contacts/", {"customer": self.c1.pk, "name": "B", "mobile": "13912345678",
                                                   "is_primary": True}, content_type="application/json")
        self.assertEqual(second.status_code, 201, second.content)
        self.assertFalse(Contact.objects.get(pk=first.json()["id"]).is_primary)
        self.assertEqual(client.delete(f"/api/v1/contacts/{first.json()['id']}/").status_code, 204)
        other = client.post("/api/v1/contacts/", {"customer": self.c2.pk, "name": "C", "email": "c@x.example"},
                            content_type="application/json")
        self.assertEqual(other.status_code, 400)
