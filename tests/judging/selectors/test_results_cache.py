"""The ranking and figures of a round are computed once per results version: every write
that changes what counts moves the version on, and nothing else recomputes them."""

import pytest

from contest.enums import EntryStatus
from contest.services.entries import disqualify_entry, reinstate_entry
from judging.models import Round
from judging.selectors import results_cache
from judging.selectors.ranking import ranking
from judging.selectors.rounds import results_for_round
from judging.services.rounds import add_assignment
from judging.services.scoring import save_score

from ..factories import JurorFactory

pytestmark = pytest.mark.django_db


def _submit(assignment, user, mark):
    marks = {str(c.pk): mark for c in assignment.round.criteria.all()}
    save_score(assignment=assignment, by=user, marks=marks, comment="", expected_version=0,
               submit=True)


@pytest.fixture
def scored(make_assignments, juror_user, open_round):
    """Three entries scored 9, 6 and 3 by the juror; a fourth assigned but not scored."""
    assignments = make_assignments(4)
    for assignment in assignments:
        assignment.entry.status = EntryStatus.ELIGIBLE
        assignment.entry.save()
    for assignment, mark in zip(assignments, (9, 6, 3), strict=False):
        _submit(assignment, juror_user, mark)
    return assignments


def _order(round_, method="mean"):
    return [row.entry_id for row in ranking(round=round_, method=method)]


def test_cached_ranking_changes_when_a_score_is_submitted(scored, juror_user, open_round,
                                                          django_assert_num_queries):
    first, second, third, fourth = (a.entry_id for a in scored)
    assert _order(open_round) == [first, second, third]
    with django_assert_num_queries(1):  # the version only: the ranking is the cached one
        assert _order(open_round) == [first, second, third]

    _submit(scored[3], juror_user, 10)  # the same, stale round object is asked again

    assert _order(open_round) == [fourth, first, second, third]


def test_cached_ranking_leaves_out_a_disqualified_entry_until_reinstated(scored, organiser,
                                                                         open_round):
    first, second, third, _fourth = (a.entry_id for a in scored)
    assert _order(open_round) == [first, second, third]

    disqualify_entry(entry=scored[0].entry, by=organiser, reason="Not an AI film.")
    assert _order(open_round) == [second, third]

    reinstate_entry(entry=scored[0].entry, by=organiser)
    assert _order(open_round) == [first, second, third]


def test_each_method_is_cached_on_its_own(scored, open_round):
    mean = ranking(round=open_round, method="mean")
    zscore = ranking(round=open_round, method="zscore")
    assert (mean.method, zscore.method) == ("mean", "zscore")
    assert [row.value for row in mean] == [9.0, 6.0, 3.0]
    assert [row.value for row in zscore] != [row.value for row in mean]


def test_an_assignment_change_moves_the_results_version_on(scored, organiser, contest,
                                                           open_round):
    from judging.models import RoundEntry

    RoundEntry.objects.create(round=open_round, entry=scored[3].entry)
    before = Round.objects.get(pk=open_round.pk).results_version
    add_assignment(round=open_round, entry=scored[3].entry, juror=JurorFactory(contest=contest),
                   by=organiser)
    assert Round.objects.get(pk=open_round.pk).results_version == before + 1


def test_round_figures_follow_the_version(scored, juror_user, open_round):
    from judging.models import RoundEntry

    RoundEntry.objects.bulk_create(RoundEntry(round=open_round, entry=a.entry) for a in scored)
    results_cache.forget_local()
    assert results_for_round(round=open_round, method="mean").unscored == 1
    _submit(scored[3], juror_user, 1)
    figures = results_for_round(round=open_round, method="mean")
    assert (figures.unscored, figures.scored, len(figures.ranking)) == (0, 4, 4)


def test_computed_once_for_concurrent_misses(monkeypatch, open_round):
    calls = []

    def compute():
        calls.append(1)
        return "value"

    key = dict(round_id=open_round.pk, version=7, name="test")
    assert results_cache.remembered(**key, compute=compute) == "value"
    results_cache.forget_local()  # another worker: finds it in the shared cache
    assert results_cache.remembered(**key, compute=compute) == "value"
    assert len(calls) == 1


def test_a_waiting_request_takes_the_value_the_lock_holder_stores(monkeypatch, open_round):
    from django.core.cache import cache

    key = results_cache._key(f"{open_round.pk}:1:waited")
    cache.add(f"{key}:lock", "someone else", 30)  # another worker is computing
    monkeypatch.setattr(results_cache, "_wait_for", lambda k: "theirs")

    value = results_cache.remembered(round_id=open_round.pk, version=1, name="waited",
                                     compute=lambda: "mine")

    assert value == "theirs"
