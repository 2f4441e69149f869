"""The stress shape's knee and the capacity figure, from per-step measurements.

Inside Locust (``tests/performance/perf_hooks.py``) a snapshot of the cumulative response-time histogram (Locust's
``response_times``: rounded milliseconds -> count), request and failure counts is taken when a step has settled and
when it ends; ``step_between`` turns two snapshots into that step's own figures (the histogram difference gives the
step's exact p95, not a whole-run percentile). The **knee** is the first step whose p95 or error rate exceeds the SLO;
the **capacity** is the highest throughput of a step whose p95 stays within the capacity limit (200 ms) with the error
rate within its ceiling.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Snapshot:
    at_s: float
    users: int
    requests: int
    failures: int
    histogram: dict[int, int]


@dataclass
class Step:
    index: int
    users: int
    duration_s: float
    requests: int
    failures: int
    rps: float
    p95_ms: float
    p99_ms: float
    error_rate: float


def percentile(histogram: dict[int, int], fraction: float) -> float:
    """The response time at ``fraction`` (0.95) of a ``{ms: count}`` histogram (Locust's rounding kept)."""
    total = sum(count for count in histogram.values() if count > 0)
    if total == 0:
        return 0.0
    wanted = fraction * total
    running = 0
    for value in sorted(histogram):
        running += max(histogram[value], 0)
        if running >= wanted:
            return float(value)
    return float(max(histogram))


def step_between(index: int, start: Snapshot, end: Snapshot) -> Step:
    diff = {key: end.histogram.get(key, 0) - start.histogram.get(key, 0) for key in end.histogram}
    requests = end.requests - start.requests
    failures = end.failures - start.failures
    seconds = max(end.at_s - start.at_s, 1e-9)
    return Step(index, end.users, round(seconds, 1), requests, failures, round(requests / seconds, 2),
                percentile(diff, 0.95), percentile(diff, 0.99), failures / requests if requests else 0.0)


@dataclass
class KneeReport:
    steps: list[Step]
    p95_limit_ms: float
    error_limit: float
    capacity_p95_ms: float
    knee: Step | None
    capacity: Step | None

    def to_json(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        lines = [f"{'step':>4} {'users':>5} {'req/s':>7} {'p95':>7} {'p99':>7} {'errors':>7}"]
        for step in self.steps:
            mark = "  <- knee" if self.knee and step.index == self.knee.index else ""
            lines.append(f"{step.index + 1:>4} {step.users:>5} {step.rps:>7.1f} {step.p95_ms:>5.0f}ms "
                         f"{step.p99_ms:>5.0f}ms {step.error_rate * 100:>6.2f}%{mark}")
        if self.knee:
            lines.append(f"knee: step {self.knee.index + 1} at {self.knee.users} users "
                         f"(p95 {self.knee.p95_ms:.0f} ms vs {self.p95_limit_ms:.0f} ms, "
                         f"errors {self.knee.error_rate * 100:.2f} % vs {self.error_limit * 100:.2f} %)")
        else:
            lines.append("knee: not reached within the stress plan (the SLO held at every step)")
        if self.capacity:
            lines.append(f"capacity: {self.capacity.rps:.1f} req/s at p95 {self.capacity.p95_ms:.0f} ms "
                         f"(<= {self.capacity_p95_ms:.0f} ms) with {self.capacity.users} users")
        else:
            lines.append(f"capacity: no step kept p95 <= {self.capacity_p95_ms:.0f} ms")
        return "\n".join(lines)


def is_broken(step: Step, p95_limit_ms: float, error_limit: float) -> bool:
    return step.p95_ms > p95_limit_ms or step.error_rate > error_limit


def analyse(steps: list[Step], p95_limit_ms: float, error_limit: float, capacity_p95_ms: float = 200.0,
            min_requests: int = 20) -> KneeReport:
    measured = [step for step in steps if step.requests >= min_requests]
    knee = next((step for step in measured if is_broken(step, p95_limit_ms, error_limit)), None)
    good = [step for step in measured if step.p95_ms <= capacity_p95_ms and step.error_rate <= error_limit]
    capacity = max(good, key=lambda step: step.rps) if good else None
    return KneeReport(steps, p95_limit_ms, error_limit, capacity_p95_ms, knee, capacity)
