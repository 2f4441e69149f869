"""COM-API-1, COM-UI-3: schemathesis fuzzes every operation of the published OpenAPI schema, logged in.

No input may give a server error, and every answer must match the schema: a documented status code, the documented
content type and a body that conforms to the documented schema. The fuzz runs as the administrator (every record)
and as a sales rep (row-level scoping), on an e-CRM of its own (fixtures/fuzz.py). Each failure names the
operation and the user and shows the request as a curl command that reproduces it.
"""

from __future__ import annotations

import allure
import pytest

pytestmark = pytest.mark.area("Common", "接口")


@pytest.mark.spec("COM-API-1", "COM-UI-3", severity="critical", priority="high")
def test_no_input_gives_a_server_error_and_every_answer_matches_the_schema(ecrm_api_schema, fuzz_client):
    operations, failures = 0, []
    for result in ecrm_api_schema.get_all_operations():
        operation = result.ok()  # raises for an operation the schema describes wrongly
        operations += 1
        failure = fuzz_client.fuzz(operation)
        if failure:
            failures.append(f"### {operation.label} as {fuzz_client.user}\n{failure}")
    summary = f"{operations} operations, {fuzz_client.examples} requests as {fuzz_client.user}"
    print(summary)
    allure.attach(summary + "\n\n" + "\n\n".join(failures), name="schemathesis", attachment_type="text/plain")
    assert operations > 0, "the schema's filter left no operation to fuzz"
    assert not failures, f"{len(failures)} of {summary} failed:\n\n" + "\n\n".join(failures)
