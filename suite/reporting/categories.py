"""The failure categories, defined once for the run summary and for Allure.

``allure-categories.json`` (next to this module) is the single definition, in Allure 3's ``categories`` format:

- ``allurerc.mjs`` hands it to Allure 3 (its awesome report reads categories from the config, first match wins);
- ``suite.reporting.classify`` reads the environment-failure rule from it, so the summary and Allure agree;
- ``write_allure2_categories`` writes it as Allure 2's ``categories.json`` into allure-results, which Allure 3's
  classic/allure2 plugins (and Allure 2 itself) read. Allure 2 matches every category rather than the first, so a
  later category excludes what an earlier one with overlapping statuses already matched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATEGORIES_FILE = Path(__file__).with_name("allure-categories.json")
ENVIRONMENT = "environment"


@dataclass(frozen=True)
class MessageRule:
    """Statuses and a message pattern: what one category matcher of the shared definition says."""

    statuses: frozenset[str]
    pattern: re.Pattern[str]

    def matches(self, status: str, message: str) -> bool:
        return status in self.statuses and bool(self.pattern.search(message or ""))


@cache
def allure_rules() -> tuple[dict, ...]:
    """The categories as Allure 3 reads them (``categories`` in allurerc.mjs)."""
    return tuple(json.loads(CATEGORIES_FILE.read_text(encoding="utf-8")))


@cache
def environment_rules() -> tuple[MessageRule, ...]:
    """The matchers of the environment-failure category (the SUT or the browser was unreachable)."""
    rule = next(rule for rule in allure_rules() if rule["id"] == ENVIRONMENT)
    return tuple(
        MessageRule(frozenset(matcher["statuses"]), re.compile(matcher["message"])) for matcher in rule["matchers"]
    )


def is_environment_failure(status: str, message: str) -> bool:
    """True when a result failed because the system under test (or the browser) could not be reached."""
    return any(rule.matches(status, message) for rule in environment_rules())


def allure2_categories() -> list[dict]:
    """The same categories in Allure 2's ``categories.json`` format (every category that matches applies)."""
    categories: list[dict] = []
    earlier: list[tuple[frozenset[str], str]] = []  # (statuses, message regex) claimed by earlier categories
    has_flaky_category = any(matcher.get("flaky") for rule in allure_rules() for matcher in rule["matchers"])
    for rule in allure_rules():
        for matcher in rule["matchers"]:
            statuses = frozenset(matcher.get("statuses", ("failed", "broken", "passed", "skipped", "unknown")))
            entry: dict = {"name": rule["name"], "matchedStatuses": sorted(statuses)}
            if "flaky" in matcher:
                entry["flaky"] = matcher["flaky"]
            elif has_flaky_category:
                entry["flaky"] = False  # flaky results belong to the flaky category only
            if "message" in matcher:
                # [\s\S] rather than . so the pattern spans lines in JavaScript, Python and Java alike.
                entry["messageRegex"] = rf"[\s\S]*(?:{matcher['message']})[\s\S]*"
            elif not matcher.get("flaky"):  # flaky results are told apart by the flaky flag already
                excluded = [regex for claimed, regex in earlier if claimed & statuses]
                if excluded:  # anchored: Allure searches the message, Allure 2 matches all of it
                    entry["messageRegex"] = rf"^(?![\s\S]*(?:{'|'.join(excluded)}))[\s\S]*$"
            categories.append(entry)
            if "message" in matcher:
                earlier.append((statuses, matcher["message"]))
    return categories


def write_allure2_categories(results_dir: Path) -> Path:
    """Write ``categories.json`` into an allure-results directory and return its path."""
    path = results_dir / "categories.json"
    path.write_text(json.dumps(allure2_categories(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path
