"""Merge the results of the shards of one run (``--splits N --group I``, ``suite.plugin.shards``) into one run.

    python -m suite.reporting.shards --out reports reports/shards/1 reports/shards/2 reports/shards/3 reports/shards/4

Each shard directory holds what one shard's run wrote: ``allure-results/`` and ``run-meta/`` (the PR workflow's
matrix uploads them, one runner per shard). ``<out>/allure-results`` and ``<out>/run-meta`` are replaced by the
union: every result, container and attachment (their names are unique ids); one ``environment.properties`` whose
values are the shards' own where they agree and listed where they differ, with ``shards = N``; one collection
manifest in which a test is selected if any shard selected it (``manifest.merge``), so a test run by one shard is not
"in another shard" in the others'; the workers' facts and leftovers side by side; and the timings of each shard.

Refused, with exit status 2 and nothing written, when the shards are not exactly groups 1..N of one ``--splits N`` (a
shard missing would leave its tests unreported as "not executed"), or when two shards hold the same file. Then
``python -m suite.reporting.build --results <out>/allure-results --out <out>`` writes the one summary, and
``python -m suite.reporting.coverage`` checks the rules on the union.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from suite.reporting import manifest
from suite.reporting.files import read_json, write_json, write_text
from suite.reporting.results import read_properties

RESULTS = "allure-results"
META = "run-meta"
OWN_FILES = {"environment.properties", "executor.json", "categories.json"}  # made again for the merged run
TIMINGS = manifest.TIMINGS_FILE
LEFTOVERS = "leftovers"


class ShardsError(ValueError):
    """The shard directories are not one whole sharded run."""


@dataclass(frozen=True)
class Shard:
    directory: Path
    group: int
    splits: int
    environment: dict[str, str]

    @property
    def results(self) -> Path:
        return self.directory / RESULTS

    @property
    def meta(self) -> Path:
        return self.directory / META


def read_shard(directory: Path) -> Shard:
    results = directory / RESULTS
    properties = results / "environment.properties"
    if not properties.is_file():
        raise ShardsError(f"{directory}: no {RESULTS}/environment.properties (not the output of a finished shard)")
    environment = read_properties(properties)
    place = environment.get("shard", "")
    try:
        group, splits = (int(part) for part in place.split("/"))
    except ValueError:
        raise ShardsError(f"{directory}: its run was not a shard (environment 'shard' is {place!r}; run it with "
                          "--splits N --group I)") from None
    return Shard(directory, group, splits, environment)


def check_whole(shards: Sequence[Shard]) -> int:
    """The N of ``--splits N`` when the shards are exactly groups 1..N of it; else ``ShardsError``."""
    if not shards:
        raise ShardsError("no shard directory given")
    splits = {shard.splits for shard in shards}
    if len(splits) != 1:
        raise ShardsError(f"the shards come from different --splits: {sorted(splits)}")
    (count,) = splits
    groups = sorted(shard.group for shard in shards)
    if groups != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(groups))
        twice = sorted({group for group in groups if groups.count(group) > 1})
        raise ShardsError(f"not one whole run of --splits {count}: groups {groups}"
                          + (f"; missing {missing}" if missing else "") + (f"; twice {twice}" if twice else ""))
    return count


def merged_environment(shards: Sequence[Shard], count: int) -> dict[str, str]:
    """The shards' facts: a value all shards share as it is, values that differ listed in shard order."""
    keys = dict.fromkeys(key for shard in shards for key in shard.environment if key != "shard")
    merged = {}
    for key in keys:
        values = list(dict.fromkeys(shard.environment[key] for shard in shards if key in shard.environment))
        merged[key] = values[0] if len(values) == 1 else ", ".join(values)
    merged["shards"] = f"{count} (--splits {count}, one runner each)"
    return merged


def merged_manifest(shards: Sequence[Shard]) -> dict:
    found = [(shard, read_json(shard.meta / manifest.COLLECTION_FILE)) for shard in shards
             if (shard.meta / manifest.COLLECTION_FILE).is_file()]
    parts = [part for _shard, part in found]
    known = [part["exitstatus"] for part in parts if part.get("exitstatus") is not None]
    return {
        "schema": manifest.SCHEMA,
        **manifest.merge(parts),
        # pytest's exit status of the whole: 0 only if every shard ended 0; else the first shard's other status; None
        # when a shard's is unknown (killed) or its manifest is missing
        "exitstatus": (next((status for status in known if status != 0), 0)
                       if len(known) == len(parts) == len(shards) else None),
        "stopped": "; ".join(f"shard {shard.group}: {part['stopped']}" for shard, part in found if part.get("stopped")),
        "reruns": next((part.get("reruns") for part in parts if part.get("reruns") is not None), None),
    }


def merged_timings(shards: Sequence[Shard]) -> dict:
    rows = []
    for shard in shards:
        path = shard.meta / TIMINGS
        timing = read_json(path) if path.is_file() else {}
        rows.append({"group": shard.group, "wall_s": timing.get("wall_s"), "tests": timing.get("tests")})
    walls = [row["wall_s"] for row in rows if row["wall_s"] is not None]
    return {"wall_s": max(walls) if walls else None, "tests": sum(row["tests"] or 0 for row in rows),
            "shards": rows}


def _copy_results(shards: Sequence[Shard], target: Path) -> int:
    seen: dict[str, Path] = {}
    copied = 0
    for shard in shards:
        for path in sorted(shard.results.iterdir()) if shard.results.is_dir() else ():
            if path.name in OWN_FILES or not path.is_file():
                continue
            if path.name in seen:
                raise ShardsError(f"{path.name} is in two shards ({seen[path.name].parent} and {path.parent}): "
                                  "the same results given twice?")
            seen[path.name] = path
            shutil.copy2(path, target / path.name)
            copied += 1
    return copied


def merge(shard_dirs: Sequence[Path], out: Path) -> dict:
    """Merge the shards into ``<out>/allure-results`` and ``<out>/run-meta``; what was merged."""
    shards = sorted((read_shard(Path(directory)) for directory in shard_dirs), key=lambda shard: shard.group)
    count = check_whole(shards)
    results, meta = out / RESULTS, out / META
    staged = out / f".{RESULTS}.merging"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    copied = _copy_results(shards, staged)  # fails before anything of <out> is replaced
    environment = merged_environment(shards, count)
    write_text(staged / "environment.properties",
               "".join(f"{key}={value}\n".replace("\n", " ").rstrip() + "\n" for key, value in environment.items()))
    executor = shards[0].results / "executor.json"
    if executor.is_file():
        shutil.copy2(executor, staged / "executor.json")
    shutil.rmtree(results, ignore_errors=True)
    staged.rename(results)

    shutil.rmtree(meta, ignore_errors=True)
    meta.mkdir(parents=True)
    write_json(meta / manifest.COLLECTION_FILE, merged_manifest(shards), compact=True)
    write_json(meta / TIMINGS, merged_timings(shards))
    for shard in shards:
        for path in sorted(shard.meta.glob("*.json")) if shard.meta.is_dir() else ():
            if path.name not in (manifest.COLLECTION_FILE, TIMINGS):
                shutil.copy2(path, meta / f"shard{shard.group}-{path.name}")
        for path in sorted((shard.meta / LEFTOVERS).glob("*")) if (shard.meta / LEFTOVERS).is_dir() else ():
            (meta / LEFTOVERS).mkdir(exist_ok=True)
            shutil.copy2(path, meta / LEFTOVERS / f"shard{shard.group}-{path.name}")
    return {"shards": count, "files": copied, "selected": len(read_json(meta / manifest.COLLECTION_FILE)["selected"])}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m suite.reporting.shards", description=__doc__.split("\n\n")[0])
    parser.add_argument("shards", nargs="+", type=Path, help="each shard's directory (allure-results/, run-meta/)")
    parser.add_argument("--out", type=Path, default=Path("reports"), help="where the merged run goes (reports)")
    args = parser.parse_args(argv)
    try:
        done = merge(args.shards, args.out)
    except (ShardsError, OSError, ValueError) as error:
        print(f"shards not merged: {error}", file=sys.stderr)
        return 2
    print(f"merged {done['shards']} shards: {done['files']} result files, {done['selected']} tests selected "
          f"-> {args.out / RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
