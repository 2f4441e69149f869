"""Shards of the functional suite: pytest-split's ``--splits N --group I``, made independent of the test order.

pytest-split (``least_duration``, set in ``pyproject.toml``) gives each of N shards about the same time from the stored
durations in ``.test_durations`` (tests missing there count as the average). It walks the tests in the order it gets
them, and ties are kept in that order; pytest-randomly shuffles the order before it, with each runner's own seed. So
two runners with two seeds could put one test in two shards, or in none. Here the split is made on the tests sorted by
node id, whatever the order, and the order is put back afterwards: every shard takes its part of the same partition,
and runs it in its own random order. ``tests/suite/test_shards.py`` proves the N shards are exactly the selection.

The shard is an environment fact of the run (``shard = 2/4``), and ``suite.reporting.shards`` merges the shards'
results into one report and one summary.
"""

from __future__ import annotations

import pytest


def shard_of(config: pytest.Config) -> tuple[int, int] | None:
    """``(group, splits)`` when this run is one shard of the suite, else None."""
    splits, group = getattr(config.option, "splits", None), getattr(config.option, "group", None)
    return (int(group), int(splits)) if splits and group else None


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]):
    """Inside pytest-randomly's shuffle and around every other selection (pytest-split's included): the tests are
    handed on in node-id order, and the shard's tests get their shuffled order back."""
    if shard_of(config) is None:
        return (yield)
    shuffled = {item.nodeid: index for index, item in enumerate(items)}
    items.sort(key=lambda item: item.nodeid)
    result = yield
    items.sort(key=lambda item: shuffled[item.nodeid])
    return result
