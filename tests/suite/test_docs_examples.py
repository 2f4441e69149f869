"""The docs tell the truth: every command and example in README.md and docs/*.md is run by something.

``docs/examples.toml`` names, for each example, what runs it: this check itself, cheaply (``collect``: pytest
collects the functional suite with the example's arguments; ``exec``: the command as written; ``help``: the command
with ``--help``; ``parse``: a TOML example through the loader of its file; ``compile``: a Python example;
``serve``: a server command, started until it answers), or a CI step (``ci``: a ``step "…"`` of scripts/ci.sh
holding the ``via`` text), a file that runs it (``file``: a workflow, ./qa or the set-up, holding ``via``) or a test
(``test``: a node id that pytest collects). An example in the docs without an entry fails, and so does an entry whose
example has gone, so a new example cannot rot unnoticed (``./qa run -m "not slow"`` did: the mark never existed).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from suite.perf import slo
from suite.reporting import known
from suite.server import ecrm as server

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "docs" / "examples.toml"
DOCS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
SHELL_FENCES = {"bash", "sh", "shell", "console"}
EXAMPLE_FENCES = {"python", "toml"}
# An inline code span is a command when it starts like one (environment assignments first are allowed).
COMMAND = re.compile(
    r"^(?:[A-Z][A-Z0-9_]*=\S+\s+)*(?:\./qa(?:\s|$)|\.ci/run|\.venv/bin/\S+|python3?\s|bash\s|npx\s|locust(?:\s|$)|"
    r"pytest(?:\s|$)|pip\s|for\s)"
)
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
KINDS = ("collect", "exec", "serve", "help", "parse", "compile", "ci", "file", "test")


@dataclass(frozen=True)
class Example:
    text: str  # the command, or the first line of a Python/TOML block
    where: str  # file name
    body: str = ""  # a block's whole text


def _commands_of_block(body: str) -> list[str]:
    commands = []
    for raw in body.replace("\\\n", " ").splitlines():
        line = raw.strip()
        if line.startswith("# or:"):
            line = line.removeprefix("# or:").strip()
        elif not line or line.startswith("#"):
            continue
        commands.append(re.split(r"\s+#\s", line)[0].strip())
    return commands


def examples_in(path: Path) -> list[Example]:
    text = path.read_text(encoding="utf-8")
    found: list[Example] = []
    for fence in FENCE.finditer(text):
        language, body = fence.group(1), fence.group(2)
        if language in SHELL_FENCES:
            found += [Example(" ".join(command.split()), path.name) for command in _commands_of_block(body)]
        elif language in EXAMPLE_FENCES:
            first = next(line for line in body.splitlines() if line.strip()).strip()
            found.append(Example(first, path.name, body))
    for span in re.findall(r"`([^`\n]+)`", FENCE.sub("", text)):
        if COMMAND.match(span.strip()):
            found.append(Example(" ".join(span.split()), path.name))
    return found


def all_examples() -> dict[str, list[Example]]:
    by_text: dict[str, list[Example]] = {}
    for path in DOCS:
        for example in examples_in(path):
            by_text.setdefault(example.text, []).append(example)
    return by_text


def manifest() -> dict[str, dict]:
    entries = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["example"]
    by_text = {}
    for entry in entries:
        assert entry["text"] not in by_text, f"docs/examples.toml lists {entry['text']!r} twice"
        by_text[entry["text"]] = entry
    return by_text


EXAMPLES = all_examples()
ENTRIES = manifest()


def test_every_example_in_the_docs_has_an_entry_saying_what_runs_it():
    missing = [f"{examples[0].where}: {text}" for text, examples in EXAMPLES.items() if text not in ENTRIES]
    assert not missing, "examples that nothing runs (add them to docs/examples.toml):\n  " + "\n  ".join(missing)


def test_every_entry_names_an_example_still_in_the_docs_and_a_known_way_to_run_it():
    stale = [text for text in ENTRIES if text not in EXAMPLES]
    assert not stale, "docs/examples.toml lists examples the docs no longer have:\n  " + "\n  ".join(stale)
    for text, entry in ENTRIES.items():
        kinds = [kind for kind in KINDS if kind in entry]
        assert kinds, f"{text!r}: no runner (one of {', '.join(KINDS)})"
        unknown = set(entry) - {"text", "via", "args", *KINDS}
        assert not unknown, f"{text!r}: unknown keys {sorted(unknown)}"


def entries_of(kind: str) -> list[tuple[str, dict]]:
    return [(text, entry) for text, entry in ENTRIES.items() if kind in entry]


def _ids(pairs):
    return [text[:60] for text, _ in pairs]


def _environment_and_words(command: str) -> tuple[dict[str, str], list[str]]:
    words = shlex.split(command)
    env = {}
    while words and re.match(r"^[A-Z][A-Z0-9_]*=", words[0]):
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    return env, words


def _python(words: list[str]) -> list[str]:
    """``python``/``.venv/bin/python`` as the interpreter running this check."""
    if words and (words[0] in ("python", "python3") or words[0].endswith("/bin/python")):
        return [sys.executable, *words[1:]]
    return words


@pytest.mark.parametrize(("text", "entry"), entries_of("collect"), ids=_ids(entries_of("collect")))
def test_qa_run_examples_collect_the_functional_suite_with_their_arguments(text, entry):
    env, words = _environment_and_words(text)
    assert words[:2] == ["./qa", "run"], f"{text!r}: collect is for ./qa run examples"
    result = subprocess.run([sys.executable, "-m", "pytest", "tests/functional", "--co", "-q", "-p", "no:randomly",
                             *words[2:]], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, f"{text!r}: pytest exited {result.returncode}\n{result.stdout[-2000:]}" \
                                   f"{result.stderr[-2000:]}"
    assert re.search(r"^\d+(/\d+)? tests? collected", result.stdout, re.M), result.stdout[-1000:]


@pytest.mark.parametrize(("text", "entry"), entries_of("exec"), ids=_ids(entries_of("exec")))
def test_cheap_examples_run_as_written(text, entry):
    env, words = _environment_and_words(entry.get("args", text))
    result = subprocess.run(_python(words), cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, f"{text!r} exited {result.returncode}:\n{result.stdout[-1500:]}" \
                                   f"{result.stderr[-1500:]}"


@pytest.mark.parametrize(("text", "entry"), entries_of("help"), ids=_ids(entries_of("help")))
def test_commands_and_their_options_exist(text, entry):
    """``args`` is the command to ask for help (a placeholder like ``<id>`` cannot run as written)."""
    env, words = _environment_and_words(entry.get("args", text))
    result = subprocess.run([*_python(words), "--help"], cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, f"{text!r}: --help exited {result.returncode}\n{result.stderr[-1500:]}"
    for option in re.findall(r"(?<!\S)(--[a-z][a-z-]+)", text):
        assert option in result.stdout, f"{text!r}: {option} is not an option of {' '.join(words)}"


@pytest.mark.parametrize(("text", "entry"), entries_of("parse"), ids=_ids(entries_of("parse")))
def test_toml_examples_load_with_the_loader_of_their_file(text, entry, tmp_path):
    body = EXAMPLES[text][0].body
    path = tmp_path / "example.toml"
    path.write_text(body, encoding="utf-8")
    if entry["parse"] == "slo":
        parsed = slo.load(path)
        assert parsed.overall.p95_ms is not None
    elif entry["parse"] == "known-defects":
        assert known.load_known(path)
    else:
        pytest.fail(f"{text!r}: unknown parser {entry['parse']!r} (slo or known-defects)")


@pytest.mark.parametrize(("text", "entry"), entries_of("compile"), ids=_ids(entries_of("compile")))
def test_python_examples_compile(text, entry):
    compile(EXAMPLES[text][0].body, f"<{EXAMPLES[text][0].where} example>", "exec")


def _ci_steps() -> dict[str, str]:
    """scripts/ci.sh's steps: name → the lines up to the next step."""
    steps, name = {}, None
    for line in (ROOT / "scripts" / "ci.sh").read_text(encoding="utf-8").splitlines():
        match = re.match(r'^step "(.+)"$', line)
        if match:
            name = match.group(1)
            steps[name] = ""
        elif name:
            steps[name] += line + "\n"
    return steps


@pytest.mark.parametrize(("text", "entry"), entries_of("ci"), ids=_ids(entries_of("ci")))
def test_examples_run_by_a_ci_step_are_in_that_step(text, entry):
    steps = _ci_steps()
    assert entry["ci"] in steps, f"{text!r}: scripts/ci.sh has no step {entry['ci']!r} (steps: {list(steps)})"
    if "via" in entry:
        assert entry["via"] in steps[entry["ci"]], f"{text!r}: step {entry['ci']!r} does not run {entry['via']!r}"


@pytest.mark.parametrize(("text", "entry"), entries_of("file"), ids=_ids(entries_of("file")))
def test_examples_run_by_a_file_are_in_it(text, entry):
    runner = ROOT / entry["file"]
    assert runner.is_file(), f"{text!r}: no file {entry['file']}"
    assert "via" in entry, f"{text!r}: say with via what in {entry['file']} runs it"
    assert entry["via"] in runner.read_text(encoding="utf-8"), f"{text!r}: {entry['file']} lacks {entry['via']!r}"


@pytest.mark.parametrize(("text", "entry"), entries_of("serve"), ids=_ids(entries_of("serve")))
def test_server_examples_start_and_answer(text, entry, tmp_path):
    """Started as written, but on a free port (``ECRM_ADDR``) and a scratch database; stopped once it answers."""
    env, words = _environment_and_words(entry.get("args", text))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, **env, "ECRM_ADDR": f"127.0.0.1:{port}", "ECRM_DB_PATH": str(tmp_path / "ecrm.sqlite3")}
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(_python(words), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        server.wait_healthy(f"http://127.0.0.1:{port}", 240, process)
    except server.ServerError as error:
        pytest.fail(f"{text!r} did not serve: {error}\n{(tmp_path / 'server.log').read_text()[-2000:]}")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # runserver's autoreloader has a child: the whole group
        process.wait(timeout=60)
        log.close()


def test_examples_run_by_a_test_name_tests_that_exist():
    node_ids = sorted({entry["test"] for _, entry in entries_of("test")})
    result = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:randomly", *node_ids], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    collected = result.stdout
    for node_id in node_ids:
        assert node_id in collected, f"no test {node_id}"
