"""Video validation: from a stored upload to a verdict the entrant can read.

States: uploaded (stored) → queued (on the broker) → validating → valid | invalid, or error
(a transient failure, retried). Each stage is one run of the ``contest.validate_video`` task:

- the cheap stage (sniff, capped probe, rules, exact duplicate) gives the entrant a verdict
  within seconds and sets ``probe_checked_at``; a refused file is never decoded;
- the full stage (one decode of every stream that also writes the poster, the preview and the
  perceptual-hash and timeline frames; content credentials; near duplicate) gives the final
  verdict and sets ``decode_checked_at``. It is queued by the cheap stage with time limits
  scaled to the film's duration.

A run first *claims* the video with its row locked: it records its Celery task id and a fresh
token and counts the attempt. Only the run holding the token writes results, so a duplicate
or late run writes nothing; a redelivered message (same task id) takes over from its lost
first delivery, and another message waits until the holder's lease (its hard limit) is over.
A stage that crashed or timed out ``MARQUEE_VALIDATION_MAX_ATTEMPTS`` times ends the video as
invalid ("could not be processed") instead of looping. Results are written with the entry and
the video locked (entry first, as uploads lock them) and only while the video is still the
entry's current one; derived files of discarded results are deleted.
"""

import logging
import math
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core import audit

from .. import media, transitions
from ..enums import VideoStatus
from ..models import Contest, Entry, Video
from ..models.video import derived_path
from ..verdicts import FILE_MISSING, PROCESSING_FAILED, is_final
from . import duplicates
from .scratch import scratch_folder

logger = logging.getLogger(__name__)

PROBE = "probe"
FULL = "full"
STAGES = (PROBE, FULL)
# Waiting for a worker: stored, on the broker, or failed and waiting for its retry.
PENDING = (VideoStatus.UPLOADED, VideoStatus.QUEUED, VideoStatus.ERROR)
# A run's lease lasts its hard limit plus this, for the pool to notice a killed child.
LEASE_GRACE = timedelta(seconds=30)
COPY_PIECE = 1024 * 1024
SWEEP_BATCH = 500


class StoredFileMissing(Exception):
    """The video's original file is not in storage."""


@dataclass(frozen=True)
class Claim:
    """What one run needs to know, taken while the video row was locked."""

    video_id: int
    entry_id: int
    contest_id: int
    stage: str
    token: str
    file_name: str
    original_filename: str
    sha256: str
    metadata: dict


@dataclass(frozen=True)
class Derived:
    poster: str
    preview: str
    hashes: list[str]
    timeline: media.Timeline
    credentials: dict | None


def time_limits(*, stage: str, duration_s: float | None = None) -> tuple[int, int]:
    """(soft, hard) seconds allowed to one run of ``stage`` on a film of ``duration_s``."""
    if stage == PROBE:
        hard = settings.MARQUEE_VALIDATION_PROBE_TIME_LIMIT
    else:
        duration = max(float(duration_s or 0), 0.0)
        hard = settings.MARQUEE_VALIDATION_BASE_TIME_LIMIT + math.ceil(
            settings.MARQUEE_VALIDATION_SECONDS_PER_SECOND * duration
        )
    hard = min(hard, settings.MARQUEE_VALIDATION_MAX_TIME_LIMIT)
    # The soft limit leaves the run time to record its error before the hard kill.
    soft = max(hard - max(5, hard // 10), 1)
    return soft, hard


def stage_of(video: Video) -> str:
    return FULL if video.probe_checked_at else PROBE


def queue_validation(*, video: Video) -> None:
    """Once the caller's transaction commits, send ``video`` to the validation queue.

    Call it inside the transaction that stored the video. A broker that cannot be reached
    leaves the video ``uploaded``: the sweeper sends it later.
    """
    video_id = video.pk
    transaction.on_commit(lambda: dispatch(video_id=video_id, stage=PROBE))


def dispatch(*, video_id: int, stage: str, duration_s: float | None = None) -> bool:
    """Send one stage to the ``validation`` queue; an uploaded video becomes ``queued``."""
    from ..tasks.validation import validate_video

    soft, hard = time_limits(stage=stage, duration_s=duration_s)
    try:
        validate_video.apply_async(
            kwargs={"video_id": video_id, "stage": stage}, soft_time_limit=soft, time_limit=hard
        )
    except (BrokerError, OSError):
        logger.exception("Could not queue the validation of video %s; the sweeper will", video_id)
        return False
    # Only now is it on the broker. A worker may already have claimed it: then nothing moves.
    Video.objects.filter(pk=video_id, status=VideoStatus.UPLOADED).update(
        status=VideoStatus.QUEUED, updated_at=timezone.now()
    )
    return True


def _dispatch_email(video_id: int) -> None:
    from ..tasks.validation import send_validation_result

    try:
        send_validation_result.delay(video_id=video_id)
    except (BrokerError, OSError):
        logger.exception("Could not queue the result email of video %s; the sweeper will", video_id)


def _lease_alive(video: Video, now: datetime) -> bool:
    if video.validation_started_at is None:
        return False
    _soft, hard = time_limits(stage=stage_of(video), duration_s=video.metadata.get("duration_s"))
    return video.validation_started_at + timedelta(seconds=hard) + LEASE_GRACE > now


def _skip_reason(video: Video, *, stage: str, task_id: str, now: datetime) -> str:
    if not video.is_current:
        return "no longer the entry's current video"
    if is_final(video.status):
        return "already has its verdict"
    if stage == PROBE and video.probe_checked_at:
        return "cheap stage already done"
    if stage == FULL and not video.probe_checked_at:
        return "cheap stage not done yet"
    holder = video.validation_task_id
    if (video.status == VideoStatus.VALIDATING and holder and holder != task_id
            and _lease_alive(video, now)):
        return f"held by run {holder}"
    return ""


def claim(*, video_id: int, stage: str, task_id: str, now: datetime | None = None) -> Claim | None:
    """Take ``video`` for one run of ``stage``, or None when there is nothing to do.

    Counts the attempt; past the limit the video is refused as "could not be processed"
    (and the entrant emailed) instead of being tried again.
    """
    now = now or timezone.now()
    entry_id = Video.objects.filter(pk=video_id).values_list("entry_id", flat=True).first()
    if entry_id is None:
        return None
    with transaction.atomic():
        # Entry before video, the order uploads lock them in.
        entry = (Entry.objects.select_for_update(of=("self",)).select_related("contest")
                 .filter(pk=entry_id).first())
        video = Video.objects.select_for_update(of=("self",)).filter(pk=video_id).first()
        if entry is None or video is None:
            return None
        video.entry = entry
        skip = _skip_reason(video, stage=stage, task_id=task_id, now=now)
        if skip:
            logger.info("Validation of video %s (%s) skipped: %s", video_id, stage, skip)
            return None
        video.attempts += 1
        if video.attempts > settings.MARQUEE_VALIDATION_MAX_ATTEMPTS:
            _give_up(video, now=now)
            return None
        video.status = VideoStatus.VALIDATING
        video.validation_task_id = task_id or ""
        video.validation_token = uuid.uuid4().hex
        video.validation_started_at = now
        video.save(update_fields=["attempts", "status", "validation_task_id", "validation_token",
                                  "validation_started_at", "updated_at"])
    return Claim(
        video_id=video.pk, entry_id=video.entry_id, contest_id=video.entry.contest_id,
        stage=stage, token=video.validation_token, file_name=video.file.name,
        original_filename=video.original_filename, sha256=video.sha256,
        metadata=dict(video.metadata or {}),
    )


def _give_up(video: Video, *, now: datetime) -> None:
    failed = video.attempts - 1
    logger.warning("Validation of video %s failed %s times: refused", video.pk, failed)
    conclude(video, status=VideoStatus.INVALID, now=now,
              reasons=[{"code": PROCESSING_FAILED, "params": {"attempts": failed}}])


def run_stage(*, video_id: int, stage: str, task_id: str) -> str:
    """One run of one stage (the body of ``contest.validate_video``). Returns what happened.

    A transient failure (FFmpeg could not run, a time limit, the database) marks the video
    ``error`` and is raised again for the task to retry.
    """
    if stage not in STAGES:
        raise ValueError(f"unknown validation stage {stage!r}")
    claimed = claim(video_id=video_id, stage=stage, task_id=task_id)
    if claimed is None:
        return "skipped"
    return process(claimed)


def process(claimed: Claim) -> str:
    """Do the claimed stage's work and write its results, if the claim still holds then."""
    try:
        with scratch_folder(claimed.video_id) as scratch, \
                local_file(claimed.file_name, scratch=scratch) as path:
            if claimed.stage == PROBE:
                return _cheap_stage(claimed, path)
            return _full_stage(claimed, path, scratch=scratch)
    except StoredFileMissing:
        return _conclude_claimed(claimed, status=VideoStatus.INVALID,
                                 reasons=[{"code": FILE_MISSING, "params": {}}])
    except Exception as exc:
        record_error(claimed, exc)
        raise


@contextmanager
def local_file(name: str, *, scratch: Path) -> Iterator[Path]:
    """A path FFmpeg can read: the stored file itself, or a copy of a remote one in ``scratch``."""
    try:
        local = default_storage.path(name)
    except NotImplementedError:
        local = None
    if local is not None:
        if not name or not Path(local).is_file():
            raise StoredFileMissing(name)
        yield Path(local)
        return
    if not name or not default_storage.exists(name):
        raise StoredFileMissing(name)
    copy = scratch / f"source{Path(name).suffix}"
    with default_storage.open(name, "rb") as source, open(copy, "wb") as target:
        shutil.copyfileobj(source, target, COPY_PIECE)
    yield copy


def record_error(claimed: Claim, exc: BaseException) -> None:
    """Show the entrant "error (retrying)" and keep the cause for the organisers."""
    text = f"{type(exc).__name__}: {exc}"[:2000]
    try:
        Video.objects.filter(pk=claimed.video_id, validation_token=claimed.token).update(
            status=VideoStatus.ERROR, last_error=text, updated_at=timezone.now()
        )
    except DatabaseError:
        logger.exception("Could not record the error of video %s", claimed.video_id)


def _lock_for_results(claimed: Claim) -> Video | None:
    """The claimed video, locked with its entry, if this run may still write its results."""
    entry = (Entry.objects.select_for_update(of=("self",)).select_related("contest")
             .filter(pk=claimed.entry_id).first())
    video = Video.objects.select_for_update(of=("self",)).filter(pk=claimed.video_id).first()
    if entry is None or video is None or video.validation_token != claimed.token:
        return None
    video.entry = entry
    if not video.is_current:
        # Replaced while it was being checked: the new file has its own validation.
        video.validation_task_id = video.validation_token = ""
        video.last_error = "Validation stopped: replaced by a newer upload."
        video.save(update_fields=["validation_task_id", "validation_token", "last_error",
                                  "updated_at"])
        return None
    return video


def _cheap_stage(claimed: Claim, path: Path) -> str:
    contest = Contest.objects.get(pk=claimed.contest_id)
    report = media.inspect(path, rules=media.VideoRules.from_contest(contest),
                           filename=claimed.original_filename, sha256=claimed.sha256 or None)
    now = timezone.now()
    with transaction.atomic():
        video = _lock_for_results(claimed)
        if video is None:
            return "discarded"
        video.metadata = report.metadata
        video.probe_checked_at = now
        # Uploads straight to a bucket never passed through the app: hashed here instead.
        video.sha256 = video.sha256 or report.metadata.get("sha256") or ""
        duplicates.flag_exact(video)
        if report.verdict != VideoStatus.VALID:
            conclude(video, status=VideoStatus.INVALID, now=now,
                      reasons=[reason.as_dict() for reason in report.reasons])
            return VideoStatus.INVALID
        # Between stages nobody holds the video; the full stage starts its attempts afresh.
        video.reasons = []
        video.last_error = ""
        video.attempts = 0
        video.validation_task_id = video.validation_token = ""
        video.validation_started_at = now
        video.save(update_fields=[
            "metadata", "probe_checked_at", "sha256", "duplicate_of", "duplicate_kind",
            "reasons", "last_error", "attempts", "validation_task_id", "validation_token",
            "validation_started_at", "updated_at",
        ])
        video_id, duration = video.pk, report.metadata.get("duration_s")
        transaction.on_commit(lambda: dispatch(video_id=video_id, stage=FULL,
                                               duration_s=duration))
    return "probed"


def _full_stage(claimed: Claim, path: Path, *, scratch: Path) -> str:
    # One decode gives the verdict and, for a clean film, every derivative (media/decode.py).
    decoded = media.decode_film(path, metadata=claimed.metadata, work=scratch)
    if decoded.reasons:
        return _conclude_claimed(claimed, status=VideoStatus.INVALID, decoded=True,
                                 reasons=[reason.as_dict() for reason in decoded.reasons])
    derived = _store_derived(claimed, path, decoded)
    try:
        # Before any lock: the search reads every film of the contest.
        near = duplicates.find_near(contest_id=claimed.contest_id, entry_id=claimed.entry_id,
                                    hashes=derived.hashes, timeline=derived.timeline)
        with transaction.atomic():
            video = _lock_for_results(claimed)
            if video is not None:
                video.poster.name, video.preview.name = derived.poster, derived.preview
                video.perceptual_hashes = derived.hashes
                video.timeline_hashes = derived.timeline.stored
                credentials = derived.credentials or {}
                video.c2pa_generator = (credentials.get("generator") or "")[:300]
                video.c2pa_manifest = credentials.get("manifest") or {}
                video.decode_checked_at = timezone.now()
                duplicates.flag_near(video, near)
                conclude(video, status=VideoStatus.VALID, reasons=[],
                          now=video.decode_checked_at)
    except BaseException:
        _delete_files(derived.poster, derived.preview)
        raise
    if video is None:
        _delete_files(derived.poster, derived.preview)
        return "discarded"
    _delete_leftovers(claimed, keep=(derived.poster, derived.preview))
    return VideoStatus.VALID


def _derived_name(claimed: Claim, kind: str, suffix: str) -> str:
    owner = Video(entry=Entry(pk=claimed.entry_id, contest_id=claimed.contest_id))
    folder = derived_path(owner, "x").rsplit("/", 1)[0]
    # The video id leads the name, so leftovers of a killed run can be found and removed.
    return f"{folder}/v{claimed.video_id}-{kind}-{uuid.uuid4().hex}.{suffix}"


def _store_derived(claimed: Claim, path: Path, decoded: media.FilmDecode) -> Derived:
    """Store the poster and preview the decode made; read the content credentials."""
    credentials = media.read_content_credentials(path)
    stored: list[str] = []
    try:
        for kind, made, suffix in (("poster", decoded.poster, "jpg"),
                                   ("preview", decoded.preview, "mp4")):
            with open(made, "rb") as handle:
                stored.append(default_storage.save(
                    _derived_name(claimed, kind, suffix), File(handle)
                ))
    except BaseException:
        _delete_files(*stored)
        raise
    return Derived(poster=stored[0], preview=stored[1], hashes=list(decoded.hashes),
                   timeline=decoded.timeline, credentials=credentials)


def _delete_files(*names: str) -> None:
    for name in names:
        if name:
            with suppress(OSError):
                default_storage.delete(name)


def _delete_leftovers(claimed: Claim, *, keep: tuple[str, ...]) -> None:
    """Remove derived files an earlier, killed run of this video stored but never recorded."""
    folder = keep[0].rsplit("/", 1)[0]
    prefix = f"v{claimed.video_id}-"
    try:
        _dirs, files = default_storage.listdir(folder)
    except (OSError, NotImplementedError):
        return
    _delete_files(*(f"{folder}/{name}" for name in files
                    if name.startswith(prefix) and f"{folder}/{name}" not in keep))


def _conclude_claimed(claimed: Claim, *, status: str, reasons: list[dict],
                      decoded: bool = False) -> str:
    now = timezone.now()
    with transaction.atomic():
        video = _lock_for_results(claimed)
        if video is None:
            return "discarded"
        if decoded:
            video.decode_checked_at = now
        conclude(video, status=status, reasons=reasons, now=now)
    return status


def conclude(video: Video, *, status: str, reasons: list[dict], now: datetime) -> None:
    """Record the verdict of a locked video (its ``entry`` locked too); email it after commit.

    A valid video makes a submitted entry eligible (``transitions.VIDEO_VALID``).
    """
    entry = video.entry
    entry_before = entry.status
    video.status = status
    video.reasons = reasons
    video.validated_at = now
    video.validation_task_id = video.validation_token = ""
    video.last_error = ""
    video.save()
    if status == VideoStatus.VALID and transitions.can_apply(entry, transitions.VIDEO_VALID):
        transitions.apply(entry, transitions.VIDEO_VALID)
        if entry.status != entry_before:
            entry.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=None, action="video.validated", obj=video, scope=entry.contest,
        before={"entry_status": entry_before},
        after={"status": status, "reasons": [r.get("code") for r in reasons],
               "entry_status": entry.status, "duplicate_of": video.duplicate_of_id,
               "duplicate_kind": video.duplicate_kind},
    )
    video_id = video.pk
    transaction.on_commit(lambda: _dispatch_email(video_id))


def requeue_stuck_validations(*, now: datetime | None = None,
                              batch: int = SWEEP_BATCH) -> dict[str, int]:
    """Periodic (celery beat): send again what no worker is going to finish.

    Current videos waiting (uploaded, queued, error, or between stages) for longer than
    ``MARQUEE_VALIDATION_STUCK_AFTER``, and videos whose run's lease ran out (its worker
    died), are queued again; verdicts whose email was never queued are queued.
    """
    now = now or timezone.now()
    before = now - settings.MARQUEE_VALIDATION_STUCK_AFTER
    current = Video.objects.filter(is_current=True)
    waiting = current.filter(
        Q(status__in=PENDING) | Q(status=VideoStatus.VALIDATING, validation_task_id=""),
        updated_at__lt=before,
    )
    running = current.filter(status=VideoStatus.VALIDATING).exclude(validation_task_id="")
    fields = ("pk", "probe_checked_at", "metadata", "validation_started_at")
    stuck = list(waiting.only(*fields).order_by("updated_at")[:batch])
    stuck += [video for video in running.only(*fields).order_by("validation_started_at")[:batch]
              if not _lease_alive(video, now)]
    for video in stuck:
        # Touched first, so the next sweep waits for this message instead of adding another.
        Video.objects.filter(pk=video.pk).update(updated_at=now)
        dispatch(video_id=video.pk, stage=stage_of(video),
                 duration_s=video.metadata.get("duration_s"))
    unsent = list(current.filter(status__in=(VideoStatus.VALID, VideoStatus.INVALID),
                                 result_emailed_at__isnull=True, validated_at__lt=before)
                  .values_list("pk", flat=True)[:batch])
    for video_id in unsent:
        _dispatch_email(video_id)
    return {"requeued": len(stuck), "emails": len(unsent)}
