import datetime
import json

from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from ecrm.common import audit, clock
from ecrm.common.lockout import attempt_login, is_locked
from ecrm.common.models import AuditEntry
from ecrm.common.tests.helpers import make_user
from ecrm.common.validators import clean_query_text, validate_phone
from ecrm.common.views import test_clock


@override_settings(ECRM_TEST_CLOCK=True)
class ClockTests(TestCase):
    def test_now_runs_until_frozen(self):
        self.assertIsNone(clock.frozen_at())
        moment = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
        clock.freeze(moment)
        self.assertEqual(clock.now(), moment)
        self.assertEqual(clock.today(), datetime.date(2026, 5, 4))
        clock.freeze(None)
        self.assertLess(abs((clock.now() - timezone.now()).total_seconds()), 5)

    @override_settings(ECRM_TEST_CLOCK=False)
    def test_production_ignores_frozen_row(self):
        clock.freeze(datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC))
        self.assertGreater(clock.now().year, 2020)


class LockoutTests(TestCase):
    def setUp(self):
        self.user = make_user("alice", password="Right#Pass2026")
        self.start = datetime.datetime(2026, 5, 4, 1, 0, tzinfo=datetime.UTC)

    def at(self, minutes):
        with override_settings(ECRM_TEST_CLOCK=True):
            clock.freeze(self.start + datetime.timedelta(minutes=minutes))

    def login(self, password):
        with override_settings(ECRM_TEST_CLOCK=True):
            return attempt_login(None, "alice", password)

    def test_five_failures_lock_for_fifteen_minutes(self):
        for minute in range(5):
            self.at(minute)
            self.assertIsNone(self.login("wrong"))
        self.at(5)
        self.assertIsNone(self.login("Right#Pass2026"), "locked: even the right password fails")
        self.at(18)
        self.assertIsNone(self.login("Right#Pass2026"))
        self.at(19)
        self.assertIsNotNone(self.login("Right#Pass2026"), "lock ends 15 minutes after the 5th failure")

    def test_four_failures_do_not_lock_and_success_resets(self):
        for minute in range(4):
            self.at(minute)
            self.login("wrong")
        self.at(4)
        self.assertIsNotNone(self.login("Right#Pass2026"))
        self.at(5)
        self.login("wrong")
        self.assertFalse(is_locked("alice"))

    def test_failures_spread_over_more_than_15_minutes_do_not_lock(self):
        for minute in (0, 5, 10, 15, 20):
            self.at(minute)
            self.login("wrong")
        with override_settings(ECRM_TEST_CLOCK=True):
            self.assertFalse(is_locked("alice"))

    def test_unknown_user_is_locked_too_and_message_is_generic(self):
        for _ in range(5):
            response = self.client.post(reverse("login"), {"username": "nobody", "password": "x"})
        self.assertContains(response, "用户名或密码错误")
        self.assertTrue(is_locked("nobody"))
        wrong_pw = self.client.post(reverse("login"), {"username": "alice", "password": "x"})
        # Same page, same message for an existing user with a wrong password.
        self.assertContains(wrong_pw, "用户名或密码错误")


class LoginPageTests(TestCase):
    def setUp(self):
        make_user("bob", password="Right#Pass2026")

    def test_anonymous_page_redirects_to_login_with_next(self):
        response = self.client.get("/sales/customers/")
        self.assertRedirects(response, "/login/?next=/sales/customers/", fetch_redirect_response=False)

    def test_login_and_logout(self):
        response = self.client.post(reverse("login"), {"username": "bob", "password": "Right#Pass2026",
                                                       "next": "/sales/"})
        self.assertRedirects(response, "/sales/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)
        self.client.post(reverse("logout"))
        self.assertEqual(self.client.get("/").status_code, 302)

    def test_open_redirect_is_refused(self):
        response = self.client.post(reverse("login"), {"username": "bob", "password": "Right#Pass2026",
                                                       "next": "https://evil.example/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_english_login_error(self):
        response = self.client.post(reverse("login"), {"username": "bob", "password": "no"},
                                    HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Invalid username or password")
        self.assertContains(response, 'role="alert"')

    def test_hostile_login_input_never_errors(self):
        for value in ("\x00", "a" * 10000, "' OR 1=1 --", "\u202e", "😀", "<script>"):
            response = self.client.post(reverse("login"), {"username": value, "password": value})
            self.assertEqual(response.status_code, 200)

    def test_session_cookie_http_only(self):
        self.client.post(reverse("login"), {"username": "bob", "password": "Right#Pass2026"})
        self.assertTrue(self.client.cookies["sessionid"]["httponly"])


class HealthAndApiAuthTests(TestCase):
    def test_healthz(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "ok")
        self.assertEqual(response.json()["database"], "ok")

    def test_api_anonymous_is_401(self):
        for url in ("/api/v1/customers/", "/api/v1/auth/me/", "/api/v1/users/"):
            self.assertEqual(self.client.get(url).status_code, 401, url)

    def test_api_login_needs_csrf_and_works(self):
        make_user("carol", password="Right#Pass2026")

        client = Client(enforce_csrf_checks=True)
        body = json.dumps({"username": "carol", "password": "Right#Pass2026"})
        self.assertEqual(client.post("/api/v1/auth/login/", body, content_type="application/json").status_code, 403)
        token = client.get("/api/v1/auth/csrf/").json()["csrftoken"]
        response = client.post("/api/v1/auth/login/", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["username"], "carol")
        self.assertEqual(client.get("/api/v1/auth/me/").status_code, 200)

    def test_schema_is_published(self):
        response = self.client.get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"/api/v1/customers/", response.content)


@override_settings(ECRM_TEST_CLOCK=True)
class TestClockViewTests(TestCase):
    # /__test__/clock/ is only mounted when the URLconf is loaded under settings_test.
    def test_clock_view(self):


        rf = RequestFactory()
        response = test_clock(rf.post("/__test__/clock/", json.dumps({"now": "2026-05-04T09:00:00+08:00"}),
                                      content_type="application/json"))
        self.assertEqual(json.loads(response.content)["frozen"], True)
        self.assertEqual(clock.today(), datetime.date(2026, 5, 4))
        bad = test_clock(
            rf.post("/__test__/clock/", '{"now": "2026-13-45T99:00"}', content_type="application/json")
        )
        self.assertEqual(bad.status_code, 400)
        test_clock(rf.post("/__test__/clock/", json.dumps({"now": None}), content_type="application/json"))
        self.assertIsNone(clock.frozen_at())


class ValidatorAndAuditTests(TestCase):
    def test_phone_formats(self):
        for good in ("13812345678", "19912345678", "010-12345678", "0571-8888888", "+4412345678", "+123456789012345"):
            validate_phone(good)
        for bad in ("12812345678", "1381234567", "010 12345678", "10-12345678", "+1234567", "+1234567890123456",
                    "abc", "138123456789"):
            with self.assertRaises(ValidationError, msg=bad):
                validate_phone(bad)

    def test_clean_query_text(self):
        self.assertEqual(clean_query_text(" a\x00b\ud800c "), "abc")

    def test_audit_record(self):
        user = make_user("dave")
        entry = audit.record(user, user, "update", field="display_name", old="a", new="b")
        self.assertEqual(AuditEntry.objects.count(), 1)
        self.assertEqual(list(audit.entries_for(user)), [entry])
        with translation.override("en"):
            self.assertEqual(str(entry.field_label), "Display name")
