"""``change_assignment``: an organiser gives or takes back one entry, named by its code."""

import pytest

from core.errors import ContestError
from core.models import AuditEvent
from judging.models import Assignment, RoundEntry
from judging.services.rounds import MANUAL_ADD, MANUAL_REMOVE, change_assignment
from tests.factories import EntryFactory

from .factories import JurorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(contest, open_round):
    entry = EntryFactory(contest=contest)
    RoundEntry.objects.create(round=open_round, entry=entry)
    return entry, JurorFactory(contest=contest)


def test_change_assignment_adds_by_lower_case_code(organiser, open_round, pair):
    entry, juror = pair
    assignment = change_assignment(round=open_round, entry_code=f"  {entry.code.lower()} ",
                                   juror=juror, action=MANUAL_ADD, by=organiser)
    assert (assignment.entry, assignment.juror) == (entry, juror)
    assert AuditEvent.objects.filter(action="judging.assignment_added").count() == 1


def test_change_assignment_removes_an_assignment(organiser, open_round, pair):
    entry, juror = pair
    Assignment.objects.create(round=open_round, entry=entry, juror=juror)
    result = change_assignment(round=open_round, entry_code=entry.code, juror=juror,
                               action=MANUAL_REMOVE, by=organiser)
    assert (result, Assignment.objects.filter(round=open_round).count()) == (None, 0)


def test_change_assignment_unknown_code_is_refused(organiser, open_round, pair):
    _entry, juror = pair
    with pytest.raises(ContestError) as error:
        change_assignment(round=open_round, entry_code="NOPE99", juror=juror,
                          action=MANUAL_ADD, by=organiser)
    assert error.value.code == "not_found"
    assert Assignment.objects.count() == 0


def test_change_assignment_removing_a_missing_pair_is_refused(organiser, open_round, pair):
    entry, juror = pair
    with pytest.raises(ContestError) as error:
        change_assignment(round=open_round, entry_code=entry.code, juror=juror,
                          action=MANUAL_REMOVE, by=organiser)
    assert (error.value.code, str(error.value.message)) == (
        "not_found", "This juror does not have this entry.")
    assert AuditEvent.objects.filter(action="judging.assignment_removed").count() == 0


def test_change_assignment_code_of_another_contest_is_unknown(organiser, open_round, pair):
    _entry, juror = pair
    stranger = EntryFactory()
    with pytest.raises(ContestError) as error:
        change_assignment(round=open_round, entry_code=stranger.code, juror=juror,
                          action=MANUAL_ADD, by=organiser)
    assert error.value.code == "not_found"
