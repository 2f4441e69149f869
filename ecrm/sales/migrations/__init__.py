"""The e-Sales migrations.

``DEFAULT_STAGES`` is the table of default opportunity stages that ``0002_stages_activities`` writes into the new
``Stage`` table; the demo seed (``ecrm.sales.seed``) reads the same table rather than a copy.  It is plain data and
this package imports nothing, so a migration can read it without depending on the current models.
"""

DEFAULT_STAGES = [
    # code, Chinese, English, default probability
    ("lead", "线索", "Lead", 10),
    ("qualified", "需求确认", "Qualified", 30),
    ("proposal", "方案报价", "Proposal", 50),
    ("negotiation", "商务谈判", "Negotiation", 70),
    ("won", "赢单", "Won", 100),
    ("lost", "输单", "Lost", 0),
]
