import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau

from judging.aggregation import METHODS, rank, standardised
from judging.assignment import assign


def test_rank_mean_orders_best_first():
    scores = [(1, "a", 6), (1, "b", 8), (2, "a", 9), (2, "b", 9), (3, "a", 2)]
    assert rank(scores, "mean") == [(2, 9.0), (1, 7.0), (3, 2.0)]


def test_rank_trimmed_drops_extremes_from_three_scores():
    scores = [(1, "a", 1), (1, "b", 7), (1, "c", 8), (2, "a", 6), (2, "b", 6)]
    assert rank(scores, "trimmed") == [(1, 7.0), (2, 6.0)]


def test_rank_trimmed_with_four_scores_drops_one_each_side():
    scores = [(1, "a", 1), (1, "b", 5), (1, "c", 7), (1, "d", 10)]
    assert rank(scores, "trimmed") == [(1, 6.0)]


def test_rank_zscore_cancels_a_harsh_juror():
    # "b" marks everything four points lower but agrees on the order.
    scores = [(1, "a", 8), (2, "a", 6), (1, "b", 4), (2, "b", 2), (3, "b", 3), (3, "a", 7)]
    assert [e for e, _ in rank(scores, "zscore")] == [1, 3, 2]
    assert dict(rank(scores, "zscore"))[3] == pytest.approx(0.0)


def test_zscore_juror_with_one_score_is_measured_against_the_panel():
    scores = [(1, "a", 4), (2, "a", 8), (3, "solo", 8)]
    panel_mean, panel_sd = statistics.mean([4, 8, 8]), statistics.pstdev([4, 8, 8])
    assert standardised(scores)[2] == (3, "solo", pytest.approx((8 - panel_mean) / panel_sd))


def test_zscore_juror_with_zero_spread_counts_as_average():
    scores = [(1, "flat", 7), (2, "flat", 7), (1, "a", 9), (2, "a", 3)]
    assert [z for _e, j, z in standardised(scores) if j == "flat"] == [0.0, 0.0]
    assert rank(scores, "zscore") == [(1, 0.5), (2, -0.5)]


def test_zscore_whole_panel_with_zero_spread_is_all_zero():
    assert rank([(1, "a", 5), (2, "b", 5)], "zscore") == [(1, 0.0), (2, 0.0)]


def test_rank_ties_go_to_more_scores_then_raw_mean_then_id():
    scores = [(5, "a", 6), (4, "a", 6), (4, "b", 6), (3, "a", 6), (2, "a", 6)]
    assert [e for e, _ in rank(scores, "mean")] == [4, 2, 3, 5]
    # Both z-score averages are exactly 0; entry 2 has the higher raw mean (5.5 against 4.5).
    tied = [(1, "a", 6), (2, "a", 10), (1, "b", 3), (2, "b", 1)]
    assert rank(tied, "zscore") == [(2, 0.0), (1, 0.0)]


def test_rank_unknown_method_is_refused():
    with pytest.raises(ValueError):
        rank([(1, "a", 5)], "median")


def test_rank_of_nothing_is_empty():
    assert rank([], "zscore") == []


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.sampled_from("abcd"), st.floats(1, 10)),
                min_size=1, max_size=30), st.sampled_from(METHODS),
       st.randoms(use_true_random=False))
def test_rank_does_not_depend_on_input_order(scores, method, rnd):
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    assert rank(shuffled, method) == rank(scores, method)
    assert sorted(e for e, _ in rank(scores, method)) == sorted({e for e, _j, _s in scores})


def simulate(seed: int, entries: int = 120, jurors: int = 12, per_entry: int = 3):
    """Jurors with their own bias, scale and noise score entries of known true quality."""
    rng = random.Random(seed)
    quality = {e: rng.gauss(0, 1) for e in range(entries)}
    bias = {j: rng.gauss(0, 1.0) for j in range(jurors)}
    scale = {j: rng.uniform(0.5, 1.5) for j in range(jurors)}
    panels = assign(list(quality), list(bias), per_entry, set())
    scores = [
        (e, j, 5.5 + bias[j] + scale[j] * quality[e] + rng.gauss(0, 0.5))
        for e, js in panels.items() for j in js
    ]
    taus = {}
    for method in ("mean", "zscore"):
        value = dict(rank(scores, method))
        taus[method] = kendalltau([quality[e] for e in quality],
                                  [value[e] for e in quality]).statistic
    return taus


def test_zscore_recovers_true_order_better_than_mean_with_biased_jurors():
    runs = [simulate(seed) for seed in range(10)]
    gains = [run["zscore"] - run["mean"] for run in runs]
    # Measured: Kendall tau 0.77 (zscore) against 0.66 (mean), better in every seed.
    assert statistics.mean(gains) > 0.05
    assert min(gains) > 0
