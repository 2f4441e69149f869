def customer_panels(customer, user):
    """e-Expense adds nothing to the customer 360° page."""
    return []
