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


@transaction.atomic
def set_tie_break(*, round: Round, rule: str, by) -> Round:
    """Choose what orders the round's equal ranking values; audited, the ranking recomputed."""
    if rule not in TieBreak.values:
        raise ContestError(_("Choose one of the tie-break rules."), code="invalid",
                           fields={"tie_break": [str(rule)]})
    locked = Round.objects.select_for_update(no_key=True).get(pk=round.pk)
    if locked.tie_break != rule:
        record(actor=by, action="judging.tie_break", obj=locked, scope=locked.contest,
               before={"tie_break": locked.tie_break}, after={"tie_break": rule})
        locked.tie_break = rule
        locked.save(update_fields=["tie_break"])
        results_changed(round_ids=[locked.pk])
    round.tie_break = locked.tie_break
    return round


@transaction.atomic
def set_ranking_method(*, round: Round, method: str, by) -> Round:
    """Choose the method the round's awards, advancement, exports and winners page follow;
    audited, every cached ranking and figure of the round recomputed."""
    if method not in AggregationMethod.values:
        raise ContestError(_("Choose one of the ranking methods."), code="invalid",
                           fields={"ranking_method": [str(method)]})
    locked = Round.objects.select_for_update(no_key=True).get(pk=round.pk)
    if locked.ranking_method != method:
        record(actor=by, action="judging.ranking_method", obj=locked, scope=locked.contest,
               before={"ranking_method": locked.ranking_method},
               after={"ranking_method": method})
        locked.ranking_method = method
        locked.save(update_fields=["ranking_method"])
        results_changed(round_ids=[locked.pk])
    round.ranking_method = locked.ranking_method
    return round
