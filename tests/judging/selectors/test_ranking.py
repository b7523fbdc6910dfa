import math

import pytest

from judging.aggregation import DEFAULT_METHOD, METHODS, rank
from judging.enums import ScoreStatus
from judging.selectors.ranking import RankedRow, Ranking, final_ranking, final_round, ranking
from tests.factories import EntryFactory

from ..factories import AssignmentFactory, JurorFactory, RoundFactory, ScoreFactory

pytestmark = pytest.mark.django_db

# (entry index, juror index, weighted): uneven panels, a harsh juror and a tie on the mean.
MARKS = [
    (0, 0, 9.0), (0, 1, 7.0), (0, 2, 8.0),
    (1, 0, 6.0), (1, 1, 2.0),
    (2, 0, 8.5), (2, 2, 9.5),
    (3, 1, 4.0), (3, 2, 6.0), (3, 0, 5.0),
]


def score(round_, entry, juror, weighted, status=ScoreStatus.SUBMITTED):
    assignment = AssignmentFactory(round=round_, entry=entry, juror=juror)
    return ScoreFactory(assignment=assignment, status=status, weighted=weighted)


@pytest.fixture
def marked(contest):
    """A round scored with ``MARKS``; returns it and the (entry_id, juror_id, weighted) triples."""
    round_ = RoundFactory(contest=contest, order=1)
    entries = [EntryFactory(contest=contest) for _ in range(4)]
    jurors = [JurorFactory(contest=contest) for _ in range(3)]
    for entry, juror, weighted in MARKS:
        score(round_, entries[entry], jurors[juror], weighted)
    triples = [(entries[e].pk, jurors[j].pk, w) for e, j, w in MARKS]
    return round_, triples


def test_ranking_reads_the_scores_in_one_query(marked, django_assert_num_queries):
    round_, _triples = marked
    # The round's results version, then the submitted scores with their entry and juror ids.
    with django_assert_num_queries(2):
        result = ranking(round=round_)
    assert len(result) == 4


def test_ranking_is_computed_once_per_results_version(marked, django_assert_num_queries):
    round_, _triples = marked
    first = ranking(round=round_)
    # Only the round's results version: the ranking itself is the one computed above.
    with django_assert_num_queries(1):
        again = ranking(round=round_)
    assert again.rows == first.rows


@pytest.mark.parametrize("method", METHODS)
def test_ranking_values_equal_aggregation_rank(marked, method):
    round_, triples = marked

    result = ranking(round=round_, method=method)

    assert result.pairs == rank(triples, method)
    assert [row.position for row in result] == [1, 2, 3, 4]
    assert result.method == method


def test_ranking_counts_and_means_are_raw(marked):
    round_, triples = marked
    first_entry = triples[0][0]

    row = ranking(round=round_, method="mean").by_entry[first_entry]

    # The error pools the spread within entries: squares 2 + 8 + 0.5 + 2 over 2 + 1 + 1 + 2
    # degrees of freedom, over this entry's 3 scores.
    assert row == RankedRow(position=2, entry_id=first_entry, value=8.0, count=3, raw_mean=8.0,
                            error=pytest.approx(math.sqrt(12.5 / 6 / 3)), group=1)
    assert {row.entry_id: row.count for row in ranking(round=round_)} == {
        triples[0][0]: 3, triples[3][0]: 2, triples[5][0]: 2, triples[7][0]: 3,
    }


def test_ranking_keeps_the_triples_for_calibration(marked):
    round_, triples = marked

    assert sorted(ranking(round=round_).scores) == sorted(triples)


def test_ranking_ignores_drafts_and_scores_without_value(contest):
    round_ = RoundFactory(contest=contest, order=1)
    counted, draft, empty = (EntryFactory(contest=contest) for _ in range(3))
    juror = JurorFactory(contest=contest)
    score(round_, counted, juror, 7.0)
    score(round_, draft, juror, 9.0, status=ScoreStatus.DRAFT)
    score(round_, empty, juror, None)

    assert ranking(round=round_).entry_ids == [counted.pk]


def test_ranking_unknown_method_is_refused(marked):
    with pytest.raises(ValueError, match="median"):
        ranking(round=marked[0], method="median")


def test_final_round_is_the_latest_with_submitted_scores(contest):
    first = RoundFactory(contest=contest, order=1)
    second = RoundFactory(contest=contest, order=2)
    RoundFactory(contest=contest, order=3)  # nothing scored yet
    juror, entry = JurorFactory(contest=contest), EntryFactory(contest=contest)
    score(first, entry, juror, 5.0)
    score(second, entry, juror, 6.0)

    assert final_round(contest=contest) == second
    assert final_ranking(contest=contest).round == second


def test_final_ranking_without_scores_is_empty(contest, django_assert_num_queries):
    RoundFactory(contest=contest, order=1)

    # Only the search for a final round: with none there are no scores to read.
    with django_assert_num_queries(1):
        result = final_ranking(contest=contest)
    assert (result.round, list(result), result.by_entry, result.scores) == (None, [], {}, ())


def test_ranking_uses_the_default_method_unless_asked(marked):
    round_, triples = marked
    assert ranking(round=round_).method == DEFAULT_METHOD == "calibrated"
    assert ranking(round=round_).pairs == rank(triples, "calibrated")


def rows(*values_and_errors) -> Ranking:
    return Ranking(round=None, method="mean", rows=tuple(
        RankedRow(position=k, entry_id=k, value=value, count=2, raw_mean=value, error=error)
        for k, (value, error) in enumerate(values_and_errors, start=1)))


def test_crossing_cut_is_the_entries_whose_interval_holds_the_cut():
    # Cut after two entries: halfway between 2.0 and 1.0. Intervals are value +- 1.96 error.
    result = rows((3.0, 0.1), (2.0, 0.3), (1.0, 0.3), (0.0, 0.1))
    assert result.cut_value(2) == 1.5
    assert result.crossing_cut(2) == {2, 3}  # 2.0 - 0.588 and 1.0 + 0.588 reach 1.5
    assert result.crossing_cut(3) == {3}  # cut at 0.5: 1.0 - 0.588 reaches it, 0.0 + 0.196 not
    assert result.crossing_cut(4) == frozenset()  # everything advances: no cut
    assert result.crossing_cut(0) == frozenset()


def test_close_to_next_is_overlap_with_the_entry_below():
    result = rows((3.0, 0.1), (2.9, 0.1), (2.0, 0.1))
    assert result.close_to_next == {1}
    assert result.by_entry[1].low == pytest.approx(3.0 - 0.196)
