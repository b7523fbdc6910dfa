"""The juror's dashboard: rounds, the queue of each round, and the blind scoring page."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.enums import AITool
from contest.selectors import juror_answers
from core.pages import run_service
from core.permissions import refused_page

from ..forms.jurors import EntryConflictForm
from ..rules import round_phase, score_of, scoring_refusal
from ..selectors.juror import (
    QueueFilter,
    assignment_for_juror,
    assignments_for_juror,
    current_video,
    entrant_country,
    juror_seats,
    material_urls,
    neighbours,
    queue_status,
    rounds_with_progress,
    video_urls,
)
from ..selectors.votes import open_votes_for
from ..services import jurors as juror_services
from ..services import scoring

QUEUE_PAGE_SIZE = 50


def juror_required(view):
    """Logged in and holding the juror role; each view still checks the object."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("judging.access_juror_area"):
            raise PermissionDenied
        return (refused_page(request, "judging.access_juror_area", None)
                or view(request, *args, **kwargs))

    return wrapper


@juror_required
def home(request):
    context = {"progress": rounds_with_progress(user=request.user),
               "seats": juror_seats(user=request.user),
               "votes": open_votes_for(user=request.user)}
    return render(request, "judging/home.html", context)


@juror_required
def queue(request, round_id: int):
    progress = rounds_with_progress(user=request.user, round_id=round_id)
    if not progress:
        raise Http404
    status = request.GET.get("status") or ""
    if status not in QueueFilter.Q:
        status = ""
    assignments = assignments_for_juror(user=request.user, round_id=round_id, status=status)
    page = Paginator(assignments, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(a, queue_status(a), score_of(a)) for a in page.object_list]
    context = {
        "progress": progress[0],
        "round": progress[0].round,
        "page": page,
        "rows": rows,
        "status": status,
        "filters": QueueFilter.CHOICES,
    }
    return render(request, "judging/queue.html", context)


def _load_assignment(request, assignment_id: int):
    assignment = assignment_for_juror(user=request.user, assignment_id=assignment_id)
    if assignment is None or not request.user.has_perm("judging.view_assignment", assignment):
        raise Http404
    return assignment


def _rubric(assignment, posted: dict | None = None) -> list[dict]:
    score = score_of(assignment)
    marks = posted if posted is not None else (score.marks if score else {})
    round_ = assignment.round
    criteria = list(round_.criteria.all())
    total_weight = sum(c.weight for c in criteria) or 1
    return [
        {
            "criterion": c,
            "selected": marks.get(str(c.pk)),
            "share": round(100 * c.weight / total_weight),
            "marks": range(round_.scale_min, round_.scale_max + 1),
        }
        for c in criteria
    ]


@juror_required
def score_page(request, assignment_id: int):
    assignment = _load_assignment(request, assignment_id)
    if request.method == "POST":
        return _post_score(request, assignment)
    return render(request, "judging/score.html", _score_context(request, assignment))


def _score_context(request, assignment) -> dict:
    refusal = scoring_refusal(request.user, assignment)
    score = score_of(assignment)
    tools = dict(AITool.choices)
    return {
        "assignment": assignment,
        "entry": assignment.entry,
        "round": assignment.round,
        "phase": round_phase(assignment.round).value,
        "score": score,
        "version": score.version if score else 0,
        "rubric": _rubric(assignment),
        "can_score": refusal is None,
        "refusal": refusal[1] if refusal else None,
        "video": current_video(assignment),
        "media": video_urls(current_video(assignment)),
        "materials": material_urls(assignment),
        "country": entrant_country(assignment),
        "ai_tools": [tools.get(tool, tool) for tool in assignment.entry.ai_tools],
        "nav": neighbours(user=request.user, assignment=assignment),
        "conflict_form": EntryConflictForm(),
        "queue_status": queue_status(assignment),
        # Blind: only the answers to questions the organisers marked for jurors.
        "answers": juror_answers(entry=assignment.entry, contest=assignment.round.contest),
    }


def _posted_version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _post_score(request, assignment):
    """The form's own submission, for browsers without JavaScript: save, and maybe submit."""
    version = _posted_version(request)
    if version is None:
        messages.error(request, _("The form was incomplete; reload the page and try again."))
        return redirect("judging:score", assignment_id=assignment.pk)
    marks = {
        str(row["criterion"].pk): request.POST.get(f"mark-{row['criterion'].pk}") or None
        for row in _rubric(assignment)
    }
    submit = request.POST.get("action") == "submit"
    run_service(request, lambda: scoring.save_score(
        assignment=assignment, by=request.user, marks=marks,
        comment=request.POST.get("comment", ""), expected_version=version, submit=submit,
    ), success=_("Your score was submitted.") if submit else _("Your draft was saved."))
    return redirect("judging:score", assignment_id=assignment.pk)


@juror_required
@require_POST
def declare_conflict(request, assignment_id: int):
    assignment = _load_assignment(request, assignment_id)
    form = EntryConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    outcome = run_service(request, lambda: juror_services.declare_entry_conflict(
        assignment=assignment, by=request.user, reason=reason
    ))
    if not outcome.ok:
        return redirect("judging:score", assignment_id=assignment.pk)
    if outcome.value is not None:
        messages.success(request, _("Thank you. The entry was given to another juror."))
    else:
        messages.warning(
            request,
            _("Thank you. The entry was removed from your queue; the organisers will reassign it."),
        )
    return redirect("judging:queue", round_id=assignment.round_id)
