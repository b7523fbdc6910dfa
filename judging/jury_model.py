"""A model of the jury: each juror's offset and scale fitted jointly with each entry's quality.
Plain Python and numpy: no database here.

The z-score assumes every juror saw a sample of films as good as everyone else's. When panels
are built per category and categories differ in strength, that is false: a juror of a strong
category looks "lenient" and the z-score takes the category's advantage away. Here a juror's
bias is instead learnt from how their marks compare with other jurors' marks *on the same
films*.

Model, on each juror's standardised scores ``z`` (as in the z-score method):

    z[entry, juror] = offset[juror] + scale[juror] * quality[entry] + noise[juror]

fitted by penalised weighted least squares, each juror's scores weighted by the inverse of
their own noise variance (a careful juror counts for more than an erratic one). The
penalties are the priors: offsets near 0 and scales near 1 (the z-score's own assumption,
which the model falls back to when a juror shares little with the others), and a very weak
one on qualities. Each juror's noise variance is re-estimated as the fit goes (an EM step),
shrunk toward the panel's. The fit alternates two exact steps (qualities and offsets jointly
given the scales, then each juror's offset and scale given the qualities), extrapolated by
SQUAREM; the final values are standardised (mean 0, standard deviation 1).

Working on standardised scores keeps the ranking exactly invariant when one juror's marks are
shifted or stretched (a harsh juror's 3-to-7 means the same as a lenient one's 5-to-10), and
sets the priors in units every round shares.

Robustness:

* a juror with a single score is standardised against the whole panel (as by the z-score),
  and the priors then decide their offset and scale;
* a juror whose scores are all equal ranked nothing: their scores are left out of the fit;
* an entry with no usable score sits at the mean with a wide error;
* the jurors and entries form a bipartite graph (a juror is linked to the entries they
  scored); when it falls apart into groups that share no film and no juror, nothing in the
  marks compares one group with another, and the order across groups rests on the priors
  alone (every group saw films of similar quality). ``groups`` says which group each entry
  belongs to (1 is the largest), so pages can warn.

``errors`` are standard errors: the posterior standard deviation of each quality's distance
from the mean quality, given the fitted scales and noise, counting the offsets' uncertainty
(an entry seen by jurors who share little with others is less certain). The scales' own
uncertainty is left out, which makes intervals slightly narrow: in the benchmark 91 to 94
in 100 of the 95-percent intervals hold the truth. An analytic error rather than a
bootstrap: with three scores an entry a resample of its scores says little, a bootstrap of
jurors would refit the model hundreds of times, and a page must show the same figures every
time it is drawn.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np

Id = Hashable

# Prior standard deviations of a juror's offset and scale, in standard deviations of their own
# marks. Wide enough that a few shared films move them (a panel of a strong category sits a
# whole standard deviation away from a weak one), narrow enough to steady jurors with few scores.
OFFSET_PRIOR_SD = 2.0
SCALE_PRIOR_SD = 0.5
# A weak prior on qualities: it only keeps an entry without usable scores finite. A strong one
# (the spread of the qualities, as in a textbook random effect) pulls whole categories toward
# the common mean, which costs most where calibration matters most (panels per category).
QUALITY_PRIOR_SD = 10.0
MAX_ITERATIONS = 300
TOLERANCE = 1e-8
EPSILON = 1e-9  # spreads below this count as zero (as in ``aggregation``)
VARIANCE_FLOOR = 1e-6  # keeps the weights finite when the marks fit perfectly
# A juror's own noise variance is shrunk toward the panel's as if by this many scores.
NOISE_PRIOR_WEIGHT = 5.0
# The panel's noise variance is shrunk toward a quarter of the marks' variance (a reliability
# of 0.75 per score) as if by this many scores: nothing for a real round, but a handful of
# scores that a model fits exactly must not be read as jurors without noise.
PANEL_NOISE, PANEL_NOISE_WEIGHT = 0.25, 10.0


@dataclass(frozen=True)
class JuryFit:
    values: dict[Id, float]  # estimated quality per entry, in standard deviations
    errors: dict[Id, float]  # standard error of each value
    groups: dict[Id, int]  # connected group per entry, 1 the largest
    offsets: dict[Id, float]  # per juror, in standard deviations of their own marks
    scales: dict[Id, float]
    noise: float  # residual standard deviation
    iterations: int

    @property
    def group_count(self) -> int:
        return max(self.groups.values(), default=0)


def _canonical(scores: Iterable[tuple[Id, Id, float]]) -> list[tuple[Id, Id, float]]:
    # One order whatever the caller's, so floating-point sums (and so the values) never
    # depend on how the scores were read.
    triples = [(entry, juror, float(score)) for entry, juror, score in scores]
    return sorted(triples, key=lambda t: (repr(t[0]), repr(t[1]), t[2]))


def standardise(juror: np.ndarray, y: np.ndarray, jurors: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-juror z-scores and a usable-score weight (0 for a juror with zero spread)."""
    count = np.bincount(juror, minlength=jurors)
    centre = np.bincount(juror, y, minlength=jurors) / count
    spread = np.sqrt(np.bincount(juror, (y - centre[juror]) ** 2, minlength=jurors) / count)
    single = count == 1
    centre[single], spread[single] = y.mean(), y.std()
    flat = spread < EPSILON
    z = np.where(flat[juror], 0.0, (y - centre[juror]) / np.where(flat, 1.0, spread)[juror])
    return z, (~flat[juror]).astype(float)


def components(entry: np.ndarray, juror: np.ndarray, entries: int) -> np.ndarray:
    """Group number (1 the largest, then by first entry) of each entry in the juror-entry graph."""
    parent = list(range(entries + (int(juror.max()) + 1 if juror.size else 0)))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for e, j in zip(entry.tolist(), juror.tolist(), strict=True):
        a, b = find(e), find(entries + j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    roots = np.array([find(e) for e in range(entries)], dtype=int)
    labels, first, sizes = np.unique(roots, return_index=True, return_counts=True)
    order = sorted(range(len(labels)), key=lambda k: (-sizes[k], first[k]))
    number = np.empty(len(labels), dtype=int)
    number[order] = np.arange(1, len(labels) + 1)
    return number[np.searchsorted(labels, roots)]


def _pairs(e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every ordered pair of score indices (self-pairs included) that share an entry."""
    order = np.argsort(e, kind="stable")
    _values, starts, sizes = np.unique(e[order], return_index=True, return_counts=True)
    firsts, seconds = [], []
    for size in np.unique(sizes):
        blocks = order[starts[sizes == size][:, None] + np.arange(size)]  # entries x size
        firsts.append(np.repeat(blocks, size, axis=1).ravel())
        seconds.append(np.tile(blocks, (1, size)).ravel())
    return np.concatenate(firsts), np.concatenate(seconds)


class _Design:
    """The scores as index arrays, with the pairs every iteration reuses."""

    def __init__(self, e, j, z, w, n_entries, n_jurors):
        self.e, self.j, self.z, self.w = e, j, z, w
        self.n_entries, self.n_jurors = n_entries, n_jurors
        self.first, self.second = _pairs(e)
        self.cell = j[self.first] * n_jurors + j[self.second]  # (juror, juror) of each pair
        self.n_j = np.bincount(j, w, minlength=n_jurors)

    def per_juror(self, values) -> np.ndarray:
        return np.bincount(self.j, values, minlength=self.n_jurors)

    def per_entry(self, values) -> np.ndarray:
        return np.bincount(self.e, values, minlength=self.n_entries)

    def quality_and_offsets(self, scale, weight, *, exact_variance: bool = False):
        """Given the scales and each score's weight (inverse noise variance), the exact
        penalised weighted least-squares qualities and offsets.

        Solved jointly, the qualities eliminated so only a jurors x jurors system remains:
        updating qualities and offsets in turn would take thousands of steps to move a whole
        panel's films against another panel's through the few films they share.
        Returns the qualities, their posterior variances and the offsets. The variances count
        the offsets' own uncertainty only with ``exact_variance`` (an inverse of the system,
        worth computing once, at the end).
        """
        e, j, z, n = self.e, self.j, self.z, self.n_jurors
        b = weight * scale[j]
        c = self.per_entry(b * scale[j]) + 1 / QUALITY_PRIOR_SD**2
        r_q = self.per_entry(b * z)
        f, s = self.first, self.second
        # M = diag(sum of weights + prior) - B' C^-1 B, with B[e, j] = weight * scale.
        matrix = -np.bincount(self.cell, b[f] * b[s] / c[e[f]], minlength=n * n).reshape(n, n)
        matrix[np.diag_indices(n)] += self.per_juror(weight) + 1 / OFFSET_PRIOR_SD**2
        rhs = self.per_juror(weight * z) - self.per_juror(b * (r_q / c)[e])
        if not exact_variance:
            offset = _conjugate_gradient(matrix, rhs)
            quality = (r_q - self.per_entry(b * offset[j])) / c
            return quality, 1 / c, offset
        inverse = np.linalg.inv(matrix)
        offset = inverse @ rhs
        quality = (r_q - self.per_entry(b * offset[j])) / c
        return quality, self._centred_variance(b, c, inverse), offset

    def _centred_variance(self, b, c, inverse) -> np.ndarray:
        """Posterior variance of each quality minus the mean quality.

        The qualities' covariance is C^-1 + G M^-1 G' with G = C^-1 B. Shifting every offset
        one way and every quality the other leaves the fit unchanged, so a quality on its own
        is as uncertain as the weak priors allow; its distance from the mean, which is what
        the standardised values show and what a comparison of two entries needs, is not.
        """
        e, j, f, s, n = self.e, self.j, self.first, self.second, self.n_entries
        own = np.bincount(e[f], b[f] * b[s] * inverse.ravel()[self.cell], minlength=n) / c**2
        mean_g = self.per_juror(b / c[e]) / n  # G's column means
        h = inverse @ mean_g
        cross = self.per_entry(b * h[j]) / c
        noise = (1 - 2 / n) / c + float(np.mean(1 / c)) / n
        return np.maximum(noise + own - 2 * cross + float(mean_g @ h), 0.0)

    def offsets_and_scales(self, quality, weight):
        """Given the qualities, each juror's penalised straight line through their marks."""
        z, q = self.z, quality[self.e]
        scale_prior = 1 / SCALE_PRIOR_SD**2
        sw = self.per_juror(weight) + 1 / OFFSET_PRIOR_SD**2
        sq = self.per_juror(weight * q)
        sqq = self.per_juror(weight * q * q) + scale_prior
        sz = self.per_juror(weight * z)
        szq = self.per_juror(weight * z * q) + scale_prior
        det = sw * sqq - sq * sq
        offset = (sqq * sz - sq * szq) / det
        scale = (sw * szq - sq * sz) / det
        # A juror who ranks against everyone is ignored rather than read upside down.
        negative = scale < 0
        scale[negative] = 0.0
        offset[negative] = sz[negative] / sw[negative]
        return offset, scale


def _conjugate_gradient(matrix, rhs, tolerance=1e-12):
    """``matrix^-1 rhs`` for a symmetric positive definite ``matrix``, by Jacobi-preconditioned
    conjugate gradients. Matrix-vector products only: a LAPACK solve spends most of its time
    waking threads on a small system, and many times over on a busy server."""
    x = np.zeros_like(rhs)
    inverse_diagonal = 1 / np.diag(matrix)
    r = rhs - matrix @ x
    p = inverse_diagonal * r
    rz = float(r @ p)
    limit = tolerance * max(float(rhs @ rhs), 1e-300)
    for _ in range(len(rhs)):
        if float(r @ r) <= limit:
            break
        mp = matrix @ p
        step = rz / float(p @ mp)
        x += step * p
        r -= step * mp
        z = inverse_diagonal * r
        rz, previous = float(r @ z), rz
        p = z + (rz / previous) * p
    return x


def _step(design: _Design, scale: np.ndarray, noise: np.ndarray):
    """One round of the alternating fit: qualities and offsets given the scales, then offsets
    and scales given the qualities, then each juror's noise variance (an EM step: expected
    squared residuals count the qualities' own uncertainty)."""
    e, j, w, z = design.e, design.j, design.w, design.z
    weight = w / noise[j]
    quality, variance, offset = design.quality_and_offsets(scale, weight)
    offset, scale = design.offsets_and_scales(quality, weight)
    squares = w * ((z - offset[j] - scale[j] * quality[e]) ** 2 + scale[j] ** 2 * variance[e])
    pooled = (float(squares.sum()) + PANEL_NOISE_WEIGHT * PANEL_NOISE) / (
        float(w.sum()) + PANEL_NOISE_WEIGHT)
    noise = np.maximum((design.per_juror(squares) + NOISE_PRIOR_WEIGHT * pooled)
                       / (design.n_j + NOISE_PRIOR_WEIGHT), VARIANCE_FLOOR)
    return quality, offset, scale, noise


def _solve(design: _Design):
    """Iterate ``_step`` until the qualities settle; returns quality, variance, offsets,
    scales, each juror's noise variance and the number of steps.

    Plain alternation creeps (a whole panel's scales trade against its category's spread of
    qualities through the few films panels share), so steps are extrapolated two at a time
    (SQUAREM, Varadhan and Roland 2008), falling back to a plain step when that does worse.
    """
    n = design.n_jurors
    state = np.concatenate([np.ones(n), np.full(n, 0.5)])  # scales, then noise variances
    quality, steps = np.zeros(design.n_entries), 0
    while steps < MAX_ITERATIONS:
        first = np.concatenate(_step(design, state[:n], state[n:])[2:])
        second_quality, *rest = _step(design, first[:n], first[n:])
        second = np.concatenate(rest[1:])
        r, v = first - state, second - 2 * first + state
        ratio = -np.sqrt(float(r @ r) / max(float(v @ v), 1e-300))
        jump = state - 2 * ratio * r + ratio**2 * v
        jump[:n] = np.maximum(jump[:n], 0.0)
        jump[n:] = np.maximum(jump[n:], VARIANCE_FLOOR)
        new_quality, _offset, *rest = _step(design, jump[:n], jump[n:])
        state = np.concatenate(rest)
        if not (np.all(np.isfinite(new_quality)) and np.all(np.isfinite(state))):
            new_quality, state = second_quality, second
        steps += 3
        # Only the order matters, and it does not move with the scale and centre of the
        # qualities, which the weak priors pin slowly: compare them standardised.
        new_quality = _standardised(new_quality)
        change = float(np.max(np.abs(new_quality - quality)))
        quality = new_quality
        if change < TOLERANCE:
            break
    scale, noise = state[:n], state[n:]
    weight = design.w / noise[design.j]
    quality, variance, offset = design.quality_and_offsets(scale, weight, exact_variance=True)
    unit = _unit(quality)
    return _standardised(quality), variance / unit**2, offset, scale, noise, steps


def _unit(quality: np.ndarray) -> float:
    spread = float(quality.std())
    return spread if spread > EPSILON else 1.0


def _standardised(quality: np.ndarray) -> np.ndarray:
    """Qualities with mean 0 and standard deviation 1 (a round's values read alike)."""
    return (quality - quality.mean()) / _unit(quality)


def _arrays(triples):
    entry_ids = list(dict.fromkeys(t[0] for t in triples))
    juror_ids = list(dict.fromkeys(t[1] for t in triples))
    entry_index = {entry: k for k, entry in enumerate(entry_ids)}
    juror_index = {juror: k for k, juror in enumerate(juror_ids)}
    e = np.fromiter((entry_index[t[0]] for t in triples), dtype=int, count=len(triples))
    j = np.fromiter((juror_index[t[1]] for t in triples), dtype=int, count=len(triples))
    y = np.fromiter((t[2] for t in triples), dtype=float, count=len(triples))
    return entry_ids, juror_ids, e, j, y


def groups(scores: Iterable[tuple[Id, Id, float]]) -> dict[Id, int]:
    """The connected group of each entry (1 the largest), as ``fit`` reports it."""
    triples = _canonical(scores)
    if not triples:
        return {}
    entry_ids, juror_ids, e, j, y = _arrays(triples)
    _z, w = standardise(j, y, len(juror_ids))
    usable = w > 0
    return dict(zip(entry_ids, components(e[usable], j[usable], len(entry_ids)).tolist(),
                    strict=True))


def fit(scores: Iterable[tuple[Id, Id, float]]) -> JuryFit:
    """Fit the jury model to ``(entry_id, juror_id, score)`` triples (see the module docstring)."""
    triples = _canonical(scores)
    if not triples:
        return JuryFit({}, {}, {}, {}, {}, 0.0, 0)
    entry_ids, juror_ids, e, j, y = _arrays(triples)
    z, w = standardise(j, y, len(juror_ids))
    usable = w > 0
    group = components(e[usable], j[usable], len(entry_ids))
    quality, variance, offset, scale, noise, iterations = _solve(
        _Design(e, j, z, w, len(entry_ids), len(juror_ids)))
    noise = float(np.sqrt(np.sum(w * noise[j]) / max(float(w.sum()), 1.0)))
    error = np.sqrt(variance)
    return JuryFit(
        values=dict(zip(entry_ids, quality.tolist(), strict=True)),
        errors=dict(zip(entry_ids, error.tolist(), strict=True)),
        groups=dict(zip(entry_ids, group.tolist(), strict=True)),
        offsets=dict(zip(juror_ids, offset.tolist(), strict=True)),
        scales=dict(zip(juror_ids, scale.tolist(), strict=True)),
        noise=noise, iterations=iterations,
    )
