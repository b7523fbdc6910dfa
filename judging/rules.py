"""Judging permissions: one vocabulary for pages, API and templates (django-rules).

What a round allows is data: ``PHASE_ALLOWS`` maps each phase of a round to the
actions it permits, and every predicate below reads it instead of branching on
statuses. The phase depends on the round's status and whether its deadline passed.
"""

from __future__ import annotations

import enum

import rules
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.rules import coordinates_judging, is_juror, reads_contest, runs_contest

from .enums import RoundStatus, ScoreStatus


class Phase(enum.Enum):
    PREPARING = "preparing"  # organisers build the round; jurors see nothing yet
    SCORING = "scoring"  # open and before the deadline
    OVERDUE = "overdue"  # still open, deadline passed: read-only for jurors
    CLOSED = "closed"


class Action(enum.Enum):
    VIEW = "view"  # read the assigned entry and one's own score
    SCORE = "score"  # save drafts and submit
    DECLARE_CONFLICT = "declare_conflict"
    SEE_PANEL_SCORES = "see_panel_scores"  # other jurors' scores of the same entry


PHASE_ALLOWS: dict[Phase, frozenset[Action]] = {
    Phase.PREPARING: frozenset(),
    Phase.SCORING: frozenset({Action.VIEW, Action.SCORE, Action.DECLARE_CONFLICT}),
    Phase.OVERDUE: frozenset({Action.VIEW, Action.DECLARE_CONFLICT}),
    Phase.CLOSED: frozenset({Action.VIEW, Action.SEE_PANEL_SCORES}),
}

# Why an action is refused in a phase, shown to the juror as is.
PHASE_REFUSALS: dict[Phase, tuple[str, object]] = {
    Phase.PREPARING: ("round_not_open", _("This round is not open yet.")),
    Phase.SCORING: ("not_allowed", _("This is not allowed while the round is open.")),
    Phase.OVERDUE: ("deadline_passed", _("The deadline of this round has passed.")),
    Phase.CLOSED: ("round_closed", _("This round is closed.")),
}

# Rounds whose assignments a juror may see at all.
VISIBLE_ROUND_STATUSES = (RoundStatus.OPEN, RoundStatus.CLOSED)


def round_phase(round_, at=None) -> Phase:
    if round_.status == RoundStatus.CLOSED:
        return Phase.CLOSED
    if round_.status != RoundStatus.OPEN:
        return Phase.PREPARING
    if (at or timezone.now()) >= round_.deadline:
        return Phase.OVERDUE
    return Phase.SCORING


def round_allows(round_, action: Action, at=None) -> bool:
    return action in PHASE_ALLOWS[round_phase(round_, at)]


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


def _owns_assignment(user, assignment) -> bool:
    juror = assignment.juror
    return juror.user_id is not None and juror.user_id == user.pk and juror.is_active


def scoring_refusal(user, assignment, at=None) -> tuple[str, object] | None:
    """Why ``user`` may not change the score of ``assignment`` now, or None if they may.

    The scoring service raises with this code and message; ``can_score`` is its yes/no form.
    """
    if not _authenticated(user) or not _owns_assignment(user, assignment):
        return ("permission_denied", _("This entry is not assigned to you."))
    phase = round_phase(assignment.round, at)
    if Action.SCORE not in PHASE_ALLOWS[phase]:
        return PHASE_REFUSALS[phase]
    score = score_of(assignment)
    if score is not None and score.status == ScoreStatus.SUBMITTED:
        return ("score_locked", _("This score is submitted and can no longer be changed."))
    return None


def conflict_refusal(user, assignment, at=None) -> tuple[str, object] | None:
    """Why ``user`` may not declare a conflict on ``assignment`` now, or None."""
    if not _authenticated(user) or not _owns_assignment(user, assignment):
        return ("permission_denied", _("This entry is not assigned to you."))
    phase = round_phase(assignment.round, at)
    if Action.DECLARE_CONFLICT not in PHASE_ALLOWS[phase]:
        return PHASE_REFUSALS[phase]
    score = score_of(assignment)
    if score is not None and score.status == ScoreStatus.SUBMITTED:
        return (
            "score_locked",
            _("You already submitted a score for this entry; write to the organisers instead."),
        )
    return None


def score_of(assignment):
    """The assignment's score, or None when the juror has not saved anything yet."""
    try:
        return assignment.score
    except ObjectDoesNotExist:
        return None


@rules.predicate
def is_juror_of_contest(user, contest) -> bool:
    if not _authenticated(user) or contest is None:
        return False
    # Through relations, not the models: judging's models import these rules for their Meta.
    return contest.jurors.filter(user=user, is_active=True).exists()


@rules.predicate
def is_assigned_juror(user, entry) -> bool:
    """The user is an active juror assigned to ``entry`` in a round they may see.

    Guards media too: an assigned juror may watch the entry's preview and poster.
    """
    if not _authenticated(user) or entry is None:
        return False
    return entry.assignments.filter(
        juror__user=user,
        juror__is_active=True,
        round__status__in=VISIBLE_ROUND_STATUSES,
    ).exists()


@rules.predicate
def is_assignment_juror(user, assignment) -> bool:
    return _authenticated(user) and assignment is not None and _owns_assignment(user, assignment)


@rules.predicate
def round_is_open(user, obj) -> bool:
    """The round of ``obj`` (a round or an assignment) is open for scoring now."""
    round_ = getattr(obj, "round", obj)
    return round_ is not None and round_allows(round_, Action.SCORE)


@rules.predicate
def assignment_round_visible(user, assignment) -> bool:
    return assignment is not None and round_allows(assignment.round, Action.VIEW)


@rules.predicate
def can_score(user, assignment) -> bool:
    return assignment is not None and scoring_refusal(user, assignment) is None


@rules.predicate
def can_declare_conflict(user, assignment) -> bool:
    return assignment is not None and conflict_refusal(user, assignment) is None


@rules.predicate
def round_scores_visible_to_jurors(user, round_) -> bool:
    return round_ is not None and round_allows(round_, Action.SEE_PANEL_SCORES)


@rules.predicate
def is_juror_of_round(user, round_) -> bool:
    return round_ is not None and is_juror_of_contest(user, round_.contest)


@rules.predicate
def is_published_winner(user, obj) -> bool:
    """An entry (or anything with ``.entry``, a video) holds an award of a published contest."""
    entry = getattr(obj, "entry", obj)
    if entry is None or getattr(entry, "pk", None) is None:
        return False
    if entry.contest.results_published_at is None:
        return False
    return entry.award_placements.exists()


@rules.predicate
def results_are_published(user, contest) -> bool:
    return contest is not None and contest.results_published_at is not None


@rules.predicate
def judges_video(user, video) -> bool:
    # Jurors see only the film under review, never an earlier upload.
    return video.is_current and is_assigned_juror(user, video.entry)


@rules.predicate
def is_current_winner_video(user, video) -> bool:
    # A published winner's poster is public, like the winners page that shows it.
    return video.is_current and is_published_winner(user, video)


@rules.predicate
def judges_material(user, material) -> bool:
    # Materials are checked copies without the entrant's metadata, like the film's preview.
    return is_assigned_juror(user, material.entry)


@rules.predicate
def is_winner_poster(user, material) -> bool:
    # A published winner's poster is public, like the winners page that shows it.
    return material.kind == "poster" and is_published_winner(user, material)


can_view_assignment = is_assignment_juror & assignment_round_visible


@rules.predicate
def sits_on_vote(user, vote) -> bool:
    """The user is an active juror of the vote's final jury (``vote``: a FinalVote)."""
    if not _authenticated(user) or vote is None:
        return False
    return vote.jurors.filter(user=user, is_active=True).exists()

# Assignment permissions (view, score, declare_conflict) are declared on the model, in
# ``Assignment.Meta.rules_permissions``: judging.view_assignment, judging.score_assignment,
# judging.declare_conflict_assignment.
rules.add_perm("judging.access_juror_area", is_juror)
# The juror's own work: what an organisation's two-factor requirement for jurors covers.
JUROR_PERMISSIONS = frozenset({
    "judging.access_juror_area", "judging.view_entry_as_juror", "judging.view_assignment",
    "judging.score_assignment", "judging.declare_conflict_assignment",
})
rules.add_perm("judging.view_entry_as_juror", is_assigned_juror)
# Every organiser permission is asked about an object (the contest, or a round of it) and
# answered by the role the user holds in the organisation that runs the contest.
rules.add_perm("judging.manage_jurors", coordinates_judging)
rules.add_perm("judging.manage_rounds", coordinates_judging)
rules.add_perm("judging.manage_awards", runs_contest)
rules.add_perm("judging.view_dashboard", reads_contest)
rules.add_perm("judging.view_results", reads_contest)
rules.add_perm("judging.export_results", reads_contest)
rules.add_perm("judging.view_audit_log", runs_contest)
rules.add_perm("judging.send_bulk_messages", runs_contest)
# Entrants never see scores; the contest's team always; jurors only once the round is closed.
rules.add_perm(
    "judging.view_round_scores",
    reads_contest | (is_juror_of_round & round_scores_visible_to_jurors),
)
rules.add_perm("judging.view_winners", results_are_published)
# A final vote: its jury casts secret ballots; the contest's runners see the count and who
# voted, never a ballot (a ballot's page and endpoint answer only its juror).
rules.add_perm("judging.cast_ballot", sits_on_vote)
