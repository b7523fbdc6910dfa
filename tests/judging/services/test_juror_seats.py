from collections import Counter

import pytest

from contest.enums import EntryStatus
from core.errors import ConflictError, ContestError
from core.models import AuditEvent
from judging.enums import RoundStatus, ScoreStatus
from judging.models import Assignment, Juror, Round, RoundEntry
from judging.rules import is_assigned_juror, scoring_refusal
from judging.selectors.ranking import ranking
from judging.selectors.rounds import rounds_with_progress
from judging.services.juror_seats import (
    deactivate_juror,
    reactivate_juror,
    set_capacity,
    set_languages,
)
from judging.services.rounds import run_assignment
from judging.services.scoring import save_draft
from tests.factories import EntryFactory

from ..factories import JurorFactory, RoundFactory, ScoreFactory, add_rubric

pytestmark = pytest.mark.django_db


def pairs(round_):
    return set(Assignment.objects.filter(round=round_).values_list("entry_id", "juror_id"))


def loads(round_, jurors):
    counts = Counter(j for _e, j in pairs(round_))
    return [counts[j.pk] for j in jurors]


@pytest.fixture
def jury(contest, organiser):
    """Four jurors, six entries, two jurors per entry: three entries each after the run."""
    round_ = RoundFactory(contest=contest, jurors_per_entry=2)
    add_rubric(round_)
    jurors = [JurorFactory(contest=contest) for _ in range(4)]
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE) for _ in range(6)]
    RoundEntry.objects.bulk_create(RoundEntry(round=round_, entry=e) for e in entries)
    run_assignment(round=round_, by=organiser)
    return round_, jurors, entries



def test_deactivate_juror_moves_only_their_pairs_and_balances(ring, organiser):
    round_, jurors, _entries = ring
    others_before = {(e, j) for e, j in pairs(round_) if j != jurors[0].pk}

    change = deactivate_juror(juror=jurors[0], by=organiser)

    after = pairs(round_)
    # Three pairs had to leave the juror; every other pair stays where it was.
    assert (change.moved, change.released) == (3, 3)
    assert others_before <= after
    assert len(after) == 12
    assert loads(round_, jurors) == [0, 4, 4, 4]
    assert Juror.objects.get(pk=jurors[0].pk).is_active is False


def test_deactivate_juror_never_moves_another_jurors_pair(jury, organiser):
    round_, jurors, entries = jury
    gone = jurors[0]
    others_before = {(e, j) for e, j in pairs(round_) if j != gone.pk}

    change = deactivate_juror(juror=gone, by=organiser)

    # Even when perfect balance would need a fourth move, only the juror's three move.
    after = pairs(round_)
    assert (change.moved, change.released) == (3, 3)
    assert others_before <= after
    assert Counter(e for e, _j in after) == {e.pk: 2 for e in entries}


def test_deactivate_juror_keeps_submitted_scores_counted(jury, organiser):
    round_, jurors, _entries = jury
    gone = jurors[0]
    done = Assignment.objects.filter(round=round_, juror=gone).order_by("pk").first()
    ScoreFactory(assignment=done, status=ScoreStatus.SUBMITTED, weighted=7.5)

    change = deactivate_juror(juror=gone, by=organiser)

    assert (change.moved, change.released) == (2, 2)
    assert list(Assignment.objects.filter(juror=gone).values_list("pk", flat=True)) == [done.pk]
    # The submitted score keeps its place on the panel: the entry still has two jurors.
    assert Assignment.objects.filter(round=round_, entry=done.entry).count() == 2
    assert ranking(round=round_).by_entry[done.entry_id].count == 1


def test_deactivate_juror_freezes_drafts_and_fills_their_places(jury, organiser):
    round_, jurors, _entries = jury
    gone = jurors[0]
    drafted = Assignment.objects.filter(round=round_, juror=gone).order_by("pk").first()
    ScoreFactory(assignment=drafted, status=ScoreStatus.DRAFT, marks={"1": 5})

    change = deactivate_juror(juror=gone, by=organiser)

    # The draft stays with its juror, read-only; its entry gets another active juror.
    assert (change.moved, change.released) == (3, 2)
    drafted.refresh_from_db()
    assert drafted.score.marks == {"1": 5}
    active = Assignment.objects.filter(round=round_, entry=drafted.entry, juror__is_active=True)
    assert active.count() == 2
    assert scoring_refusal(gone.user, drafted)[0] == "permission_denied"
    progress = rounds_with_progress(contest=round_.contest).get(pk=round_.pk)
    assert progress.assigned == 12


def test_deactivate_juror_loses_access_to_their_entries(jury, organiser):
    round_, jurors, _entries = jury
    gone = jurors[0]
    entry = Assignment.objects.filter(round=round_, juror=gone).first().entry
    assert is_assigned_juror(gone.user, entry) is True

    deactivate_juror(juror=gone, by=organiser)

    assert is_assigned_juror(gone.user, entry) is False


def test_deactivate_juror_leaves_closed_rounds_untouched(jury, organiser, contest):
    round_, jurors, _entries = jury
    round_.status = RoundStatus.CLOSED
    round_.save(update_fields=["status"])
    before = pairs(round_)

    change = deactivate_juror(juror=jurors[0], by=organiser)

    assert (change.moved, change.released, change.rounds) == (0, 0, ())
    assert pairs(round_) == before


def test_deactivate_juror_in_draft_round_moves_their_pairs(ring, organiser):
    round_, jurors, _entries = ring
    round_.status = RoundStatus.DRAFT
    round_.save(update_fields=["status"])

    change = deactivate_juror(juror=jurors[1], by=organiser)

    assert change.moved == 3
    assert loads(round_, jurors) == [4, 0, 4, 4]


def test_deactivate_juror_in_whole_panel_round_releases_without_moving(contest, organiser):
    round_ = RoundFactory(contest=contest, jurors_per_entry=None)
    jurors = [JurorFactory(contest=contest) for _ in range(3)]
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE) for _ in range(2)]
    RoundEntry.objects.bulk_create(RoundEntry(round=round_, entry=e) for e in entries)
    run_assignment(round=round_, by=organiser)

    version = Round.objects.get(pk=round_.pk).results_version

    change = deactivate_juror(juror=jurors[2], by=organiser)

    assert (change.moved, change.released) == (0, 2)
    assert loads(round_, jurors) == [2, 2, 0]
    assert Round.objects.get(pk=round_.pk).results_version == version + 1


def test_deactivate_juror_refused_when_the_rest_cannot_take_the_work(jury, organiser):
    round_, jurors, _entries = jury
    for juror in jurors[1:3]:
        juror.capacity = 3
        juror.save(update_fields=["capacity"])
    jurors[3].capacity = 4
    jurors[3].save(update_fields=["capacity"])
    before = pairs(round_)

    with pytest.raises(ContestError) as caught:
        deactivate_juror(juror=jurors[0], by=organiser)

    assert caught.value.code == "assignment_capacity_too_low"
    assert pairs(round_) == before
    assert Juror.objects.get(pk=jurors[0].pk).is_active is True


def test_deactivate_juror_twice_is_refused(jury, organiser):
    _round, jurors, _entries = jury
    deactivate_juror(juror=jurors[0], by=organiser)

    with pytest.raises(ConflictError) as caught:
        deactivate_juror(juror=jurors[0], by=organiser)

    assert caught.value.code == "juror_inactive"


def test_deactivate_juror_writes_an_audit_row(jury, organiser):
    round_, jurors, _entries = jury

    deactivate_juror(juror=jurors[0], by=organiser)

    event = AuditEvent.objects.get(action="juror.deactivated")
    assert (event.actor_id, event.after["moved"], event.after["released"],
            event.after["rounds"]) == (organiser.pk, 3, 3, [round_.pk])


def test_reactivate_juror_without_rebalance_moves_nothing(jury, organiser):
    round_, jurors, _entries = jury
    deactivate_juror(juror=jurors[0], by=organiser)
    before = pairs(round_)

    change = reactivate_juror(juror=jurors[0], by=organiser)

    assert change.moved == 0
    assert pairs(round_) == before
    assert Juror.objects.get(pk=jurors[0].pk).is_active is True


def test_reactivate_juror_with_rebalance_takes_an_even_share(jury, organiser):
    round_, jurors, _entries = jury
    deactivate_juror(juror=jurors[0], by=organiser)
    before = pairs(round_)

    change = reactivate_juror(juror=jurors[0], by=organiser, rebalance=True)

    # Even loads are three each: exactly three pairs come back to the juror.
    assert change.moved == 3
    assert loads(round_, jurors) == [3, 3, 3, 3]
    assert len(before - pairs(round_)) == 3


def test_reactivate_juror_makes_frozen_drafts_editable_again(jury, organiser):
    round_, jurors, _entries = jury
    gone = jurors[0]
    drafted = Assignment.objects.filter(round=round_, juror=gone).order_by("pk").first()
    ScoreFactory(assignment=drafted, status=ScoreStatus.DRAFT, marks={})
    deactivate_juror(juror=gone, by=organiser)

    reactivate_juror(juror=gone, by=organiser)

    drafted.refresh_from_db()
    assert scoring_refusal(gone.user, drafted) is None
    save_draft(assignment=drafted, by=gone.user, marks={}, comment="back", expected_version=1)


def test_reactivate_former_juror_is_refused(contest, organiser):
    former = JurorFactory(contest=contest, user=None, is_active=False, former_number=1)

    with pytest.raises(ConflictError) as caught:
        reactivate_juror(juror=former, by=organiser)

    assert caught.value.code == "juror_erased"


def test_reactivate_active_juror_is_refused(jury, organiser):
    with pytest.raises(ConflictError) as caught:
        reactivate_juror(juror=jury[1][0], by=organiser)

    assert caught.value.code == "juror_active"


def test_set_capacity_below_load_moves_only_the_excess(jury, organiser):
    round_, jurors, _entries = jury
    others_before = {(e, j) for e, j in pairs(round_) if j != jurors[0].pk}

    change = set_capacity(juror=jurors[0], capacity=1, by=organiser)

    assert change.moved == 2
    assert loads(round_, jurors)[0] == 1
    assert others_before <= pairs(round_)
    assert Juror.objects.get(pk=jurors[0].pk).capacity == 1


def test_set_capacity_above_load_moves_nothing(jury, organiser):
    round_, jurors, _entries = jury
    before = pairs(round_)

    change = set_capacity(juror=jurors[0], capacity=10, by=organiser)

    assert (change.moved, change.rounds) == (0, ())
    assert pairs(round_) == before


def test_set_capacity_below_submitted_scores_is_refused(jury, organiser):
    round_, jurors, _entries = jury
    for assignment in Assignment.objects.filter(round=round_, juror=jurors[0])[:2]:
        ScoreFactory(assignment=assignment, status=ScoreStatus.SUBMITTED, weighted=5.0)

    with pytest.raises(ContestError) as caught:
        set_capacity(juror=jurors[0], capacity=1, by=organiser)

    assert caught.value.code == "capacity_below_submitted"
    assert Juror.objects.get(pk=jurors[0].pk).capacity is None


def test_set_capacity_negative_is_refused(jury, organiser):
    with pytest.raises(ContestError) as caught:
        set_capacity(juror=jury[1][0], capacity=-1, by=organiser)

    assert caught.value.fields == {"capacity": ["Enter 0 or more."]}


def test_set_languages_stores_sorted_codes_and_audits(jury, organiser):
    juror = jury[1][0]

    set_languages(juror=juror, languages=["ja", "en", "ja"], by=organiser)

    assert Juror.objects.get(pk=juror.pk).languages == ["en", "ja"]
    event = AuditEvent.objects.get(action="juror.languages_set")
    assert (event.before, event.after) == ({"languages": ["en", "fr"]},
                                           {"languages": ["en", "ja"]})


def test_set_languages_unknown_code_is_refused(jury, organiser):
    with pytest.raises(ContestError) as caught:
        set_languages(juror=jury[1][0], languages=["en", "klingon"], by=organiser)

    assert caught.value.fields == {"languages": ["Unknown language: klingon."]}
