"""The named load shapes, as pure stage plans (Locust's ``LoadTestShape`` in ``tests/performance/locustfile.py``
only asks ``Plan.tick`` what to do). Every shape is bounded in time and in user count.

| shape  | what                                                    | users      | time            |
|--------|---------------------------------------------------------|------------|-----------------|
| smoke  | the PR gate: every persona a few times                  | 10         | 40 s            |
| load   | the nominal working day (also the nightly run)          | 40         | ECRM_PERF_LOAD_S (300 s) |
| stress | steps of users until the SLO breaks: the knee           | 10 … 240   | ≤ 10 × 30 s     |
| spike  | nominal, a sudden 4× burst, then recovery               | 15 → 60    | 110 s           |
| soak   | nominal load held long (leaks, pool exhaustion, drift)  | 30         | ECRM_PERF_SOAK_S (1800 s) |
| steady | a slice of ``./qa perf compare``: all at once, think ÷ 4 | ECRM_PERF_USERS (13) | ECRM_PERF_SLICE_S (15) |

``think_scale`` multiplies the personas' think times (stress thinks less, so that a step of users is more load).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Stage:
    until_s: float  # the stage lasts until this run time
    users: int
    spawn_rate: float


@dataclass
class Plan:
    name: str
    stages: list[Stage]
    think_scale: float = 1.0
    stepped: bool = False  # stress: each stage is a step measured for the knee
    settle_s: float = 10.0  # stepped plans: seconds after a step starts before it is measured
    description: str = ""
    max_users: int = field(init=False, default=0)

    def __post_init__(self):
        if not self.stages:
            raise ValueError(f"shape {self.name} has no stages")
        ends = [stage.until_s for stage in self.stages]
        if ends != sorted(ends) or ends[0] <= 0:
            raise ValueError(f"shape {self.name}: stage end times must increase")
        self.max_users = max(stage.users for stage in self.stages)

    @property
    def duration_s(self) -> float:
        return self.stages[-1].until_s

    def stage_index(self, run_time: float) -> int | None:
        for index, stage in enumerate(self.stages):
            if run_time < stage.until_s:
                return index
        return None

    def tick(self, run_time: float) -> tuple[int, float] | None:
        index = self.stage_index(run_time)
        if index is None:
            return None
        stage = self.stages[index]
        return stage.users, stage.spawn_rate

    def stage_start(self, index: int) -> float:
        return 0.0 if index == 0 else self.stages[index - 1].until_s


STRESS_STEPS = (10, 20, 40, 60, 80, 110, 140, 180, 240)
STRESS_STEP_S = 30.0


def plan(name: str, environ: dict[str, str] | None = None) -> Plan:
    env = os.environ if environ is None else environ
    if name == "smoke":
        return Plan("smoke", [Stage(40, 10, 5)], description="PR gate: 10 users for 40 s")
    if name == "load":
        # 300 s: at ~23 req/s over ~35 request names, most names get the 50+ samples a stable p95 needs.
        seconds = float(env.get("ECRM_PERF_LOAD_S", 300))
        return Plan("load", [Stage(seconds, 40, 2)], description=f"nominal: 40 users for {seconds:.0f} s")
    if name == "spike":
        return Plan("spike", [Stage(30, 15, 5), Stage(60, 60, 30), Stage(110, 15, 30)],
                    description="15 users, a burst to 60 within 2 s for 30 s, then 50 s of recovery at 15")
    if name == "soak":
        seconds = float(env.get("ECRM_PERF_SOAK_S", 1800))
        return Plan("soak", [Stage(seconds, 30, 3)], description=f"30 users held for {seconds:.0f} s")
    if name == "stress":
        step_s = float(env.get("ECRM_PERF_STEP_S", STRESS_STEP_S))
        stages = [Stage(step_s * (i + 1), users, 20) for i, users in enumerate(STRESS_STEPS)]
        return Plan("stress", stages, think_scale=0.25, stepped=True,
                    description=f"steps of {', '.join(map(str, STRESS_STEPS))} users, {step_s:.0f} s each, "
                                "stopping one step after the knee")
    if name == "steady":
        users = int(env.get("ECRM_PERF_USERS", STEADY_USERS))
        seconds = float(env.get("ECRM_PERF_SLICE_S", STEADY_S))
        think = float(env.get("ECRM_PERF_THINK", STEADY_THINK))
        if not (1 <= users <= 300 and 1 <= seconds <= 3600 and 0 < think <= 4):
            raise ValueError(f"shape steady: users must be 1..300, seconds 1..3600 and the think scale 0..4, not "
                             f"{users}, {seconds:g} and {think:g}")
        # All users at once: a slice of a side-by-side compare is short, and its log-ins are cut off as warm-up.
        # A quarter of the think time: about the nominal load's request rate (20-25 req/s) from a third of its users,
        # so a third of the log-ins (each hashes a password for ~0.45 CPU-s) per slice.
        return Plan("steady", [Stage(seconds, users, float(users))], think_scale=think,
                    description=f"{users} users, spawned at once, for {seconds:.0f} s, think time x {think:g}")
    raise ValueError(f"unknown shape {name!r}; use one of {', '.join(NAMES)}")


STEADY_USERS = 13  # one per unit of the personas' weights (4+1+2+1+1+2+1+1): every persona takes part
STEADY_S = 15.0
STEADY_THINK = 0.25
NAMES = ("smoke", "load", "stress", "spike", "soak", "steady")
