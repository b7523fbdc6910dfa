"""How far jurors agree. Plain Python: no database here.

* ``krippendorff_alpha`` (interval metric) works with missing data, which is the normal case
  here: each entry is scored by a few jurors out of many. 1 is perfect agreement, 0 is what
  chance would give, below 0 is systematic disagreement.
* ``icc`` gives the intraclass correlations of Shrout and Fleiss for a complete table (every
  juror scored every entry, as in a final round).
* ``icc_oneway`` gives ICC(1) for incomplete designs (k of n jurors per entry, unequal
  numbers of scores): a one-way random-effects analysis of variance, where whatever is not the
  entry (the juror's harshness included) counts as error, since each entry meets other jurors.
* ``criterion_reliability`` gives alpha and ICC(1) per criterion of the rubric.
* ``juror_calibration`` describes each juror: mean, spread, count, agreement with the panel
  and outlier flags.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

Id = Hashable

# A juror whose marks correlate less than this with the rest of the panel is flagged.
LOW_AGREEMENT = 0.2
# Flags need this many entries shared with other jurors.
MIN_SHARED = 3


def krippendorff_alpha(scores: Iterable[tuple[Id, Id, float]]) -> float | None:
    """Krippendorff's alpha with the interval metric over ``(unit, coder, value)`` triples.

    Units with a single value are not pairable and are left out. Returns None when fewer than
    two pairable values exist or all pairable values are equal (alpha is undefined).
    """
    units: dict[Id, list[float]] = defaultdict(list)
    for unit, _coder, value in scores:
        units[unit].append(float(value))
    pairable = [values for values in units.values() if len(values) >= 2]
    n = sum(len(values) for values in pairable)
    if n < 2:
        return None

    def squared_differences(values: list[float]) -> float:
        # Sum over ordered pairs i != j of (v_i - v_j)^2, without the double loop.
        total = math.fsum(values)
        return 2 * (len(values) * math.fsum(v * v for v in values) - total * total)

    observed = math.fsum(squared_differences(values) / (len(values) - 1) for values in pairable)
    expected = squared_differences([v for values in pairable for v in values]) / (n - 1)
    if expected <= 0:
        return None
    return 1 - observed / expected


@dataclass(frozen=True)
class ICC:
    """Shrout & Fleiss intraclass correlations, single rater and average of the raters."""

    icc1: float
    icc2: float
    icc3: float
    icc2k: float


def icc(table: list[list[float]]) -> ICC | None:
    """Intraclass correlations of a complete ``entries x jurors`` table (no missing cell).

    ICC(1,1) one-way random, ICC(2,1) two-way random (absolute agreement), ICC(3,1) two-way
    mixed (consistency) and ICC(2,k) for the mean of the k raters. None when undefined.
    """
    n = len(table)
    k = len(table[0]) if table else 0
    if n < 2 or k < 2 or any(len(row) != k for row in table):
        return None
    grand = math.fsum(v for row in table for v in row) / (n * k)
    rows = [math.fsum(row) / k for row in table]
    cols = [math.fsum(row[j] for row in table) / n for j in range(k)]
    ss_rows = k * math.fsum((m - grand) ** 2 for m in rows)
    ss_cols = n * math.fsum((m - grand) ** 2 for m in cols)
    ss_total = math.fsum((v - grand) ** 2 for row in table for v in row)
    ss_error = ss_total - ss_rows - ss_cols
    bms = ss_rows / (n - 1)
    wms = (ss_total - ss_rows) / (n * (k - 1))
    jms = ss_cols / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))
    try:
        return ICC(
            icc1=(bms - wms) / (bms + (k - 1) * wms),
            icc2=(bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n),
            icc3=(bms - ems) / (bms + (k - 1) * ems),
            icc2k=(bms - ems) / (bms + (jms - ems) / n),
        )
    except ZeroDivisionError:
        return None


@dataclass(frozen=True)
class OneWayICC:
    """ICC(1) of a design with unequal numbers of scores per entry."""

    single: float  # reliability of one juror's score
    average: float  # reliability of an entry's average over ``raters`` scores
    raters: float  # the effective number of scores an entry (n0 of the ANOVA)


def icc_oneway(scores: Iterable[tuple[Id, Id, float]]) -> OneWayICC | None:
    """ICC(1) from ``(entry, juror, value)`` triples, missing cells allowed.

    With ``a`` entries, ``N`` scores, ``n_i`` scores of entry ``i``: MSB = SSB / (a - 1),
    MSW = SSW / (N - a), n0 = (N - sum(n_i^2) / N) / (a - 1), ICC(1) = (MSB - MSW) / (MSB +
    (n0 - 1) MSW) and, for the average of n0 scores, (MSB - MSW) / MSB. On a complete table
    these are Shrout and Fleiss's ICC(1,1) and ICC(1,k). None when undefined (fewer than two
    entries, no entry with two scores, or no variation).
    """
    units: dict[Id, list[float]] = defaultdict(list)
    for unit, _rater, value in scores:
        units[unit].append(float(value))
    groups = list(units.values())
    a, n = len(groups), sum(len(values) for values in groups)
    if a < 2 or n <= a:
        return None
    grand = math.fsum(v for values in groups for v in values) / n
    means = [math.fsum(values) / len(values) for values in groups]
    ssb = math.fsum(len(values) * (m - grand) ** 2 for values, m in zip(groups, means,
                                                                          strict=True))
    ssw = math.fsum((v - m) ** 2 for values, m in zip(groups, means, strict=True)
                    for v in values)
    msb, msw = ssb / (a - 1), ssw / (n - a)
    n0 = (n - math.fsum(len(values) ** 2 for values in groups) / n) / (a - 1)
    if msb <= 0 or msb + (n0 - 1) * msw <= 0:
        return None
    return OneWayICC(single=(msb - msw) / (msb + (n0 - 1) * msw), average=(msb - msw) / msb,
                     raters=n0)


@dataclass(frozen=True)
class CriterionReliability:
    criterion: Id
    alpha: float | None
    icc: OneWayICC | None


def criterion_reliability(
    marks: dict[Id, list[tuple[Id, Id, float]]],
) -> list[CriterionReliability]:
    """Alpha and ICC(1) of each criterion's marks, given as ``{criterion: triples}`` in the
    rubric's order: a criterion that jurors read differently shows up here first."""
    return [CriterionReliability(criterion=criterion, alpha=krippendorff_alpha(triples),
                                 icc=icc_oneway(triples))
            for criterion, triples in marks.items()]


@dataclass(frozen=True)
class JurorStats:
    juror_id: Id
    count: int
    mean: float
    spread: float  # population standard deviation of the juror's scores
    bias: float | None  # mean of (own score - mean of the others' scores) on shared entries
    agreement: float | None  # Pearson correlation with the others' mean on shared entries
    shared: int  # entries this juror scored that someone else scored too
    flags: tuple[str, ...]


def pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def juror_calibration(scores: Iterable[tuple[Id, Id, float]]) -> dict[Id, JurorStats]:
    """Per-juror statistics with outlier flags.

    Agreement is the correlation between the juror's scores and the mean of the *other*
    jurors' scores of the same entries. Flags (only with at least ``MIN_SHARED`` shared
    entries): ``"low_agreement"`` below ``LOW_AGREEMENT`` (or undefined because the juror gave
    one mark to everything), ``"lenient"`` / ``"harsh"`` when the bias exceeds one standard
    deviation of all scores, ``"narrow"`` when the juror's spread is under half of it.
    """
    triples = [(entry, juror, float(value)) for entry, juror, value in scores]
    by_entry: dict[Id, list[tuple[Id, float]]] = defaultdict(list)
    by_juror: dict[Id, list[tuple[Id, float]]] = defaultdict(list)
    for entry, juror, value in triples:
        by_entry[entry].append((juror, value))
        by_juror[juror].append((entry, value))
    values = [value for _e, _j, value in triples]
    overall_sd = _pstdev(values) if values else 0.0
    result = {}
    for juror, marks in by_juror.items():
        own, others = [], []
        for entry, value in marks:
            rest = [v for j, v in by_entry[entry] if j != juror]
            if rest:
                own.append(value)
                others.append(math.fsum(rest) / len(rest))
        mine = [value for _e, value in marks]
        spread = _pstdev(mine)
        gaps = [a - b for a, b in zip(own, others, strict=True)]
        bias = math.fsum(gaps) / len(gaps) if gaps else None
        agreement = pearson(own, others)
        flags = []
        if len(own) >= MIN_SHARED:
            if agreement is None or agreement < LOW_AGREEMENT:
                flags.append("low_agreement")
            if overall_sd > 0 and bias is not None and abs(bias) > overall_sd:
                flags.append("lenient" if bias > 0 else "harsh")
            if overall_sd > 0 and spread < overall_sd / 2:
                flags.append("narrow")
        result[juror] = JurorStats(
            juror_id=juror, count=len(mine), mean=math.fsum(mine) / len(mine), spread=spread,
            bias=bias, agreement=agreement, shared=len(own), flags=tuple(flags),
        )
    return result


def _pstdev(values: list[float]) -> float:
    centre = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - centre) ** 2 for v in values) / len(values))
