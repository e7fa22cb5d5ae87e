"""The classical test statistics of graded answers: one module for `quizgen grade --stats`,
`quizgen report` and `quizgen lint --results`, so the three never disagree.

Every function takes plain numbers: a score is the fraction of a question's points an attempt
earned (0 to 1, partial credit included), a total is an attempt's points. The formulas are
Moodle's quiz statistics (mod/quiz/report/statistics) and the textbook ones; docs/report.md
writes each out. A statistic that cannot be computed (one student, every score alike) is None,
never a division by zero.
"""

from __future__ import annotations

import math
import statistics as stdlib
from dataclasses import dataclass
from typing import Sequence

GROUP = 0.27  # the upper and lower groups: Kelley's 27% of the attempts ranked by total
MIN_GROUPS = 4  # fewer attempts than this make groups of one that say nothing


def facility(scores: Sequence[float]) -> float | None:
    """The mean score as a share of the points: 1 when everyone was right."""
    return math.fsum(scores) / len(scores) if scores else None


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when either side does not vary (no line can be fitted)."""
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return stdlib.correlation(xs, ys)


def corrected_point_biserial(scores: Sequence[float], points: float, totals: Sequence[float]) -> float | None:
    """The correlation of a question's score with the rest of the test (the attempt's total
    without this question), so the question is not correlated with itself. With right/wrong
    scores this is the corrected point-biserial; with partial credit, the item-rest correlation
    (Moodle's "discrimination index")."""
    rest = [total - score * points for score, total in zip(scores, totals)]
    return correlation(scores, rest)


@dataclass(frozen=True)
class Groups:
    """The indices of the lower and the upper group of attempts ranked by their total.

    Ties at a group's edge are broken by the attempts' order in the results, the way a teacher
    cutting a sorted list would; docs/report.md says so."""

    lower: tuple[int, ...]
    upper: tuple[int, ...]


def groups(totals: Sequence[float], share: float = GROUP) -> Groups | None:
    if len(totals) < MIN_GROUPS:
        return None
    ranked = sorted(range(len(totals)), key=lambda i: totals[i])  # sorted() is stable: ties keep their order
    size = max(1, round(share * len(totals)))
    return Groups(tuple(ranked[:size]), tuple(ranked[-size:]))


def upper_minus_lower(scores_by_attempt: dict[int, float], split: Groups | None) -> float | None:
    """The mean score of the upper group minus that of the lower (-1 to 1), counting in each
    group only the attempts that had the question."""
    if split is None:
        return None
    upper = [scores_by_attempt[i] for i in split.upper if i in scores_by_attempt]
    lower = [scores_by_attempt[i] for i in split.lower if i in scores_by_attempt]
    if not upper or not lower:
        return None
    return math.fsum(upper) / len(upper) - math.fsum(lower) / len(lower)


@dataclass(frozen=True)
class Reliability:
    value: float
    name: str  # "KR-20" for right/wrong questions, "Cronbach's alpha" when some give part marks
    items: int
    attempts: int


def reliability(rows: Sequence[Sequence[float]]) -> Reliability | None:
    """Cronbach's alpha over a table of points (one row per attempt, one column per question):
    k/(k-1) * (1 - sum of the questions' variances / variance of the totals). With questions
    scored right or wrong it is KR-20 (each variance is then p*q). Population variances on both
    sides, as KR-20 has them. None below 2 questions or 2 attempts, or when the totals do not vary."""
    if len(rows) < 2 or not rows[0] or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    columns = list(zip(*rows))
    spread = _pvariance([math.fsum(row) for row in rows])
    if spread <= 1e-12:  # the totals do not vary (up to rounding)
        return None
    parts = math.fsum(_pvariance(column) for column in columns)
    dichotomous = all(len(set(column) - {0}) <= 1 for column in columns)
    name = "KR-20" if dichotomous else "Cronbach's alpha"
    return Reliability(k / (k - 1) * (1 - parts / spread), name, k, len(rows))


def _pvariance(values: Sequence[float]) -> float:
    """The population variance in floating point: `statistics.pvariance` is exact (fractions)
    and takes seconds over the columns of 10,000 attempts."""
    mean = math.fsum(values) / len(values)
    return math.fsum([(v - mean) ** 2 for v in values]) / len(values)


@dataclass(frozen=True)
class Summary:
    count: int
    mean: float
    median: float
    sd: float | None  # the sample standard deviation (n - 1), as Moodle reports it; None for one attempt


def summary(values: Sequence[float]) -> Summary | None:
    if not values:
        return None
    sd = stdlib.stdev(values) if len(values) > 1 else None
    return Summary(len(values), stdlib.fmean(values), stdlib.median(values), sd)


def histogram(values: Sequence[float], top: float, bins: int = 10) -> list[int]:
    """How many values fall in each of `bins` equal slices of 0..top; the top value in the last."""
    counts = [0] * bins
    if top <= 0:
        return counts
    for value in values:
        counts[min(bins - 1, max(0, int(value / top * bins)))] += 1
    return counts
