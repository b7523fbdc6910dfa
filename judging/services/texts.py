"""Judging's texts in each of the contest's languages: criteria (names, descriptions) and the
fallback text of criteria and awards when a contest's default language changes."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from contest.models import Contest
from core import texts
from core.audit import record
from core.errors import ContestError

from ..models import Award, Criterion
from ..translation import AWARD_TEXTS, CRITERION_TEXTS

CRITERION_KEYS = tuple(texts.text_columns(CRITERION_TEXTS))
CRITERION_LIMITS = {"name": Criterion._meta.get_field("name").max_length, "description": None}


@transaction.atomic
def set_criterion_texts(*, criterion: Criterion, by, values: dict[str, str]) -> Criterion:
    """Change a criterion's name and description in the contest's languages (``name``:
    the default language's, ``name_ja`` …). Refuses with an error per column and changes
    nothing. Side effects: one audit row with the changed columns, unless none changed.
    """
    criterion = Criterion.objects.select_related("round__contest").select_for_update(
        of=("self",)).get(pk=criterion.pk)
    contest = criterion.round.contest
    values = texts.with_columns(values, CRITERION_TEXTS, default_language=contest.default_language)
    unknown = set(values) - set(CRITERION_KEYS)
    if unknown:
        raise ContestError(_("Unknown criterion field."), "invalid",
                           fields={key: [_("Unknown field.")] for key in sorted(unknown)})
    current = {key: getattr(criterion, key) or "" for key in CRITERION_KEYS}
    wanted = {**current, **{key: (text or "").strip() for key, text in values.items()}}
    for key in texts.text_columns(CRITERION_TEXTS, set(texts.LANGUAGE_CODES) - set(
            contest.languages)):
        wanted[key] = ""
    errors = texts.text_errors(wanted, CRITERION_LIMITS, default_language=contest.default_language)
    if errors:
        raise ContestError(_("Please correct the names marked below."), "invalid", fields=errors)
    changed = {key: text for key, text in wanted.items() if text != current[key]}
    if not changed:
        return criterion
    for key, text in changed.items():
        setattr(criterion, key, text)
    for field in CRITERION_TEXTS:
        texts.refresh_fallback(criterion, field, default_language=contest.default_language)
    criterion.save(update_fields=[*changed, *CRITERION_TEXTS])
    record(actor=by, action="judging.criterion_texts", obj=criterion, scope=contest,
           before={key: current[key] for key in changed}, after=changed)
    return criterion


def refresh_fallbacks(contest: Contest) -> None:
    """Recompute the fallback text of the contest's criteria and awards (its default language
    changed); runs inside the settings' transaction."""
    language = contest.default_language
    criteria = list(Criterion.objects.filter(round__contest=contest))
    awards = list(Award.objects.filter(contest=contest))
    for rows, fields in ((criteria, CRITERION_TEXTS), (awards, AWARD_TEXTS)):
        for row in rows:
            for field in fields:
                texts.refresh_fallback(row, field, default_language=language)
    with texts.writing():
        Criterion.objects.rewrite(False).bulk_update(criteria, list(CRITERION_TEXTS))
        Award.objects.rewrite(False).bulk_update(awards, list(AWARD_TEXTS))
