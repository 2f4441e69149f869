"""Orchestrate one performance run: ``python -m suite.perf SHAPE`` (what ``./qa perf SHAPE`` calls).

1. start the system under test (``suite.perf.sut``: gunicorn on a fresh copy of the cached PostgreSQL volume
   template; SQLite for smoke when PostgreSQL is absent), unless ``--base-url`` names a running e-CRM;
2. run Locust headless (``tests/performance/locustfile.py``), locally or as a master with N workers on loopback;
   its hooks evaluate the SLO file at the end and write ``slo-verdict.json`` (and ``knee.json`` for stress);
3. check data integrity (every acknowledged create exists in the database);
4. nightly: compare with the stored baseline, store this run in the history, redraw the trend chart;
5. write ``verdict.json`` and print the tables; exit non-zero when any gate failed.

Everything lands in ``reports/performance/<label>/``; the history and the trend chart in ``reports/performance/``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from suite.perf import baseline, shapes, signals, slo, trend
from suite.perf.stats import RunStats, from_csv
from suite.perf.sut import Gunicorn, log, postgres_available, prepare_postgres, prepare_sqlite
from suite.server.ecrm import ROOT, free_port

REPORTS = ROOT / "reports" / "performance"
HISTORY = REPORTS / "history"
LOCUSTFILE = ROOT / "tests" / "performance" / "locustfile.py"
SLO_DIR = ROOT / "tests" / "performance"


def slo_file_for(shape: str) -> Path:
    """``slo-<shape>.toml`` when the shape has its own, else the nominal ``slo.toml``."""
    specific = SLO_DIR / f"slo-{shape}.toml"
    return specific if specific.exists() else SLO_DIR / "slo.toml"


def _revision() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _locust_cmd(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), *args]


def run_locust(url: str, shape: str, out: Path, env: dict[str, str], workers: int, timeout_s: float) -> int:
    common = ["--headless", "--host", url, "--loglevel", "INFO", "--exit-code-on-error", "0", "--stop-timeout", "5"]
    outputs = ["--csv", str(out / "locust"), "--csv-full-history", "--html", str(out / "report.html"),
               "--only-summary"]
    processes: list[subprocess.Popen] = []
    logs = []
    try:
        if workers:
            port = free_port()
            master_log = open(out / "locust-master.log", "w")  # noqa: SIM115 - closed below
            logs.append(master_log)
            master = subprocess.Popen(
                _locust_cmd([*common, *outputs, "--master", "--expect-workers", str(workers),
                             "--master-bind-host", "127.0.0.1", "--master-bind-port", str(port)]),
                cwd=ROOT, env=env, stdout=master_log, stderr=subprocess.STDOUT)
            processes.append(master)
            for index in range(workers):
                worker_log = open(out / f"locust-worker-{index + 1}.log", "w")  # noqa: SIM115 - closed below
                logs.append(worker_log)
                processes.append(subprocess.Popen(
                    _locust_cmd([*common, "--worker", "--master-host", "127.0.0.1", "--master-port", str(port)]),
                    cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT))
            log(f"Locust master + {workers} workers on 127.0.0.1:{port} (logs in {out.relative_to(ROOT)})")
            lead = master
        else:
            local_log = open(out / "locust.log", "w")  # noqa: SIM115 - closed below
            logs.append(local_log)
            lead = subprocess.Popen(_locust_cmd([*common, *outputs]), cwd=ROOT, env=env, stdout=local_log,
                                    stderr=subprocess.STDOUT)
            processes.append(lead)
        try:
            code = lead.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            log(f"Locust overran its bound of {timeout_s:.0f} s: stopping it")
            lead.send_signal(signal.SIGTERM)
            code = lead.wait(timeout=30)
            code = code or 3
        for process in processes[1:]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        return code
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        for handle in logs:
            handle.close()


def _print_log_tail(out: Path) -> None:
    for name in ("locust.log", "locust-master.log"):
        path = out / name
        if path.exists():
            interesting = [line for line in path.read_text(errors="replace").splitlines()
                           if "[perf]" in line or "Error" in line or "Traceback" in line]
            for line in interesting[-25:]:
                print("  " + line)


def finish(heading: str, failures: list[str], passed: str) -> int:
    """The end of a run's console output and its exit code: each failure under the heading (1), else ``passed`` (0)."""
    if failures:
        print(f"\n{heading}:")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    print(f"\n{passed}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m suite.perf", description=__doc__.split("\n")[0],
                                     epilog="python -m suite.perf compare --base REV: a revision and this tree side "
                                            "by side on this host (suite/perf/compare.py; --help there)")
    parser.add_argument("command", choices=[*shapes.NAMES, "nightly", "distributed"])
    parser.add_argument("shape", nargs="?", help="distributed only: the shape to run distributed (default smoke)")
    parser.add_argument("--workers", type=int, default=None, help="Locust workers (distributed: default 2)")
    parser.add_argument("--base-url", default=os.environ.get("ECRM_PERF_BASE_URL", ""),
                        help="a running e-CRM instead of the embedded one (loopback only; integrity not checked)")
    parser.add_argument("--defects", default=os.environ.get("ECRM_DEFECTS", ""), help="ECRM_DEFECTS for the SUT")
    parser.add_argument("--scale", type=float, default=None, help="volume scale (1.0 = 5,000 customers ...)")
    parser.add_argument("--record", choices=["auto", "yes", "no"], default="auto",
                        help="store a nightly run in the history (auto: only when no defect is switched on)")
    parser.add_argument("--margin", type=float, default=float(os.environ.get("ECRM_PERF_MARGIN", 0.30)))
    parser.add_argument("--min-delta-ms", type=float, default=float(os.environ.get("ECRM_PERF_MIN_DELTA_MS", 30)))
    parser.add_argument("--k", type=int, default=int(os.environ.get("ECRM_PERF_BASELINE_K", 5)))
    parser.add_argument("--keep", type=int, default=int(os.environ.get("ECRM_PERF_KEEP", 30)))
    parser.add_argument("--min-requests", type=int, default=int(os.environ.get("ECRM_PERF_MIN_REQUESTS", 200)),
                        help="a request name's p95 is judged against the baseline from this many samples on")
    parser.add_argument("--min-runs", type=int, default=int(os.environ.get("ECRM_PERF_BASELINE_MIN_RUNS", 3)),
                        help="stored passed runs the baseline needs before it judges")
    args = parser.parse_args(argv)
    # A SIGTERM (CI timeout, Ctrl-C in a wrapper) must still stop gunicorn and Locust: run the finally blocks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    label = args.command
    shape = {"nightly": "load", "distributed": args.shape or "smoke"}.get(args.command, args.command)
    if shape not in shapes.NAMES:
        parser.error(f"unknown shape {shape!r}")
    workers = args.workers if args.workers is not None else (2 if args.command == "distributed" else 0)
    plan = shapes.plan(shape)
    scale = args.scale if args.scale is not None else float(os.environ.get("ECRM_PERF_SCALE", 1.0))
    out = REPORTS / label
    shutil.rmtree(out, ignore_errors=True)
    (out / "created").mkdir(parents=True)
    slo_path = Path(os.environ.get("ECRM_PERF_SLO", slo_file_for(shape)))
    slo.load(slo_path)  # fail early on a malformed SLO file
    run_id = uuid.uuid4().hex[:8]
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
    log(f"run {run_id}: {label} (shape {shape}: {plan.description}); SLO file {slo_path.relative_to(ROOT)}")

    server = None
    database = None
    t0 = time.monotonic()
    try:
        if args.base_url:
            url = args.base_url.rstrip("/")
            if not url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
                parser.error("--base-url must be on loopback (performance traffic goes only to 127.0.0.1)")
            sut = f"external {url}"
        else:
            if postgres_available():
                database = prepare_postgres(scale, out)
            elif shape == "smoke":
                log("PostgreSQL is not reachable: the smoke shape falls back to SQLite + gunicorn "
                    "(figures are not comparable with PostgreSQL runs)")
                database = prepare_sqlite(scale, out)
            else:
                log(f"PostgreSQL is needed for the {shape} shape (only smoke falls back to SQLite); "
                    f"set ECRM_PERF_PG to reach it")
                return 2
            server = Gunicorn(database, out, defects=args.defects).start()
            url = server.url
            sut = f"gunicorn {server.workers}x{server.threads} gthread on {database.kind} ({database.template})"
        log(f"system under test ready in {time.monotonic() - t0:.1f} s")

        env = {**os.environ, "ECRM_PERF_SHAPE": shape, "ECRM_PERF_OUT": str(out), "ECRM_PERF_SLO": str(slo_path),
               "ECRM_PERF_RUN_ID": run_id, "PYTHONUNBUFFERED": "1"}
        env.pop("ECRM_DEFECTS", None)
        t1 = time.monotonic()
        code = run_locust(url, shape, out, env, workers, timeout_s=plan.duration_s + 120)
        log(f"Locust finished in {time.monotonic() - t1:.1f} s with exit code {code}")
        _print_log_tail(out)

        verdict: dict = {"run_id": run_id, "label": label, "shape": shape, "started": started, "sut": sut,
                         "defects": [d for d in args.defects.split(",") if d], "workers": workers}
        failures: list[str] = []
        slo_failures: list[str] = []  # the absolute gate's part of ``failures``: it alone keeps a run out of the norm

        slo_json = out / "slo-verdict.json"
        stats_csv = out / "locust_stats.csv"
        if not slo_json.exists() or not stats_csv.exists():
            failures.append("Locust wrote no verdict or no statistics (see the Locust log)")
            slo_verdict = None
        else:
            slo_verdict = slo.Verdict.from_json(json.loads(slo_json.read_text(encoding="utf-8")))
            verdict["slo"] = slo_verdict.to_json()
            print("\nSLO gate (" + slo_path.name + "):\n" + slo.table(slo_verdict))
            for note in slo_verdict.notes:
                print(f"  note: {note}")
            if shape == "stress":
                print("  (stress: the SLO is expected to break; the knee below is the result, not a failure)")
            elif not slo_verdict.passed:
                slo_failures.append(f"{len(slo_verdict.broken)} SLO check(s) broken: "
                                    + "; ".join(check.describe() for check in slo_verdict.broken))
                failures.extend(slo_failures)
        if code not in (0, 1):
            failures.append(f"Locust exited with code {code}")

        signals_path = out / "server-signals.json"
        if signals_path.exists():
            # The server's own figures per request name (Server-Timing): query counts and server time.
            verdict["server_signals"] = json.loads(signals_path.read_text(encoding="utf-8"))
            print("\nServer signals (Server-Timing: queries median/max, server time p50/p95):\n"
                  + signals.table(verdict["server_signals"]))

        knee_path = out / "knee.json"
        if shape == "stress" and knee_path.exists():
            knee = json.loads(knee_path.read_text(encoding="utf-8"))
            verdict["knee"] = knee
            print("\nStress steps:\n" + knee.get("summary", ""))

        if database is not None:
            env_db = {**os.environ, **database.env, "DJANGO_SETTINGS_MODULE": "ecrm.settings_test"}
            env_db.pop("ECRM_DEFECTS", None)
            if database.kind == "postgresql":
                env_db.pop("ECRM_DB_PATH", None)
            result = subprocess.run([sys.executable, "-m", "suite.perf.integrity", str(out / "created"), "--json",
                                     str(out / "integrity.json")], cwd=ROOT, env=env_db, capture_output=True,
                                    text=True)
            print("\n" + result.stdout.strip())
            if (out / "integrity.json").exists():
                verdict["integrity"] = json.loads((out / "integrity.json").read_text(encoding="utf-8"))
                if not verdict["integrity"]["passed"]:
                    failures.append("data integrity: acknowledged creates are missing or differ")
            else:
                failures.append(f"the integrity check did not run: {result.stderr.strip()[-800:]}")
        else:
            verdict["integrity"] = {"note": "not checked: an external --base-url has no database access here"}

        live = out / "stats-live.json"
        if label == "nightly" and (live.exists() or stats_csv.exists()):
            # The hooks' statistics (overall row without log-ins, like the SLO gate); Locust's CSV as a fallback.
            current = RunStats.load(live) if live.exists() else from_csv(stats_csv)
            history = baseline.load_history(HISTORY, shape="nightly")
            base = baseline.baseline(history, k=args.k)
            comparison = baseline.compare(current, base, margin=args.margin, min_delta_ms=args.min_delta_ms, k=args.k,
                                          min_requests=args.min_requests, min_runs=args.min_runs)
            verdict["baseline"] = comparison.to_json()
            print(f"\nBaseline comparison (median of the last {args.k} nightly runs in the baseline; regression = p95 "
                  f"+{args.margin * 100:.0f} % and >= +{args.min_delta_ms:.0f} ms):\n" + baseline.table(comparison))
            if comparison.note:
                print(f"  note: {comparison.note}")
            if not comparison.passed:
                failures.append(f"{len(comparison.regressions)} regression(s) against the baseline: "
                                + ", ".join(f"{row.name} {row.baseline_p95_ms:.0f} -> {row.current_p95_ms:.0f} ms"
                                            for row in comparison.regressions))
            record_it = args.record == "yes" or (args.record == "auto" and not args.defects)
            if record_it:
                norm = not [failure for failure in failures if failure not in slo_failures]
                record = baseline.RunRecord(run_id, started, "nightly", not failures, current.to_json(),
                                            verdict["defects"], _revision(), sut, norm)
                stored = baseline.store(HISTORY, record, keep=args.keep)
                log(f"stored in the history: {stored.relative_to(ROOT)} ("
                    + ("part of the baseline from now on" if norm else "not part of the baseline: it failed more "
                       "than the SLO gate") + ")")
            else:
                log("not stored in the history (a defect is switched on, or --record no)")
            chart = trend.write(baseline.load_history(HISTORY, shape="nightly"), REPORTS / "trend.html",
                                k=args.k, margin=args.margin, min_delta_ms=args.min_delta_ms)
            log(f"trend chart: {chart.relative_to(ROOT)}")

        verdict["passed"] = not failures
        verdict["failures"] = failures
        (out / "verdict.json").write_text(json.dumps(verdict, indent=2, ensure_ascii=False, default=str),
                                          encoding="utf-8")
        print(f"\nreports: {out.relative_to(ROOT)}/report.html, locust_stats.csv, verdict.json")
        return finish("PERFORMANCE RUN FAILED", failures,
                      f"performance run passed ({label}, {time.monotonic() - t0:.0f} s in all)")
    finally:
        if server is not None:
            server.stop()
