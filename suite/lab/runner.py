"""The defect lab: prove the suite catches defects by switching each catalogued one on and running the suite.

``python -m suite.lab.runner`` (``./qa lab``):

1. reads the catalogue from the reference e-CRM (``manage.py defects --json``);
2. runs the functional suite on the clean e-CRM: every failure there is a false positive;
3. for each functional defect, runs the suite again with ``ECRM_DEFECTS=<id>`` and builds the run's defect reports
   (``suite.reporting.build``): the defect is *caught* when at least one test fails, and *attributed* when a failing
   test belongs to the defect's module;
4. for each performance defect, runs the performance smoke with the defect on: caught when its gates fail, else
   by the side-by-side compare of the tree with and without it (``./qa perf compare``) flagging a request name;
5. writes the detection matrix (``reports/lab/matrix.md``, ``.html`` and ``.json``): defect → caught or missed → by
   which tests → with which defect IDs and severity/priority, and the kill rate.

Which tests run for a defect is the ``--scope``: ``rules`` (default: the tests naming one of the defect's spec rules,
quick enough for a working day), ``module`` (every test of the defect's module), or ``all`` (the whole suite, for
the nightly run). The exit code is 0 only when every defect is caught, attributed, and the clean run is green.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from suite.reporting.document import Heading, Paragraph, Table, Text, html_page, to_markdown

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


@dataclass
class Catch:
    test: str
    defect_id: str
    module: str
    category: str
    severity: str
    priority: str


@dataclass
class LabRun:
    """One run of the suite (clean, or with one defect switched on)."""

    name: str
    defect: dict | None
    selection: list[str]
    exit_code: int
    executed: int = 0
    passed: int = 0
    failed: int = 0
    catches: list[Catch] = field(default_factory=list)
    note: str = ""

    @property
    def caught(self) -> bool:
        return bool(self.catches)

    @property
    def attributed(self) -> bool:
        return bool(self.defect) and any(catch.module == self.defect["module"] for catch in self.catches)


def catalogue() -> list[dict]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ecrm.settings_test", "ECRM_DEFECTS": ""}
    out = subprocess.run([PY, "manage.py", "defects", "--json"], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)


def selection_for(defect: dict | None, scope: str) -> list[str]:
    if defect is None or scope == "all":
        return []
    if scope == "module":
        return ["--modules", defect["module"]]
    return ["--rules", ",".join(defect["rules"])]


def run_functional(name: str, defect: dict | None, scope: str, out: Path, workers: str) -> LabRun:
    """Run the functional suite into ``out`` and read its defect reports."""
    shutil.rmtree(out, ignore_errors=True)
    results = out / "allure-results"
    results.mkdir(parents=True)
    selection = selection_for(defect, scope)
    env = {**os.environ, "ECRM_DEFECTS": defect["id"] if defect else ""}
    command = [PY, "-m", "pytest", "tests/functional", "-q", "-p", "no:cacheprovider", "-n", workers,
               f"--alluredir={results}", f"--output={out / 'test-results'}", *selection]
    with open(out / "pytest.log", "w", encoding="utf-8") as log:
        code = subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
    run = LabRun(name=name, defect=defect, selection=selection, exit_code=code)
    if code not in (0, 1):
        run.note = f"pytest exited {code} (see {out / 'pytest.log'})"
    built = subprocess.run([PY, "-m", "suite.reporting.build", "--results", str(results), "--out", str(out),
                            "--history", str(out / "history.json")], cwd=ROOT, capture_output=True, text=True)
    defects_file = out / "defects.json"
    if built.returncode != 0 or not defects_file.exists():
        run.note = (run.note + "; " if run.note else "") + "the run's reports could not be built"
        return run
    report = json.loads(defects_file.read_text(encoding="utf-8"))
    figures = report["figures"]
    run.executed, run.passed, run.failed = figures["executed"], figures["passed"], figures["failed"]
    run.catches = [
        Catch(item["test"], item["id"], item["module"], item["category"], item["severity"], item["priority"])
        for item in report["defects"]
    ]
    return run


def run_performance(defect: dict, out: Path) -> LabRun:
    """Run the performance smoke with the defect on; caught when a gate (SLO or baseline) fails. A defect of realistic
    size does not break the smoke's SLO (its endpoint slows by a third, not by seconds): then the side-by-side compare
    runs (``./qa perf compare --base HEAD --defects ID``: the same tree without and with the defect), caught when it
    flags a request name."""
    command = ["bash", "scripts/perf.sh", "smoke", "--defects", defect["id"], "--record", "no"]
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "perf.log", "w", encoding="utf-8") as log:
        code = subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT).returncode
    run = LabRun(name=defect["id"], defect=defect, selection=["performance smoke"], exit_code=code)
    verdict_file = ROOT / "reports" / "performance" / "smoke" / "verdict.json"
    if verdict_file.exists():
        shutil.copy(verdict_file, out / "verdict.json")
        verdict = json.loads(verdict_file.read_text(encoding="utf-8"))
        broken = (verdict.get("slo") or {}).get("broken", [])
        for check in broken:
            check_name = f"SLO {check['scope']} {check['metric']}: {check['actual']:g} vs limit {check['limit']:g}"
            run.catches.append(Catch(check_name, "performance gate", defect["module"], "performance",
                                     defect["severity"], defect["priority"]))
        if code != 0 and not broken:
            run.note = "the performance run failed without an SLO breach (see perf.log)"
    else:
        run.note = "the performance run wrote no verdict (see perf.log)"
    if not run.catches:
        compare_side_by_side(defect, out, run)
    return run


def compare_side_by_side(defect: dict, out: Path, run: LabRun) -> None:
    """The side-by-side compare of this tree with and without the defect; each flagged name is a catch."""
    command = ["bash", "scripts/perf.sh", "compare", "--base", "HEAD", "--defects", defect["id"]]
    with open(out / "compare.log", "w", encoding="utf-8") as log:
        code = subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT).returncode
    run.selection.append("side-by-side compare")
    verdict_file = ROOT / "reports" / "performance" / "compare" / "verdict.json"
    if not verdict_file.exists():
        run.note = "the side-by-side compare wrote no verdict (see compare.log)"
        return
    shutil.copy(verdict_file, out / "compare-verdict.json")
    verdict = json.loads(verdict_file.read_text(encoding="utf-8"))
    for failure in verdict.get("failures", []):
        run.catches.append(Catch(f"side by side: {failure}", "performance compare", defect["module"], "performance",
                                 defect["severity"], defect["priority"]))
    if code not in (0, 1):
        run.note = f"the side-by-side compare exited {code} (see compare.log)"
    elif run.catches:
        run.note = "not seen by the smoke's SLO; flagged by the side-by-side compare"


def matrix_blocks(clean: LabRun | None, runs: list[LabRun]) -> list:
    caught = sum(run.caught for run in runs)
    attributed = sum(run.attributed for run in runs)
    blocks: list = [Heading(1, "缺陷实验室 Defect lab")]
    summary = [
        f"kill rate 检出率: {caught}/{len(runs)} ({100 * caught / len(runs):.0f} %)" if runs else "no defect run",
        f"attributed to the right module 模块归属正确: {attributed}/{len(runs)}",
    ]
    if clean is not None:
        summary.append(f"clean run 无缺陷运行: {clean.executed} executed, {clean.failed} failed "
                       f"(false positives 误报: {len(clean.catches)})")
    blocks.append(Paragraph(" · ".join(summary), tone="good" if caught == len(runs) and attributed == len(runs)
                            and (clean is None or not clean.catches) else "bad"))
    rows, tones = [], []
    for run in runs:
        defect = run.defect or {}
        tests = [Text(f"{catch.test} → {catch.defect_id} ({catch.severity}/{catch.priority})", code=True)
                 for catch in run.catches[:8]]
        if len(run.catches) > 8:
            tests.append(Text(f"… and {len(run.catches) - 8} more"))
        verdict = "caught 检出" if run.caught else "MISSED 漏检"
        if run.caught and not run.attributed:
            verdict += " (wrong module 模块不符)"
        scales = f"{defect.get('severity')}/{defect.get('priority')}"
        caught_by = [item for test in tests for item in (test, "\n")][:-1] or "—"
        rows.append((defect.get("id", ""), defect.get("module", ""), scales, defect.get("title", ""), verdict,
                     caught_by, run.note or "—"))
        tones.append("good" if run.caught and run.attributed else "bad")
    blocks.append(Table(("defect 缺陷", "module 模块", "severity/priority", "what 描述", "result 结果",
                         "caught by 检出用例 → defect ID", "note"), tuple(rows), row_tones=tuple(tones)))
    if clean is not None and clean.catches:
        blocks.append(Heading(2, "False positives on the clean e-CRM 误报"))
        blocks.append(Table(("test", "defect ID", "category"),
                            tuple((catch.test, catch.defect_id, catch.category) for catch in clean.catches)))
    return blocks


def write_matrix(out: Path, clean: LabRun | None, runs: list[LabRun]) -> None:
    blocks = matrix_blocks(clean, runs)
    (out / "matrix.md").write_text(to_markdown(blocks), encoding="utf-8")
    (out / "matrix.html").write_text(html_page("e-CRM defect lab", [("zh-CN", "中文/English", blocks)]),
                                     encoding="utf-8")
    data = {"clean": asdict(clean) if clean else None,
            "runs": [{**asdict(run), "caught": run.caught, "attributed": run.attributed} for run in runs]}
    (out / "matrix.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m suite.lab.runner", description=__doc__.split("\n")[0])
    parser.add_argument("--scope", choices=["rules", "module", "all"], default="rules")
    parser.add_argument("--defects", default="", help="only these defect IDs (comma-separated)")
    parser.add_argument("--skip-clean", action="store_true", help="do not run the clean e-CRM")
    parser.add_argument("--skip-performance", action="store_true", help="do not run the performance defects")
    parser.add_argument("--workers", default=os.environ.get("ECRM_WORKERS", str(os.cpu_count() or 2)))
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "lab")
    args = parser.parse_args(argv)

    wanted = {part.strip() for part in args.defects.split(",") if part.strip()}
    entries = [entry for entry in catalogue() if not wanted or entry["id"] in wanted]
    args.out.mkdir(parents=True, exist_ok=True)
    clean = None
    if not args.skip_clean:
        print("[lab] clean e-CRM: the whole functional suite", flush=True)
        clean = run_functional("clean", None, "all", args.out / "clean", args.workers)
    runs = []
    for entry in entries:
        if entry["caught_by"] == "performance":
            if args.skip_performance:
                continue
            print(f"[lab] {entry['id']}: performance smoke", flush=True)
            run = run_performance(entry, args.out / entry["id"])
        else:
            print(f"[lab] {entry['id']}: functional tests ({args.scope})", flush=True)
            run = run_functional(entry["id"], entry, args.scope, args.out / entry["id"], args.workers)
        print(f"[lab]   {'caught' if run.caught else 'MISSED'} by {len(run.catches)} check(s)"
              f"{' — ' + run.note if run.note else ''}", flush=True)
        runs.append(run)
    write_matrix(args.out, clean, runs)
    print((args.out / "matrix.md").read_text(encoding="utf-8"))
    ok = all(run.caught and run.attributed for run in runs) and (clean is None or not clean.catches)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
