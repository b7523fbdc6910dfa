"""Organiser actions on rounds: criteria, entries, assignment, advancing, opening and closing.

Every action runs in one transaction and writes an audit row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import EntryStatus
from contest.models import Contest, Entry
from contest.selectors import entry_by_code
from core import texts
from core.audit import record
from core.errors import ConflictError, ContestError

from ..conflicts import conflict_pairs
from ..enums import AssignmentSource, RoundKind, RoundStatus, ScoreStatus
from ..languages import can_follow
from ..models import Assignment, Criterion, Juror, Round, RoundEntry, Score
from ..selectors.ranking import NOT_COUNTED, ranking
from . import messages as outbox_messages
from .results import results_changed
from .round_jury import jury_constraints, round_panels
from .round_languages import LanguageShortfallError, followable_languages, language_constraints

if TYPE_CHECKING:
    from ..assignment import AssignmentError, AssignmentQuality

LANGUAGE_MATCH = 0.5
CATEGORY_MATCH = 0.5


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    weight: Decimal
    description: str = ""


@dataclass(frozen=True)
class AssignmentRun:
    """What ``run_assignment`` changed and how good the result is."""

    created: int
    removed: int
    kept: int
    quality: AssignmentQuality


def _locked_round(round: Round) -> Round:
    return Round.objects.select_related("contest").select_for_update(of=("self",)).get(pk=round.pk)


def _criterion(round: Round, spec: CriterionSpec, order: int, language: str) -> Criterion:
    # Typed once, in the contest's default language; other languages are added afterwards.
    criterion = Criterion(round=round, weight=spec.weight, order=order)
    texts.store(criterion, "name", {language: spec.name}, default_language=language)
    texts.store(criterion, "description", {language: spec.description},
                default_language=language)
    return criterion


@transaction.atomic
def create_round(
    *, contest: Contest, name: str, kind: RoundKind, deadline: datetime,
    jurors_per_entry: int | None, criteria: list[CriterionSpec], by,
    scale_min: int = 1, scale_max: int = 10, language_rule: bool = False,
) -> Round:
    """Create a draft round after the contest's last one, with its weighted criteria."""
    if not criteria:
        raise ContestError(_("A round needs at least one criterion."), code="no_criteria")
    if scale_max <= scale_min:
        raise ContestError(_("The highest mark must be above the lowest."), code="bad_scale")
    if jurors_per_entry is not None and jurors_per_entry < 1:
        raise ContestError(_("A round needs at least one juror per entry."), code="bad_panel")
    last = Round.objects.filter(contest=contest).aggregate(last=Max("order"))["last"]
    round = Round.objects.create(
        contest=contest, name=name, kind=kind, deadline=deadline, order=(last or 0) + 1,
        jurors_per_entry=jurors_per_entry, scale_min=scale_min, scale_max=scale_max,
        language_rule=language_rule,
    )
    with texts.writing():
        Criterion.objects.bulk_create(
            _criterion(round, spec, index, contest.default_language)
            for index, spec in enumerate(criteria)
        )
    record(actor=by, action="judging.round_created", obj=round, scope=contest, after={
        "name": name, "kind": str(kind), "jurors_per_entry": jurors_per_entry,
        "criteria": [[spec.name, str(spec.weight)] for spec in criteria],
        "language_rule": language_rule,
    })
    return round


@transaction.atomic
def add_eligible_entries(*, round: Round, by) -> int:
    """Put every eligible entry of the contest into its first round; returns how many were added."""
    round = _locked_round(round)
    first = Round.objects.filter(contest=round.contest).order_by("order").first()
    if first.pk != round.pk:
        raise ContestError(
            _("Only the first round takes entries directly; later rounds take advanced entries."),
            code="not_first_round",
        )
    eligible = Entry.objects.filter(contest=round.contest, status=EntryStatus.ELIGIBLE).exclude(
        round_entries__round=round
    )
    created = RoundEntry.objects.bulk_create(
        [RoundEntry(round=round, entry_id=entry_id)
         for entry_id in eligible.values_list("id", flat=True)],
        ignore_conflicts=True,
    )
    results_changed(round_ids=[round.pk])  # the results count the round's entries
    record(actor=by, action="judging.round_entries_added", obj=round, scope=round.contest,
           after={"added": len(created)})
    return len(created)


def _set_status(*, round: Round, status: RoundStatus, allowed: set[str], by, action: str) -> Round:
    round = _locked_round(round)
    if round.status not in allowed:
        raise ConflictError(
            _("This round is %(status)s.") % {"status": round.get_status_display()},
            code="round_status",
        )
    before = round.status
    round.status = status
    round.save(update_fields=["status"])
    record(actor=by, action=action, obj=round, scope=round.contest,
           before={"status": before}, after={"status": status.value})
    return round


@transaction.atomic
def open_round(*, round: Round, by) -> Round:
    """Open a draft (or reopen a closed) round: jurors may score it.

    Puts "your queue is ready" in the outbox for every juror with films to score.
    """
    round = _set_status(round=round, status=RoundStatus.OPEN, by=by,
                        action="judging.round_opened", allowed={RoundStatus.DRAFT,
                                                                RoundStatus.CLOSED})
    outbox_messages.queue_ready(round=round, at=timezone.now())
    return round


@transaction.atomic
def close_round(*, round: Round, by) -> Round:
    """Close an open round: scoring stops and results are final."""
    return _set_status(round=round, status=RoundStatus.CLOSED, by=by,
                       action="judging.round_closed", allowed={RoundStatus.OPEN})


def _preferences(round: Round, jurors: list[Juror], entries) -> dict[tuple[int, int], float]:
    """A bonus for a juror who speaks the film's language and one for a preferred category."""
    categories: dict[int, set[int]] = {j.pk: set() for j in jurors}
    for juror_id, category_id in Juror.preferred_categories.through.objects.filter(
        juror__in=[j.pk for j in jurors]
    ).values_list("juror_id", "category_id"):
        categories[juror_id].add(category_id)
    languages = {j.pk: set(j.languages or ()) for j in jurors}
    prefs: dict[tuple[int, int], float] = {}
    for entry_id, language, category_id in entries:
        for juror in jurors:
            value = (LANGUAGE_MATCH if language in languages[juror.pk] else 0.0) + (
                CATEGORY_MATCH if category_id in categories[juror.pk] else 0.0
            )
            if value:
                prefs[(entry_id, juror.pk)] = value
    return prefs


def assignment_error_message(error: AssignmentError, codes: dict[int, str]) -> str:
    """The organiser's explanation of why no valid assignment exists."""
    named = ", ".join(codes.get(e, str(e)) for e in error.entries[:20])
    if len(error.entries) > 20:
        named += " " + _("and %(count)s more") % {"count": len(error.entries) - 20}
    messages = {
        "too_few_jurors": _("This round needs %(needed)s jurors per entry but only %(available)s "
                            "active jurors can judge."),
        "entry_short_of_jurors": _("Too few jurors without a conflict can judge these entries: "
                                   "%(entries)s."),
        "capacity_too_low": _("The jurors' capacities add up to %(available)s but %(needed)s "
                              "assignments are needed."),
        "infeasible": _("Conflicts and capacities leave too few jurors for these entries: "
                        "%(entries)s. Raise some capacities or add jurors."),
    }
    template = messages.get(error.code)
    if template is None:
        return str(error)
    return template % {**error.details, "entries": named}


@transaction.atomic
def run_assignment(*, round: Round, by, keep: Collection[int] = ()) -> AssignmentRun:
    """Assign the round's entries to its jury, fairly and without conflicts.

    The jury is the round's panels when it has any (an entry of a category with its own panel
    goes to that panel), otherwise every active juror of the contest; with the round's language
    rule, a juror only gets films they can follow.

    Existing assignments are kept where balance allows; one with a submitted score is never
    removed. With no ``jurors_per_entry`` every juror without a conflict gets every entry.
    Withdrawn and disqualified entries take no jurors. Deletes dropped assignments (and their
    draft scores) and creates the new ones; the draft of a deactivated juror stays, frozen
    (``juror_seats.deactivate_juror``), without holding a place on the entry's panel.

    ``keep`` names jurors whose current pairs stay exactly as they are (when still allowed):
    a change to one seat or one entry then fills only the places it opened, and balance is
    sought among those alone.
    """
    # The solver pulls in NumPy and OR-tools (about 40 MiB): loaded by the processes that
    # assign, not by every web worker that merely imports the services.
    from ..assignment import AssignmentError, assign, assignment_quality

    round = _locked_round(round)
    if round.status == RoundStatus.CLOSED:
        raise ConflictError(_("This round is closed: reopen it before assigning."),
                            code="round_closed")
    entries_qs = Entry.objects.filter(round_entries__round=round).exclude(status__in=NOT_COUNTED)
    entries = list(entries_qs.order_by("pk").values_list("id", "original_language", "category_id"))
    jury = jury_constraints(round, {entry_id: category for entry_id, _l, category in entries})
    jurors = jury.jurors
    conflicts = conflict_pairs(entries=entries_qs, jurors=Juror.objects.filter(
        pk__in=[j.pk for j in jurors]))
    languages = language_constraints(round, jurors)
    if languages.shortfalls:
        raise LanguageShortfallError(languages.shortfalls)
    # Another panel's entry, or a film the juror cannot follow, is treated like a conflict:
    # the flow never pairs them.
    conflicts = conflicts | jury.avoid | languages.avoid
    current, frozen = [], set()
    for pk, entry_id, juror_id, status, active in Assignment.objects.filter(
            round=round).values_list("id", "entry_id", "juror_id", "score__status",
                                     "juror__is_active"):
        if not active and status == ScoreStatus.DRAFT:
            frozen.add(pk)
        else:
            current.append((pk, entry_id, juror_id, status))
    entry_ids, juror_ids = [e[0] for e in entries], [j.pk for j in jurors]
    on_panel, held = set(juror_ids), set(keep) & set(juror_ids)
    existing: dict[int, list[int]] = {}
    locked: dict[int, list[int]] = {}
    for _id, entry_id, juror_id, status in current:
        existing.setdefault(entry_id, []).append(juror_id)
        if (status == ScoreStatus.SUBMITTED or juror_id in held) and (
                entry_id, juror_id) not in conflicts:
            locked.setdefault(entry_id, []).append(juror_id)
    preferences = _preferences(round, jurors, entries)
    # A seat that left the panel (made inactive, or a former juror who deleted their account)
    # keeps the scores it submitted: they fill a place on the entry's panel and the seat,
    # capped at that work, takes nothing new.
    retired = Counter(j for js in locked.values() for j in js if j not in on_panel)
    if round.jurors_per_entry is None:
        result = {e: [j for j in juror_ids if (e, j) not in conflicts] for e in entry_ids}
    else:
        try:
            result = assign(entry_ids, [*juror_ids, *sorted(retired)], round.jurors_per_entry,
                            conflicts, capacities={j.pk: j.capacity for j in jurors} | retired,
                            existing=existing, preferences=preferences, locked=locked)
        except AssignmentError as error:
            codes = dict(Entry.objects.filter(pk__in=error.entries[:20]).values_list("id", "code"))
            raise ContestError(assignment_error_message(error, codes),
                               code=f"assignment_{error.code}") from error
    wanted = {(e, j) for e, js in result.items() for j in js}
    have = {(e, j): (pk, status) for pk, e, j, status in current}
    drop = [pk for pair, (pk, status) in have.items()
            if pair not in wanted and status != ScoreStatus.SUBMITTED]
    Assignment.objects.filter(pk__in=drop).delete()
    new = Assignment.objects.bulk_create(
        Assignment(round=round, entry_id=e, juror_id=j, source=AssignmentSource.AUTO)
        for e, j in sorted(wanted - have.keys())
    )
    results_changed(round_ids=[round.pk])
    kept_work = {(e, j) for e, js in locked.items() for j in js if j in retired}
    quality = assignment_quality(
        {e: [j for j in js if (e, j) not in kept_work] for e, js in result.items()}, juror_ids,
        existing={e: [j for j in js if (e, j) not in kept_work] for e, js in existing.items()},
        preferences=preferences)
    run = AssignmentRun(created=len(new), removed=len(drop), kept=len(have) - len(drop),
                        quality=quality)
    record(actor=by, action="judging.assignment_run", obj=round, scope=round.contest, after={
        "created": run.created, "removed": run.removed, "kept": run.kept,
        "entries": len(entry_ids), "jurors": len(juror_ids), "conflicts": len(conflicts),
        "min_load": quality.min_load, "max_load": quality.max_load, "moved": quality.moved,
        "frozen_drafts": len(frozen),
    })
    return run


def _check_pair(*, round: Round, entry: Entry, juror: Juror) -> None:
    if entry.contest_id != round.contest_id or juror.contest_id != round.contest_id:
        raise ContestError(_("This entry or juror belongs to another contest."), code="contest")
    if not RoundEntry.objects.filter(round=round, entry=entry).exists():
        raise ContestError(_("This entry is not in this round."), code="not_in_round")
    if not juror.is_active:
        raise ContestError(_("This juror is not active."), code="juror_inactive")
    if entry.status in NOT_COUNTED:
        raise ContestError(_("This entry was withdrawn or disqualified."), code="entry_out")
    pairs = conflict_pairs(entries=Entry.objects.filter(pk=entry.pk),
                           jurors=Juror.objects.filter(pk=juror.pk))
    if pairs:
        raise ContestError(
            _("%(juror)s has a conflict of interest with entry %(code)s.")
            % {"juror": juror, "code": entry.code},
            code="conflict_of_interest",
        )


@transaction.atomic
def add_assignment(*, round: Round, entry: Entry, juror: Juror, by) -> Assignment:
    """Assign one entry to one juror by hand; a conflict of interest is refused."""
    round = _locked_round(round)
    _check_pair(round=round, entry=entry, juror=juror)
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                round=round, entry=entry, juror=juror, source=AssignmentSource.MANUAL
            )
    except IntegrityError as error:
        raise ContestError(_("This juror already has this entry."), code="duplicate") from error
    results_changed(round_ids=[round.pk])
    record(actor=by, action="judging.assignment_added", obj=assignment, scope=round.contest,
           after={"entry": entry.pk, "juror": juror.pk})
    return assignment


@transaction.atomic
def remove_assignment(*, assignment: Assignment, by) -> None:
    """Remove one assignment by hand (with its draft score); submitted work is refused."""
    round = _locked_round(assignment.round)
    if Score.objects.filter(assignment=assignment, status=ScoreStatus.SUBMITTED).exists():
        raise ContestError(_("This juror has already submitted a score for this entry."),
                           code="score_submitted")
    record(actor=by, action="judging.assignment_removed", obj=assignment, scope=round.contest,
           before={"entry": assignment.entry_id, "juror": assignment.juror_id})
    assignment.delete()
    results_changed(round_ids=[round.pk])


# What an organiser may do to one entry-juror pair by hand.
MANUAL_ADD, MANUAL_REMOVE = "add", "remove"


@transaction.atomic
def change_assignment(
    *, round: Round, entry_code: str, juror: Juror, action: str, by
) -> Assignment | None:
    """Give an entry (named by its code, as organisers read it) to a juror, or take it back.

    ``action`` is ``MANUAL_ADD`` or ``MANUAL_REMOVE``. Returns the new assignment, or None
    after a removal. Side effects and refusals: those of ``add_assignment`` and
    ``remove_assignment`` (one audit row each); an unknown code, or removing a pair that is
    not assigned, is refused with code "not_found".
    """
    entry = entry_by_code(contest=round.contest, code=entry_code)
    if entry is None:
        raise ContestError(_("No entry has this code."), code="not_found")
    if action == MANUAL_ADD:
        return add_assignment(round=round, entry=entry, juror=juror, by=by)
    if action != MANUAL_REMOVE:
        raise ContestError(_("Choose to assign or to remove."), code="invalid")
    assignment = Assignment.objects.filter(round=round, entry=entry, juror=juror).first()
    if assignment is None:
        raise ContestError(_("This juror does not have this entry."), code="not_found")
    remove_assignment(assignment=assignment, by=by)
    return None


@transaction.atomic
def reassign_after_conflict(*, assignment: Assignment) -> Assignment | None:
    """Replace a juror who declared a conflict on an assigned entry.

    Deletes the assignment (with its score, even a submitted one: a conflicted score must not
    count) and assigns the entry to the active juror without a conflict and not yet on it, on
    the entry's panel and able to follow the film under the language rule, who has the fewest
    entries in the round (capacity permitting; ties: a preference match, then
    the lowest id). Returns the new assignment, or None when nobody can take it.
    """
    round = _locked_round(assignment.round)
    entry, old = assignment.entry, assignment.juror
    score = Score.objects.filter(assignment=assignment).values("status", "weighted").first()
    record(actor=old.user, action="judging.assignment_conflicted", obj=assignment,
           scope=round.contest,
           before={"entry": entry.pk, "juror": old.pk, "score": score or {}})
    assignment.delete()
    results_changed(round_ids=[round.pk])  # a submitted score may have gone with it
    candidates = Juror.objects.filter(contest=round.contest, is_active=True).exclude(
        Q(pk=old.pk) | Q(assignments__round=round, assignments__entry=entry)
    ).annotate(load=Count("assignments", filter=Q(assignments__round=round)))
    conflicted = {j for _e, j in conflict_pairs(entries=Entry.objects.filter(pk=entry.pk),
                                                 jurors=candidates)}
    panel = round_panels(round)
    allowed = panel.for_category(entry.category_id) if not panel.empty else None
    followable = followable_languages(round, [entry.pk]).get(entry.pk, frozenset())
    options = [j for j in candidates if j.pk not in conflicted
               and (j.capacity is None or j.load < j.capacity)
               and (allowed is None or j.pk in allowed)
               and (not round.language_rule or can_follow(followable, j.languages or ()))]
    if not options:
        return None
    prefs = _preferences(round, options, [(entry.pk, entry.original_language, entry.category_id)])
    juror = min(options, key=lambda j: (j.load, -prefs.get((entry.pk, j.pk), 0.0), j.pk))
    new = Assignment.objects.create(round=round, entry=entry, juror=juror,
                                    source=AssignmentSource.AUTO)
    record(actor=old.user, action="judging.assignment_reassigned", obj=new, scope=round.contest,
           before={"juror": old.pk}, after={"entry": entry.pk, "juror": juror.pk})
    return new


@transaction.atomic
def advance_entries(
    *, from_round: Round, to_round: Round, by, method: str | None = None,
    top_n: int | None = None, threshold: float | None = None,
) -> list[int]:
    """Put the best entries of one round into the next: the top N, those at or above a
    threshold (on the method's scale), or both conditions together, ranked by ``method`` or
    the round's own. Returns the entry ids added.
    """
    to_round = _locked_round(to_round)
    if to_round.contest_id != from_round.contest_id or to_round.order <= from_round.order:
        raise ContestError(_("Entries advance only to a later round of the same contest."),
                           code="bad_rounds")
    if top_n is None and threshold is None:
        raise ContestError(_("Give a number of entries or a threshold."), code="no_cut")
    ranked = ranking(round=from_round, method=method)
    chosen = [row.entry_id for row in ranked if threshold is None or row.value >= threshold]
    if top_n is not None:
        chosen = chosen[:top_n]
    RoundEntry.objects.bulk_create(
        [RoundEntry(round=to_round, entry_id=e) for e in chosen], ignore_conflicts=True
    )
    results_changed(round_ids=[to_round.pk])
    record(actor=by, action="judging.entries_advanced", obj=to_round, scope=to_round.contest,
           after={"from_round": from_round.pk, "method": str(method), "top_n": top_n,
                  "threshold": threshold, "entries": chosen})
    return chosen

