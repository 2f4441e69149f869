"""``./qa perf compare --base REV``: the base revision and the candidate side by side on the same host, in one run.

1. check out REV with ``git worktree add --detach`` into a temporary directory (removed afterwards, on failure and on
   SIGTERM too);
2. give each side its own PostgreSQL database, a copy of the template of **its own** tree's migrations, seed and
   volume code (``suite.perf.sut``; both templates are kept), and its own gunicorn: the base from the worktree's root
   (its own ``ecrm``, the same venv), the candidate from this tree with ``--defects``; both stay up the whole run;
3. run the same load (this tree's locustfile, shape ``steady``: a fixed number of users spawned at once) against one
   side at a time, in short slices in the order A B, B A, A B … (``sidebyside.schedule``); each slice's Locust
   writes every request to ``slices/NN-side/samples.jsonl`` (``ECRM_PERF_SAMPLES``);
4. judge each request name's latency and server time over the pairs (``sidebyside.compare``) and write
   ``compare.json``, ``compare.html`` and ``verdict.json`` to ``reports/performance/compare/``; exit 1 when a name
   regressed, 2 for bad input (an unknown revision, a revision without the e-CRM, no PostgreSQL).
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from suite.perf import shapes, sidebyside
from suite.perf.run import REPORTS, finish, run_locust
from suite.perf.sut import Gunicorn, drop_database, log, postgres_available, prepare_postgres, template_name
from suite.server.ecrm import ROOT, ServerError

OUT = REPORTS / "compare"
DEFAULT_PAIRS = 10
DEFAULT_SLICE_S = 15.0
# Files a revision must have to be compared: the e-CRM, its test settings, the volume seeding of the perf templates.
NEEDED = ("manage.py", "ecrm/wsgi.py", "ecrm/settings_test.py", "ecrm/common/management/commands/seed_volume.py")


class CompareError(Exception):
    """Bad input or an unusable environment: one line for the user, exit code 2."""


def _git(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as error:
        raise CompareError(f"git could not run: {error}") from error


def resolve(revision: str) -> str:
    """The commit a revision names (``HEAD``, a branch, a tag, a hash …); ``CompareError`` when there is none."""
    if not revision or revision.startswith("-"):
        raise CompareError(f"--base needs a git revision, not {revision!r}")
    found = _git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", timeout=10)
    if found.returncode != 0 and found.stderr.strip():  # not an unknown name: git cannot read the repository
        raise CompareError(f"git cannot read the repository {ROOT}: {found.stderr.strip().splitlines()[-1]}")
    if found.returncode != 0 or not found.stdout.strip():
        raise CompareError(f"unknown revision {revision!r}: git knows no commit by that name in {ROOT}")
    return found.stdout.strip()


def missing_files(tree: Path) -> list[str]:
    """What a checked-out revision lacks of what a compare needs (``NEEDED``); empty when it has everything."""
    return [name for name in NEEDED if not (tree / name).exists()]


class Worktree:
    """REV checked out (detached) in a temporary directory, removed on ``close``."""

    def __init__(self, commit: str, revision: str):
        self.parent = Path(tempfile.mkdtemp(prefix="ecrm-compare-"))
        self.path = self.parent / "base"
        added = _git("worktree", "add", "--detach", "--quiet", str(self.path), commit)
        if added.returncode != 0:
            shutil.rmtree(self.parent, ignore_errors=True)
            reason = (added.stderr.strip().splitlines() or ["no reason given"])[-1]
            raise CompareError(f"git worktree add of {revision!r} failed: {reason}")
        missing = missing_files(self.path)
        if missing:
            self.close()
            raise CompareError(f"revision {revision!r} ({commit[:10]}) has no reference e-CRM to compare: "
                               f"{', '.join(missing)} missing")

    def close(self) -> None:
        if _git("worktree", "remove", "--force", str(self.path)).returncode != 0:
            _git("worktree", "prune")
        shutil.rmtree(self.parent, ignore_errors=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./qa perf compare", description=__doc__.split("\n")[0])
    parser.add_argument("--base", help="the git revision to compare against (HEAD, a branch, a hash)")
    parser.add_argument("--judge", metavar="DIR", type=Path,
                        help="run no load: judge again the slices an earlier compare saved in DIR (its compare.json "
                             "and slices/), with these options, and write the verdict there")
    parser.add_argument("--defects", default=os.environ.get("ECRM_DEFECTS", ""),
                        help="seeded defects switched on in the candidate only (e.g. COM-PERF-D01)")
    parser.add_argument("--slices", type=int, default=DEFAULT_PAIRS, help="pairs of slices (A B, B A …)")
    parser.add_argument("--slice-s", type=float, default=DEFAULT_SLICE_S, help="seconds of load per slice")
    parser.add_argument("--users", type=int, default=shapes.STEADY_USERS, help="users of every slice")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("ECRM_PERF_SCALE", 1.0)),
                        help="volume scale of both databases (1.0 = 5,000 customers ...)")
    parser.add_argument("--alpha", type=float, default=sidebyside.DEFAULT_ALPHA,
                        help="significance level of the signed-rank test, per name and metric")
    parser.add_argument("--min-effect", type=float, default=sidebyside.DEFAULT_MIN_EFFECT,
                        help="effect floor: a significant shift counts from this ratio on (0.2 = +20 %%)")
    parser.add_argument("--min-requests", type=int, default=sidebyside.DEFAULT_MIN_REQUESTS,
                        help="requests a name needs in every slice of each side to be judged")
    parser.add_argument("--warmup-s", type=float, default=sidebyside.DEFAULT_WARMUP_S,
                        help="seconds cut after a slice's last log-in")
    return parser


def _check(args: argparse.Namespace) -> None:
    if args.slices < 2:
        raise CompareError("--slices needs at least 2 pairs (A B, B A) to cancel a linear drift")
    smallest_p = 2 / 2 ** args.slices
    if smallest_p > args.alpha:
        raise CompareError(f"with {args.slices} pairs the signed-rank test's smallest p is {smallest_p:.3f}, above "
                           f"--alpha {args.alpha}: nothing could ever be flagged; use more --slices")
    if not 5 <= args.slice_s <= 600:
        raise CompareError("--slice-s must be between 5 and 600 seconds")
    try:
        shapes.plan("steady", {"ECRM_PERF_USERS": str(args.users), "ECRM_PERF_SLICE_S": str(args.slice_s)})
    except ValueError as error:
        raise CompareError(str(error)) from error
    if not 0 < args.alpha < 1 or args.min_effect < 0 or args.min_requests < 1 or args.scale <= 0:
        raise CompareError("--alpha must be in (0, 1), --min-effect >= 0, --min-requests >= 1, --scale > 0")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the finally blocks stop the servers, drop the worktree
    try:
        if args.judge is not None:
            return rejudge(args)
        if not args.base:
            raise CompareError("--base REV is needed (or --judge DIR, to judge an earlier compare's slices again)")
        _check(args)
        commit = resolve(args.base)
        if not postgres_available():
            raise CompareError("PostgreSQL is not reachable (ECRM_PERF_PG): the compare needs it for both sides")
        return _run(args, commit)
    except CompareError as error:
        print(f"qa perf compare: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, commit: str) -> int:
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "slices").mkdir(parents=True)
    prefix = os.environ.get("ECRM_PERF_COMPARE_DB", "ecrm_cmp")
    databases = {sidebyside.BASE: f"{prefix}_base", sidebyside.CANDIDATE: f"{prefix}_candidate"}
    order = sidebyside.schedule(args.slices)
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
    log(f"compare: base {args.base} ({commit[:10]}) against this tree"
        + (f" with {args.defects} on" if args.defects else "")
        + f"; {len(order)} slices of {args.slice_s:.0f} s, {args.users} users (about "
        f"{len(order) * (args.slice_s + 1.5) / 60:.1f} min of load)")
    t0 = time.monotonic()
    tree = Worktree(commit, args.base)
    servers: list[Gunicorn] = []
    try:
        roots = {sidebyside.BASE: tree.path, sidebyside.CANDIDATE: ROOT}
        templates = {side: template_name(args.scale, root) for side, root in roots.items()}
        urls, suts = {}, {}
        for side, root in roots.items():
            work = OUT / side
            work.mkdir()
            try:
                database = prepare_postgres(args.scale, work, root=root, database=databases[side],
                                            keep=frozenset(templates.values()))
            except subprocess.CalledProcessError as error:
                raise CompareError(f"the {side}'s database could not be built ({error}); see "
                                   f"{(work / 'build.log').relative_to(ROOT)}") from error
            defects = args.defects if side == sidebyside.CANDIDATE else ""
            try:
                server = Gunicorn(database, OUT, defects=defects, root=root, name=f"gunicorn-{side}").start()
            except ServerError as error:
                raise CompareError(f"the {side}'s e-CRM did not start: {str(error).splitlines()[0]}; see "
                                   f"{(OUT / f'gunicorn-{side}.log').relative_to(ROOT)}") from error
            servers.append(server)
            urls[side] = server.url
            suts[side] = f"gunicorn {server.workers}x{server.threads} gthread on {database.template}"
        log(f"both systems under test ready in {time.monotonic() - t0:.1f} s")
        slices, runs = _slices(args, order, urls)
    finally:
        for server in servers:
            server.stop()
        for database in databases.values():
            try:
                drop_database(database)
            except Exception as error:
                log(f"could not drop {database}: {error}")
        tree.close()
    result = sidebyside.compare(slices, alpha=args.alpha, min_effect=args.min_effect, min_requests=args.min_requests)
    return _report(args, commit, started, suts, runs, result, time.monotonic() - t0)


def saved_slices(folder: Path, warmup_s: float) -> list[sidebyside.Slice]:
    """The slices an earlier compare wrote (``slices/NN-side/samples.jsonl``), in run order, each in its pair."""
    found = []
    for samples in sorted(folder.glob("slices/*/samples.jsonl")):
        number, _, side = samples.parent.name.partition("-")
        if number.isdigit() and side in (sidebyside.BASE, sidebyside.CANDIDATE):
            found.append((int(number) - 1, side, samples))
    order = sidebyside.schedule((len(found) + 1) // 2)
    pieces = []
    for index, side, samples in found:
        if index >= len(order) or order[index][1] != side:
            raise CompareError(f"{samples.parent} is not slice {index + 1} of an A B, B A … schedule")
        pieces.append(sidebyside.summarise(sidebyside.read_samples(samples), index, order[index][0], side, warmup_s))
    return pieces


def rejudge(args: argparse.Namespace) -> int:
    """``--judge DIR``: the verdict of an earlier compare's saved samples under today's options, written to DIR."""
    folder = args.judge
    try:
        saved = json.loads((folder / "compare.json").read_text(encoding="utf-8"))
        base, load = saved["base"], saved["load"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CompareError(f"{folder} holds no compare of an earlier run (compare.json: {error})") from error
    pieces = saved_slices(folder, args.warmup_s)
    if len(pieces) < 4:
        raise CompareError(f"{folder}/slices holds {len(pieces)} slice(s): at least 2 pairs are needed")
    args.base, args.defects = base.get("revision", "?"), ",".join(saved.get("candidate", {}).get("defects", []))
    args.slices, args.slice_s, args.users = len(pieces) // 2, load["slice_s"], load["users"]
    _check(args)
    result = sidebyside.compare(pieces, alpha=args.alpha, min_effect=args.min_effect, min_requests=args.min_requests)
    runs = saved.get("slices") or []
    suts = {sidebyside.BASE: base.get("sut", ""), sidebyside.CANDIDATE: saved.get("candidate", {}).get("sut", "")}
    return _report(args, base.get("commit", "?"), saved.get("started", "?"), suts, runs, result,
                   float(saved.get("seconds", 0)), out=folder)


def _slices(args: argparse.Namespace, order: list[tuple[int, str]], urls: dict[str, str]):
    slices, runs = [], []
    for index, (pair, side) in enumerate(order):
        out = OUT / "slices" / f"{index + 1:02d}-{side}"
        out.mkdir(parents=True)
        samples = out / "samples.jsonl"
        env = {**os.environ, "ECRM_PERF_SHAPE": "steady", "ECRM_PERF_USERS": str(args.users),
               "ECRM_PERF_SLICE_S": str(args.slice_s), "ECRM_PERF_OUT": str(out), "ECRM_PERF_SAMPLES": str(samples),
               "ECRM_PERF_RUN_ID": uuid.uuid4().hex[:8], "PYTHONUNBUFFERED": "1"}
        env.pop("ECRM_DEFECTS", None)
        env.pop("ECRM_PERF_SLO", None)
        began = time.monotonic()
        code = run_locust(urls[side], "steady", out, env, workers=0, timeout_s=args.slice_s + 90)
        piece = sidebyside.summarise(sidebyside.read_samples(samples), index, pair, side, args.warmup_s)
        slices.append(piece)
        runs.append({"index": index + 1, "pair": pair + 1, "side": side, "locust_exit": code,
                     "wall_s": round(time.monotonic() - began, 1), "requests": piece.requests,
                     "warmup_s": piece.warmup_s, "measured_s": piece.seconds})
        log(f"slice {index + 1:2d}/{len(order)} pair {pair + 1} {side:9s}: {piece.requests} requests in "
            f"{piece.seconds:.1f} s after {piece.warmup_s:.1f} s of warm-up ({time.monotonic() - began:.1f} s)")
    return slices, runs


def _report(args, commit: str, started: str, suts: dict, runs: list[dict], result: sidebyside.Result,
            seconds: float, out: Path = OUT) -> int:
    failures = [f"{row.name}: " + "; ".join(
        f"{metric.metric} x{metric.ratio:.2f}{_interval(metric)}, p {fmt_p(metric.p)}"
        + (f" ({metric.note})" if metric.rule in ("every pair", "requests") else "")
        for metric in row.metrics if metric.verdict == "regressed") for row in result.regressions]
    failures += [f"Locust exited with code {run['locust_exit']} in slice {run['index']} ({run['side']})"
                 for run in runs if run["locust_exit"] not in (0, 1)]
    failures += [f"slice {run['index']} ({run['side']}) measured no request" for run in runs if not run["requests"]]
    largest = result.largest()
    summary = {
        "label": "compare", "started": started, "seconds": round(seconds, 1),
        "base": {"revision": args.base, "commit": commit, "sut": suts.get(sidebyside.BASE, "")},
        "candidate": {"tree": str(ROOT), "defects": [d for d in args.defects.split(",") if d],
                      "sut": suts.get(sidebyside.CANDIDATE, "")},
        "load": {"users": args.users, "slice_s": args.slice_s, "pairs": args.slices,
                 "shape": shapes.plan("steady", {"ECRM_PERF_USERS": str(args.users),
                                                 "ECRM_PERF_SLICE_S": str(args.slice_s)}).description},
        "slices": runs,
        "largest_latency_shift": None if largest is None else {"name": largest.name, "ratio": largest.latency.ratio},
        "result": result.to_json(),
    }
    (out / "compare.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    (out / "compare.html").write_text(render(summary, result), encoding="utf-8")
    verdict = {"label": "compare", "started": started, "base": commit, "defects": summary["candidate"]["defects"],
               "passed": not failures, "failures": failures}
    (out / "verdict.json").write_text(json.dumps(verdict, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nSide by side: base {args.base} ({commit[:10]}) vs this tree, {result.pairs} pairs; flagged when "
          f"p <= {args.alpha} and the shift >= +{args.min_effect * 100:.0f} %:\n" + table(result))
    for note in result.notes:
        print(f"  note: {note}")
    if largest is not None:
        print(f"  largest latency shift of a judged name: {largest.name} x{largest.latency.ratio:.2f} "
              f"(p {largest.latency.p:.3f})")
    shown = out.relative_to(ROOT) if out.resolve().is_relative_to(ROOT) else out
    print(f"\nreports: {shown}/compare.html, compare.json, verdict.json, slices/")
    return finish("SIDE-BY-SIDE COMPARE FAILED", failures,
                  f"side-by-side compare passed: no name regressed ({seconds:.0f} s in all)")


# --------------------------------------------------------------------------- the printed table
def fmt_p(p: float | None) -> str:
    return "—" if p is None else f"{p:.1e}" if p < 0.001 else f"{p:.3f}"


def _interval(metric: sidebyside.Metric) -> str:
    if metric.ratio_low is None or metric.ratio_high is None:
        return ""
    return f" [{metric.ratio_low:.2f}, {metric.ratio_high:.2f}]"


def fmt_ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def fmt_value(metric: sidebyside.Metric, value: float | None) -> str:
    """A time in ms, or a query count as it is (7, 7.5)."""
    if metric.metric == sidebyside.QUERIES and value is not None:
        return f"{value:g}"
    return fmt_ms(value)


def describe(metric: sidebyside.Metric) -> tuple[str, str, str]:
    """(base -> candidate medians, ratio [interval], p) of one metric, for a table."""
    medians = f"{fmt_value(metric, metric.base_median_ms)} -> {fmt_value(metric, metric.candidate_median_ms)}"
    if metric.ratio is None:
        return medians, metric.verdict if metric.verdict == "thin" else "—", "—"
    low = "…" if metric.ratio_low is None else f"{metric.ratio_low:.2f}"
    high = "…" if metric.ratio_high is None else f"{metric.ratio_high:.2f}"
    return medians, f"{metric.ratio:.2f} [{low}, {high}]", fmt_p(metric.p)


def table(result: sidebyside.Result) -> str:
    header = ("request name", "requests b/c", "latency ms b -> c", "ratio [95 %]", "p", "server ms b -> c",
              "ratio [95 %]", "p", "queries b -> c", "p", "verdict")
    body = []
    for row in result.rows:
        verdict = row.verdict.upper() if row.verdict == "regressed" else row.verdict
        queries, _, p = describe(row.queries)
        body.append((row.name, f"{row.requests_base}/{row.requests_candidate}", *describe(row.latency),
                     *describe(row.server), queries, p, verdict))
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    out = ["  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)), "  ".join("-" * w for w in widths)]
    out.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in body)
    return "\n".join(out)


# --------------------------------------------------------------------------- compare.html
COLOURS = {"regressed": "#c22", "improved": "#286", "same": "#246", "thin": "#888"}
SVG_W, SVG_H = 160, 26


def _strip(metric: sidebyside.Metric, min_effect: float) -> str:
    """The pairs' ratios as dots on a log axis from x0.5 to x2, with 1.0 and the effect floor marked."""
    if not metric.pair_ratios or metric.verdict in ("thin", "not judged"):  # judged rows only: a small page
        return ""

    def x(ratio: float) -> float:
        clamped = min(max(ratio, 0.5), 2.0)
        return 4 + (SVG_W - 8) * (math.log2(clamped) + 1) / 2

    floor = 1 + min_effect
    parts = [f'<svg width="{SVG_W}" height="{SVG_H}" viewBox="0 0 {SVG_W} {SVG_H}" role="img" '
             f'aria-label="ratio candidate/base per pair" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{x(1):.1f}" x2="{x(1):.1f}" y1="2" y2="{SVG_H - 2}" stroke="#999"/>']
    for edge in (floor, 1 / floor):
        parts.append(f'<line x1="{x(edge):.1f}" x2="{x(edge):.1f}" y1="2" y2="{SVG_H - 2}" stroke="#e99" '
                     'stroke-dasharray="2,2"/>')
    if metric.ratio is not None:
        parts.append(f'<circle cx="{x(metric.ratio):.1f}" cy="{SVG_H / 2}" r="5" fill="none" '
                     f'stroke="{COLOURS.get(metric.verdict, "#246")}" stroke-width="2"/>')
    for i, ratio in enumerate(metric.pair_ratios):
        parts.append(f'<circle cx="{x(ratio):.1f}" cy="{6 + (i % 3) * 7}" r="2" fill="#246">'
                     f"<title>pair {i + 1}: x{ratio:.2f}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)


def _cells(metric: sidebyside.Metric, min_effect: float) -> str:
    medians, ratio, p = describe(metric)
    p95 = f"{fmt_value(metric, metric.base_p95_ms)} -> {fmt_value(metric, metric.candidate_p95_ms)}"
    note = f"<br><small>{html.escape(metric.note)}</small>" if metric.note else ""
    return (f"<td>{html.escape(medians)}</td><td>{html.escape(p95)}</td><td>{html.escape(ratio)}{note}</td>"
            f"<td>{html.escape(p)}</td><td>{_strip(metric, min_effect)}</td>")


VERDICT_ORDER = {"regressed": 0, "improved": 1}


def render(summary: dict, result: sidebyside.Result) -> str:
    def failed(row: sidebyside.NameResult) -> str:
        total = row.failures_base + row.failures_candidate
        return f" ({row.failures_base} / {row.failures_candidate} failed)" if total else ""

    rows = "".join(
        f'<tr><th scope="row">{html.escape(row.name)}</th><td>{row.requests_base} / {row.requests_candidate}'
        f"{failed(row)}</td>{_cells(row.latency, result.min_effect)}{_cells(row.server, result.min_effect)}"
        f"{_cells(row.queries, result.min_effect)}"
        f'<td style="color:{COLOURS.get(row.verdict, "#555")};font-weight:bold">{html.escape(row.verdict)}</td></tr>'
        # The names that regressed first, then the improved, then the rest in their order.
        for row in sorted(result.rows, key=lambda row: VERDICT_ORDER.get(row.verdict, len(VERDICT_ORDER))))
    slices = "".join(f"<tr><td>{run['index']}</td><td>{run['pair']}</td><td>{run['side']}</td><td>{run['requests']}"
                     f"</td><td>{run['warmup_s']}</td><td>{run['measured_s']}</td><td>{run['locust_exit']}</td></tr>"
                     for run in summary["slices"])
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in result.notes)
    base, candidate = summary["base"], summary["candidate"]
    verdict = "passed: no name regressed" if result.passed else \
        f"FAILED: {len(result.regressions)} name(s) regressed"
    metric_head = "<th>median ms b → c</th><th>p95 ms b → c</th><th>ratio [95 %]</th><th>p</th><th>pairs</th>"
    count_head = "<th>median b → c</th><th>p95 b → c</th><th>ratio [95 %]</th><th>p</th><th>pairs</th>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>e-CRM side-by-side compare</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font:14px system-ui,sans-serif;margin:1rem}}table{{border-collapse:collapse;margin-bottom:1rem}}
td,th{{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}}small{{color:#666}}
.scroll{{overflow-x:auto;max-width:100%}}</style></head>
<body><h1>e-CRM side-by-side compare: {html.escape(verdict)}</h1>
<p>Base <code>{html.escape(base['revision'])}</code> ({html.escape(base['commit'][:10])}) against this tree
{html.escape('with ' + ', '.join(candidate['defects']) + ' on' if candidate['defects'] else '')}, on the same host in
{result.pairs} pairs of slices (A B, B A …) of {html.escape(summary['load']['shape'])}; started
{html.escape(summary['started'])}, {summary['seconds']:.0f} s in all. Per name and slice the median; per pair the
ratio candidate / base, for the two times less the pair's host level over the other names' requests (dots, log axis
x0.5 … x2; dashed: the effect floor; ring: the estimate); over the pairs the exact Wilcoxon signed-rank test.
<b>Regressed</b> = p ≤ {result.alpha} and a shift of at least +{result.min_effect * 100:.0f} % (for a time, in both
times); <b>thin</b> = fewer than {result.min_requests} requests in some slice, flagged only when every pair shows it or
its requests within the pairs do (van Elteren's test, the note under its ratio).</p>
<ul>{notes}</ul>
<div class="scroll"><table><caption>Every request name (b = base, c = candidate; regressed names first)</caption>
<thead>
<tr><th rowspan="2">request name</th><th rowspan="2">requests b / c</th><th colspan="5">latency</th>
<th colspan="5">server time (Server-Timing)</th><th colspan="5">queries (Server-Timing db;count)</th>
<th rowspan="2">verdict</th></tr>
<tr>{metric_head}{metric_head}{count_head}</tr></thead><tbody>{rows}</tbody></table></div>
<div class="scroll"><table><caption>Slices in run order</caption>
<thead><tr><th>#</th><th>pair</th><th>side</th><th>requests measured</th>
<th>warm-up cut (s)</th><th>measured (s)</th><th>Locust exit</th></tr></thead><tbody>{slices}</tbody></table></div>
<p><small>base: {html.escape(base['sut'])}; candidate: {html.escape(candidate['sut'])}</small></p>
</body></html>
"""
