"""The round's results version: what makes cached rankings and figures of a round stale.

Every write that changes what a round's ranking counts calls ``results_changed`` inside its
own transaction: a submitted score, an assignment added, moved or removed, an entry
disqualified, withdrawn or reinstated (through contest's status hook, registered in
``JudgingConfig.ready``), a new tie-break rule or ranking method. The F() update takes the
round's row lock until commit, so two concurrent changes both count and readers never see a
version whose data is not committed yet.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from contest.models import Entry
from core.audit import record
from core.errors import ContestError

from ..enums import AggregationMethod, TieBreak
from ..models import Round


def results_changed(*, round_ids: Iterable[int]) -> None:
    """Move the results version of these rounds on (one UPDATE)."""
    ids = set(round_ids)
    if ids:
        Round.objects.filter(pk__in=ids).update(results_version=F("results_version") + 1)


def entry_status_changed(entry: Entry) -> None:
    """Contest's status hook: every round the entry takes part in or was scored in ranks anew."""
    involved = Round.objects.filter(Q(round_entries__entry=entry) | Q(assignments__entry=entry))
    Round.objects.filter(pk__in=involved.values("pk")).update(
        results_version=F("results_version") + 1)


def set_tie_break(*, round: Round, rule: str, by) -> Round:
    """Choose what orders the round's equal ranking values; audited, the ranking recomputed."""
    if rule not in TieBreak.values:
        raise ContestError(_("Choose one of the tie-break rules."), code="invalid",
                           fields={"tie_break": [str(rule)]})
    return _set_ranking_rule(round=round, field="tie_break", value=rule, by=by)


def set_ranking_method(*, round: Round, method: str, by) -> Round:
    """Choose the method the round's awards page, advancement and result exports follow;
    audited, every cached ranking and figure of the round recomputed."""
    if method not in AggregationMethod.values:
        raise ContestError(_("Choose one of the ranking methods."), code="invalid",
                           fields={"ranking_method": [str(method)]})
    return _set_ranking_rule(round=round, field="ranking_method", value=method, by=by)


@transaction.atomic
def _set_ranking_rule(*, round: Round, field: str, value: str, by) -> Round:
    """Store one of the round's checked ranking rules: an audit row ``judging.<field>`` and a
    new results version when it changes, nothing when it does not."""
    locked = Round.objects.select_for_update(no_key=True).get(pk=round.pk)
    before = getattr(locked, field)
    if before != value:
        record(actor=by, action=f"judging.{field}", obj=locked, scope=locked.contest,
               before={field: before}, after={field: value})
        setattr(locked, field, value)
        locked.save(update_fields=[field])
        results_changed(round_ids=[locked.pk])
    setattr(round, field, getattr(locked, field))
    return round
