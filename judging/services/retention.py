"""What judging adds to a contest's retention (``contest.services.retention``).

Awarded entries may keep their films when entrants are anonymised, and the result notices and
declared conflicts that name an entrant move to the entrant's pseudonym, so the contest's
figures (entrants notified, conflicts declared) stay while the person goes.
"""

from __future__ import annotations

from accounts.models import User
from contest.models import Contest

from ..models import AwardPlacement, JurorConflict, ResultNotice


def awarded_entry_ids(contest: Contest) -> list[int]:
    return list(AwardPlacement.objects.filter(award__contest=contest).order_by()
                .values_list("entry_id", flat=True).distinct())


def pseudonymise_judging(contest: Contest, pseudonyms: dict[int, User]) -> None:
    for original_id, pseudonym in pseudonyms.items():
        ResultNotice.objects.filter(contest=contest, entrant_id=original_id).update(
            entrant=pseudonym)
        JurorConflict.objects.filter(juror__contest=contest, entrant_id=original_id).update(
            entrant=pseudonym, organisation="")
