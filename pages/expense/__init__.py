"""Page objects of e-Expense (报销): claims, advances, approvals, settlement, projects, reports, settings."""
