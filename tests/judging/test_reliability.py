import pytest

from judging.reliability import (
    criterion_reliability,
    icc,
    icc_oneway,
    juror_calibration,
    krippendorff_alpha,
    pearson,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 coders x 12 units
# example with missing values; the paper gives alpha = 0.849 for the interval metric.
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}

# Shrout & Fleiss (1979), 6 targets x 4 judges: ICC(1,1)=.17, ICC(2,1)=.29, ICC(3,1)=.71.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9],
                 [6, 2, 4, 7]]


def test_krippendorff_alpha_matches_published_example():
    triples = [(unit, coder, value) for coder, values in KRIPPENDORFF_2011.items()
               for unit, value in enumerate(values) if value is not None]
    assert round(krippendorff_alpha(triples), 3) == 0.849


def test_krippendorff_alpha_perfect_agreement_is_one():
    assert krippendorff_alpha([(1, "a", 3), (1, "b", 3), (2, "a", 7), (2, "b", 7)]) == 1.0


def test_krippendorff_alpha_undefined_without_pairs_or_variation():
    assert krippendorff_alpha([(1, "a", 3), (2, "b", 4)]) is None
    assert krippendorff_alpha([(1, "a", 3), (1, "b", 3)]) is None


def test_icc_matches_shrout_fleiss():
    result = icc(SHROUT_FLEISS)
    assert (round(result.icc1, 2), round(result.icc2, 2), round(result.icc3, 2)) == (
        0.17, 0.29, 0.71)


def test_icc_needs_a_complete_table():
    assert icc([[1, 2], [3]]) is None
    assert icc([[1, 2]]) is None


def test_pearson_undefined_for_constant_values():
    assert pearson([1, 2, 3], [4, 4, 4]) is None
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)


def test_juror_calibration_flags_harsh_and_contrarian_jurors():
    quality = [2, 4, 6, 8, 9]
    scores = []
    for entry, q in enumerate(quality):
        scores += [(entry, "fair1", q), (entry, "fair2", q + 0.5), (entry, "fair3", q - 0.5)]
        scores.append((entry, "harsh", q - 4))
        scores.append((entry, "contrary", 10 - q))
    stats = juror_calibration(scores)
    assert stats["fair1"].flags == ()
    assert stats["harsh"].flags == ("harsh",)
    assert stats["contrary"].flags[0] == "low_agreement"
    assert stats["fair1"].count == 5
    assert stats["fair1"].mean == pytest.approx(5.8)
    assert stats["fair2"].agreement > 0.9


def test_juror_calibration_does_not_flag_with_few_shared_entries():
    stats = juror_calibration([(1, "a", 1), (1, "b", 9), (2, "c", 5)])
    assert stats["a"].flags == ()
    assert stats["c"].agreement is None and stats["c"].shared == 0


def test_icc_oneway_equals_shrout_fleiss_icc1_on_a_complete_table():
    # On a complete table the one-way analysis is Shrout & Fleiss's ICC(1,1) = .17 and
    # ICC(1,k) = .44 (their table 4).
    triples = [(t, j, v) for t, row in enumerate(SHROUT_FLEISS) for j, v in enumerate(row)]
    result = icc_oneway(triples)
    assert result.single == pytest.approx(icc(SHROUT_FLEISS).icc1)
    assert (round(result.single, 2), round(result.average, 2), result.raters) == (0.17, 0.44, 4)


def test_icc_oneway_on_an_incomplete_design():
    # Entries with 3, 2 and 4 scores: means 2, 4.5 and 8.5 around 49/9. SSB = 672.5/9 on 2
    # degrees of freedom, SSW = 2 + 0.5 + 5 on 6; n0 = (9 - 29/9) / 2 = 26/9. ICC(1) =
    # (MSB - MSW) / (MSB + (n0 - 1) MSW) = (325/9) / (357.5/9) = 10/11; for the average of n0
    # scores (MSB - MSW) / MSB = 650/672.5.
    triples = [("a", 1, 1), ("a", 2, 2), ("a", 3, 3), ("b", 1, 4), ("b", 2, 5),
               ("c", 1, 7), ("c", 2, 8), ("c", 3, 9), ("c", 4, 10)]
    result = icc_oneway(triples)
    assert result.single == pytest.approx(10 / 11)
    assert result.average == pytest.approx(650 / 672.5)
    assert result.raters == pytest.approx(26 / 9)


def test_icc_oneway_undefined_without_repeated_scores_or_variation():
    assert icc_oneway([("a", 1, 3), ("b", 1, 4)]) is None  # one score an entry
    assert icc_oneway([("a", 1, 3)]) is None
    assert icc_oneway([("a", 1, 3), ("a", 2, 3), ("b", 1, 3), ("b", 2, 3)]) is None


def test_krippendorff_alpha_leaves_out_units_with_one_value():
    triples = [(unit, coder, value) for coder, values in KRIPPENDORFF_2011.items()
               for unit, value in enumerate(values) if value is not None]
    # Unit 12 holds B's 3 alone: with or without it, alpha is the paper's 0.849.
    without = [t for t in triples if t[0] != 11]
    assert krippendorff_alpha(without) == pytest.approx(krippendorff_alpha(triples))


def test_criterion_reliability_per_criterion_in_rubric_order():
    agree = [(e, j, e * 2 + j % 2) for e in range(4) for j in range(3)]
    flat = [(e, j, 5) for e in range(4) for j in range(3)]
    rows = criterion_reliability({"Story": agree, "Sound": flat})
    assert [row.criterion for row in rows] == ["Story", "Sound"]
    assert rows[0].alpha == pytest.approx(krippendorff_alpha(agree))
    assert rows[0].icc == icc_oneway(agree)
    assert (rows[1].alpha, rows[1].icc) == (None, None)
