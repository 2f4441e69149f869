"""EXP-APR-1/2: ``next_approvers`` names exactly the users whose approval inbox holds the record."""
import datetime
from decimal import Decimal

from django.test import TestCase

from ecrm.common import clock
from ecrm.common.models import Role, User
from ecrm.common.tests.helpers import make_team, make_user
from ecrm.expense import services
from ecrm.expense.models import ADVANCE_ROUTING, CLAIM_ROUTING, Advance, Category, Claim, ExpenseSettings


def inbox_holders(model, record):
    """The usernames whose inbox (``awaiting``) holds ``record``: the rule's other side, user by user."""
    return sorted(user.username for user in User.objects.all()
                  if model.objects.awaiting(user).filter(pk=record.pk).exists())


ROUTING = {Claim: CLAIM_ROUTING, Advance: ADVANCE_ROUTING}


class TeamCase(TestCase):
    """A team (``make_team``, a second finance user, an inactive one), the meals category and the thresholds."""

    def setUp(self):
        self.team = make_team()
        self.team["finance2"] = make_user("finance2", Role.FINANCE, line_manager=self.team["admin"])
        make_user("gone", Role.FINANCE, line_manager=self.team["admin"], is_active=False)
        self.meals = Category.objects.create(code="meals", name="餐费", name_en="Meals")
        ExpenseSettings.objects.update_or_create(pk=1, defaults={"approval_threshold": Decimal("1000.00"),
                                                                    "receipt_threshold": Decimal("5000.00")})

    def _submitted_claim(self, employee, amount="20.00"):
        claim = services.create_claim(employee, "拜访")
        services.add_line(claim, employee, date=clock.today() - datetime.timedelta(days=1), category=self.meals,
                          amount=Decimal(amount), description="餐")
        services.submit_claim(claim, employee)
        return Claim.objects.get(pk=claim.pk)


class NextApproversTests(TeamCase):
    def assert_next(self, record, expected):
        record = type(record).objects.get(pk=record.pk)
        self.assertEqual(record.next_approvers, expected)
        self.assertEqual(inbox_holders(type(record), record), expected)
        primed = type(record).objects.get(pk=record.pk)  # the list's way: all of a page's records at once
        ROUTING[type(record)].prime([primed])
        self.assertEqual(primed.next_approvers, expected)

    def test_a_list_finds_every_records_approvers_with_one_query(self):
        claims = [self._submitted_claim(self.team["rep1"], "1500.00") for _ in range(4)]
        services.approve_claim(claims[1], self.team["manager"])
        services.approve_claim(claims[2], self.team["manager"])
        services.approve_claim(Claim.objects.get(pk=claims[2].pk), self.team["finance"])
        claims.append(self._submitted_claim(self.team["finance"]))
        claims.append(services.create_claim(self.team["rep2"], "草稿"))
        one_by_one = [Claim.objects.get(pk=claim.pk).next_approvers for claim in claims]
        self.assertEqual(one_by_one[:4], [["manager"], ["finance", "finance2"], ["admin"], ["manager"]])
        fresh = list(Claim.objects.filter(pk__in=[claim.pk for claim in claims]).select_related("employee")
                     .order_by("pk"))  # as a list selects them: a route may look at the employee's role
        with self.assertNumQueries(1):
            CLAIM_ROUTING.prime(fresh)
        with self.assertNumQueries(0):
            self.assertEqual([claim.next_approvers for claim in fresh], one_by_one)

    def test_a_claim_names_each_step_approver_then_nobody(self):
        claim = self._submitted_claim(self.team["rep1"], "1500.00")
        self.assert_next(claim, ["manager"])
        services.approve_claim(claim, self.team["manager"])
        self.assert_next(claim, ["finance", "finance2"])
        services.approve_claim(claim, self.team["finance2"])
        self.assert_next(claim, ["admin"])
        services.approve_claim(claim, self.team["admin"])
        self.assert_next(claim, [])

    def test_a_finance_employees_claim_goes_to_the_administrator_never_to_finance(self):
        claim = self._submitted_claim(self.team["finance"])
        self.assert_next(claim, ["admin"])  # the line manager approves first ...
        services.approve_claim(claim, self.team["admin"])
        self.assertEqual(Claim.objects.get(pk=claim.pk).pending_step, "finance")
        self.assert_next(claim, ["admin"])  # ... and the finance step of finance's own claim is the admin's

    def test_a_draft_or_rejected_claim_names_nobody(self):
        claim = services.create_claim(self.team["rep1"], "草稿")
        self.assert_next(claim, [])
        claim = self._submitted_claim(self.team["rep1"])
        services.reject_claim(claim, self.team["manager"], "no")
        self.assert_next(claim, [])

    def test_an_advance_names_its_approver_until_decided(self):
        advance = services.create_advance(self.team["rep1"], purpose="差旅", amount=Decimal("300.00"),
                                          expected_repayment=clock.today() + datetime.timedelta(days=30))
        self.assert_next(advance, [])
        services.submit_advance(advance, self.team["rep1"])
        self.assert_next(advance, ["manager"])
        services.approve_advance(Advance.objects.get(pk=advance.pk), self.team["manager"])
        self.assert_next(advance, [])

    def test_the_api_shows_next_approvers_on_claims_advances_and_the_inbox(self):
        claim = self._submitted_claim(self.team["rep1"])
        self.client.force_login(self.team["rep1"])
        self.assertEqual(self.client.get(f"/api/v1/claims/{claim.pk}/").json()["next_approvers"], ["manager"])
        self.client.force_login(self.team["manager"])
        inbox = self.client.get("/api/v1/approvals/").json()
        self.assertEqual([c["next_approvers"] for c in inbox["claims"]["results"]], [["manager"]])
        self.client.post(f"/api/v1/claims/{claim.pk}/approve/", {}, content_type="application/json")
        self.client.force_login(self.team["rep1"])
        self.assertEqual(self.client.get(f"/api/v1/claims/{claim.pk}/").json()["next_approvers"],
                         ["finance", "finance2"])
        advance = services.create_advance(self.team["rep1"], purpose="差旅", amount=Decimal("300.00"),
                                          expected_repayment=clock.today() + datetime.timedelta(days=30))
        self.assertEqual(self.client.get(f"/api/v1/advances/{advance.pk}/").json()["next_approvers"], [])


class InboxSearchTests(TeamCase):
    """COM-UI-4 in the inbox: ``matching`` looks in the number, the employee and the record's own words."""

    def test_a_search_finds_by_number_employee_title_and_purpose_case_insensitively(self):
        self.team["rep2"].display_name = "李四"
        self.team["rep2"].save()
        mine = self._submitted_claim(self.team["rep1"])
        theirs = self._submitted_claim(self.team["rep2"])
        Claim.objects.filter(pk=theirs.pk).update(title="Client Visit Shanghai")
        advance = services.create_advance(self.team["rep1"], purpose="Trade fair", amount=Decimal("300.00"),
                                          expected_repayment=clock.today() + datetime.timedelta(days=30))
        services.submit_advance(advance, self.team["rep1"])
        advance.refresh_from_db()
        manager = self.team["manager"]

        def found(model, text):
            return sorted(model.objects.awaiting(manager).matching(text).values_list("pk", flat=True))

        self.assertEqual(found(Claim, mine.number), [mine.pk])
        self.assertEqual(found(Claim, "李四"), [theirs.pk])
        self.assertEqual(found(Claim, "REP2"), [theirs.pk])
        self.assertEqual(found(Claim, "visit shang"), [theirs.pk])
        self.assertEqual(found(Claim, "  "), sorted([mine.pk, theirs.pk]))
        self.assertEqual(found(Advance, "TRADE"), [advance.pk])
        self.assertEqual(found(Advance, "Client"), [])

    def test_the_page_shows_twenty_claims_and_pages_the_rest(self):
        claims = [self._submitted_claim(self.team["rep1"]) for _ in range(21)]
        self.client.force_login(self.team["manager"])
        first = self.client.get("/expense/approvals/")
        self.assertEqual([c.pk for c in first.context["claims"]], [c.pk for c in claims[:20]])
        self.assertContains(first, "?claims_page=2")
        second = self.client.get("/expense/approvals/", {"claims_page": "2"})
        self.assertEqual([c.pk for c in second.context["claims"]], [claims[20].pk])
        self.assertEqual([c.pk for c in self.client.get("/expense/approvals/", {"claims_page": "x"})
                          .context["claims"]][:1], [claims[0].pk])
