"""The round's results version: what makes cached rankings and figures of a round stale.

Every write that changes what a round's ranking counts calls ``results_changed`` inside its
own transaction: a submitted score, an assignment added, moved or removed, an entry
disqualified, withdrawn or reinstated (through contest's status hook, registered in
``JudgingConfig.ready``), a new tie-break rule. The F() update takes the round's row lock
until commit, so two concurrent changes both count and readers never see a version whose
data is not committed yet.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Q

from contest.models import Entry

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
