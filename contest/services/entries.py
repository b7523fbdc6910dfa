"""Writes on entries: create, edit, submit, withdraw, disqualify, reinstate.

Every service runs in one transaction, changes status only through
:mod:`contest.transitions` and writes one audit row.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record
from core.errors import ConflictError, ContestError, PermissionDeniedError

from .. import rules, transitions
from ..enums import EditPolicy, EntryStatus, VideoStatus
from ..models import Contest, Credit, Entry, Video
from ..requirements import missing_materials
from ..validators import clean_credits, clean_entry_data
from . import answers as answer_rules
from . import messages

# Entries that count toward the per-entrant limit.
COUNTED_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.DISQUALIFIED)
ENTRY_FIELDS = (
    "category", "title_original", "title_english", "original_language", "no_dialogue",
    "synopsis_original", "synopsis_english", "runtime_s", "ai_tools", "ai_tools_other",
    "rights_declared",
)


def _lock_entry(pk: int) -> Entry:
    # of=("self",): lock the entry only, not the joined contest row every submission shares.
    return Entry.objects.select_for_update(of=("self",)).select_related("contest").get(pk=pk)


def _snapshot(entry: Entry) -> dict[str, Any]:
    return {"status": entry.status, "version": entry.version}


def _apply_fields(entry: Entry, data: dict[str, Any], *, at: datetime) -> None:
    for field in ENTRY_FIELDS:
        if field in data:
            setattr(entry, field, data[field])
    if "rules_consent" in data:
        if data["rules_consent"]:
            entry.rules_consent_version = entry.contest.rules_version
            entry.rules_consented_at = at
        else:
            entry.rules_consent_version, entry.rules_consented_at = "", None


def _replace_credits(entry: Entry, credits: list[dict[str, Any]]) -> None:
    entry.credits.all().delete()
    Credit.objects.bulk_create(Credit(entry=entry, **credit) for credit in credits)


@transaction.atomic
def create_entry(
    *, contest: Contest, entrant, data: dict[str, Any], credits: list[dict[str, Any]]
) -> Entry:
    """Create a draft entry with its credits. Writes an audit row; queues nothing.

    ``data`` holds entry fields (``category`` as object, id or slug) and may hold
    ``rules_consent`` (True records the contest's rules version and the time) and
    ``answers`` (question key -> answer, checked by ``services.answers``).
    """
    if not contest.is_open(timezone.now()):
        raise ContestError(_("This contest is not accepting entries now."), code="contest_closed")
    data = dict(data)
    given = data.pop("answers", None) or {}
    data = clean_entry_data(contest=contest, data=data, partial=False)
    credits = clean_credits(credits)
    entry = Entry(contest=contest, entrant=entrant)
    _apply_fields(entry, data, at=timezone.now())
    entry.answers = answer_rules.clean_answers(
        contest=contest, category_id=entry.category_id, current={}, given=given)
    entry.save()
    _replace_credits(entry, credits)
    record(actor=entrant, action="entry.create", obj=entry, scope=contest,
           after=_snapshot(entry))
    return entry


@transaction.atomic
def update_entry(
    *,
    entry: Entry,
    by,
    data: dict[str, Any],
    credits: list[dict[str, Any]] | None = None,
    expected_version: int,
) -> Entry:
    """Change an entry's fields (and credits when given), refusing stale edits.

    The caller passes the ``version`` it read; if the entry changed since, ConflictError.
    A submitted entry is editable only while the contest is open and its edit policy allows,
    and an edit may not leave it without a required answer or with an ineligible one.
    """
    locked = _lock_entry(entry.pk)
    if locked.version != expected_version:
        raise ConflictError(
            _("This entry was changed elsewhere since you opened it. Reload it and try again."),
            fields={"version": [str(_("Stale version."))]},
        )
    if not rules.is_entry_owner(by, locked):
        raise PermissionDeniedError(_("You cannot edit this entry."))
    if not rules.entry_is_editable(by, locked):
        if locked.status in (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE) and (
            locked.contest.edit_policy == EditPolicy.LOCKED
        ):
            message = _("Submitted entries cannot be changed in this contest.")
        else:
            message = _("This entry can no longer be changed.")
        raise ContestError(message, code="not_editable")
    data = dict(data)
    given = data.pop("answers", None)
    data = clean_entry_data(contest=locked.contest, data=data, partial=True)
    before = _snapshot(locked)
    _apply_fields(locked, data, at=timezone.now())
    if given is not None:
        locked.answers = answer_rules.clean_answers(
            contest=locked.contest, category_id=locked.category_id, current=locked.answers,
            given=given)
        data["answers"] = True
    if locked.status in (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE):
        # A submitted entry stays complete and eligible: the edit is refused otherwise.
        answer_rules.check_complete(entry=locked)
    if credits is not None:
        _replace_credits(locked, clean_credits(credits))
    locked.version += 1
    locked.save()
    record(actor=by, action="entry.update", obj=locked, scope=locked.contest, before=before,
           after={**_snapshot(locked), "fields": sorted(set(data) - {"rules_consent"})})
    _refresh(entry, locked)
    return entry


def _refresh(entry: Entry, locked: Entry) -> None:
    """Copy the saved state onto the caller's object so it does not keep stale values."""
    if entry is not locked:
        entry.__dict__.update({
            key: value for key, value in locked.__dict__.items() if not key.startswith("_")
        })
        entry._prefetched_objects_cache = {}


def current_video(entry: Entry) -> Video | None:
    return entry.videos.filter(is_current=True).first()


def _check_can_submit(entry: Entry, *, at: datetime) -> Video:
    contest = entry.contest
    if not contest.is_open(at) and not rules.upload_grace_covers(entry, at):
        message = (_("This contest is not open for entries yet.") if at < contest.opens_at
                   else _("The deadline has passed: this contest no longer accepts entries."))
        raise ContestError(message, code="contest_closed")
    country = entry.entrant.country
    if not country:
        raise ContestError(
            _("Add your country to your profile before submitting."), code="country_missing"
        )
    if country in contest.excluded_countries:
        raise ContestError(
            _("Entrants from %(country)s cannot take part in this contest.")
            % {"country": country.name},
            code="country_not_eligible",
        )
    errors = {}
    if not entry.rights_declared:
        errors["rights_declared"] = [str(_("You must declare that you hold the rights."))]
    if entry.rules_consent_version != contest.rules_version:
        errors["rules_consent"] = [str(_("You must accept the current rules."))]
    if errors:
        raise ContestError(_("Confirm the declarations before submitting."), code="consent_missing",
                           fields=errors)
    answer_rules.check_complete(entry=entry)
    video = current_video(entry)
    if video is None:
        raise ContestError(_("Upload your film before submitting."), code="video_missing")
    missing = missing_materials(contest=contest, entry=entry, materials=entry.materials.all())
    if missing:
        raise ContestError(_("Add the missing material before submitting."),
                           code="materials_missing",
                           fields={"materials": [item.message for item in missing]})
    if video.status == VideoStatus.INVALID:
        raise ContestError(
            _("Your film did not pass the technical checks: upload a corrected file."),
            code="video_invalid",
        )
    return video


@transaction.atomic
def submit_entry(
    *, entry: Entry, by, at: datetime | None = None, rules_consent: bool = False
) -> Entry:
    """Submit an entry; it becomes eligible at once when its video is already valid.

    Locks the entrant's user row so concurrent submissions (two tabs) are counted one after
    the other against ``max_entries_per_entrant``. ``rules_consent=True`` records consent to
    the current rules first. Writes an audit row and puts the receipt (entry code, what
    happens next) in the outbox; validation is queued by the upload, not here.
    """
    at = at or timezone.now()
    User = get_user_model()
    entrant = User.objects.select_for_update().get(pk=entry.entrant_id)
    locked = _lock_entry(entry.pk)
    locked.entrant = entrant
    if not rules.is_entry_owner(by, locked):
        raise PermissionDeniedError(_("You cannot submit this entry."))
    if rules_consent:
        _apply_fields(locked, {"rules_consent": True}, at=at)
    if not transitions.can_apply(locked, transitions.SUBMIT):
        raise transitions.invalid_transition(locked)
    video = _check_can_submit(locked, at=at)
    counted = (
        Entry.objects.filter(entrant=entrant, contest=locked.contest, status__in=COUNTED_STATUSES)
        .exclude(pk=locked.pk)
        .count()
    )
    limit = locked.contest.max_entries_per_entrant
    if counted >= limit:
        raise ContestError(
            _("You have reached this contest's limit of %(limit)d entries.") % {"limit": limit},
            code="entry_limit",
        )
    before = _snapshot(locked)
    transitions.apply(locked, transitions.SUBMIT)
    if video.status == VideoStatus.VALID:
        transitions.apply(locked, transitions.VIDEO_VALID)
    locked.submitted_at = at
    locked.status_reason = ""
    locked.version += 1
    locked.save()
    record(actor=by, action="entry.submit", obj=locked, scope=locked.contest, before=before,
           after=_snapshot(locked))
    if before["status"] == EntryStatus.WITHDRAWN:
        # Submitted again after a withdrawal: back in the running, as after a reinstatement.
        _notify_status_listeners(locked)
    # Every submission gets its receipt, a new one after a withdrawal too (its own occasion).
    messages.queue_entry_message(kind=messages.RECEIPT, entry=locked,
                                 occasion=at.isoformat())
    _refresh(entry, locked)
    return entry


StatusListener = Callable[[Entry], None]
_STATUS_LISTENERS: dict[str, StatusListener] = {}


def register_status_listener(name: str, fn: StatusListener) -> None:
    """Let ``fn(entry)`` follow withdrawals, disqualifications and reinstatements (and a
    withdrawn entry submitted again); it runs inside the change's transaction, after the new
    status is saved (judging: results that counted the entry must be ranked anew)."""
    _STATUS_LISTENERS[name] = fn


def _notify_status_listeners(entry: Entry) -> None:
    for listener in _STATUS_LISTENERS.values():
        listener(entry)


def _change_status(*, entry: Entry, by, event: str, action: str, reason: str = "") -> Entry:
    locked = _lock_entry(entry.pk)
    before = _snapshot(locked)
    transitions.apply(locked, event)
    locked.status_reason = reason
    locked.version += 1
    locked.save()
    after = _snapshot(locked)
    if reason:
        after["reason"] = reason
    record(actor=by, action=action, obj=locked, scope=locked.contest, before=before, after=after)
    _notify_status_listeners(locked)
    _refresh(entry, locked)
    return entry


@transaction.atomic
def withdraw_entry(*, entry: Entry, by) -> Entry:
    """The entrant takes a submitted entry out of the contest. Writes an audit row."""
    if not rules.is_entry_owner(by, entry):
        raise PermissionDeniedError(_("You cannot withdraw this entry."))
    return _change_status(entry=entry, by=by, event=transitions.WITHDRAW, action="entry.withdraw")


@transaction.atomic
def disqualify_entry(*, entry: Entry, by, reason: str) -> Entry:
    """An organiser disqualifies an entry; ``reason`` is shown to the entrant. Audited."""
    if not by.has_perm("contest.manage_contest", entry.contest):
        raise PermissionDeniedError(_("Only organisers can disqualify entries."))
    reason = (reason or "").strip()
    if not reason:
        raise ContestError(_("Give the reason the entrant will see."), code="invalid",
                           fields={"reason": [str(_("This field is required."))]})
    if len(reason) > 2000 or "\x00" in reason:
        raise ContestError(_("The reason is too long."), code="invalid",
                           fields={"reason": [str(_("At most 2000 characters."))]})
    _change_status(entry=entry, by=by, event=transitions.DISQUALIFY,
                   action="entry.disqualify", reason=reason)
    # The reason as given now: the message says it even if the entry is reinstated later.
    messages.queue_entry_message(kind=messages.DISQUALIFIED, entry=entry,
                                 context={"reason": reason}, occasion=str(entry.version))
    return entry


@transaction.atomic
def reinstate_entry(*, entry: Entry, by) -> Entry:
    """An organiser reverses a disqualification; the entry is eligible again if its video is.

    Writes an audit row.
    """
    if not by.has_perm("contest.manage_contest", entry.contest):
        raise PermissionDeniedError(_("Only organisers can reinstate entries."))
    _change_status(entry=entry, by=by, event=transitions.REINSTATE, action="entry.reinstate")
    video = current_video(entry)
    if video is not None and video.status == VideoStatus.VALID:
        transitions.apply(entry, transitions.VIDEO_VALID)
        entry.save(update_fields=["status", "updated_at"])
    messages.queue_entry_message(kind=messages.REINSTATED, entry=entry,
                                 occasion=str(entry.version))
    return entry
