"""Which juror may not judge which entry, read from the database in a fixed number of queries.

A pair ``(entry_id, juror_id)`` is a conflict when:

* the juror declared it: a specific entry, a specific entrant (also covering the entries that
  person is credited on), a country (the entrant's) or an organisation (the entrant's, compared
  without case or surrounding spaces);
* the juror is the entrant, or is credited on the entry with an account (``Credit.user``) or
  under their own name (a credit without an account, compared without case or spaces);
* the juror's organisation (from their profile) is the entrant's or a credited person's
  organisation or institution, compared the same way;
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


def _name(text: str) -> str:
    """A name compared without case or spaces: "Cao Yizhe" is "cao  yizhe" is "CaoYizhe"."""
    return "".join((text or "").split()).casefold()


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
    # Declared organisation conflicts only look at the entrant's; the automatic match also
    # looks at every credited person's institution.
    institutions: dict[str, set[int]] = defaultdict(set, {k: set(v)
                                                          for k, v in by_organisation.items()})
    by_name: dict[str, set[int]] = defaultdict(set)
    for entry_id, user_id, native, latin, organisation in Credit.objects.filter(
        entry__in=entries
    ).values_list("entry_id", "user_id", "name_native", "name_latin", "organisation"):
        if user_id is not None:
            people[user_id].add(entry_id)
        for name in {_name(native), _name(latin)} - {""}:
            by_name[name].add(entry_id)
        if _norm(organisation):
            institutions[_norm(organisation)].add(entry_id)

    pairs: set[tuple[int, int]] = set()
    juror_rows = list(jurors.values_list("id", "user_id", "country", "user__country",
                                         "user__organisation", "user__name_native",
                                         "user__name_latin"))
    for juror_id, user_id, country, user_country, organisation, native, latin in juror_rows:
        if user_id is not None:
            pairs.update((entry_id, juror_id) for entry_id in people.get(user_id, ()))
        for name in {_name(native), _name(latin)} - {""}:
            pairs.update((entry_id, juror_id) for entry_id in by_name.get(name, ()))
        if _norm(organisation):
            pairs.update((entry_id, juror_id)
                         for entry_id in institutions.get(_norm(organisation), ()))
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
