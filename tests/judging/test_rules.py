from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.enums import Role
from accounts.services import add_role
from judging.enums import RoundStatus, ScoreStatus
from judging.rules import Phase, can_score, is_assigned_juror, is_juror_of_contest, round_phase

from .factories import AssignmentFactory, JurorFactory, RoundFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def test_round_phase_follows_status_and_deadline():
    round_ = RoundFactory.build(status=RoundStatus.OPEN)
    assert round_phase(round_) == Phase.SCORING
    round_.deadline = timezone.now() - timedelta(minutes=1)
    assert round_phase(round_) == Phase.OVERDUE
    round_.status = RoundStatus.DRAFT
    assert round_phase(round_) == Phase.PREPARING
    round_.status = RoundStatus.CLOSED
    assert round_phase(round_) == Phase.CLOSED


def test_is_assigned_juror_only_for_the_assigned_active_juror():
    assignment = AssignmentFactory()
    other = JurorFactory(contest=assignment.round.contest)
    assert is_assigned_juror(assignment.juror.user, assignment.entry) is True
    assert is_assigned_juror(other.user, assignment.entry) is False
    assert is_assigned_juror(assignment.entry.entrant, assignment.entry) is False


def test_is_assigned_juror_false_while_round_in_draft_or_juror_inactive():
    assignment = AssignmentFactory(round__status=RoundStatus.DRAFT)
    assert is_assigned_juror(assignment.juror.user, assignment.entry) is False
    assignment.round.status = RoundStatus.OPEN
    assignment.round.save()
    assignment.juror.is_active = False
    assignment.juror.save()
    assert is_assigned_juror(assignment.juror.user, assignment.entry) is False


def test_is_juror_of_contest_per_contest():
    juror = JurorFactory()
    other = JurorFactory()
    assert is_juror_of_contest(juror.user, juror.contest) is True
    assert is_juror_of_contest(juror.user, other.contest) is False


def test_can_score_refused_after_deadline_submit_or_for_others():
    assignment = AssignmentFactory()
    user = assignment.juror.user
    assert can_score(user, assignment) is True
    assert can_score(JurorFactory(contest=assignment.round.contest).user, assignment) is False
    assignment.round.deadline = timezone.now() - timedelta(seconds=1)
    assert can_score(user, assignment) is False
    assignment.round.deadline = timezone.now() + timedelta(days=1)
    ScoreFactory(assignment=assignment, status=ScoreStatus.SUBMITTED)
    assert can_score(user, assignment) is False


def test_round_scores_visible_to_organisers_and_to_jurors_only_after_closing(organiser, entrant):
    round_ = RoundFactory()
    juror = JurorFactory(contest=round_.contest)
    add_role(user=juror.user, role=Role.JUROR)
    assert organiser.has_perm("judging.view_round_scores", round_) is True
    assert juror.user.has_perm("judging.view_round_scores", round_) is False
    assert entrant.has_perm("judging.view_round_scores", round_) is False
    round_.status = RoundStatus.CLOSED
    assert juror.user.has_perm("judging.view_round_scores", round_) is True
    assert entrant.has_perm("judging.view_round_scores", round_) is False
