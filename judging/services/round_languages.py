"""The language rule of a round: jurors only judge films they can follow.

``language_constraints`` gives the assignment the pairs to avoid and, when the round's jurors
cannot cover some languages, the shortfall the organiser is told about. The organiser may then
relax the rule for exactly those entries (``relax_language_rule``); anyone may judge them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contest.languages import film_language_choices
from core.audit import record
from core.errors import ContestError

from ..languages import LanguageShortfall, language_conflicts, shortfalls
from ..models import Juror, Round, RoundEntry


@dataclass(frozen=True)
class LanguageConstraints:
    avoid: set[tuple[int, int]]
    shortfalls: list[LanguageShortfall]


class LanguageShortfallError(ContestError):
    """The round's jurors cannot cover some films' languages; ``shortfalls`` says which."""

    def __init__(self, found: list[LanguageShortfall]):
        self.shortfalls = found
        super().__init__(shortfall_message(found), code="assignment_language_shortfall")


def followable_languages(round: Round, entries=None) -> dict[int, frozenset[str]]:
    """Per entry of the round still under the rule: the languages it can be followed in.

    Empty for a film without dialogue. Subtitle languages join the original language here
    once entries carry subtitles. ``entries`` limits the answer to those entries.
    """
    rows = RoundEntry.objects.filter(round=round, language_rule_relaxed=False)
    if entries is not None:
        rows = rows.filter(entry__in=entries)
    rows = rows.values_list("entry_id", "entry__original_language", "entry__no_dialogue")
    return {
        entry_id: frozenset() if no_dialogue else frozenset(filter(None, [language]))
        for entry_id, language, no_dialogue in rows
    }


def language_constraints(round: Round, jurors: list[Juror]) -> LanguageConstraints:
    if not round.language_rule:
        return LanguageConstraints(avoid=set(), shortfalls=[])
    entries = followable_languages(round)
    understood = {juror.pk: juror.languages or () for juror in jurors}
    found = []
    if round.jurors_per_entry is not None:
        found = shortfalls(entries, understood, round.jurors_per_entry,
                           capacities={juror.pk: juror.capacity for juror in jurors})
    return LanguageConstraints(avoid=language_conflicts(entries, understood), shortfalls=found)


def _language_names(languages: frozenset[str]) -> str:
    names = dict(film_language_choices())
    return " / ".join(sorted(str(names.get(code, code)) for code in languages))


def shortfall_message(found: list[LanguageShortfall]) -> str:
    lines = []
    for short in found:
        entries = ngettext(
            "%(count)s entry needs %(needed)s assignments",
            "%(count)s entries need %(needed)s assignments", len(short.entries),
        ) % {"count": len(short.entries), "needed": short.needed}
        jurors = ngettext(
            "%(count)s juror can take %(available)s",
            "%(count)s jurors can take %(available)s", short.jurors,
        ) % {"count": short.jurors, "available": short.available}
        lines.append(_("%(languages)s: %(entries)s, %(jurors)s.") % {
            "languages": _language_names(short.languages), "entries": entries, "jurors": jurors})
    lines.append(_("Add jurors who understand these languages, raise their capacities, or relax "
                   "the language rule for these entries."))
    return " ".join(lines)


@transaction.atomic
def set_language_rule(*, round: Round, required: bool, by) -> Round:
    """Turn the rule on or off; relaxed entries go back under the rule when it is turned on."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    before = round.language_rule
    round.language_rule = required
    round.save(update_fields=["language_rule"])
    if required:
        RoundEntry.objects.filter(round=round, language_rule_relaxed=True).update(
            language_rule_relaxed=False)
    record(actor=by, action="judging.language_rule_set", obj=round, scope=round.contest,
           before={"language_rule": before}, after={"language_rule": required})
    return round


@transaction.atomic
def relax_language_rule(*, round: Round, by) -> int:
    """Let any juror judge the entries whose languages lack jurors; returns how many."""
    round = Round.objects.select_for_update().select_related("contest").get(pk=round.pk)
    if not round.language_rule:
        raise ContestError(_("This round has no language rule to relax."),
                           code="no_language_rule")
    jurors = list(Juror.objects.filter(contest=round.contest, is_active=True))
    found = language_constraints(round, jurors).shortfalls
    entry_ids = sorted({entry for short in found for entry in short.entries})
    if not entry_ids:
        raise ContestError(_("Every film's languages have enough jurors: nothing to relax."),
                           code="nothing_to_relax")
    RoundEntry.objects.filter(round=round, entry_id__in=entry_ids).update(
        language_rule_relaxed=True)
    record(actor=by, action="judging.language_rule_relaxed", obj=round, scope=round.contest,
           after={"entries": len(entry_ids),
                  "languages": sorted(sorted(short.languages) for short in found)})
    return len(entry_ids)
