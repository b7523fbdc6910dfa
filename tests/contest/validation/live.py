"""A real ``celery worker`` process on the test database and this run's Redis database.

Shared by the integration tests that take uploads to their verdict through a real worker
(tests/contest/validation) and the slow fault test that kills one (tests/slow).
"""

import os
import signal
import subprocess
import sys
from contextlib import contextmanager, suppress
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from config.celery_app import app as celery_app
from contest.enums import VideoStatus
from contest.models import Video
from tests.slow.servers import ROOT, read_sent_mail, stop_process, wait_until


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
        return read_sent_mail(self.mail_dir)


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def real_broker():
    """Publish to Redis for real (this run's database number), from empty queues."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    celery_app.conf.task_always_eager = False
    try:
        yield client
    finally:
        celery_app.conf.task_always_eager = True
        client.flushdb()
        client.close()


@contextmanager
def worker_factory(folder: Path):
    """``make(**env)`` builds a Worker (not started); every one is stopped on exit."""
    workers: list[Worker] = []

    def make(**env: str) -> Worker:
        worker = Worker(folder / f"w{len(workers)}", **env)
        worker.mail_dir.mkdir(parents=True)
        workers.append(worker)
        return worker

    with real_broker():
        try:
            yield make
        finally:
            for worker in workers:
                worker.stop()


def current_video(entry) -> Video:
    return Video.objects.get(entry=entry, is_current=True)


def final_video(entry):
    video = current_video(entry)
    return video if video.status in (VideoStatus.VALID, VideoStatus.INVALID) else None


def verdict_sent(entry) -> bool:
    """The current video's verdict left the outbox (``result_emailed_at`` is set when the
    message is written, a moment before the sender sends it)."""
    from core.models import Message, MessageStatus

    video = current_video(entry)
    # Each verdict is its own message, keyed by when it was given (a re-check gives another).
    return (video.result_emailed_at is not None and video.validated_at is not None
            and Message.objects.filter(kind="contest.validation_verdict",
                                       subject_id=str(video.pk),
                                       occasion=video.validated_at.isoformat(),
                                       status=MessageStatus.SENT).exists())
