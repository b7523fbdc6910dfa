"""A juror who deletes their account: the seat and its submitted scores stay, the rest goes."""

import random

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import delete_account
from contest.enums import EntryStatus
from core.models import AuditEvent
from judging.enums import AggregationMethod, ConflictKind, RoundStatus, ScoreStatus
from judging.models import Assignment, Juror, JurorConflict, JurorInvitation, Score
from judging.selectors.ranking import ranking
from judging.services.jurors import accept_invitation, declare_conflict, invite_juror
from judging.services.rounds import add_eligible_entries, run_assignment
from judging.services.scoring import save_score
from tests.factories import ContestFactory, EntryFactory, UserFactory

from ..factories import RoundFactory, add_rubric

pytestmark = pytest.mark.django_db

JURORS = 6
ENTRIES = 14


def _seat(contest, organiser, email: str) -> Juror:
    """A juror seated the way the site seats one: invited by email, then accepting."""
    invitation = invite_juror(contest=contest, email=email, language="en", by=organiser)
    return accept_invitation(token=invitation.token, user=UserFactory(email=email))


def _score(assignment, rng: random.Random, *, submit: bool) -> None:
    marks = {str(c.pk): rng.randint(1, 10) for c in assignment.round.criteria.all()}
    save_score(assignment=assignment, by=assignment.juror.user, marks=marks,
               comment=f"note on {assignment.entry.code}", expected_version=0, submit=submit)


@pytest.fixture
def jury(contest, organiser):
    """A demo-like round: six jurors seated by invitation, fourteen eligible entries, three
    jurors per entry (seven entries each), most work submitted. The first juror submitted three
    of theirs, saved one draft and left three open."""
    rng = random.Random(15)
    seats = [_seat(contest, organiser, f"juror{n}@example.org") for n in range(JURORS)]
    for _ in range(ENTRIES):
        EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    round_ = RoundFactory(contest=contest, jurors_per_entry=3, order=1)
    add_rubric(round_)
    add_eligible_entries(round=round_, by=organiser)
    run_assignment(round=round_, by=organiser)
    leaving, *others = seats
    mine = list(Assignment.objects.filter(juror=leaving).select_related("round", "entry",
                                                                         "juror__user"))
    half, quarter = len(mine) // 2, len(mine) // 4
    for assignment in mine[:half]:
        _score(assignment, rng, submit=True)
    for assignment in mine[half:half + quarter]:
        _score(assignment, rng, submit=False)
    for assignment in Assignment.objects.filter(juror__in=others).select_related(
            "round", "entry", "juror__user").order_by("pk")[2:]:
        _score(assignment, rng, submit=True)
    return round_, leaving, others


def _rankings(round_):
    return {method: (result.rows, result.scores) for method in AggregationMethod.values
            for result in [ranking(round=round_, method=method)]}


def _submitted(round_):
    return set(Score.objects.filter(assignment__round=round_, status=ScoreStatus.SUBMITTED)
               .values_list("assignment_id", "assignment__juror_id", "weighted", "comment"))


def test_erasing_a_juror_keeps_every_ranking_identical(jury):
    round_, leaving, _others = jury
    before, scores_before = _rankings(round_), _submitted(round_)

    delete_account(user=leaving.user)

    assert _rankings(round_) == before
    assert _submitted(round_) == scores_before
    assert len([row for row in scores_before if row[1] == leaving.pk]) == 3


def test_erased_juror_keeps_the_seat_as_a_former_juror(jury):
    round_, leaving, _others = jury
    user_id = leaving.user_id

    delete_account(user=leaving.user)

    seat = Juror.objects.get(pk=leaving.pk)
    assert not User.objects.filter(pk=user_id).exists()
    assert (seat.user_id, seat.is_active, seat.former_number, seat.country, seat.languages) == (
        None, False, 1, "", [])
    assert (str(seat), seat.display_name) == ("Former juror 1", "Former juror 1")


def test_former_juror_number_is_the_seat_ordinal_in_its_contest(contest, organiser):
    seats = [_seat(contest, organiser, f"j{n}@example.org") for n in range(3)]
    elsewhere = _seat(ContestFactory(), organiser, "j0-elsewhere@example.org")

    delete_account(user=seats[2].user)
    delete_account(user=seats[0].user)
    delete_account(user=elsewhere.user)

    numbers = dict(Juror.objects.values_list("pk", "former_number"))
    assert [numbers[s.pk] for s in [*seats, elsewhere]] == [1, None, 3, 1]


def test_erasing_a_juror_releases_drafts_and_open_work_to_other_jurors(jury):
    round_, leaving, others = jury
    pairs_before = set(Assignment.objects.filter(round=round_).values_list("entry_id",
                                                                          "juror_id"))
    submitted_by_leaving = set(Assignment.objects.filter(
        juror=leaving, score__status=ScoreStatus.SUBMITTED).values_list("entry_id", flat=True))

    delete_account(user=leaving.user)

    pairs_after = set(Assignment.objects.filter(round=round_).values_list("entry_id", "juror_id"))
    per_entry = {}
    for entry_id, _juror in pairs_after:
        per_entry[entry_id] = per_entry.get(entry_id, 0) + 1
    assert set(per_entry.values()) == {3}
    assert {e for e, j in pairs_after if j == leaving.pk} == submitted_by_leaving
    assert not Score.objects.filter(assignment__juror=leaving, status=ScoreStatus.DRAFT).exists()
    # The engine's minimal reshuffle: the four released pairs find new jurors, and balance
    # moves at most one pair another juror held (here one: see the run's own count).
    others_before = {pair for pair in pairs_before if pair[1] != leaving.pk}
    moved = others_before - pairs_after
    (run,) = AuditEvent.objects.filter(action="judging.assignment_run", actor=None)
    assert (len(moved), run.after["moved"], run.after["removed"]) == (1, 1, 1)
    assert len(pairs_after - pairs_before) == 4 + len(moved)
    assert {j for _e, j in pairs_after - pairs_before} <= {seat.pk for seat in others}


def test_erasing_a_juror_in_a_closed_round_releases_drafts_without_reassigning(jury, organiser):
    round_, leaving, _others = jury
    round_.status = RoundStatus.CLOSED
    round_.save()
    count_before = Assignment.objects.filter(round=round_).count()

    delete_account(user=leaving.user)

    assert Assignment.objects.filter(round=round_).count() == count_before - 4
    assert not AuditEvent.objects.filter(action="judging.assignment_run", actor=None).exists()


def test_reassignment_that_cannot_be_done_is_logged_and_the_erasure_still_happens(
        contest, organiser):
    seats = [_seat(contest, organiser, f"only{n}@example.org") for n in range(2)]
    EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    round_ = RoundFactory(contest=contest, jurors_per_entry=2, order=1)
    add_rubric(round_)
    add_eligible_entries(round=round_, by=organiser)
    run_assignment(round=round_, by=organiser)

    delete_account(user=seats[0].user)

    assert Assignment.objects.filter(round=round_).count() == 1
    (event,) = AuditEvent.objects.filter(action="judging.reassignment_failed")
    assert event.after["code"] == "assignment_too_few_jurors"


def test_run_assignment_counts_a_former_jurors_submitted_scores_toward_the_panel(jury, organiser):
    round_, leaving, _others = jury
    delete_account(user=leaving.user)
    pairs_before = set(Assignment.objects.filter(round=round_).values_list("entry_id",
                                                                          "juror_id"))

    run = run_assignment(round=round_, by=organiser)

    assert (run.created, run.removed) == (0, 0)
    assert set(Assignment.objects.filter(round=round_).values_list(
        "entry_id", "juror_id")) == pairs_before


def test_erasing_a_juror_scrubs_invitations_conflicts_and_quoted_addresses(
        contest, organiser, other_entrant):
    seat = _seat(contest, organiser, "leaving@example.org")
    other_contest = ContestFactory()
    invite_juror(contest=other_contest, email="leaving@example.org", language="en", by=organiser)
    declare_conflict(juror=seat, by=seat.user, kind=ConflictKind.ENTRANT,
                     entrant=other_entrant.email, reason="My cousin")
    declare_conflict(juror=seat, by=seat.user, kind=ConflictKind.ORGANISATION,
                     organisation="Studio Ghibli")
    declare_conflict(juror=seat, by=seat.user, kind=ConflictKind.COUNTRY, country="FR")

    delete_account(user=seat.user)

    invitations = JurorInvitation.objects.order_by("pk")
    assert [(i.contest_id, i.email, i.juror_id) for i in invitations] == [
        (contest.pk, "", seat.pk)]
    assert sorted(JurorConflict.objects.filter(juror=seat).values_list(
        "kind", "entrant", "organisation", "reason", "country")) == [
        ("country", None, "", "", "FR"), ("entrant", None, "", "", ""),
        ("organisation", None, "", "", "")]
    quoting = [event.action for event in AuditEvent.objects.order_by("pk")
               if "leaving@example.org" in str(event.before) + str(event.after)]
    assert quoting == []
    assert AuditEvent.objects.filter(action="juror.accepted", object_id=str(seat.pk)).exists()


def test_organisers_read_former_juror_on_the_jury_and_results_pages(jury, client, organiser):
    round_, leaving, _others = jury
    name = leaving.user.display_name
    delete_account(user=leaving.user)
    client.force_login(organiser)

    pages = [
        client.get(reverse("judging:organiser_jurors",
                           kwargs={"contest_slug": round_.contest.slug})),
        client.get(reverse("judging:organiser_results",
                           kwargs={"contest_slug": round_.contest.slug, "round_id": round_.pk})),
    ]

    assert [page.status_code for page in pages] == [200, 200]
    assert ["Former juror 1" in page.content.decode() for page in pages] == [True, True]
    assert [name in page.content.decode() for page in pages] == [False, False]


def test_dashboard_progress_names_the_former_juror(jury):
    from judging.presenters.dashboard import juror_progress

    round_, leaving, _others = jury
    delete_account(user=leaving.user)

    ((_round, progress, _done, _total),) = juror_progress(contest=round_.contest)

    assert ("Former juror 1", 3, 3) in [(row.name, row.done, row.total) for row in progress]
