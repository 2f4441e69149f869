"""Which tests name each spec rule ID: from a ``pytest --collect-only`` run, and the latest results.

    python -m suite.reporting.coverage [--module SAL|EXP|SVC|COM] [--passing] [--results DIR] [PATH ...]

Collects the functional suite (``tests/functional`` unless paths are given) without running it, and prints every
rule ID of docs/ECRM-SPEC.md (read by suite/data/rules.py) with the tests whose ``@pytest.mark.spec`` names it, each
with its result in the latest Allure results (``reports/allure-results``), if any. ``--module`` keeps one subsystem's
rules; ``--passing`` counts only tests that passed in those results. A rule that no (passing) test names is flagged
with ✘.

Exit status: 0 when every rule in scope is named by a (passing) test, 1 when some is not, 2 when collection fails.
So "every SAL-* rule ID is named by at least one passing test" is ``python -m suite.reporting.coverage --module SAL
--passing``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from suite.data.rules import MODULE_OF_PREFIX, RULES
from suite.reporting.cases import Case, Result, build_cases
from suite.reporting.manifest import Manifest, load_manifest
from suite.reporting.report import meta_dir_of
from suite.reporting.results import ResultsError, ResultSet, load_results
from suite.reporting.traceability import RuleRow, matrix

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_RESULTS = ROOT / "reports" / "allure-results"
TEXT_WIDTH = 70


class CollectionError(RuntimeError):
    """pytest could not collect the suite."""


def collect(paths: Sequence[str]) -> Manifest:
    """Collect the tests (``pytest --collect-only``) and return the collection manifest the suite's plugin writes."""
    with tempfile.TemporaryDirectory(prefix="ecrm-coverage-") as scratch:
        results = Path(scratch) / "allure-results"  # the manifest goes next to it, never into reports/
        command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                   f"--alluredir={results}", *paths]
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        manifest = load_manifest(meta_dir_of(results))
    if completed.returncode == 5 or (completed.returncode == 0 and manifest is None):
        return Manifest()  # no functional test collected
    if completed.returncode != 0 or manifest is None:
        raise CollectionError(f"pytest --collect-only failed ({completed.returncode}):\n"
                              f"{completed.stdout[-4000:]}{completed.stderr[-4000:]}")
    return manifest


def latest_results(directory: Path) -> ResultSet | None:
    try:
        return load_results(directory)
    except ResultsError:
        return None


def rule_cases(manifest: Manifest, results: ResultSet | None) -> list[Case]:
    """The collected tests, each with its latest result when the results hold it (tests no longer collected drop)."""
    cases = build_cases(results or ResultSet(directory=Path()), manifest)
    collected = manifest.tests
    return [case for case in cases if case.nodeid in collected]


def covered(row: RuleRow, passing: bool) -> bool:
    return bool(row.passing if passing else row.cases)


def describe(rows: Sequence[RuleRow], passing: bool, with_results: bool) -> list[str]:
    lines = []
    for row in rows:
        mark = "✔" if covered(row, passing) else "✘"
        text = row.text if len(row.text) <= TEXT_WIDTH else row.text[: TEXT_WIDTH - 1] + "…"
        lines.append(f"{mark} {row.rule:<11} {text}")
        tests = [case for case in row.cases if not passing or case.result is Result.PASSED]
        for case in tests:
            result = f"  [{case.result}]" if with_results and case.result is not Result.NOT_RUN else ""
            lines.append(f"      {case.nodeid}{result}")
        if not tests:
            lines.append("      (no passing test)" if passing and row.cases else "      (no test)")
    return lines


def check(
    manifest: Manifest, results: ResultSet | None, module: str | None, passing: bool,
    rules: Mapping[str, str] = RULES,
) -> tuple[list[str], list[str]]:
    """The printout, and the rules in scope that no (passing) test names."""
    rows = matrix(rule_cases(manifest, results), rules)
    rows = [row for row in rows if not module or row.rule.startswith(f"{module}-")]
    missing = [row.rule for row in rows if not covered(row, passing)]
    scope = f"{module}-*" if module else "all"
    kind = "a passing test" if passing else "a test"
    total = f"{scope}: {len(rows)} rules, {len(rows) - len(missing)} named by {kind}"
    total += f"; not named: {', '.join(missing)}" if missing else "; every rule is named."
    return [*describe(rows, passing, results is not None), "", total], missing


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m suite.reporting.coverage",
                                     description="Print each spec rule ID and the tests naming it.")
    parser.add_argument("--module", choices=sorted(MODULE_OF_PREFIX), help="only this subsystem's rules")
    parser.add_argument("--passing", action="store_true", help="count only tests that passed in the latest results")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="the latest Allure results")
    parser.add_argument("paths", nargs="*", default=["tests/functional"], help="what to collect")
    args = parser.parse_args(argv)
    try:
        manifest = collect(args.paths)
    except CollectionError as error:
        print(error, file=sys.stderr)
        return 2
    results = latest_results(args.results)
    if args.passing and results is None:
        print(f"--passing needs results: {args.results} is not a directory of Allure results", file=sys.stderr)
    lines, missing = check(manifest, results, args.module, args.passing)
    print("\n".join(lines))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
