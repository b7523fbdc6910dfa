"""Award categories and placements: who wins what, with every change audited.

Every write locks the contest row first (``FOR NO KEY UPDATE``): award decisions for one
contest are serialised, so two organisers racing for the same place cannot both win, and
nothing slips in after the list is locked. The unique constraints on ``AwardPlacement`` are
the last line of defence and surface as ``ConflictError`` too.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.enums import EntryStatus
from contest.models import Contest, Entry
from core import texts
from core.audit import record
from core.errors import ConflictError, ContestError

from ..models import Award, AwardPlacement
from ..translation import AWARD_TEXTS

# The name has a column per language (name_en, name_ja, ...); bare "name" is the default
# language's.
NAME_KEYS = tuple(texts.columns("name"))
AWARD_FIELDS = (*NAME_KEYS, "description", "places", "order", "allows_other_awards",
                "allow_ex_aequo", "notes")
NAME_LENGTH = Award._meta.get_field("name").max_length


def _award_state(award: Award) -> dict[str, Any]:
    return {field: (getattr(award, field) or "") if field in NAME_KEYS else getattr(award, field)
            for field in AWARD_FIELDS}


def _names(contest: Contest, current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` with every name column set: bare ``name`` is the default language's, the
    languages the contest does not offer are empty. Refuses with field errors."""
    changes = texts.with_columns(changes, AWARD_TEXTS, default_language=contest.default_language)
    unknown = set(changes) - set(AWARD_FIELDS)
    if unknown:
        raise ContestError(
            _("Unknown award field."), "invalid", fields={k: ["unknown"] for k in unknown}
        )
    names = {key: (changes.get(key, current[key]) or "").strip() for key in NAME_KEYS}
    for code in set(texts.LANGUAGE_CODES) - set(contest.languages):
        names[texts.column("name", code)] = ""
    errors = texts.text_errors(names, {"name": NAME_LENGTH},
                               default_language=contest.default_language)
    if errors:
        raise ContestError(_("Please correct the names marked below."), "invalid", fields=errors)
    return {**changes, **names}


def _put(award: Award, values: dict[str, Any], default_language: str) -> None:
    for field, value in values.items():
        setattr(award, field, value)
    texts.refresh_fallback(award, "name", default_language=default_language)


def _placement_state(placement: AwardPlacement) -> dict[str, Any]:
    return {
        "award": placement.award_id,
        "award_name": placement.award.name,
        "place": placement.place,
        "entry": placement.entry_id,
        "entry_code": placement.entry.code,
        "screening_order": placement.screening_order,
        "notes": placement.notes,
    }


def _lock_contest(contest_id: int) -> Contest:
    """Lock the contest row for this transaction and refuse changes once awards are locked."""
    contest = Contest.objects.select_for_update(no_key=True).get(pk=contest_id)
    if contest.awards_locked_at is not None:
        raise ConflictError(
            _("The award list is locked; it can no longer change."), "awards_locked"
        )
    return contest


def _check_places(places: int) -> None:
    if places < 1:
        raise ContestError(
            _("An award has at least one place."), "invalid_places", fields={"places": ["min 1"]}
        )


def create_award(*, contest: Contest, by, name: str = "", places: int = 1, order: int = 0,
                 description: str = "", allows_other_awards: bool = False,
                 allow_ex_aequo: bool = False, notes: str = "",
                 translations: dict[str, str] | None = None) -> Award:
    """Create an award category; ``name`` is its name in the contest's default language,
    ``translations`` its names in others (``{"name_ja": ...}``). Side effects: one audit row.
    """
    _check_places(places)
    with transaction.atomic():
        contest = _lock_contest(contest.pk)
        values = _names(contest, dict.fromkeys(NAME_KEYS, ""),
                        {**({"name": name} if name else {}), **(translations or {})})
        award = Award(contest=contest, places=places, order=order, description=description,
                      allows_other_awards=allows_other_awards, allow_ex_aequo=allow_ex_aequo,
                      notes=notes)
        _put(award, values, contest.default_language)
        award.save()
        record(actor=by, action="award.create", obj=award, scope=contest,
               after=_award_state(award))
    return award


def update_award(*, award: Award, by, **changes: Any) -> Award:
    """Change an award's names (``name``: the default language's, ``name_ja`` …), places,
    order, notes or policy. Side effects: one audit row.

    Reducing the number of places below a place already given is refused, and so is
    forbidding shared places (``allow_ex_aequo``) while two entries share one.
    """
    if "places" in changes:
        _check_places(changes["places"])
    with transaction.atomic():
        contest = _lock_contest(award.contest_id)
        award = Award.objects.select_for_update().get(pk=award.pk)
        before = _award_state(award)
        changes = _names(contest, before, changes)
        if "places" in changes and award.placements.filter(place__gt=changes["places"]).exists():
            raise ConflictError(
                _("A place above the new number of places is already given; remove it first."),
                "places_in_use",
            )
        if changes.get("allow_ex_aequo") is False and _has_shared_place(award):
            raise ConflictError(
                _("Two entries share a place of this award; separate them first."),
                "places_shared",
            )
        _put(award, changes, contest.default_language)
        award.save(update_fields=[*changes, *AWARD_TEXTS])
        award.placements.update(ex_aequo=award.allow_ex_aequo)
        after = _award_state(award)
        changed = [field for field in AWARD_FIELDS if after[field] != before[field]]
        record(actor=by, action="award.update", obj=award, scope=contest,
               before={field: before[field] for field in changed},
               after={field: after[field] for field in changed})
    return award


def _has_shared_place(award: Award) -> bool:
    return (award.placements.order_by().values("place").annotate(n=Count("pk"))
            .filter(n__gt=1).exists())


def delete_award(*, award: Award, by) -> None:
    """Delete an award category with no placement. Side effects: one audit row."""
    with transaction.atomic():
        contest = _lock_contest(award.contest_id)
        if award.placements.exists():
            raise ConflictError(_("Remove the award's winners before deleting it."), "award_in_use")
        record(actor=by, action="award.delete", obj=award, scope=contest,
               before=_award_state(award))
        award.delete()


def _check_other_awards(*, award: Award, entry: Entry) -> None:
    """An entry holds one award, unless this award or the one it already holds allows more."""
    others = AwardPlacement.objects.filter(entry=entry).exclude(award=award).select_related("award")
    for other in others:
        if not (award.allows_other_awards or other.award.allows_other_awards):
            raise ConflictError(
                _("This entry already holds “%(award)s”; an entry wins one award unless an award "
                  "allows more.") % {"award": other.award.name},
                "already_awarded",
            )


def assign_award(*, award: Award, place: int, entry: Entry, by, notes: str = "",
                 screening_order: int | None = None) -> AwardPlacement:
    """Give ``place`` of ``award`` to ``entry``.

    Refused (ContestError) for an entry of another contest, an entry that is not eligible, a
    place outside 1..places; refused (ConflictError) when the place is taken (unless the award
    allows ex aequo places: the entry then shares it), the entry already holds this or an
    exclusive award, or the list is locked. Side effects: one audit row.
    """
    if not 1 <= place <= award.places:
        raise ContestError(
            _("Choose a place between 1 and %(places)d.") % {"places": award.places},
            "invalid_place", fields={"place": [str(place)]},
        )
    if entry.contest_id != award.contest_id:
        raise ContestError(_("This entry belongs to another contest."), "wrong_contest")
    try:
        with transaction.atomic():
            contest = _lock_contest(award.contest_id)
            entry = Entry.objects.select_for_update(no_key=True).get(pk=entry.pk)
            if entry.status != EntryStatus.ELIGIBLE:
                raise ContestError(_("Only eligible entries can win an award."), "not_eligible")
            # As committed: the caller's award may predate a change of the policy.
            shared = Award.objects.values_list("allow_ex_aequo", flat=True).get(pk=award.pk)
            taken = AwardPlacement.objects.filter(award=award, place=place).select_related("entry")
            holder = taken.first()
            if holder is not None and not shared:
                raise ConflictError(
                    _("Place %(place)d is already given to %(code)s.")
                    % {"place": place, "code": holder.entry.code},
                    "place_taken",
                )
            if AwardPlacement.objects.filter(award=award, entry=entry).exists():
                raise ConflictError(_("This entry already holds a place in this award."),
                                    "already_placed")
            _check_other_awards(award=award, entry=entry)
            placement = AwardPlacement.objects.create(
                award=award, place=place, entry=entry, notes=notes, assigned_by=by,
                screening_order=screening_order, ex_aequo=shared,
            )
            record(actor=by, action="award.assign", obj=placement, scope=contest,
                   after=_placement_state(placement))
    except IntegrityError as exc:
        # Only reachable if a writer bypassed the contest lock; the constraint still holds.
        raise ConflictError(_("Someone else changed this award at the same time."),
                            "concurrent_change") from exc
    return placement


def update_placement(*, placement: AwardPlacement, by, notes: str | None = None,
                     screening_order: int | None = None) -> AwardPlacement:
    """Change a placement's deliberation notes or screening order. Side effects: one audit row."""
    with transaction.atomic():
        contest = _lock_contest(placement.award.contest_id)
        placement = AwardPlacement.objects.select_related("award", "entry").get(pk=placement.pk)
        before = _placement_state(placement)
        if notes is not None:
            placement.notes = notes
        if screening_order is not None:
            placement.screening_order = screening_order
        placement.save(update_fields=["notes", "screening_order"])
        record(actor=by, action="award.update_placement", obj=placement, scope=contest,
               before=before, after=_placement_state(placement))
    return placement


def unassign_award(*, placement: AwardPlacement, by) -> None:
    """Take a place back. Side effects: one audit row."""
    with transaction.atomic():
        contest = _lock_contest(placement.award.contest_id)
        try:
            placement = AwardPlacement.objects.select_related("award", "entry").get(pk=placement.pk)
        except AwardPlacement.DoesNotExist as exc:
            raise ConflictError(_("This place was already removed."), "gone") from exc
        record(actor=by, action="award.unassign", obj=placement, scope=contest,
               before=_placement_state(placement))
        placement.delete()


def lock_awards(*, contest: Contest, by) -> Contest:
    """Freeze the award list: no assignment, change or removal after this. Audited."""
    with transaction.atomic():
        contest = _lock_contest(contest.pk)
        contest.awards_locked_at = timezone.now()
        contest.save(update_fields=["awards_locked_at"])
        winners = list(
            AwardPlacement.objects.filter(award__contest=contest)
            .order_by("award__order", "award_id", "place")
            .values_list("award_id", "place", "entry_id")
        )
        record(actor=by, action="awards.lock", obj=contest, scope=contest,
               before={"awards_locked_at": None},
               after={"awards_locked_at": contest.awards_locked_at.isoformat(),
                      "placements": [list(row) for row in winners]})
    return contest
