"""The run's metadata: what the workers learn (app build, browser ...), Allure's environment and executor files, and
the records the run left on a long-lived deployment (``suite.data.leftovers``).

It is written next to the Allure results, in ``run-meta/`` (``meta_dir``), which the reporting reads back.
"""

from __future__ import annotations

import getpass
import json
import os
import platform
from pathlib import Path

import pytest

from suite.api.client import EcrmApi
from suite.data import leftovers
from suite.plugin import options
from suite.plugin.shards import shard_of
from suite.reporting import manifest

META_DIR_NAME = "run-meta"


def pytest_configure(config: pytest.Config) -> None:
    # Against a deployment that outlives the run, note every record the run creates, to say what it left behind.
    leftovers.LEDGER.enabled = bool(options.external_url(config)) and not config.option.collectonly


def meta_dir(config: pytest.Config) -> Path:
    alluredir = config.getoption("allure_report_dir", default=None)
    base = Path(alluredir).parent if alluredir else options.ROOT / "reports"
    return base / META_DIR_NAME


def record_meta(config: pytest.Config, **facts) -> None:
    """A worker records what it learnt about the run (app build, browser version ...) for the environment file."""
    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    directory = meta_dir(config)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{worker}.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(facts)
    path.write_text(json.dumps(current, ensure_ascii=False, indent=2))


def environment_facts(config: pytest.Config) -> dict[str, str]:
    facts: dict[str, str] = {}
    directory = meta_dir(config)
    for path in sorted(directory.glob("*.json")) if directory.exists() else []:
        if path.name not in manifest.NOT_FACTS:  # the collection manifest and the timings are not environment facts
            facts.update(json.loads(path.read_text()))
    facts.update(
        {
            "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
            "python": platform.python_version(),
            "tester": os.environ.get("ECRM_TESTER") or ("CI" if os.environ.get("CI") else getpass.getuser()),
            "target": options.external_url(config) or "embedded reference e-CRM",
            "workers": str(getattr(config.option, "numprocesses", None) or 1),
            # pytest-randomly's order: repeat it with --randomly-seed=<this> ("off" with -p no:randomly).
            "random_order_seed": str(getattr(config.option, "randomly_seed", None) or "off"),
            # Every test's data derives from it: repeat this run's data with --ecrm-run-id <this>.
            "run_id": options.run_id(config),
            # The HTTP form sweep's strings: this run's sample (PR) or the whole catalogue (--ecrm-sweep full).
            "hostile_sweep": options.sweep_depth(config),
        }
    )
    shard = shard_of(config)
    if shard:  # one shard of the suite (pytest-split): suite.reporting.shards merges the shards into one report
        facts["shard"] = f"{shard[0]}/{shard[1]}"
    if os.environ.get("ECRM_DEFECTS") and not options.external_url(config):  # the defect lab's seeded defects
        facts["seeded_defects"] = os.environ["ECRM_DEFECTS"]
    return {key: str(value) for key, value in facts.items()}


def _record_leftovers(config: pytest.Config) -> None:
    """Each process reads back the state of the records it created on the deployment (``suite.data.leftovers``)."""
    url, created = options.external_url(config), leftovers.LEDGER.created
    if not url or not created or not config.getoption("allure_report_dir", default=None):
        return
    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    try:
        records = leftovers.read_back(EcrmApi(url).login("admin"), created)
    except (OSError, AssertionError) as error:  # the deployment went away: say so rather than lose the run's figures
        records = [{"kind": kind, "id": pk, "state": f"unreadable ({error.__class__.__name__})", "label": ""}
                   for kind, pk in created]
    leftovers.write(meta_dir(config) / "leftovers", worker, records)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    _record_leftovers(config)
    alluredir = config.getoption("allure_report_dir", default=None)
    if not alluredir or not options.is_controller(config):
        return
    results = Path(alluredir)
    results.mkdir(parents=True, exist_ok=True)
    facts = environment_facts(config)
    lines = [f"{key}={value}".replace("\n", " ") for key, value in sorted(facts.items())]
    (results / "environment.properties").write_text("\n".join(lines) + "\n", encoding="utf-8")
    executor = {
        "name": "CI" if os.environ.get("CI") else "local",
        "type": "github" if os.environ.get("GITHUB_ACTIONS") else ("ci" if os.environ.get("CI") else "local"),
        "buildName": os.environ.get("ECRM_BUILD_NAME", f"e-CRM suite {facts.get('app_version', '')}".strip()),
        "buildUrl": os.environ.get("ECRM_BUILD_URL", ""),
        "reportName": "e-CRM QA report",
    }
    (results / "executor.json").write_text(json.dumps(executor, ensure_ascii=False, indent=2), encoding="utf-8")

