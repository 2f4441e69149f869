"""The e-CRM QA suite's own library: what the fixtures, page objects and reports share."""
