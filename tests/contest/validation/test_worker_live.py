"""A real Celery worker process on Redis takes uploads to their verdict, and survives kill -9.

The test process completes the upload (as the tus service does at the last byte) and the
validation is queued on commit to this run's Redis database; a ``celery worker`` subprocess
on the test database does the rest. Emails go to files, so each one sent can be counted.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery_app import app as celery_app
from contest.enums import EntryStatus, VideoStatus
from contest.models import AuditEvent, Entry, Video
from tests.factories import ContestFactory, EntryFactory
from tests.slow.servers import ROOT, stop_process, wait_until

from .conftest import derived_files, needs_full_stage, upload_file

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class Worker:
    """One ``celery worker`` process (both queues) on the test database and this run's Redis."""

    def __init__(self, folder: Path, **env: str):
        self.folder = folder
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            # Production-like settings: real email backend chosen below, no eager tasks.
            "DJANGO_SETTINGS_MODULE": "tests.slow.settings",
            "DJANGO_DEBUG": "False",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "MARQUEE_VAR_DIR": str(folder / "var"),
            "MARQUEE_MEDIA_ROOT": settings.MEDIA_ROOT,
            "MARQUEE_UPLOAD_DIR": settings.MARQUEE_UPLOAD_DIR,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "DJANGO_EMAIL_FILE_PATH": str(self.mail_dir),
            **env,
        }
        self.process = None
        self.count = 0

    @property
    def mail_dir(self) -> Path:
        return self.folder / "mail"

    def start(self) -> "Worker":
        self.count += 1
        self.log = self.folder / f"worker-{self.count}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "INFO",
                 "-Q", "default,validation", "-c", "1", "-n", f"live{self.count}@%h",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self._ready, timeout=60, what="celery worker")
        return self

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(self.log.read_text(errors="replace")[-3000:])
        return "ready." in self.log.read_text(errors="replace")

    def kill(self) -> None:
        """kill -9 the whole worker: main process, pool child and its FFmpeg children."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)

    def sent_mail(self) -> list[str]:
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            text = path.read_text(errors="replace")
            messages += [m for m in text.split("-" * 79) if "Subject:" in m]
        return messages


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker():
    """Publish to Redis for real (this run's database number), from empty queues."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    celery_app.conf.task_always_eager = False
    try:
        yield client
    finally:
        celery_app.conf.task_always_eager = True
        client.flushdb()


@pytest.fixture
def make_worker(tmp_path, broker):
    workers = []

    def make(**env: str) -> Worker:
        worker = Worker(tmp_path / f"w{len(workers)}", **env)
        worker.mail_dir.mkdir(parents=True)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


def _video(entry) -> Video:
    return Video.objects.get(entry=entry, is_current=True)


def _final(entry):
    video = _video(entry)
    return video if video.status in (VideoStatus.VALID, VideoStatus.INVALID) else None


def test_real_worker_refuses_a_low_resolution_film_within_seconds(make_worker, media_sample):
    worker = make_worker().start()
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.SUBMITTED)

    upload_file(entry=entry, source=media_sample("low_720p"))
    completed = time.monotonic()
    video = wait_until(lambda: _final(entry), timeout=60, interval=0.05, what="verdict")
    verdict = time.monotonic() - completed
    wait_until(lambda: _video(entry).result_emailed_at, timeout=30, what="email")

    assert (video.status, video.decode_checked_at) == (VideoStatus.INVALID, None)
    assert [reason["code"] for reason in video.reasons] == ["resolution_too_low"]
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED
    [message] = worker.sent_mail()
    assert "resolution_too_low" in message
    print(f"\nreal worker: refusal {verdict:.2f} s after the upload completed")


@needs_full_stage
def test_real_worker_takes_a_completed_upload_to_its_verdict(make_worker, media_sample):
    worker = make_worker().start()
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.SUBMITTED)

    upload_file(entry=entry, source=media_sample("valid_1080p"))
    completed = time.monotonic()
    wait_until(lambda: _video(entry).probe_checked_at, timeout=60, interval=0.05,
               what="cheap verdict")
    cheap = time.monotonic() - completed
    video = wait_until(lambda: _final(entry), timeout=120, interval=0.1, what="final verdict")
    final = time.monotonic() - completed
    wait_until(lambda: _video(entry).result_emailed_at, timeout=30, what="email")

    assert video.status == VideoStatus.VALID
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.ELIGIBLE
    assert len(worker.sent_mail()) == 1
    assert video.poster and video.preview
    print(f"\nreal worker: cheap verdict {cheap:.2f} s, final verdict {final:.2f} s "
          "after the upload completed")


@needs_full_stage
def test_worker_killed_mid_validation_the_entry_still_gets_one_verdict_and_one_email(
    make_worker, media_sample, settings
):
    # Everything scaled down so that redelivery happens within seconds, keeping the rule
    # that the broker's visibility timeout stays above every hard time limit.
    limits = {
        "MARQUEE_VALIDATION_PROBE_TIME_LIMIT": "15",
        "MARQUEE_VALIDATION_BASE_TIME_LIMIT": "12",
        "MARQUEE_VALIDATION_SECONDS_PER_SECOND": "1",
        "MARQUEE_VALIDATION_MAX_TIME_LIMIT": "18",
        "MARQUEE_BROKER_VISIBILITY_TIMEOUT": "20",
        "MARQUEE_BROKER_RESTORE_INTERVAL": "1",
    }
    settings.MARQUEE_VALIDATION_PROBE_TIME_LIMIT = 15
    first = make_worker(**limits).start()
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.SUBMITTED)

    upload_file(entry=entry, source=media_sample("valid_1080p"))
    # The full stage (decode, poster, preview, hashes) is running: kill the worker now.
    held = wait_until(
        lambda: (lambda v: v if v.probe_checked_at and v.validation_task_id else None)(
            _video(entry)),
        timeout=60, interval=0.02, what="full stage under way",
    )
    first.kill()
    second = make_worker(**limits).start()
    video = wait_until(lambda: _final(entry), timeout=90, interval=0.2, what="verdict")
    wait_until(lambda: _video(entry).result_emailed_at, timeout=30, what="email")

    assert video.status == VideoStatus.VALID
    # The redelivered message (same task id) took over from the killed run.
    assert (video.attempts, held.attempts) == (2, 1)
    assert AuditEvent.objects.filter(action="video.validated").count() == 1
    assert len(first.sent_mail()) + len(second.sent_mail()) == 1
    assert sorted(derived_files(video)) == sorted([video.poster.name, video.preview.name])
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.ELIGIBLE


def _pool_children(worker: Worker) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(worker.process.pid)], capture_output=True,
                           text=True)
    return [int(pid) for pid in found.stdout.split()]


@needs_full_stage
def test_a_film_that_keeps_killing_its_worker_process_is_refused_after_the_attempt_limit(
    make_worker, media_sample
):
    worker = make_worker(MARQUEE_VALIDATION_MAX_ATTEMPTS="3").start()
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.SUBMITTED)

    upload_file(entry=entry, source=media_sample("valid_1080p"))
    for attempt in (1, 2, 3):
        # As a file that crashes FFmpeg's host would: the pool process dies mid-decode.
        wait_until(lambda a=attempt: (lambda v: v.probe_checked_at and v.attempts == a
                                      and v.status == VideoStatus.VALIDATING)(_video(entry)),
                   timeout=60, interval=0.02, what=f"attempt {attempt}")
        for pid in _pool_children(worker):
            os.kill(pid, signal.SIGKILL)
    video = wait_until(lambda: _final(entry), timeout=60, interval=0.1, what="refusal")
    wait_until(lambda: _video(entry).result_emailed_at, timeout=30, what="email")

    assert video.status == VideoStatus.INVALID
    assert video.reasons == [{"code": "processing_failed", "params": {"attempts": 3}}]
    assert len(worker.sent_mail()) == 1
    assert worker.process.poll() is None  # the worker itself lives on
