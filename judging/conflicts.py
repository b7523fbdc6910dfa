"""Which juror may not judge which entry, read from the database in a fixed number of queries.

A pair ``(entry_id, juror_id)`` is a conflict when:

* the juror declared it: a specific entry, a specific entrant (also covering the entries that
  person is credited on), a country (the entrant's) or an organisation (the entrant's, compared
  without case or surrounding spaces);
* the juror is the entrant, or is credited on the entry with an account (``Credit.user``);
* the contest sets ``same_country_is_conflict`` and the juror's country (the juror profile's,
  else the user's) is the entrant's country.
"""

from collections import defaultdict

from django.db.models import QuerySet

from contest.models import Credit, Entry

from .enums import ConflictKind
from .models import Juror, JurorConflict


def _norm(text: str) -> str:
    return (text or "").strip().casefold()


def conflict_pairs(*, entries: QuerySet[Entry], jurors: QuerySet[Juror]) -> set[tuple[int, int]]:
    """Every conflicted ``(entry_id, juror_id)`` pair among ``entries`` and ``jurors``.

    Four queries whatever the sizes: entries, credits, jurors, declared conflicts.
    """
    rows = list(
        entries.values_list("id", "entrant_id", "entrant__country", "entrant__organisation",
                            "contest__same_country_is_conflict")
    )
    people: dict[int, set[int]] = defaultdict(set)  # user id -> entries they entered or co-made
    by_entry_id = {}
    by_country: dict[str, set[int]] = defaultdict(set)
    by_organisation: dict[str, set[int]] = defaultdict(set)
    for entry_id, entrant_id, country, organisation, same_country in rows:
        if entrant_id is not None:  # an anonymised entry names nobody
            people[entrant_id].add(entry_id)
        by_entry_id[entry_id] = same_country
        if country:
            by_country[country].add(entry_id)
        if _norm(organisation):
            by_organisation[_norm(organisation)].add(entry_id)
    for entry_id, user_id in Credit.objects.filter(
        entry__in=entries, user__isnull=False
    ).values_list("entry_id", "user_id"):
        people[user_id].add(entry_id)

    pairs: set[tuple[int, int]] = set()
    juror_rows = list(jurors.values_list("id", "user_id", "country", "user__country"))
    for juror_id, user_id, country, user_country in juror_rows:
        if user_id is not None:
            pairs.update((entry_id, juror_id) for entry_id in people.get(user_id, ()))
        home = country or user_country
        if home:
            pairs.update((entry_id, juror_id) for entry_id in by_country.get(home, ())
                         if by_entry_id[entry_id])
    for juror_id, kind, entrant_id, entry_id, country, organisation in JurorConflict.objects.filter(
        juror__in=jurors
    ).values_list("juror_id", "kind", "entrant_id", "entry_id", "country", "organisation"):
        if kind == ConflictKind.ENTRY and entry_id in by_entry_id:
            pairs.add((entry_id, juror_id))
        elif kind == ConflictKind.ENTRANT:
            pairs.update((e, juror_id) for e in people.get(entrant_id, ()))
        elif kind == ConflictKind.COUNTRY:
            pairs.update((e, juror_id) for e in by_country.get(str(country), ()))
        elif kind == ConflictKind.ORGANISATION and _norm(organisation):
            pairs.update((e, juror_id) for e in by_organisation.get(_norm(organisation), ()))
    return pairs
