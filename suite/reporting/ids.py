"""Stable defect IDs: the same failing check gets the same ID on every run and on every machine.

An ID reads ``<rule prefix>-<8 hex>``, e.g. ``SAL-CUS-1f0c9a2e``: the prefix is the subsystem and function of the
test's first rule ID (``SAL-CUS-1`` → ``SAL-CUS``), and the hex is the start of the SHA-1 of the check's basis:

- the test's full name (``tests.functional.sales.test_customers#test_duplicate_name_is_refused``),
- its parameters sorted by name (so their order does not matter),
- the failing check's locus: the path of recorded steps down to the failed one, the source line pytest marks with
  ``>`` in the test, and the exception type.

Run-specific text is normalised out of all three first: URL origins (host and port), temporary paths, UUIDs, dates
and times, memory addresses, long hex and decimal numbers, database IDs in URL paths and xdist worker names. The
failure message is left out on purpose: it holds the data of the run (names, amounts, counts).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from suite.data.rules import MODULE_OF_PREFIX
from suite.reporting.results import NOT_PASSED, Step

HASH_LENGTH = 8
FALLBACK_PREFIX = "TEST"

_VOLATILE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[a-z][a-z0-9+.-]*://[^/\s'\"<>(){}\[\]]+", re.I), "<origin>"),
    (re.compile(r"\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):\d+"), "<host>"),
    (re.compile(r"(?:/private)?/(?:tmp|var/tmp|var/folders)/[^\s'\"<>)\]]*"), "<tmp>"),
    (re.compile(r"[A-Za-z]:\\[^\s'\"<>)\]]*?\\Temp\\[^\s'\"<>)\]]*"), "<tmp>"),
    (re.compile(r"pytest-of-[^/\\\s'\"]+|pytest-\d+"), "<pytest-tmp>"),
    (re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"), "<uuid>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"), "<date>"),
    (re.compile(r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b"), "<time>"),
    (re.compile(r"\b0x[0-9a-fA-F]+\b"), "<addr>"),
    (re.compile(r"\b[0-9a-fA-F]{12,}\b"), "<hex>"),
    (re.compile(r"(?<=[\w>]/)\d+(?=[/?#]|$|[\s'\")])"), "<id>"),
    (re.compile(r"\bgw\d+\b"), "gw<n>"),
    (re.compile(r"\b\d{7,}\b"), "<n>"),
    (re.compile(r"\s+"), " "),
)

_MARKED_LINE = re.compile(r"^>\s*(\S.*?)\s*$", re.M)  # pytest's long/auto traceback: the failing line of a frame
_NATIVE_FRAME = re.compile(r'^\s*File "[^"]*", line \d+, in \S+\n\s*(\S.*?)\s*$', re.M)
_SHORT_FRAME = re.compile(r"^\S+:\d+: in \S+\n\s*(\S.*?)\s*$", re.M)
_EXCEPTION_TYPE = re.compile(r"^\s*([A-Za-z_][\w.]*)(?::|$)")


def normalise(text: str) -> str:
    """Replace run-specific parts of a text (ports, temporary paths, UUIDs, times ...) with placeholders."""
    for pattern, placeholder in _VOLATILE:
        text = pattern.sub(placeholder, text)
    return text.strip()


def failing_step_path(steps: Iterable[Step]) -> tuple[str, ...]:
    """The names of the recorded steps from the top down to the one that failed."""
    for step in steps:
        if step.status in NOT_PASSED:
            return (step.name, *failing_step_path(step.steps))
    return ()


def failing_line(trace: str) -> str:
    """The source line of the test where the check failed (the outermost frame of the traceback)."""
    for pattern in (_MARKED_LINE, _NATIVE_FRAME, _SHORT_FRAME):
        match = pattern.search(trace)
        if match:
            return match.group(1)
    return ""


def exception_type(message: str) -> str:
    """``AssertionError`` from ``AssertionError: ...``, ``TimeoutError`` from ``playwright...TimeoutError: ...``."""
    match = _EXCEPTION_TYPE.match(message)
    return match.group(1).rsplit(".", 1)[-1] if match else ""


def check_locus(steps: Sequence[Step], trace: str, message: str) -> str:
    """Where a check failed: failing step path, failing source line, exception type (normalised)."""
    parts = (" > ".join(failing_step_path(steps)), failing_line(trace), exception_type(message))
    return " | ".join(normalise(part) for part in parts)


def failure_signature(status: str, trace: str, message: str) -> str:
    """How an attempt failed, to tell whether a re-run failed the same way: the exception type at the failing line.

    The failing step path is left out (step titles carry the attempt's own data), and so is the message."""
    return " | ".join((status, normalise(failing_line(trace)), exception_type(message)))


def id_prefix(rules: Sequence[str], module: str) -> str:
    """``SAL-CUS`` for a test whose first rule is ``SAL-CUS-1``; the subsystem prefix, or TEST, without a rule."""
    if rules:
        return "-".join(rules[0].split("-")[:2])
    return {name: prefix for prefix, name in MODULE_OF_PREFIX.items()}.get(module, FALLBACK_PREFIX)


def check_basis(full_name: str, parameters: Iterable[tuple[str, str]], locus: str) -> str:
    """The text a defect ID hashes: full name, sorted normalised parameters and the locus."""
    params = ", ".join(f"{name}={normalise(value)}" for name, value in sorted(parameters))
    return f"{normalise(full_name)} [{params}] @ {locus}"


def defect_id(prefix: str, basis: str) -> str:
    return f"{prefix}-{hashlib.sha1(basis.encode('utf-8')).hexdigest()[:HASH_LENGTH]}"
