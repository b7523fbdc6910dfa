"""The organiser's pages for the entry form's questions: the list (reorder, remove) and the
add and edit form. Every page asks ``contest.manage_contest`` on the contest of the URL."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.pages import run_service
from core.permissions import object_permission_required

from ..access import contest_from_url
from ..forms_questions import QuestionForm
from ..models import Contest, Question
from ..selectors import question_list
from ..services import questions as services


def _question(contest: Contest, question_id: int) -> Question:
    """The contest's question named by the URL (404 if it is another contest's)."""
    return get_object_or_404(Question.objects.prefetch_related("categories"),
                             pk=question_id, contest=contest)


@object_permission_required("contest.manage_contest", contest_from_url)
def contest_questions(request, contest: Contest):
    questions = question_list(contest=contest)
    return render(request, "contest/organiser/questions.html", {
        "contest": contest,
        "asked": [question for question in questions if question.archived_at is None],
        "archived": [question for question in questions if question.archived_at is not None],
    })


@object_permission_required("contest.manage_contest", contest_from_url)
@require_http_methods(["GET", "POST"])
def question_add(request, contest: Contest):
    form = QuestionForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: services.add_question(
            contest=contest, by=request.user, values=form.values()),
            form=form, success=_("The question was added."))
        if outcome.ok:
            return redirect("contest:contest_questions", slug=contest.slug)
    return render(request, "contest/organiser/question_form.html",
                  {"contest": contest, "form": form, "question": None})


@object_permission_required("contest.manage_contest", contest_from_url)
@require_http_methods(["GET", "POST"])
def question_edit(request, contest: Contest, question_id: int):
    question = _question(contest, question_id)
    if question.archived_at is not None:
        raise Http404
    form = QuestionForm(request.POST or None, contest=contest, question=question)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: services.update_question(
            question=question, by=request.user, values=form.values()),
            form=form, success=_("The question was saved."))
        if outcome.ok:
            return redirect("contest:contest_questions", slug=contest.slug)
    return render(request, "contest/organiser/question_form.html", {
        "contest": contest, "form": form, "question": question,
        "answered": services.answered(question)})


@object_permission_required("contest.manage_contest", contest_from_url)
@require_POST
def question_action(request, contest: Contest, question_id: int, action: str):
    question = _question(contest, question_id)
    by = request.user
    if action in ("up", "down"):
        run_service(request, lambda: services.move_question(
            question=question, by=by, offset=-1 if action == "up" else 1))
    elif action == "remove":
        outcome = run_service(request, lambda: services.remove_question(question=question, by=by))
        if outcome.ok:
            messages.success(request, _("The question was deleted.") if outcome.value is None
                             else _("Entries answered this question: it is no longer asked, "
                                    "and their answers are kept."))
    else:
        raise Http404
    return redirect("contest:contest_questions", slug=contest.slug)
