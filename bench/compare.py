"""How long the suite takes for a set of its browser tests, against the same tests written for Playwright Test (Node).

A benchmark, not a test: it never runs in CI and asserts no timing. It starts one embedded e-CRM (or uses
``--base-url``), then for each pair and each worker count runs the two sides as whole commands, one after the other,
in alternating order (pair 1: pytest then node; pair 2: node then pytest; ...), all against that one server:

- pytest: ``python -m pytest <the ids of bench/tests.txt> -n W -q -p no:randomly --base-url URL --reruns 0``
- node:   ``npx --no-install playwright test --config bench/playwright.config.ts --workers W``

Each command's wall time is measured around the whole process. It prints every pair's times, then per worker count
the median of each side and the ratio pytest/node, and writes the figures to reports/bench/compare.json. A side that
fails stops the benchmark with its output. ``--only pytest|node`` runs one side once (per worker count), to debug.

    .venv/bin/python bench/compare.py                      # 5 pairs at 1 and at 2 workers
    .venv/bin/python bench/compare.py --pairs 1 --workers 1
    .venv/bin/python bench/compare.py --only node --workers 1
    .venv/bin/python bench/compare.py --base-url http://127.0.0.1:8000   # a running e-CRM instead of the embedded one
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from suite.server import browser as browser_choice
from suite.server.ecrm import EmbeddedServer

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
TESTS_FILE = BENCH / "tests.txt"
CONFIG = BENCH / "playwright.config.ts"
SPECS = BENCH / "playwright"
OUT = ROOT / "reports" / "bench"
PYTEST_OUT = OUT / "pytest"  # the pytest side's Allure results, run metadata and Playwright artifacts
RESULT_FILE = OUT / "compare.json"
SIDES = ("pytest", "node")


def read_ids(path: Path = TESTS_FILE) -> list[str]:
    """The pytest node ids to run: one per line; blank lines and ``#`` comments are skipped."""
    ids = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in ids if line and not line.startswith("#")]


def untwinned(ids: list[str], specs: Path = SPECS) -> list[str]:
    """The ids no Playwright Test twin is titled with (each twin's title is the node id it mirrors)."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(specs.glob("*.spec.ts")))
    return [node_id for node_id in ids if f"'{node_id}'" not in text]


def worker_counts(value: str) -> list[int]:
    try:
        counts = [int(part) for part in value.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"--workers takes numbers separated by commas, not {value!r}") from error
    if not counts or any(count < 1 for count in counts):
        raise argparse.ArgumentTypeError(f"--workers takes positive numbers, not {value!r}")
    return counts


def pytest_command(ids: list[str], workers: int | str, url: str) -> list[str]:
    # The pytest side's results go under reports/bench/ (the later options win over pyproject's addopts), so a
    # benchmark never mixes its results into those of a run of the suite in reports/.
    return [sys.executable, "-m", "pytest", *ids, "-n", str(workers), "-q", "-p", "no:randomly", "--base-url", url,
            "--reruns", "0", "--alluredir", str(PYTEST_OUT / "allure-results"),
            "--output", str(PYTEST_OUT / "test-results")]


def node_command(workers: int | str) -> list[str]:
    return ["npx", "--no-install", "playwright", "test", "--config", str(CONFIG.relative_to(ROOT)),
            "--workers", str(workers)]


def environment(url: str, choice: browser_choice.BrowserChoice) -> dict[str, str]:
    """Both sides' environment: the e-CRM's address and the one browser build the suite resolves."""
    env = dict(os.environ)
    env.pop("ECRM_RUN_ID", None)  # each run draws a run id of its own, so no two runs' data meet on the server
    env["ECRM_BASE_URL"] = url
    if choice.executable:
        env[browser_choice.ENV_VAR] = choice.executable  # the pytest side resolves the same executable
    env["ECRM_BENCH_CHROMIUM"] = choice.executable or ""
    env["ECRM_BENCH_CHROMIUM_ARGS"] = json.dumps(list(choice.args))
    return env


def run_side(side: str, command: list[str], env: dict[str, str], show: bool = False) -> float:
    """Run one side's whole command; its wall time in seconds. A failure stops the benchmark with its output."""
    if side == "pytest":
        shutil.rmtree(PYTEST_OUT, ignore_errors=True)  # as ./qa run starts from fresh results
        (PYTEST_OUT / "allure-results").mkdir(parents=True)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, text=True, check=False,
                          stdout=None if show else subprocess.PIPE, stderr=None if show else subprocess.STDOUT)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        if not show:
            print(done.stdout)
        raise SystemExit(f"bench: the {side} side failed (exit {done.returncode}): {' '.join(command)}")
    return elapsed


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def summarise(pairs: list[dict], counts: list[int]) -> dict[str, dict]:
    """Per worker count: each side's median time and the ratio pytest/node."""
    summary = {}
    for workers in counts:
        mine = [pair for pair in pairs if pair["workers"] == workers]
        medians = {side: statistics.median(pair[f"{side}_s"] for pair in mine) for side in SIDES}
        summary[str(workers)] = {"pairs": len(mine), "pytest_median_s": round(medians["pytest"], 2),
                                 "node_median_s": round(medians["node"], 2),
                                 "ratio_pytest_to_node": round(medians["pytest"] / medians["node"], 3)}
    return summary


def benchmark(ids: list[str], url: str, env: dict[str, str], pair_count: int, counts: list[int]) -> list[dict]:
    pairs = []
    for workers in counts:
        for number in range(1, pair_count + 1):
            order = SIDES if number % 2 else tuple(reversed(SIDES))
            load = load_average()
            print(f"workers {workers}, pair {number}/{pair_count} ({' then '.join(order)}); "
                  f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
            times = {}
            for side in order:
                command = pytest_command(ids, workers, url) if side == "pytest" else node_command(workers)
                times[side] = run_side(side, command, env)
                print(f"  {side:<6} {times[side]:7.2f} s", flush=True)
            pairs.append({"workers": workers, "pair": number, "order": list(order), "load_average": load,
                          "pytest_s": round(times["pytest"], 3), "node_s": round(times["node"], 3)})
    return pairs


def report(summary: dict[str, dict]) -> None:
    print("\nmedians (wall time of the whole command; a benchmark, not a test):")
    for workers, row in summary.items():
        print(f"  workers {workers}: pytest {row['pytest_median_s']:.2f} s, node {row['node_median_s']:.2f} s, "
              f"pytest/node {row['ratio_pytest_to_node']:.2f} ({row['pairs']} pair(s))")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="alternating pairs per worker count (default 5)")
    parser.add_argument("--workers", type=worker_counts, default=[1, 2], help="worker counts, e.g. 1,2 (default)")
    parser.add_argument("--only", choices=SIDES, help="run this side once per worker count, with its output")
    parser.add_argument("--base-url", help="a running e-CRM to use instead of starting the embedded one")
    options = parser.parse_args(argv)
    if options.pairs < 1:
        parser.error("--pairs must be at least 1")

    ids = read_ids()
    missing = untwinned(ids)
    if missing:
        raise SystemExit("bench: no Playwright Test twin is titled with " + ", ".join(missing))
    choice = browser_choice.resolve(browser_choice.bundled_chromium_path())
    print(f"bench: {len(ids)} tests; browser {choice.executable or 'Playwright Chromium'} ({choice.source})")

    with tempfile.TemporaryDirectory(prefix="ecrm-bench-") as work:
        server = None
        if options.base_url:
            url = options.base_url.rstrip("/")
        else:
            server = EmbeddedServer(work_dir=Path(work) / "ecrm", shared_dir=Path(work),
                                    log_path=OUT / "server-logs" / "bench.log").start()
            url = server.url
        print(f"bench: e-CRM at {url}", flush=True)
        env = environment(url, choice)
        try:
            if options.only:
                for workers in options.workers:
                    command = pytest_command(ids, workers, url) if options.only == "pytest" else node_command(workers)
                    print(f"bench: {' '.join(command)}", flush=True)
                    elapsed = run_side(options.only, command, env, show=True)
                    print(f"bench: {options.only} with {workers} worker(s): {elapsed:.2f} s")
                return 0
            started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
            pairs = benchmark(ids, url, env, options.pairs, options.workers)
        finally:
            if server is not None:
                server.stop()

    summary = summarise(pairs, options.workers)
    report(summary)
    OUT.mkdir(parents=True, exist_ok=True)
    RESULT_FILE.write_text(json.dumps({
        "started": started,
        "e_crm": options.base_url or "embedded",
        "host": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "browser": {"source": choice.source, "executable": choice.executable, "args": list(choice.args)},
        "tests": ids,
        "commands": {"pytest": " ".join(pytest_command(["<the ids of bench/tests.txt>"], "W", url)),
                     "node": " ".join(node_command("W"))},
        "pairs": pairs,
        "summary": summary,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"bench: figures in {RESULT_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
