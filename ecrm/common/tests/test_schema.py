"""COM-API-1: the published OpenAPI schema is generated without a warning or an error, and is valid OpenAPI."""
import contextlib
import io
import tempfile

from django.core.management import call_command
from django.test import TestCase
from drf_spectacular.drainage import GENERATOR_STATS


class SchemaGenerationTests(TestCase):
    def test_the_schema_generates_without_warnings_and_validates(self):
        GENERATOR_STATS.reset()
        stderr = io.StringIO()
        with tempfile.NamedTemporaryFile(suffix=".yaml") as out, contextlib.redirect_stderr(stderr):
            try:
                call_command("spectacular", "--validate", "--fail-on-warn", "--file", out.name, stderr=stderr)
            except Exception as error:  # SchemaGenerationError, or the validator's error for an invalid schema
                self.fail(f"schema generation failed: {error}\n{stderr.getvalue()}")
        self.assertNotIn("Warning", stderr.getvalue())
        self.assertNotIn("Error", stderr.getvalue())
