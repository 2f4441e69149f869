"""The Server-Timing header as the suite reads it (suite/perf/server_timing.py) and the per-name signals a load run
keeps (suite/perf/signals.py): what the reference e-CRM sends, what another deployment may send, and nothing."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from suite.perf.server_timing import Signals, parse, signals
from suite.perf.signals import SignalBook, percentile

ECRM = 'app;dur=12.4;desc="e-CRM", db;dur=3.1;count=7'


def test_the_reference_ecrms_header_gives_server_time_sql_time_and_query_count():
    found = signals({"Server-Timing": ECRM})
    assert (found.server_ms, found.db_ms, found.queries) == (12.4, 3.1, 7)
    assert found.lacking == ()


def test_header_names_are_looked_up_without_case_in_a_plain_dict():
    assert signals({"server-timing": ECRM, "x-ecrm-sql-repeats": "20x SELECT"}).repeats == "20x SELECT"


@pytest.mark.parametrize(("header", "server_ms", "queries"), [
    ("total;dur=48", 48.0, None),                                       # another server's name for its own time
    ('cache;desc="hit", app;dur=5.5', 5.5, None),                       # metrics in any order
    ("app;dur=5, app;dur=9", 5.0, None),                                # a repeated name: the first wins
    ('app;dur=5;desc="a, b; c", db;count=3', 5.0, 3),                   # quoted commas and semicolons
    ('db;desc="x\\"y";count=2, app;dur=1', 1.0, 2),                     # an escaped quote
    ("APP;DUR=2, DB;COUNT=4", 2.0, 4),                                  # names and parameters without case
    ("app;dur=-1, db;count=2.5", None, None),                           # not a time, not a count
    ("app;dur=abc, @@@, db;count=3", None, 3),                          # garbage between metrics is skipped
    ("miss, db;dur=2", None, None),                                     # a metric without parameters
])
def test_header_variants(header, server_ms, queries):
    found = signals({"Server-Timing": header})
    assert (found.server_ms, found.queries) == (server_ms, queries)


def test_a_deployment_without_the_header_lacks_both_signals():
    assert signals({}) == Signals()
    assert signals({}).lacking == ("server time", "query count")
    assert parse(None) == {} and parse("") == {}


def test_the_book_summarises_each_name_and_merges_workers():
    worker, master = SignalBook(), SignalBook()
    for ms, count in ((10, 4), (12, 4), (30, 5), (11, 4)):
        worker.add("customers: search", Signals(server_ms=ms, queries=count))
    master.add("customers: search", Signals(server_ms=50, queries=9))
    master.merge(json.loads(json.dumps(worker.drain())))  # what a worker sends is plain JSON
    assert worker.names == {}  # drained
    entry = master.summary()["names"]["customers: search"]
    assert entry["requests"] == 5 and entry["queries_median"] == 4 and entry["queries_max"] == 9
    assert entry["server_p50_ms"] == 12 and entry["server_p95_ms"] == 50 and entry["server_max_ms"] == 50
    assert entry["lacking"] == []


def test_the_book_says_which_signals_the_deployment_did_not_send():
    book = SignalBook()
    book.add("claims: my list", Signals())
    book.add("claims: my list", Signals(server_ms=8.0))
    summary = book.summary()
    assert summary["names"]["claims: my list"]["lacking"] == ["query count"]
    assert summary["note"] == "1 of 2 responses carried no server time; 2 of 2 carried no query count"
    silent = SignalBook()
    silent.add("x", Signals())
    assert "sent no Server-Timing header" in silent.summary()["note"]
    assert SignalBook().summary()["note"] == "no request was made"


def test_percentile_is_the_nearest_rank():
    values = Counter({1: 50, 100: 50})
    assert percentile(values, 0.5) == 1 and percentile(values, 0.51) == 100 and percentile(Counter(), 0.5) is None
