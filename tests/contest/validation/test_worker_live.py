"""A real Celery worker process on Redis takes uploads to their verdict.

The test process completes the upload (as the tus service does at the last byte) and the
validation is queued on commit to this run's Redis database; a ``celery worker`` subprocess
on the test database does the rest. Emails go to files, so each one sent can be counted.
Killing the whole worker mid-validation is the slow suite's (tests/slow).
"""

import os
import signal
import subprocess
import time

import pytest

from contest.enums import EntryStatus, VideoStatus
from contest.models import Entry
from tests.factories import ContestFactory, EntryFactory
from tests.slow.servers import wait_until

from .conftest import upload_file
from .live import Worker, current_video, final_video, verdict_sent, worker_factory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def make_worker(tmp_path):
    with worker_factory(tmp_path) as make:
        yield make


def test_real_worker_refuses_a_low_resolution_film_within_seconds(make_worker, media_sample):
    worker = make_worker().start()
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.SUBMITTED)

    upload_file(entry=entry, source=media_sample("low_720p"))
    completed = time.monotonic()
    video = wait_until(lambda: final_video(entry), timeout=60, interval=0.05, what="verdict")
    verdict = time.monotonic() - completed
    wait_until(lambda: verdict_sent(entry), timeout=30, what="email")

    assert (video.status, video.decode_checked_at) == (VideoStatus.INVALID, None)
    assert [reason["code"] for reason in video.reasons] == ["resolution_too_low"]
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED
    [message] = worker.sent_mail()
    assert "resolution_too_low" in message
    print(f"\nreal worker: refusal {verdict:.2f} s after the upload completed")


def test_real_worker_takes_a_completed_upload_to_its_verdict(make_worker, media_sample):
    worker = make_worker().start()
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.SUBMITTED)

    upload_file(entry=entry, source=media_sample("valid_1080p"))
    completed = time.monotonic()
    wait_until(lambda: current_video(entry).probe_checked_at, timeout=60, interval=0.05,
               what="cheap verdict")
    cheap = time.monotonic() - completed
    video = wait_until(lambda: final_video(entry), timeout=120, interval=0.1, what="final verdict")
    final = time.monotonic() - completed
    wait_until(lambda: verdict_sent(entry), timeout=30, what="email")

    assert video.status == VideoStatus.VALID
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.ELIGIBLE
    assert len(worker.sent_mail()) == 1
    assert video.poster and video.preview
    print(f"\nreal worker: cheap verdict {cheap:.2f} s, final verdict {final:.2f} s "
          "after the upload completed")


def _pool_children(worker: Worker) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(worker.process.pid)], capture_output=True,
                           text=True)
    return [int(pid) for pid in found.stdout.split()]


def test_a_film_that_keeps_killing_its_worker_process_is_refused_after_the_attempt_limit(
    make_worker, media_sample
):
    worker = make_worker(MARQUEE_VALIDATION_MAX_ATTEMPTS="3").start()
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.SUBMITTED)

    upload_file(entry=entry, source=media_sample("valid_1080p"))
    for attempt in (1, 2, 3):
        # As a file that crashes FFmpeg's host would: the pool process dies mid-decode.
        wait_until(lambda a=attempt: (lambda v: v.probe_checked_at and v.attempts == a
                                      and v.status == VideoStatus.VALIDATING)(current_video(entry)),
                   timeout=60, interval=0.02, what=f"attempt {attempt}")
        for pid in _pool_children(worker):
            os.kill(pid, signal.SIGKILL)
    video = wait_until(lambda: final_video(entry), timeout=60, interval=0.1, what="refusal")
    wait_until(lambda: verdict_sent(entry), timeout=30, what="email")

    assert video.status == VideoStatus.INVALID
    assert video.reasons == [{"code": "processing_failed", "params": {"attempts": 3}}]
    assert len(worker.sent_mail()) == 1
    assert worker.process.poll() is None  # the worker itself lives on
