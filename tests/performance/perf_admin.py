"""The administrator persona: the settings of the three subsystems and the user directory (one administrator, whatever
the load)."""

from __future__ import annotations

from locust import task
from perf_base import EcrmUser, covers, needs

SALES_SETTINGS = ("stages", "industries", "sources")
EXPENSE_SETTINGS = ("employee-types", "categories")


class Administrator(EcrmUser):
    """Looks after the settings tables (sales stages, industries and sources; employee types and expense categories;
    service products, fault categories and SLA policies) and the user directory. Settings change rarely: one
    administrator (``fixed_count``), not a share of the users."""

    fixed_count = 1
    usernames = ("admin",)

    def prepare(self) -> None:
        sales, expense, service = self.api.sales, self.api.expense, self.api.service
        # (resource, list name, detail name, key of a row); each task below takes the next table of its subsystem.
        self.tables = {
            "sales": [(sales.stages, "stages: list", "stage: read", "id"),
                      (sales.industries, "industries: list", "industry: read", "id"),
                      (sales.sources, "sources: list", "source: read", "id")],
            "expense": [(expense.employee_types, "employee types: list", "employee type: read", "id"),
                        (expense.categories, "expense categories: list", "expense category: read", "id")],
            "service": [(service.products, "products: list", "product: read", "id"),
                        (service.categories, "fault categories: list", "fault category: read", "id"),
                        (service.sla, "SLA policies: list", "SLA policy: read", "priority")],
        }

    def next_table(self, subsystem: str) -> None:
        """The next settings table of ``subsystem`` through the API, and one of its rows."""
        resource, list_name, detail_name, key = self.rotate(subsystem, self.tables[subsystem])
        self.open_one(resource, {}, list_name, detail_name, key=key)

    @task(1)
    @covers("sales:settings", "sales:stages", "sales:industries", "sales:sources")
    def sales_settings_pages(self) -> None:
        self.page("/sales/settings/", "sales settings: page")
        kind = self.rotate("sales pages", SALES_SETTINGS)
        self.page(f"/sales/settings/{kind}/", f"sales settings: {kind} page")

    @task(1)
    @covers("stage-list", "stage-detail", "industry-list", "industry-detail", "source-list", "source-detail")
    @needs("stages", "industries", "sources")
    def sales_tables(self) -> None:
        self.next_table("sales")

    @task(1)
    @covers("expense:settings", "expense:employee-types", "expense:categories")
    def expense_settings_pages(self) -> None:
        self.page("/expense/settings/", "expense settings: page")
        kind = self.rotate("expense pages", EXPENSE_SETTINGS)
        self.page(f"/expense/settings/{kind}/", f"expense settings: {kind} page")

    @task(1)
    @covers("employee-type-list", "employee-type-detail", "expense-category-list", "expense-category-detail")
    @needs("employee-types", "expense-categories")
    def expense_tables(self) -> None:
        self.next_table("expense")

    @task(1)
    @covers("service:settings", "service-settings")
    def service_settings(self) -> None:
        """The service settings page (products and fault categories) and the survey switch behind it."""
        self.page("/service/settings/", "service settings: page")
        self.call(self.api.service.settings.get_response, name="service settings: read")

    @task(1)
    @covers("service-product-list", "service-product-detail", "fault-category-list", "fault-category-detail",
            "sla-policy-list", "sla-policy-detail")
    @needs("products", "fault-categories", "sla-policies")
    def service_tables(self) -> None:
        self.next_table("service")

    @task(1)
    @covers("user-list", "user-detail")
    @needs("users")
    def users(self) -> None:
        self.open_one(self.api.users, {}, "users: list", "user: read")
