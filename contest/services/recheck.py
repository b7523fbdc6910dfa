"""Checking current films again after a contest's technical rules changed.

``update_contest`` stamps ``Contest.technical_rules_changed_at`` whenever a technical rule
changes. Every current film with a verdict whose rules were applied before that moment was
judged by other rules; organisers see how many and may ask for a re-check
(``recheck_films``: one audit row with the counts, then one fan-out message).

Each film's re-check (``recheck_video``, on the ``validation`` queue) applies the new rules to
the findings its first check stored (``contest.media.recheck``): no re-upload, no file read, no
FFmpeg. Only a film whose first check stopped before the probe, on a container the new rules
now allow, is inspected again (the cheap ``inspect``, never the full decode). Outcomes:

- same verdict: nothing to tell; the stored reasons are brought up to date;
- accepted film now refused: the verdict and its email, the entry back to "submitted";
- refused film now within the rules: it had never been decoded (the cheap stage refused it),
  so it goes on to the full stage, whose verdict is emailed as any other; a film decoded
  before (refused by an earlier re-check) is accepted at once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core import audit

from .. import media, transitions
from ..enums import VideoStatus
from ..media.recheck import merge, rule_reasons
from ..models import Contest, Entry, Video
from ..verdicts import FINAL_STATUSES
from .scratch import scratch_folder
from .validation import FULL, PROBE, StoredFileMissing, conclude, dispatch, local_file, time_limits

logger = logging.getLogger(__name__)

# The settings that feed ``media.VideoRules``: changing one changes what a valid film is.
TECHNICAL_FIELDS = (
    "max_upload_bytes", "allowed_extensions", "allowed_containers", "allowed_video_codecs",
    "min_long_edge", "min_short_edge", "max_long_edge", "min_duration_s", "max_duration_s",
)


def films_checked_under_earlier_rules(*, contest: Contest) -> QuerySet[Video]:
    """Current films with a verdict whose rules were applied before the last change."""
    if contest.technical_rules_changed_at is None:
        return Video.objects.none()
    return (Video.objects
            .filter(entry__contest=contest, is_current=True, status__in=FINAL_STATUSES,
                    probe_checked_at__isnull=False)
            .alias(rules_applied_at=Coalesce("rules_checked_at", "probe_checked_at"))
            .filter(rules_applied_at__lt=contest.technical_rules_changed_at))


def earlier_rules_summary(*, contest: Contest) -> dict[str, int]:
    """How many such films were accepted and refused. One query."""
    counts = dict(films_checked_under_earlier_rules(contest=contest)
                  .values_list("status").annotate(count=Count("pk")).values_list("status",
                                                                                  "count"))
    valid, invalid = counts.get(VideoStatus.VALID, 0), counts.get(VideoStatus.INVALID, 0)
    return {"valid": valid, "invalid": invalid, "total": valid + invalid}


@transaction.atomic
def recheck_films(*, contest: Contest, by) -> dict[str, int]:
    """Queue a re-check of every film checked under earlier technical rules.

    Side effects: one audit row with the counts (none when there is nothing to re-check), and
    after commit one ``contest.recheck_films`` message that fans out one ``contest.recheck_video``
    per film. Returns the counts.
    """
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    counts = earlier_rules_summary(contest=contest)
    if not counts["total"]:
        return counts
    audit.record(actor=by, action="contest.films_rechecked", obj=contest, scope=contest,
                 after={**counts,
                        "rules_changed_at": contest.technical_rules_changed_at.isoformat()})
    contest_id = contest.pk
    transaction.on_commit(lambda: _dispatch_fan_out(contest_id))
    return counts


def _dispatch_fan_out(contest_id: int) -> None:
    from ..tasks.recheck import recheck_contest_films

    try:
        recheck_contest_films.delay(contest_id=contest_id)
    except (BrokerError, OSError):
        logger.exception("Could not queue the re-check of contest %s's films", contest_id)


def dispatch_rechecks(*, contest_id: int) -> int:
    """Send one re-check per film still checked under earlier rules (the fan-out task's body).
    Idempotent: a film re-checked since is no longer selected, a duplicate message skips."""
    from ..tasks.recheck import recheck_video

    contest = Contest.objects.filter(pk=contest_id).first()
    if contest is None:
        return 0
    soft, hard = time_limits(stage=PROBE)
    sent = 0
    ids = films_checked_under_earlier_rules(contest=contest).values_list("pk", flat=True)
    for video_id in ids.iterator():
        recheck_video.apply_async(kwargs={"video_id": video_id}, soft_time_limit=soft,
                                  time_limit=hard)
        sent += 1
    return sent


def _needs_recheck(video: Video, contest: Contest) -> bool:
    changed = contest.technical_rules_changed_at
    applied = video.rules_checked_at or video.probe_checked_at
    return bool(video.is_current and video.status in FINAL_STATUSES and applied
                and changed and applied < changed)


def recheck_video(*, video_id: int) -> str:
    """Apply the contest's current technical rules to one film; returns what happened
    ("skipped", "unchanged", "refused", "accepted", "to_full_check", "file_missing")."""
    # Taken before the rules are read: a change after it leaves the film due again.
    checked_at = timezone.now()
    video = Video.objects.select_related("entry__contest").filter(pk=video_id).first()
    if video is None or not _needs_recheck(video, video.entry.contest):
        return "skipped"
    rules = media.VideoRules.from_contest(video.entry.contest)
    fresh = rule_reasons(video.metadata, filename=video.original_filename, rules=rules)
    report = None
    if fresh is None:
        try:
            report = _inspect_again(video, rules)  # outside the locks: it reads the file
        except StoredFileMissing:
            Video.objects.filter(pk=video_id).update(rules_checked_at=checked_at)
            return "file_missing"
    with transaction.atomic():
        # Entry before video, the order uploads and validation lock them in.
        entry = (Entry.objects.select_for_update(of=("self",)).select_related("contest")
                 .filter(pk=video.entry_id).first())
        video = Video.objects.select_for_update(of=("self",)).filter(pk=video_id).first()
        if entry is None or video is None or not _needs_recheck(video, entry.contest):
            return "skipped"
        video.entry = entry
        if report is not None:
            video.metadata = {**video.metadata, **report.metadata}
            reasons = [reason.as_dict() for reason in report.reasons]
        else:
            reasons = merge(video.reasons, fresh)
        video.rules_checked_at = checked_at
        return _record(video, reasons=reasons, now=timezone.now())


def _inspect_again(video: Video, rules: media.VideoRules) -> media.Report:
    with scratch_folder(video.pk) as scratch, \
            local_file(video.file.name, scratch=scratch) as path:
        return media.inspect(path, rules=rules, filename=video.original_filename,
                             sha256=video.sha256 or None)


def _record(video: Video, *, reasons: list[dict], now: datetime) -> str:
    """Write the re-check of a locked video (its entry locked too)."""
    if reasons and video.status == VideoStatus.VALID:
        entry = video.entry
        if transitions.can_apply(entry, transitions.VIDEO_REFUSED):
            transitions.apply(entry, transitions.VIDEO_REFUSED)
            entry.save(update_fields=["status", "updated_at"])
        video.result_emailed_at = None  # a new verdict, a new email
        conclude(video, status=VideoStatus.INVALID, reasons=reasons, now=now)
        return "refused"
    if reasons or video.status == VideoStatus.VALID:
        # The verdict stands (the reasons may differ): nothing to tell the entrant.
        video.reasons = reasons
        video.save(update_fields=["reasons", "metadata", "rules_checked_at", "updated_at"])
        return "unchanged"
    video.result_emailed_at = None
    if video.decode_checked_at:
        conclude(video, status=VideoStatus.VALID, reasons=[], now=now)
        return "accepted"
    _send_to_full_stage(video, now=now)
    return "to_full_check"


def _send_to_full_stage(video: Video, *, now: datetime) -> None:
    # The state the cheap stage leaves a passing film in: between stages, held by nobody.
    video.status = VideoStatus.VALIDATING
    video.reasons = []
    video.last_error = ""
    video.attempts = 0
    video.validated_at = None
    video.validation_task_id = video.validation_token = ""
    video.validation_started_at = now
    video.save()
    video_id, duration = video.pk, video.metadata.get("duration_s")
    transaction.on_commit(lambda: dispatch(video_id=video_id, stage=FULL, duration_s=duration))
