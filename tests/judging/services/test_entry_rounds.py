"""Withdrawn and disqualified entries leave the rounds being judged; reinstated ones come back."""

import pytest
from django.utils import timezone

from contest.enums import EntryStatus
from contest.services.entries import (
    disqualify_entry,
    reinstate_entry,
    submit_entry,
    withdraw_entry,
)
from core.errors import ContestError
from core.models import AuditEvent
from judging.enums import RoundStatus, ScoreStatus
from judging.models import Assignment, Round, RoundEntry
from judging.selectors.ranking import ranking
from judging.services.rounds import add_assignment, run_assignment
from tests.factories import EntryFactory, VideoFactory

from ..factories import JurorFactory, RoundFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def pairs(round_):
    return set(Assignment.objects.filter(round=round_).values_list("entry_id", "juror_id"))


@pytest.fixture
def rounds(contest, organiser, entrant):
    """The same four entries in a draft, an open and a closed round, two jurors each, judged by
    four jurors; the entrant's entry has one submitted score and one draft in each round."""
    jurors = [JurorFactory(contest=contest) for _ in range(4)]
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE, entrant=entrant),
               *(EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE) for _ in range(3))]
    made = {}
    for status in (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.CLOSED):
        round_ = RoundFactory(contest=contest, jurors_per_entry=2)
        RoundEntry.objects.bulk_create(RoundEntry(round=round_, entry=e) for e in entries)
        run_assignment(round=round_, by=organiser)
        first, second = Assignment.objects.filter(round=round_, entry=entries[0]).order_by("pk")
        ScoreFactory(assignment=first, status=ScoreStatus.SUBMITTED, weighted=8.0)
        ScoreFactory(assignment=second, status=ScoreStatus.DRAFT)
        for other in entries[1:]:
            for assignment in Assignment.objects.filter(round=round_, entry=other):
                ScoreFactory(assignment=assignment, status=ScoreStatus.SUBMITTED, weighted=5.0)
        round_.status = status
        round_.save(update_fields=["status"])
        made[status] = round_
    return made, jurors, entries


@pytest.mark.parametrize("leave", ["withdraw", "disqualify"])
def test_entry_leaving_cancels_open_work_in_draft_and_open_rounds(rounds, organiser, entrant,
                                                                  leave):
    made, _jurors, entries = rounds
    entry = entries[0]
    closed_before = pairs(made[RoundStatus.CLOSED])

    if leave == "withdraw":
        withdraw_entry(entry=entry, by=entrant)
    else:
        disqualify_entry(entry=entry, by=organiser, reason="Not an original work.")

    for status in (RoundStatus.DRAFT, RoundStatus.OPEN):
        left = Assignment.objects.filter(round=made[status], entry=entry)
        # The draft is cancelled, the submitted score stays for the audit.
        assert list(left.values_list("score__status", flat=True)) == [ScoreStatus.SUBMITTED]
    assert pairs(made[RoundStatus.CLOSED]) == closed_before


@pytest.mark.parametrize("status", list(RoundStatus))
def test_entry_leaving_is_left_out_of_results_in_every_round(rounds, organiser, status):
    made, _jurors, entries = rounds
    round_ = made[status]
    assert entries[0].pk in ranking(round=round_).by_entry

    disqualify_entry(entry=entries[0], by=organiser, reason="Not an original work.")

    assert entries[0].pk not in ranking(round=Round.objects.get(pk=round_.pk)).by_entry
    assert RoundEntry.objects.filter(round=round_, entry=entries[0]).exists()


def test_entry_leaving_moves_no_other_pair(rounds, organiser):
    made, _jurors, entries = rounds
    before = {status: {p for p in pairs(r) if p[0] != entries[0].pk}
              for status, r in made.items()}

    disqualify_entry(entry=entries[0], by=organiser, reason="Not an original work.")

    assert {status: {p for p in pairs(r) if p[0] != entries[0].pk}
            for status, r in made.items()} == before


def test_entry_leaving_writes_an_audit_row(rounds, organiser):
    made, _jurors, entries = rounds

    disqualify_entry(entry=entries[0], by=organiser, reason="Not an original work.")

    event = AuditEvent.objects.get(action="judging.entry_left_rounds")
    assert (event.after["rounds"], len(event.after["cancelled"]), event.after["kept_scores"]) == (
        sorted([made[RoundStatus.DRAFT].pk, made[RoundStatus.OPEN].pk]), 2, 2)


def test_reinstated_entry_is_assigned_again_in_rounds_being_judged(rounds, organiser):
    made, _jurors, entries = rounds
    entry = entries[0]
    disqualify_entry(entry=entry, by=organiser, reason="Not an original work.")
    others = {status: {p for p in pairs(r) if p[0] != entry.pk} for status, r in made.items()}
    closed = pairs(made[RoundStatus.CLOSED])

    reinstate_entry(entry=entry, by=organiser)

    for status in (RoundStatus.DRAFT, RoundStatus.OPEN):
        round_ = made[status]
        # Back to two jurors: the one who submitted and one more; nobody else's pair moved.
        assert Assignment.objects.filter(round=round_, entry=entry).count() == 2
        assert {p for p in pairs(round_) if p[0] != entry.pk} == others[status]
    assert pairs(made[RoundStatus.CLOSED]) == closed
    for round_ in made.values():
        assert entry.pk in ranking(round=Round.objects.get(pk=round_.pk)).by_entry


def test_reinstated_entry_waits_in_a_round_nobody_assigned_yet(contest, organiser):
    round_ = RoundFactory(contest=contest, status=RoundStatus.DRAFT)
    JurorFactory(contest=contest)
    entry = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    RoundEntry.objects.create(round=round_, entry=entry)
    disqualify_entry(entry=entry, by=organiser, reason="Not an original work.")

    reinstate_entry(entry=entry, by=organiser)

    assert pairs(round_) == set()


def test_reinstated_entry_without_free_jurors_is_logged_not_refused(contest, organiser):
    round_ = RoundFactory(contest=contest, jurors_per_entry=1)
    juror = JurorFactory(contest=contest, capacity=1)
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE) for _ in range(2)]
    RoundEntry.objects.bulk_create(RoundEntry(round=round_, entry=e) for e in entries)
    disqualify_entry(entry=entries[0], by=organiser, reason="Not an original work.")
    run_assignment(round=round_, by=organiser)  # the juror's capacity fits the other entry
    assert pairs(round_) == {(entries[1].pk, juror.pk)}

    reinstate_entry(entry=entries[0], by=organiser)

    event = AuditEvent.objects.get(action="judging.reassignment_failed")
    assert event.after["code"] == "assignment_capacity_too_low"
    assert pairs(round_) == {(entries[1].pk, juror.pk)}


def test_run_assignment_gives_no_juror_to_a_withdrawn_entry(contest, organiser, entrant):
    round_ = RoundFactory(contest=contest, jurors_per_entry=1)
    JurorFactory(contest=contest)
    entry = EntryFactory(contest=contest, status=EntryStatus.WITHDRAWN, entrant=entrant)
    RoundEntry.objects.create(round=round_, entry=entry)

    run = run_assignment(round=round_, by=organiser)

    assert (run.created, pairs(round_)) == (0, set())


def test_add_assignment_of_a_disqualified_entry_is_refused(contest, organiser):
    round_ = RoundFactory(contest=contest)
    juror = JurorFactory(contest=contest)
    entry = EntryFactory(contest=contest, status=EntryStatus.DISQUALIFIED)
    RoundEntry.objects.create(round=round_, entry=entry)

    with pytest.raises(ContestError) as caught:
        add_assignment(round=round_, entry=entry, juror=juror, by=organiser)

    assert caught.value.code == "entry_out"


def test_withdrawn_entry_submitted_again_is_assigned_again(contest, organiser, entrant):
    round_ = RoundFactory(contest=contest, jurors_per_entry=2)
    [JurorFactory(contest=contest) for _ in range(3)]
    entry = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE, entrant=entrant,
                         rules_consent_version=contest.rules_version)
    VideoFactory(entry=entry, status="valid")
    other = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    RoundEntry.objects.bulk_create(RoundEntry(round=round_, entry=e) for e in (entry, other))
    run_assignment(round=round_, by=organiser)
    withdraw_entry(entry=entry, by=entrant)
    assert {e for e, _j in pairs(round_)} == {other.pk}

    submit_entry(entry=entry, by=entrant)

    assert Assignment.objects.filter(round=round_, entry=entry).count() == 2


@pytest.mark.parametrize("stage", ["awards_locked_at", "results_published_at"])
def test_entry_leaving_after_awards_lock_or_publication_leaves_closed_rounds_as_they_are(
        rounds, organiser, stage):
    made, _jurors, entries = rounds
    contest = entries[0].contest
    setattr(contest, stage, timezone.now())
    contest.save(update_fields=[stage])
    closed = made[RoundStatus.CLOSED]
    before = pairs(closed)

    disqualify_entry(entry=entries[0], by=organiser, reason="Not an original work.")

    assert pairs(closed) == before
    ranked = ranking(round=Round.objects.get(pk=closed.pk)).by_entry
    assert sorted(ranked) == sorted(e.pk for e in entries[1:])
