"""The questions of a contest's entry form: add, change, move, remove, copy with an edition.

Answers are stored under the question's key (``Entry.answers``), so an edit must never change
what an answer means: once any entry answered a question, its key and type stay, a choice
that holds answers stays, and number bounds cannot leave answers outside them. Removing a
question that holds answers archives it: the answers stay, shown as answers to a question no
longer asked. Every write locks the contest (orders are renumbered as a whole) and writes
one audit row.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import DecimalField, Max, Q
from django.db.models.fields.json import KT, KeyTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import audit, texts
from core.errors import ContestError

from .. import questions as rules
from ..enums import QuestionType, QuestionVisibility
from ..models import Category, Contest, Entry, Question

TEXT_FIELDS = ("label", "help_text", "ineligible_message")
TEXT_KEYS = tuple(texts.text_columns(TEXT_FIELDS))
LABEL_LENGTH = Question._meta.get_field("label").max_length
CHOICE_LABEL_LENGTH = 200
MAX_CHOICES = 100
MAX_QUESTIONS = 100
SETTINGS = ("type", "key", "required", "visibility", "choices", "min_value", "max_value",
            "ineligible_values", "categories")
# Keys become JSON keys and lookups: lower case, digits and single underscores.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
KEY_LENGTH = 40
# An email address names the entrant: jurors judge blind, so its answers stay with organisers.
ORGANISERS_ONLY_TYPES = frozenset({QuestionType.EMAIL})


def _locked_contest(contest_id: int) -> Contest:
    return Contest.objects.select_for_update().get(pk=contest_id)


def _decimal(value: Any, field: str, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= Decimal(10) ** 11:
        errors.setdefault(field, []).append(str(_("Enter a number.")))
        return None
    return number


def _choices(contest: Contest, value: Any, errors: dict) -> list[dict]:
    """``[{"key", "labels": {language: text}}]``, labels only in the contest's languages and
    required in its default one; a missing key comes from the default label."""
    if not isinstance(value, list) or len(value) > MAX_CHOICES:
        errors.setdefault("choices", []).append(
            str(_("Give at most %(max)d choices.") % {"max": MAX_CHOICES}))
        return []
    cleaned, keys = [], set()
    for index, choice in enumerate(value):
        if not isinstance(choice, dict) or not isinstance(choice.get("labels") or {}, dict):
            errors.setdefault("choices", []).append(str(_("Choice %(number)d is not valid.")
                                                        % {"number": index + 1}))
            continue
        labels = {code: str(text).strip() for code, text in (choice.get("labels") or {}).items()
                  if code in contest.languages and text and str(text).strip()}
        default = labels.get(contest.default_language, "")
        key = (str(choice.get("key") or "").strip()
               or slugify(default).replace("-", "_")[:KEY_LENGTH])
        if not default:
            errors.setdefault("choices", []).append(
                str(_("Choice %(number)d needs a label in the default language.")
                    % {"number": index + 1}))
        elif any(len(text) > CHOICE_LABEL_LENGTH for text in labels.values()):
            errors.setdefault("choices", []).append(
                str(_("Keep each choice under %(max)d characters.") % {"max": CHOICE_LABEL_LENGTH}))
        if not key or not KEY_PATTERN.match(key) or len(key) > KEY_LENGTH:
            key = f"choice_{index + 1}"
        while key in keys:
            key = f"{key}_{index + 1}"
        keys.add(key)
        cleaned.append({"key": key, "labels": labels})
    return cleaned


def _categories(contest: Contest, value: Any, errors: dict) -> list[Category]:
    wanted = [getattr(item, "pk", item) for item in (value or [])]
    found = list(contest.categories.filter(pk__in=[item for item in wanted
                                                   if isinstance(item, int)]))
    if len(found) != len(set(wanted)):
        errors.setdefault("categories", []).append(
            str(_("Choose among this contest's categories.")))
    return found


def _choice_ref(item: Any, choices: list[dict]) -> Any:
    if isinstance(item, str) and item.startswith("#") and item[1:].isdigit():
        index = int(item[1:])
        return choices[index]["key"] if index < len(choices) else item
    return item


def _check_settings(contest: Contest, values: dict[str, Any]) -> dict[str, Any]:
    """The settings to store; refuses naming every field at fault."""
    errors: dict[str, list[str]] = {}
    kind = values.get("type")
    if kind not in QuestionType.values:
        errors["type"] = [str(_("Choose one of the question types."))]
    if values.get("visibility") not in QuestionVisibility.values:
        errors["visibility"] = [str(_("Choose who sees the answers."))]
    elif kind in ORGANISERS_ONLY_TYPES and values["visibility"] != QuestionVisibility.ORGANISERS:
        errors["visibility"] = [str(_("An email address names the entrant: its answers are "
                                      "for organisers only."))]
    cleaned = {**values, "required": bool(values.get("required")),
               "choices": _choices(contest, values.get("choices") or [], errors)
               if kind in rules.CHOICE_TYPES else [],
               "categories": _categories(contest, values.get("categories"), errors)}
    if kind in rules.CHOICE_TYPES and len(cleaned["choices"]) < 2 and "choices" not in errors:
        errors["choices"] = [str(_("Give at least two choices."))]
    if kind == QuestionType.NUMBER:
        low = _decimal(values.get("min_value"), "min_value", errors)
        high = _decimal(values.get("max_value"), "max_value", errors)
        if low is not None and high is not None and low > high:
            errors.setdefault("min_value", []).append(
                str(_("The smallest number is larger than the largest.")))
        cleaned["min_value"], cleaned["max_value"] = low, high
    else:
        cleaned["min_value"] = cleaned["max_value"] = None
    rule = values.get("ineligible_values") or []
    if isinstance(rule, list):
        # "#n" names the n-th choice, for forms that mark a choice whose key is not made yet.
        rule = [_choice_ref(item, cleaned["choices"]) for item in rule]
    allowed = rules.eligibility_values(SimpleNamespace(type=kind, choices=cleaned["choices"]))
    if not isinstance(rule, list) or any(item not in allowed for item in rule):
        errors["ineligible_values"] = [str(_("Choose answers of this question."))]
        rule = []
    cleaned["ineligible_values"] = list(dict.fromkeys(rule))
    if errors:
        raise ContestError(_("Please correct the question marked below."), "invalid",
                           fields=errors)
    return cleaned


def _texts(contest: Contest, current: dict[str, str], values: dict[str, Any],
           *, rule: bool) -> dict[str, str]:
    given = texts.with_columns({key: value for key, value in values.items()
                                if key in TEXT_FIELDS or key in TEXT_KEYS},
                               TEXT_FIELDS, default_language=contest.default_language)
    wanted = {**current, **{key: str(value or "").strip() for key, value in given.items()}}
    for field in TEXT_FIELDS:
        for code in set(texts.LANGUAGE_CODES) - set(contest.languages):
            wanted[texts.column(field, code)] = ""
    errors = texts.text_errors(wanted, {"label": LABEL_LENGTH, "help_text": 2000,
                                        "ineligible_message": 2000},
                               default_language=contest.default_language,
                               required=("label", "ineligible_message") if rule else ("label",))
    if errors:
        raise ContestError(_("Please correct the question marked below."), "invalid",
                           fields=errors)
    return wanted


def _new_key(contest: Contest, wanted: str, label: str) -> str:
    key = wanted or slugify(label).replace("-", "_")[:KEY_LENGTH].strip("_")
    key = re.sub(r"_+", "_", key)
    if wanted and not (KEY_PATTERN.match(key) and len(key) <= KEY_LENGTH):
        raise ContestError(_("Please correct the question marked below."), "invalid", fields={
            "key": [str(_("Use lower-case letters, digits and single underscores, starting "
                          "with a letter."))]})
    if not KEY_PATTERN.match(key):
        key = "question"
    taken = set(contest.questions.values_list("key", flat=True))
    if wanted and key in taken:
        raise ContestError(_("Please correct the question marked below."), "invalid", fields={
            "key": [str(_("Another question of this contest uses this key."))]})
    base, number = key[:KEY_LENGTH - 4], 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    return key


def _store(question: Question, contest: Contest, settings: dict[str, Any],
           wanted_texts: dict[str, str]) -> None:
    for field in ("type", "required", "visibility", "choices", "min_value", "max_value",
                  "ineligible_values"):
        setattr(question, field, settings[field])
    for key, value in wanted_texts.items():
        setattr(question, key, value)
    for field in TEXT_FIELDS:
        texts.refresh_fallback(question, field, default_language=contest.default_language)


def _json(settings: dict[str, Any]) -> dict[str, Any]:
    return {**settings, "categories": [category.pk for category in settings["categories"]],
            "min_value": None if settings.get("min_value") is None else str(settings["min_value"]),
            "max_value": None if settings.get("max_value") is None else str(settings["max_value"])}


@transaction.atomic
def add_question(*, contest: Contest, by, values: dict[str, Any]) -> Question:
    """Add a question at the end of the contest's form.

    ``values``: ``type``, ``visibility``, ``required``, ``choices``, ``min_value``,
    ``max_value``, ``ineligible_values``, ``categories`` (ids; none: every category), an
    optional ``key`` (else from the label) and the texts by column (``label_ja``; a bare
    ``label`` is the default language's). An eligibility rule needs its message. Side
    effects: one audit row.
    """
    contest = _locked_contest(contest.pk)
    if contest.questions.filter(archived_at__isnull=True).count() >= MAX_QUESTIONS:
        raise ContestError(_("A contest asks at most %(max)d questions.")
                           % {"max": MAX_QUESTIONS}, "too_many_questions")
    settings = _check_settings(contest, {"visibility": QuestionVisibility.ORGANISERS, **values})
    wanted = _texts(contest, dict.fromkeys(TEXT_KEYS, ""), values,
                    rule=bool(settings["ineligible_values"]))
    key = _new_key(contest, str(values.get("key") or "").strip(),
                   wanted[texts.column("label", contest.default_language)])
    last = contest.questions.aggregate(last=Max("order"))["last"]
    question = Question(contest=contest, key=key, order=0 if last is None else last + 1)
    _store(question, contest, settings, wanted)
    question.save()
    question.categories.set(settings["categories"])
    audit.record(actor=by, action="question.added", obj=question, scope=contest,
                 after={**_json(settings), "key": key,
                        **{name: text for name, text in wanted.items() if text}})
    return question


def answered(question: Question) -> int:
    """How many entries answered ``question``."""
    return Entry.objects.filter(contest_id=question.contest_id,
                                answers__has_key=question.key).count()


def _answers_outside(question: Question, settings: dict[str, Any]) -> dict[str, list[str]]:
    """Field errors for edits that would leave stored answers meaningless."""
    entries = Entry.objects.filter(contest_id=question.contest_id)
    errors: dict[str, list[str]] = {}
    removed = set(rules.choice_keys(question)) - {choice["key"] for choice in settings["choices"]}
    if question.type in rules.CHOICE_TYPES and removed:
        value = KeyTransform(question.key, "answers")
        holding = Q()
        for key in removed:
            holding |= (Q(answer__contains=[key]) if question.type == QuestionType.MULTIPLE_CHOICE
                        else Q(answer=key))
        count = entries.annotate(answer=value).filter(holding).count()
        if count:
            errors["choices"] = [ngettext(
                "%(count)d entry chose an option you removed: keep it, or archive the question "
                "and ask a new one.",
                "%(count)d entries chose an option you removed: keep it, or archive the question "
                "and ask a new one.", count) % {"count": count}]
    if question.type == QuestionType.NUMBER:
        number = KT(f"answers__{question.key}")
        outside = Q()
        if settings["min_value"] is not None:
            outside |= Q(number__lt=settings["min_value"])
        if settings["max_value"] is not None:
            outside |= Q(number__gt=settings["max_value"])
        if outside:
            count = (entries.filter(answers__has_key=question.key)
                     .annotate(number=Cast(number, DecimalField(max_digits=30,
                                                                decimal_places=4)))
                     .filter(outside).count())
            if count:
                errors["min_value"] = [ngettext(
                    "%(count)d entry answered outside these bounds.",
                    "%(count)d entries answered outside these bounds.", count)
                    % {"count": count}]
    return errors


@transaction.atomic
def update_question(*, question: Question, by, values: dict[str, Any]) -> Question:
    """Change a question; keys missing from ``values`` keep their value.

    Labels, help texts, messages, choice labels, order of choices, required, visibility and
    categories may change at any time. Once entries answered it, a change of type or key,
    removing a choice somebody chose, or bounds their numbers fall outside are refused with
    the number of entries concerned (archive it and ask a new question instead). Side
    effects: one audit row with the changed fields, unless nothing changed.
    """
    contest = _locked_contest(question.contest_id)
    question = Question.objects.prefetch_related("categories").get(pk=question.pk)
    if question.archived_at is not None:
        raise ContestError(_("This question is archived: it can no longer be changed."),
                           "archived")
    current = {"type": question.type, "key": question.key, "required": question.required,
               "visibility": question.visibility, "choices": question.choices,
               "min_value": question.min_value, "max_value": question.max_value,
               "ineligible_values": question.ineligible_values,
               "categories": [category.pk for category in question.categories.all()]}
    unknown = set(values) - set(SETTINGS) - set(TEXT_FIELDS) - set(TEXT_KEYS)
    if unknown:
        raise ValueError(f"Not question settings: {sorted(unknown)}")
    settings = _check_settings(contest, {**current, **{key: value for key, value in values.items()
                                                       if key in SETTINGS}})
    current_texts = {key: getattr(question, key) or "" for key in TEXT_KEYS}
    wanted = _texts(contest, current_texts, values, rule=bool(settings["ineligible_values"]))
    key = str(settings.get("key") or question.key).strip()
    count = answered(question)
    if count and (settings["type"] != question.type or key != question.key):
        raise ContestError(
            ngettext("%(count)d entry answered this question: its type and key can no longer "
                     "change. Archive it and ask a new question instead.",
                     "%(count)d entries answered this question: its type and key can no longer "
                     "change. Archive it and ask a new question instead.", count)
            % {"count": count}, "question_answered",
            fields={"type": [str(_("Answers exist."))]})
    if count:
        errors = _answers_outside(question, settings)
        if errors:
            raise ContestError(next(iter(errors.values()))[0], "question_answered",
                               fields=errors)
    if key != question.key:
        key = _new_key(contest, key, "")
    before = {**current, **{name: text for name, text in current_texts.items()}}
    after = {**_json(settings), "key": key, **wanted}
    changed = {name: value for name, value in after.items()
               if _comparable(before.get(name)) != _comparable(value)}
    if not changed:
        return question
    question.key = key
    _store(question, contest, settings, wanted)
    question.save()
    question.categories.set(settings["categories"])
    audit.record(actor=by, action="question.changed", obj=question, scope=contest,
                 before={name: _comparable(before.get(name)) for name in changed},
                 after=changed)
    return question


def _comparable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


@transaction.atomic
def move_question(*, question: Question, by, offset: int) -> list[Question]:
    """Move a question ``offset`` places (-1 up, 1 down) among the asked ones and number
    them 0, 1, 2… Side effects: one audit row with the order before and after."""
    contest = _locked_contest(question.contest_id)
    asked = list(contest.questions.filter(archived_at__isnull=True).order_by("order", "pk"))
    before = [item.pk for item in asked]
    if question.pk not in before:
        raise ContestError(_("This question is archived: it can no longer be changed."),
                           "archived")
    moved = asked.pop(before.index(question.pk))
    asked.insert(max(0, min(len(asked), before.index(question.pk) + offset)), moved)
    for order, item in enumerate(asked):
        item.order = order
    Question.objects.bulk_update(asked, ["order"])
    audit.record(actor=by, action="question.moved", obj=moved, scope=contest,
                 before={"order": before}, after={"order": [item.pk for item in asked]})
    return asked


@transaction.atomic
def remove_question(*, question: Question, by) -> Question | None:
    """Remove a question from the form. Without answers it is deleted (returns None); with
    answers it is archived (returned): no longer asked, its answers kept and shown as answers
    to a question no longer asked. Side effects: one audit row."""
    contest = _locked_contest(question.contest_id)
    question = Question.objects.get(pk=question.pk)
    count = answered(question)
    if count:
        if question.archived_at is None:
            question.archived_at = timezone.now()
            question.save(update_fields=["archived_at"])
            audit.record(actor=by, action="question.archived", obj=question, scope=contest,
                         before={"key": question.key}, after={"answers": count})
        return question
    audit.record(actor=by, action="question.deleted", obj=question, scope=contest,
                 before={"key": question.key, "label": question.label})
    question.delete()
    return None


def copy_questions(source: Contest, target: Contest, *, with_jury_invitations: bool,
                   by) -> None:
    """The edition copier: the asked questions, their texts, rules and categories (matched by
    slug); archived questions and answers stay with the old edition."""
    categories = {category.slug: category for category in target.categories.all()}
    for question in (source.questions.filter(archived_at__isnull=True)
                     .prefetch_related("categories").order_by("order", "pk")):
        copy = Question(contest=target, key=question.key, type=question.type,
                        required=question.required, visibility=question.visibility,
                        choices=question.choices, min_value=question.min_value,
                        max_value=question.max_value, order=question.order,
                        ineligible_values=question.ineligible_values)
        texts.copy_texts(question, copy, TEXT_FIELDS)
        copy.save()
        copy.categories.set([categories[category.slug] for category in question.categories.all()
                             if category.slug in categories])


def refresh_fallbacks(contest: Contest) -> None:
    """After the default language changed: each question's fallback texts."""
    questions = list(contest.questions.all())
    for question in questions:
        for field in TEXT_FIELDS:
            texts.refresh_fallback(question, field, default_language=contest.default_language)
    with texts.writing():
        Question.objects.bulk_update(questions, list(TEXT_FIELDS))
