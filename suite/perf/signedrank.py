"""The statistics the side-by-side compare (``suite.perf.sidebyside``) applies over its pairs of slices.

- The exact Wilcoxon signed-rank test and the Hodges-Lehmann shift of paired differences, with its exact confidence
  interval: the null distribution is enumerated over all 2^n sign assignments of the ranks (no normal
  approximation), so the test holds for any noise that is symmetric between the two sides of a pair, however skewed.
- The van Elteren test (a Mann-Whitney rank-sum test per pair, combined over the pairs with weights 1 / (n + 1)) and
  the stratified Hodges-Lehmann shift (the median of every within-pair difference): for a name with a few requests a
  slice, whose slices' medians are too noisy to compare, judged on its requests within each pair instead.

Pure Python.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from functools import cache

CONFIDENCE = 0.95


@cache
def _null_counts(n: int) -> tuple[int, ...]:
    """How many of the 2^n sign assignments of the ranks 1..n give each rank sum W+ = 0 … n(n+1)/2."""
    counts = [1]
    for rank in range(1, n + 1):
        longer = counts + [0] * rank
        for w, count in enumerate(counts):
            longer[w + rank] += count
        counts = longer
    return tuple(counts)


def _midranks_doubled(values: list[float]) -> list[int]:
    """Twice the midrank of each value (ties share their mean rank; doubled, it stays an integer)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = i + j + 2  # (i+1 + j+1), the doubled mean rank
        i = j + 1
    return ranks


def signed_rank_p(d: list[float]) -> float:
    """Two-sided exact p of the Wilcoxon signed-rank test of ``d`` against a shift of 0: the share of all 2^n sign
    assignments of the ranks whose rank sum is at least as far from its mean as the observed one. Zeros are dropped
    (Wilcoxon); tied magnitudes share their midrank, and the null distribution is then enumerated with those ranks."""
    nonzero = [x for x in d if x != 0]
    n = len(nonzero)
    if n == 0:
        return 1.0
    ranks = _midranks_doubled([abs(x) for x in nonzero])
    observed = sum(r for r, x in zip(ranks, nonzero, strict=True) if x > 0)
    total = sum(ranks)
    if len(set(ranks)) == n and total == n * (n + 1):  # no ties: the cached distribution of the ranks 1..n
        counts = {2 * w: c for w, c in enumerate(_null_counts(n))}
    else:
        counts = {0: 1}
        for rank in ranks:
            step: dict[int, int] = {}
            for w, c in counts.items():
                step[w] = step.get(w, 0) + c
                step[w + rank] = step.get(w + rank, 0) + c
            counts = step
    distance = abs(2 * observed - total)
    extreme = sum(c for w, c in counts.items() if abs(2 * w - total) >= distance)
    return min(1.0, extreme / 2 ** n)


@dataclass(frozen=True)
class Shift:
    """A shift on the log scale over ``pairs`` pairs: the Hodges-Lehmann estimate, its exact confidence interval
    (``None`` where the pairs are too few for that confidence) and the signed-rank p."""

    estimate: float
    low: float | None
    high: float | None
    p: float
    pairs: int

    @property
    def ratio(self) -> float:
        return math.exp(self.estimate)

    @property
    def ratio_low(self) -> float | None:
        return None if self.low is None else math.exp(self.low)

    @property
    def ratio_high(self) -> float | None:
        return None if self.high is None else math.exp(self.high)


def shift(d: list[float], confidence: float = CONFIDENCE) -> Shift:
    """The shift of paired log ratios ``d``: estimate, exact interval and p (see ``signed_rank_p``)."""
    n = len(d)
    if n == 0:
        return Shift(0.0, None, None, 1.0, 0)
    walsh = sorted((d[i] + d[j]) / 2 for i in range(n) for j in range(i, n))
    estimate = statistics.median(walsh)
    # The interval from the Walsh averages: from the (c+1)-th lowest to the (c+1)-th highest, c the largest rank sum
    # with P(W+ <= c) <= (1 - confidence) / 2 under the null (exact for untied pairs).
    counts = _null_counts(n)
    tail, c, cumulative = (1 - confidence) / 2, -1, 0
    for w, count in enumerate(counts):
        cumulative += count
        if cumulative / 2 ** n > tail:
            break
        c = w
    low, high = (walsh[c], walsh[len(walsh) - 1 - c]) if c >= 0 else (None, None)
    return Shift(estimate, low, high, signed_rank_p(d), n)


# --------------------------------------------------------------------------- the stratified rank-sum test
def _rank_sum_u(base: list[float], candidate: list[float]) -> float:
    """Mann-Whitney's U of the candidate's values against the base's (ties: midranks)."""
    values = sorted([(v, 0) for v in base] + [(v, 1) for v in candidate])
    ranks, i = [0.0] * len(values), 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1][0] == values[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j + 2) / 2
        i = j + 1
    candidate_ranks = sum(rank for rank, (_, side) in zip(ranks, values, strict=True) if side == 1)
    return candidate_ranks - len(candidate) * (len(candidate) + 1) / 2


@dataclass(frozen=True)
class StratifiedShift:
    """The shift of the candidate's values against the base's within pairs (log scale): the stratified
    Hodges-Lehmann estimate, van Elteren's z and its two-sided p (normal approximation), the pairs that counted."""

    estimate: float
    z: float
    p: float
    pairs: int

    @property
    def ratio(self) -> float:
        return math.exp(self.estimate)


def stratified_shift(pairs: list[tuple[list[float], list[float]]]) -> StratifiedShift:
    """``pairs``: per pair, (base values, candidate values), already on the log scale; a pair without both sides
    does not count."""
    total = variance = 0.0
    differences, counted = [], 0
    for base, candidate in pairs:
        if not base or not candidate:
            continue
        counted += 1
        nb, nc = len(base), len(candidate)
        weight = 1 / (nb + nc + 1)
        total += weight * (_rank_sum_u(base, candidate) - nb * nc / 2)
        variance += weight * weight * nb * nc * (nb + nc + 1) / 12
        differences.extend(c - b for b in base for c in candidate)
    if not counted or variance == 0:
        return StratifiedShift(0.0, 0.0, 1.0, counted)
    z = total / math.sqrt(variance)
    return StratifiedShift(statistics.median(differences), z, math.erfc(abs(z) / math.sqrt(2)), counted)
