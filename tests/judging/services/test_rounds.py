from decimal import Decimal

import pytest
from django.utils import timezone

from contest.enums import EntryStatus
from core.errors import ConflictError, ContestError
from core.models import AuditEvent
from judging.enums import AssignmentSource, ConflictKind, RoundKind, RoundStatus, ScoreStatus
from judging.models import Assignment, JurorConflict, RoundEntry
from judging.services.rounds import (
    CriterionSpec,
    add_assignment,
    add_eligible_entries,
    advance_entries,
    close_round,
    create_round,
    open_round,
    reassign_after_conflict,
    remove_assignment,
    run_assignment,
)

from ...factories import CreditFactory, EntryFactory
from ..factories import AssignmentFactory, JurorFactory, RoundFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def pairs(round):
    return set(Assignment.objects.filter(round=round).values_list("entry_id", "juror_id"))


def loads(round):
    counts = {}
    for _entry, juror in pairs(round):
        counts[juror] = counts.get(juror, 0) + 1
    return counts


@pytest.fixture
def panel(contest):
    round = RoundFactory(contest=contest, jurors_per_entry=2)
    jurors = [JurorFactory(contest=contest) for _ in range(4)]
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE) for _ in range(6)]
    for entry in entries:
        RoundEntry.objects.create(round=round, entry=entry)
    return round, jurors, entries


def test_create_round_numbers_rounds_and_stores_criteria(contest, organiser):
    specs = [CriterionSpec("Story", Decimal("30")), CriterionSpec("Visual craft", Decimal("25"))]
    first = create_round(contest=contest, name="Screening", kind=RoundKind.SCREENING,
                         deadline=timezone.now(), jurors_per_entry=3, criteria=specs, by=organiser)
    second = create_round(contest=contest, name="Final", kind=RoundKind.FINAL,
                          deadline=timezone.now(), jurors_per_entry=None, criteria=specs,
                          by=organiser)
    assert (first.order, second.order) == (1, 2)
    assert list(first.criteria.values_list("name", "weight")) == [
        ("Story", Decimal("30.00")), ("Visual craft", Decimal("25.00"))]
    assert AuditEvent.objects.filter(action="judging.round_created").count() == 2


def test_create_round_without_criteria_is_refused(contest, organiser):
    with pytest.raises(ContestError):
        create_round(contest=contest, name="R", kind=RoundKind.SCREENING,
                     deadline=timezone.now(), jurors_per_entry=3, criteria=[], by=organiser)


def test_add_eligible_entries_takes_only_eligible_entries(contest, organiser):
    round = RoundFactory(contest=contest, order=1)
    eligible = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
    EntryFactory(contest=contest, status=EntryStatus.DISQUALIFIED)
    assert add_eligible_entries(round=round, by=organiser) == 1
    assert add_eligible_entries(round=round, by=organiser) == 0
    assert list(round.entries.values_list("id", flat=True)) == [eligible.pk]


def test_add_eligible_entries_to_later_round_is_refused(contest, organiser):
    RoundFactory(contest=contest, order=1)
    later = RoundFactory(contest=contest, order=2)
    with pytest.raises(ContestError):
        add_eligible_entries(round=later, by=organiser)


def test_run_assignment_gives_each_entry_k_jurors_balanced(panel, organiser):
    round, jurors, entries = panel
    run = run_assignment(round=round, by=organiser)
    assert run.created == 12
    assert sorted(loads(round).values()) == [3, 3, 3, 3]
    for entry in entries:
        assert Assignment.objects.filter(round=round, entry=entry).count() == 2
    assert AuditEvent.objects.filter(action="judging.assignment_run").count() == 1


def test_run_assignment_respects_conflicts_from_database(panel, organiser, contest):
    round, jurors, entries = panel
    contest.same_country_is_conflict = True
    contest.save()
    entries[0].entrant.country = "FR"  # every juror is French except the one below
    entries[0].entrant.save()
    jurors[0].country = "DE"
    jurors[0].save()
    jurors[1].country = "DE"
    jurors[1].save()
    JurorConflict.objects.create(juror=jurors[0], kind=ConflictKind.ENTRY, entry=entries[1])
    JurorConflict.objects.create(juror=jurors[1], kind=ConflictKind.ENTRANT,
                                 entrant=entries[2].entrant)
    CreditFactory(entry=entries[3], user=jurors[2].user)
    entries[4].entrant = jurors[3].user
    entries[4].save()
    entries[5].entrant.organisation = "Studio Kite"
    entries[5].entrant.save()
    JurorConflict.objects.create(juror=jurors[0], kind=ConflictKind.ORGANISATION,
                                 organisation=" studio kite")
    run_assignment(round=round, by=organiser)
    forbidden = {
        (entries[0].pk, jurors[2].pk), (entries[0].pk, jurors[3].pk),
        (entries[1].pk, jurors[0].pk), (entries[2].pk, jurors[1].pk),
        (entries[3].pk, jurors[2].pk), (entries[4].pk, jurors[3].pk),
        (entries[5].pk, jurors[0].pk),
    }
    assert pairs(round) & forbidden == set()
    assert {j for e, j in pairs(round) if e == entries[0].pk} == {jurors[0].pk, jurors[1].pk}


def test_run_assignment_keeps_submitted_work_when_jurors_change(panel, organiser, contest):
    round, jurors, entries = panel
    run_assignment(round=round, by=organiser)
    done = Assignment.objects.filter(round=round, juror=jurors[0])
    for assignment in done:
        ScoreFactory(assignment=assignment, status=ScoreStatus.SUBMITTED)
    kept = set(done.values_list("pk", flat=True))
    JurorFactory(contest=contest)
    JurorFactory(contest=contest)
    run = run_assignment(round=round, by=organiser)
    assert kept <= set(Assignment.objects.filter(round=round).values_list("pk", flat=True))
    # The first juror's three submitted scores stay above the even share of two.
    assert sorted(loads(round).values()) == [1, 2, 2, 2, 2, 3]
    assert run.quality.moved == run.removed


def test_run_assignment_rerun_without_change_moves_nothing(panel, organiser):
    round, _jurors, _entries = panel
    run_assignment(round=round, by=organiser)
    before = pairs(round)
    run = run_assignment(round=round, by=organiser)
    assert (run.created, run.removed, pairs(round)) == (0, 0, before)


def test_run_assignment_names_entry_without_enough_jurors(panel, organiser):
    round, jurors, entries = panel
    for juror in jurors[:3]:
        JurorConflict.objects.create(juror=juror, kind=ConflictKind.ENTRY, entry=entries[0])
    with pytest.raises(ContestError) as caught:
        run_assignment(round=round, by=organiser)
    assert caught.value.code == "assignment_entry_short_of_jurors"
    assert entries[0].code in str(caught.value.message)


def test_run_assignment_whole_panel_round_gives_every_juror_every_entry(panel, organiser):
    round, jurors, entries = panel
    round.jurors_per_entry = None
    round.save()
    JurorConflict.objects.create(juror=jurors[0], kind=ConflictKind.ENTRY, entry=entries[0])
    run_assignment(round=round, by=organiser)
    assert len(pairs(round)) == 4 * 6 - 1


def test_add_assignment_refuses_conflict(panel, organiser):
    round, jurors, entries = panel
    JurorConflict.objects.create(juror=jurors[0], kind=ConflictKind.ENTRY, entry=entries[0])
    with pytest.raises(ContestError) as caught:
        add_assignment(round=round, entry=entries[0], juror=jurors[0], by=organiser)
    assert caught.value.code == "conflict_of_interest"
    assignment = add_assignment(round=round, entry=entries[0], juror=jurors[1], by=organiser)
    assert assignment.source == AssignmentSource.MANUAL


def test_add_assignment_twice_is_refused(panel, organiser):
    round, jurors, entries = panel
    add_assignment(round=round, entry=entries[0], juror=jurors[1], by=organiser)
    with pytest.raises(ContestError) as caught:
        add_assignment(round=round, entry=entries[0], juror=jurors[1], by=organiser)
    assert caught.value.code == "duplicate"


def test_remove_assignment_with_submitted_score_is_refused(organiser):
    score = ScoreFactory(status=ScoreStatus.SUBMITTED)
    with pytest.raises(ContestError):
        remove_assignment(assignment=score.assignment, by=organiser)
    draft = ScoreFactory(status=ScoreStatus.DRAFT)
    remove_assignment(assignment=draft.assignment, by=organiser)
    assert not Assignment.objects.filter(pk=draft.assignment.pk).exists()


def test_reassign_after_conflict_picks_least_loaded_free_juror(panel, organiser):
    round, jurors, entries = panel
    first = Assignment.objects.create(round=round, entry=entries[0], juror=jurors[0])
    Assignment.objects.create(round=round, entry=entries[0], juror=jurors[1])
    Assignment.objects.create(round=round, entry=entries[1], juror=jurors[2])
    JurorConflict.objects.create(juror=jurors[0], kind=ConflictKind.ENTRY, entry=entries[0])
    new = reassign_after_conflict(assignment=first)
    assert (new.entry, new.juror) == (entries[0], jurors[3])
    assert not Assignment.objects.filter(pk=first.pk).exists()
    assert AuditEvent.objects.filter(action="judging.assignment_reassigned").count() == 1


def test_reassign_after_conflict_skips_conflicted_and_full_jurors(panel):
    round, jurors, entries = panel
    first = Assignment.objects.create(round=round, entry=entries[0], juror=jurors[0])
    JurorConflict.objects.create(juror=jurors[3], kind=ConflictKind.ENTRY, entry=entries[0])
    jurors[2].capacity = 0
    jurors[2].save()
    new = reassign_after_conflict(assignment=first)
    assert new.juror == jurors[1]


def test_reassign_after_conflict_returns_none_when_nobody_is_free(panel):
    round, jurors, entries = panel
    for juror in jurors[1:]:
        Assignment.objects.create(round=round, entry=entries[0], juror=juror)
    first = Assignment.objects.create(round=round, entry=entries[0], juror=jurors[0])
    assert reassign_after_conflict(assignment=first) is None
    assert Assignment.objects.filter(round=round, entry=entries[0]).count() == 3


def test_open_and_close_round_follow_status(organiser):
    round = RoundFactory(status=RoundStatus.DRAFT)
    assert open_round(round=round, by=organiser).status == RoundStatus.OPEN
    with pytest.raises(ConflictError):
        open_round(round=round, by=organiser)
    assert close_round(round=round, by=organiser).status == RoundStatus.CLOSED


def test_advance_entries_takes_top_n_by_method(contest, organiser):
    first = RoundFactory(contest=contest, order=1)
    second = RoundFactory(contest=contest, order=2)
    entries = [EntryFactory(contest=contest) for _ in range(3)]
    jurors = [JurorFactory(contest=contest) for _ in range(2)]
    marks = {entries[0]: (6, 7), entries[1]: (9, 8), entries[2]: (2, 3)}
    for entry, values in marks.items():
        for juror, value in zip(jurors, values, strict=True):
            assignment = AssignmentFactory(round=first, entry=entry, juror=juror)
            ScoreFactory(assignment=assignment, weighted=value, status=ScoreStatus.SUBMITTED)
    chosen = advance_entries(from_round=first, to_round=second, top_n=2, method="mean",
                             by=organiser)
    assert chosen == [entries[1].pk, entries[0].pk]
    assert set(second.entries.values_list("id", flat=True)) == {entries[0].pk, entries[1].pk}
    assert advance_entries(from_round=first, to_round=second, threshold=7.0, method="mean",
                           by=organiser) == [entries[1].pk]


def test_advance_entries_backwards_is_refused(contest, organiser):
    first = RoundFactory(contest=contest, order=1)
    second = RoundFactory(contest=contest, order=2)
    with pytest.raises(ContestError):
        advance_entries(from_round=second, to_round=first, top_n=1, method="mean", by=organiser)


def test_run_assignment_in_closed_round_is_refused(panel, organiser):
    round, _jurors, _entries = panel
    round.status = RoundStatus.CLOSED
    round.save()
    with pytest.raises(ConflictError):
        run_assignment(round=round, by=organiser)


def test_run_assignment_gives_films_to_jurors_who_speak_their_language(contest, organiser):
    round = RoundFactory(contest=contest, jurors_per_entry=1)
    speakers = {"ja": JurorFactory(contest=contest, languages=["ja"]),
                "es": JurorFactory(contest=contest, languages=["es"])}
    for language in ["ja", "es", "ja", "es"]:
        entry = EntryFactory(contest=contest, original_language=language)
        RoundEntry.objects.create(round=round, entry=entry)
    run = run_assignment(round=round, by=organiser)
    assert run.quality.preferred_pairs == 4
    for assignment in Assignment.objects.filter(round=round).select_related("entry", "juror"):
        assert assignment.juror == speakers[assignment.entry.original_language]
