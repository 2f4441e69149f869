"""e-CRM: the reference web CRM that the QA suite tests."""

VERSION = "1.0.0"
