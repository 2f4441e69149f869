"""API fuzzing's machinery: one user's fuzz client and schemathesis' settings (the fixtures are in fixtures/fuzz.py).

schemathesis and Hypothesis take about 1.3 s to import (several seconds on a loaded 2-core machine), so they are
imported where a fuzz case is built or checked, not when pytest starts: every run, and every xdist worker, starts
that much sooner, and the health gate answers that much sooner when the e-CRM is down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemathesis.config import SchemathesisConfig

    from suite.api.client import EcrmApi

# Cases per operation and user. The PR gate's default covers every operation in both modes (valid and invalid
# input) in about 150 s of worker time on 2 cores; the nightly run asks for more with --ecrm-fuzz-examples.
DEFAULT_EXAMPLES = 10
SAFE_METHODS = ("GET", "HEAD")
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance")


class FuzzClient:
    """Fuzzes operations in one user's session: the session cookie always, the CSRF header on writes."""

    def __init__(self, api: EcrmApi, shard: int, max_examples: int = DEFAULT_EXAMPLES):
        self.api = api
        self.shard = shard
        self.max_examples = max_examples
        self.examples = 0  # cases sent, for the report
        import schemathesis

        self.checks = [getattr(schemathesis.checks, name) for name in CHECKS]

    @property
    def user(self) -> str:
        return str(self.api.username)

    def call_and_validate(self, case) -> None:
        __tracebackhide__ = True
        self.examples += 1
        headers = self.api.csrf_headers() if case.method.upper() not in SAFE_METHODS else {}
        try:
            case.call_and_validate(session=self.api.session, headers=headers, checks=self.checks, timeout=30)
        finally:
            # One connection per case: a malformed request can leave bytes on a kept-alive connection to the
            # development server, which then answers them with its own HTML error page, read as the next case's
            # answer (seen once: "BadStatusLine('<!DOCTYPE HTML>')"). A fresh connection keeps each case on its own.
            self.api.session.close()

    def fuzz(self, operation) -> str | None:
        """Run ``max_examples`` positive and negative cases against one operation; the failure report, or None."""
        import hypothesis
        from hypothesis import strategies as st
        from schemathesis.generation import GenerationMode

        strategies = [operation.as_strategy(GenerationMode.POSITIVE)]
        if operation.method.upper() not in SAFE_METHODS or operation.query or operation.path_parameters:
            strategies.append(operation.as_strategy(GenerationMode.NEGATIVE))

        @hypothesis.settings(
            max_examples=self.max_examples,
            derandomize=True,  # the same cases on every run
            database=None,  # no replay of earlier runs' failures: the run is what the seed says
            deadline=None,  # response times vary with the machine's load; that is not what is tested here
            print_blob=False,
            verbosity=hypothesis.Verbosity.quiet,
        )
        @hypothesis.given(case=st.one_of(strategies))
        def run(case) -> None:
            self.call_and_validate(case)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # check failures, and Hypothesis' own (health checks)
            return describe(error)
        return None


def describe(error: BaseException) -> str:
    """Schemathesis' report of a failure (what differed, and the curl command that reproduces it)."""
    from schemathesis.core.failures import FailureGroup

    if isinstance(error, FailureGroup):
        text = error.message
    elif isinstance(error, BaseExceptionGroup):  # Hypothesis found several distinct failures
        return "\n\n".join(describe(inner) for inner in error.exceptions)
    else:
        text = f"{type(error).__name__}: {error}"
    notes = "\n".join(note for note in getattr(error, "__notes__", []) if "Falsifying example" not in note)
    return f"{text}\n{notes}".strip()


def fuzz_config(base_url: str) -> SchemathesisConfig:
    """How schemathesis builds requests (how many, and with which seed, is set per operation in ``fuzz``)."""
    from schemathesis.config import SchemathesisConfig

    return SchemathesisConfig.from_dict(
        {
            "base-url": base_url,
            # The session cookie is the fuzz client's own; generating one would only log the request out.
            "generation": {"with-security-parameters": False},
        }
    )
