"""Locust-side glue of the server's own signals: every response's ``Server-Timing`` header, per request name.

``suite.perf.signals.SignalBook`` does the counting (pure, tested without Locust); this module feeds it from Locust's
``request`` event, sends a worker's book to the master with each report (as Locust sends its statistics), and on
the master (or the local runner) writes ``server-signals.json`` at the end: per name the median and largest query
count and the server time's percentiles, next to Locust's latency, and which signals the deployment did not send.

With ``ECRM_PERF_SAMPLES=<file>`` every request is also appended to that file as one JSON line (time, name, latency,
success, server time, query count): the side-by-side compare (``suite.perf.sidebyside``) judges its slices on them.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from locust import events
from locust.runners import WorkerRunner

from suite.perf.server_timing import Signals, signals
from suite.perf.signals import SignalBook

OUT = Path(os.environ.get("ECRM_PERF_OUT", "reports/performance/adhoc"))
SAMPLES = os.environ.get("ECRM_PERF_SAMPLES", "")
KEY = "ecrm_signals"

BOOK = SignalBook()
_lock = threading.Lock()
_samples = None


def _write_sample(name: str, response_time: float, ok: bool, found: Signals) -> None:
    global _samples
    with _lock:
        if _samples is None:
            Path(SAMPLES).parent.mkdir(parents=True, exist_ok=True)
            _samples = open(SAMPLES, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - kept for the run
        _samples.write(json.dumps({"t": round(time.time(), 3), "name": name, "ms": round(response_time, 2),
                                   "ok": ok, "server_ms": found.server_ms, "queries": found.queries},
                                  ensure_ascii=False) + "\n")


@events.request.add_listener
def on_request(name, response_time, response=None, exception=None, **_kwargs) -> None:
    headers = getattr(response, "headers", None)
    found = signals(headers) if headers is not None else Signals()
    with _lock:
        BOOK.add(name, found)
    if SAMPLES:
        _write_sample(name, response_time, exception is None, found)


@events.report_to_master.add_listener
def send(client_id, data, **_kwargs) -> None:
    with _lock:
        data[KEY] = BOOK.drain()


@events.worker_report.add_listener
def receive(client_id, data, **_kwargs) -> None:
    with _lock:
        BOOK.merge(data.get(KEY, {}))


@events.quitting.add_listener
def write_summary(environment, **_kwargs) -> None:
    if isinstance(environment.runner, WorkerRunner):
        return
    with _lock:
        BOOK.save(OUT / "server-signals.json")
