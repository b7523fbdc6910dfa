"""Turn jurors' weighted scores into a ranking. Plain Python: no database here.

``rank(scores, method)`` takes ``(entry_id, juror_id, score)`` triples and returns
``[(entry_id, value), ...]`` best first.

Methods
-------
``"mean"``
    The plain average of an entry's scores.
``"zscore"``
    Each score is first standardised against its own juror: ``(score - juror mean) /
    juror standard deviation`` (population standard deviation over every score that juror gave
    in the input), then an entry's value is the average of its standardised scores. A harsh or
    lenient juror, or one who uses only part of the scale, then weighs like any other.
    Robustness, exactly:

    * a juror with a single score: nothing is known of their scale, so that score is
      standardised against the whole panel (mean and standard deviation of all scores);
    * a juror whose scores are all equal (zero spread) ranked nothing: each of their scores
      counts as 0, the juror's average;
    * when the whole panel has zero spread, every value is 0.
``"trimmed"``
    With three scores or more, the highest and the lowest are dropped (one each) and the rest
    averaged; with fewer, the plain mean.
``"calibrated"`` (the default)
    The jury model of ``judging.jury_model``: each juror's offset and scale are fitted jointly
    with each entry's quality, so a juror's bias is learnt from how they compare with other
    jurors on the same films, not from the films they happened to see. Values are qualities
    in standard deviations (0 is an average entry).

``assess(scores, method)`` returns the same ranking with, per entry, a standard error and the
connected group of the juror-entry graph it belongs to (see ``judging.jury_model``). For the
calibrated method the error is the model's; for the others it is the pooled within-entry
standard deviation of the per-score values (marks, or z-scores) over the square root of the
entry's number of scores: pooled because three scores say almost nothing of their own spread.

Ties (equal values) are broken deterministically: more scores first, then the higher plain
mean, then the smaller ``entry_id``. Sums use ``math.fsum`` so the input order never changes a
value.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from . import jury_model

Id = Hashable
METHODS = ("mean", "zscore", "trimmed", "calibrated")
# The benchmark (bench/bench_calibration.py) finds it closest to the truth in every design.
DEFAULT_METHOD = "calibrated"
# Spreads below this count as zero: weighted scores are averages of marks, not exact numbers.
EPSILON = 1e-9


def mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def pstdev(values: list[float]) -> float:
    centre = mean(values)
    return math.sqrt(math.fsum((v - centre) ** 2 for v in values) / len(values))


def standardised(scores: list[tuple[Id, Id, float]]) -> list[tuple[Id, Id, float]]:
    """The scores as per-juror z-scores, with the fallbacks described in the module docstring."""
    by_juror: dict[Id, list[float]] = defaultdict(list)
    for _entry, juror, score in scores:
        by_juror[juror].append(score)
    everything = [score for _e, _j, score in scores]
    panel_mean, panel_sd = mean(everything), pstdev(everything)
    scale = {}
    for juror, values in by_juror.items():
        if len(values) == 1:
            scale[juror] = (panel_mean, panel_sd)
        else:
            scale[juror] = (mean(values), pstdev(values))
    result = []
    for entry, juror, score in scores:
        centre, spread = scale[juror]
        result.append((entry, juror, 0.0 if spread < EPSILON else (score - centre) / spread))
    return result


def _trimmed(values: list[float]) -> float:
    if len(values) < 3:
        return mean(values)
    return mean(sorted(values)[1:-1])


@dataclass(frozen=True)
class Assessment:
    ranked: list[tuple[Id, float]]  # best first, as ``rank`` returns it
    errors: dict[Id, float]  # standard error of each value
    groups: dict[Id, int]  # connected group of each entry, 1 the largest


def _pooled_errors(values: dict[Id, list[float]]) -> dict[Id, float]:
    squares = math.fsum((v - mean(vs)) ** 2 for vs in values.values() if len(vs) > 1 for v in vs)
    freedom = sum(len(vs) - 1 for vs in values.values())
    if freedom:
        variance = squares / freedom
    else:  # one score an entry: their spread is all there is to go by
        variance = pstdev([v for vs in values.values() for v in vs]) ** 2
    return {entry: math.sqrt(variance / len(vs)) for entry, vs in values.items()}


def assess(scores: Iterable[tuple[Id, Id, float]], method: str) -> Assessment:
    """Rank entries best first by ``method`` (one of ``METHODS``), with errors and groups."""
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; use one of {', '.join(METHODS)}.")
    triples = [(entry, juror, float(score)) for entry, juror, score in scores]
    if not triples:
        return Assessment([], {}, {})
    raw: dict[Id, list[float]] = defaultdict(list)
    for entry, _juror, score in triples:
        raw[entry].append(score)
    if method == "calibrated":
        fitted = jury_model.fit(triples)
        result, errors, groups = fitted.values, fitted.errors, fitted.groups
    else:
        values = raw
        if method == "zscore":
            values = defaultdict(list)
            for entry, _juror, z in standardised(triples):
                values[entry].append(z)
        if method == "trimmed":
            result = {entry: _trimmed(marks) for entry, marks in raw.items()}
        else:
            result = {entry: mean(vs) for entry, vs in values.items()}
        errors, groups = _pooled_errors(values), jury_model.groups(triples)
    order = sorted(
        result, key=lambda entry: (-result[entry], -len(raw[entry]), -mean(raw[entry]), entry)
    )
    return Assessment([(entry, result[entry]) for entry in order], errors, groups)


def rank(scores: Iterable[tuple[Id, Id, float]], method: str) -> list[tuple[Id, float]]:
    """Rank entries best first by ``method`` (one of ``METHODS``)."""
    return assess(scores, method).ranked
