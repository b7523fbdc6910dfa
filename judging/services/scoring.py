"""Scoring: a juror's draft marks, saved often, then submitted once and locked.

Every write locks the assignment row, re-checks the permission on the locked data
and compares the client's version with the stored one, so two windows or two
requests racing can never overwrite each other silently: the loser gets a 409.
A score that does not exist yet has version 0.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import ConflictError, ContestError, PermissionDeniedError

from ..enums import ScoreStatus
from ..models import Assignment, Criterion, Juror, Round, Score
from ..rules import score_of, scoring_refusal
from .results import results_changed

COMMENT_MAX_LENGTH = 5000


def _locked(assignment: Assignment, *, round_too: bool = False) -> Assignment:
    # The juror's seat first, then the assignment: the order the erasure of a juror takes
    # (judging/services/erasure.py), so a score saved while its juror is being forgotten either
    # lands before (and is kept, or released as a draft) or finds the seat gone, never half.
    # Lock the assignment, not the score: the score may not exist yet. The score is not
    # joined here: after waiting for the lock, PostgreSQL re-reads the locked row but returns
    # joined rows as of the statement's start, so a score saved by the transaction we waited
    # for would be missed (and overwritten). Read lazily, it comes from a fresh statement.
    # A submission moves the round's results version on: it takes the round first, as the
    # erasure and the round services do, so the three never wait on each other in a circle.
    if round_too:
        Round.objects.select_for_update(no_key=True).filter(pk=assignment.round_id).exists()
    Juror.objects.select_for_update(no_key=True).filter(pk=assignment.juror_id).exists()
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round", "juror")
        .filter(pk=assignment.pk).first()
    )
    if locked is None:
        raise ConflictError(_("This assignment was withdrawn; it is no longer yours to score."),
                            "assignment_gone")
    return locked


def _check_can_score(*, assignment: Assignment, by) -> None:
    refusal = scoring_refusal(by, assignment)
    if refusal is not None:
        code, message = refusal
        raise PermissionDeniedError(message, code)


def _check_version(score: Score | None, expected_version: int) -> None:
    current = score.version if score is not None else 0
    if expected_version != current:
        raise ConflictError(
            _(
                "This score was changed elsewhere (another tab or device) since you opened it. "
                "Reload the page to see the saved marks; your last change was not saved."
            ),
            "stale_version",
            fields={"version": current},
        )


def clean_marks(
    *, marks: dict, criteria: list[Criterion], scale: tuple[int, int]
) -> dict[str, int]:
    """Marks keyed by criterion id as text, each a whole number within the scale.

    A mark of None removes it from a draft.
    """
    known = {str(criterion.pk) for criterion in criteria}
    low, high = scale
    errors: dict[str, str] = {}
    cleaned: dict[str, int] = {}
    for key, value in (marks or {}).items():
        key = str(key)
        if key not in known:
            errors[key] = _("This criterion is not part of the round's rubric.")
            continue
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, int | str):
            errors[key] = _("Give a whole number.")
            continue
        try:
            mark = int(value)
        except ValueError:
            errors[key] = _("Give a whole number.")
            continue
        if not low <= mark <= high:
            errors[key] = _("Give a mark from %(low)s to %(high)s.") % {"low": low, "high": high}
            continue
        cleaned[key] = mark
    if errors:
        raise ContestError(
            _("Some marks are not valid."), "invalid_marks", fields={"marks": errors}
        )
    return cleaned


def weighted_score(*, marks: dict[str, int], criteria: list[Criterion]) -> float:
    """sum(weight × mark) / sum(weight) over the rubric; every criterion must be marked."""
    total = sum((c.weight * marks[str(c.pk)] for c in criteria), Decimal(0))
    weights = sum((c.weight for c in criteria), Decimal(0))
    return float(total / weights)


@transaction.atomic
def save_draft(
    *, assignment: Assignment, by, marks: dict, comment: str | None, expected_version: int
) -> Score:
    """Store the juror's marks and private comment as a draft; returns the new version.

    Side effects: creates or updates the Score row, version + 1. No audit row: drafts
    are saved every few seconds and only the submitted score is a decision.
    """
    assignment = _locked(assignment)
    _check_can_score(assignment=assignment, by=by)
    score = score_of(assignment)
    _check_version(score, expected_version)
    round_ = assignment.round
    criteria = list(round_.criteria.all())
    scale = (round_.scale_min, round_.scale_max)
    cleaned = clean_marks(marks=marks, criteria=criteria, scale=scale)
    if comment is not None and len(comment) > COMMENT_MAX_LENGTH:
        raise ContestError(
            _("The comment is too long."), "invalid", fields={"comment": [_("Too long.")]}
        )
    if score is None:
        return Score.objects.create(
            assignment=assignment, marks=cleaned, comment=comment or "", version=1
        )
    score.marks = cleaned
    if comment is not None:
        score.comment = comment
    score.version += 1
    score.save(update_fields=["marks", "comment", "version", "updated_at"])
    return score


@transaction.atomic
def submit_score(*, assignment: Assignment, by, expected_version: int) -> Score:
    """Submit the saved draft: every criterion marked, weighted score computed, then locked.

    Side effects: the Score becomes submitted (read-only from then on), version + 1, the
    round's results version + 1 (its cached ranking is stale), and an audit row
    "score.submitted" records the marks and the weighted score.
    """
    assignment = _locked(assignment, round_too=True)
    _check_can_score(assignment=assignment, by=by)
    score = score_of(assignment)
    _check_version(score, expected_version)
    criteria = list(assignment.round.criteria.all())
    if not criteria:
        raise ContestError(_("This round has no criteria to score yet."), "no_criteria")
    marks = score.marks if score is not None else {}
    missing = [c for c in criteria if str(c.pk) not in marks]
    if missing:
        raise ContestError(
            _("Mark every criterion before submitting: %(names)s.")
            % {"names": ", ".join(c.name for c in missing)},
            "incomplete",
            fields={"marks": {str(c.pk): _("Missing.") for c in missing}},
        )
    round_ = assignment.round
    clean_marks(marks=marks, criteria=criteria, scale=(round_.scale_min, round_.scale_max))
    score.weighted = weighted_score(marks=marks, criteria=criteria)
    score.status = ScoreStatus.SUBMITTED
    score.submitted_at = timezone.now()
    score.version += 1
    score.save(update_fields=["weighted", "status", "submitted_at", "version", "updated_at"])
    results_changed(round_ids=[round_.pk])
    audit.record(
        actor=by,
        action="score.submitted",
        obj=score,
        scope=round_.contest,
        after={"assignment": assignment.pk, "marks": marks, "weighted": score.weighted},
    )
    return score


@transaction.atomic
def save_score(
    *, assignment: Assignment, by, marks: dict, comment: str | None, expected_version: int,
    submit: bool,
) -> Score:
    """Save the juror's marks and comment and, with ``submit``, submit them, all or nothing.

    One transaction: a refused submission (a criterion left unmarked) rolls back the draft
    saved just before it, so the juror finds the score as it was and the message says why.
    Side effects: those of ``save_draft`` and, when submitting, of ``submit_score``.
    """
    if submit:  # the round before the seat, as submit_score and the erasure take them
        Round.objects.select_for_update(no_key=True).filter(pk=assignment.round_id).exists()
    score = save_draft(assignment=assignment, by=by, marks=marks, comment=comment,
                       expected_version=expected_version)
    if not submit:
        return score
    return submit_score(assignment=assignment, by=by, expected_version=score.version)
