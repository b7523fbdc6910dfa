"""The one check of an entry's answers to its contest's questions, called by the entry
services for the entry form and the entry API alike.

Drafts may lack answers; a submitted entry may not: submitting refuses while a required
question is unanswered or an answer makes the entry ineligible, and an edit of a submitted
entry may not undo either. Errors are keyed ``answers.<question key>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.errors import ContestError

from .. import questions as rules
from ..models import Contest, Entry, Question


def active_questions(contest: Contest) -> list[Question]:
    """The contest's questions in form order, with their categories: two queries."""
    return list(contest.questions.filter(archived_at__isnull=True)
                .prefetch_related("categories").order_by("order", "pk"))


def applies_to(question: Question, category_id: int | None) -> bool:
    """A question with no categories applies to every category (categories prefetched)."""
    ids = [category.pk for category in question.categories.all()]
    return not ids or category_id in ids


def for_category(questions: Iterable[Question], category_id: int | None) -> list[Question]:
    return [question for question in questions if applies_to(question, category_id)]


def clean_answers(*, contest: Contest, category_id: int | None, current: Mapping[str, Any],
                  given: Mapping[str, Any], questions: list[Question] | None = None
                  ) -> dict[str, Any]:
    """``current`` answers with ``given`` applied (a key per question; no answer removes it).

    Refuses with a field error per answer: an unknown or archived question, a question that
    does not apply to the category, or a value its type does not accept. Answers to archived
    questions and to questions of another category are kept as they were.
    """
    if not isinstance(given, Mapping):
        raise ContestError(_("Some fields are not valid."), code="invalid",
                           fields={"answers": [str(_("Answer the questions by their keys."))]})
    questions = active_questions(contest) if questions is None else questions
    by_key = {question.key: question for question in for_category(questions, category_id)}
    answers = dict(current)
    errors: dict[str, list[str]] = {}
    for key, value in given.items():
        question = by_key.get(key)
        if question is None:
            errors[f"answers.{key}"] = [str(_("This question is not asked in this category."))]
            continue
        try:
            cleaned = rules.clean_answer(question, value)
        except rules.AnswerError as error:
            errors[f"answers.{key}"] = [str(error.message)]
            continue
        if cleaned is None:
            answers.pop(key, None)
        else:
            answers[key] = cleaned
    if errors:
        raise ContestError(_("Some answers are not valid."), code="invalid", fields=errors)
    return answers


@dataclass(frozen=True)
class Ineligibility:
    key: str
    message: str


def ineligibilities(questions: Iterable[Question], answers: Mapping[str, Any],
                    category_id: int | None) -> list[Ineligibility]:
    """The organiser's message for each answer that makes the entry ineligible, in the
    reader's language."""
    return [Ineligibility(question.key, question.ineligible_message
                          or str(_("This answer makes the entry ineligible for this contest.")))
            for question in for_category(questions, category_id)
            if rules.makes_ineligible(question, answers.get(question.key))]


def missing_required(questions: Iterable[Question], answers: Mapping[str, Any],
                     category_id: int | None) -> list[Question]:
    return [question for question in for_category(questions, category_id)
            if question.required and rules.is_empty(answers.get(question.key))]


def check_complete(*, entry: Entry, questions: list[Question] | None = None) -> None:
    """Refuse (field errors per question) while a required answer is missing or an answer
    makes ``entry`` ineligible: called on submission and on edits of a submitted entry."""
    questions = active_questions(entry.contest) if questions is None else questions
    errors: dict[str, list[str]] = {}
    for question in missing_required(questions, entry.answers, entry.category_id):
        errors[f"answers.{question.key}"] = [str(_("This question must be answered."))]
    found = ineligibilities(questions, entry.answers, entry.category_id)
    for item in found:
        errors.setdefault(f"answers.{item.key}", []).append(item.message)
    if found:
        raise ContestError(found[0].message, code="ineligible", fields=errors)
    if errors:
        raise ContestError(_("Answer the required questions before submitting."),
                           code="answers_missing", fields=errors)

