"""COM-API-1: the published OpenAPI schema is generated without a warning or an error, and is valid OpenAPI."""
import contextlib
import io
import tempfile
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from ecrm.common.views import CachedSchemaView

JSON = "application/vnd.oai.openapi+json"


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


class SchemaServingTests(TestCase):
    """/api/schema/ is generated once per process and language, then served from memory."""

    def setUp(self):
        CachedSchemaView._documents.clear()
        self.addCleanup(CachedSchemaView._documents.clear)

    def test_the_schema_is_generated_once_and_served_the_same_again(self):
        real = SchemaGenerator.get_schema
        with mock.patch.object(SchemaGenerator, "get_schema", autospec=True, side_effect=real) as generate:
            first = self.client.get("/api/schema/", HTTP_ACCEPT=JSON)
            second = self.client.get("/api/schema/", HTTP_ACCEPT=JSON)
        self.assertEqual((first.status_code, second.status_code), (200, 200))
        self.assertEqual(first.json(), second.json())
        self.assertEqual(generate.call_count, 1)
        self.assertEqual(first["Content-Disposition"], second["Content-Disposition"])

    def test_each_language_gets_its_own_document(self):
        real = SchemaGenerator.get_schema
        with mock.patch.object(SchemaGenerator, "get_schema", autospec=True, side_effect=real) as generate:
            for language in ("zh-hans", "en", "zh-hans"):
                self.client.cookies["django_language"] = language
                self.assertEqual(self.client.get("/api/schema/", HTTP_ACCEPT=JSON).status_code, 200)
        self.assertEqual(generate.call_count, 2)
