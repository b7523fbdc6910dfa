"""Kill -9 a Celery worker in the middle of a validation: the film still gets one verdict.

Slow (about a minute): the broker must first give up on the dead worker's message. Everything is
scaled down so that this happens within seconds, keeping the rule that the visibility timeout
stays above every hard time limit; the redelivered message (same task id) takes over.
"""

import pytest

from contest.enums import EntryStatus, VideoStatus
from contest.models import Entry
from core.models import AuditEvent
from tests.contest.validation.conftest import derived_files, upload_file
from tests.contest.validation.live import (
    current_video,
    final_video,
    verdict_sent,
    worker_factory,
)
from tests.factories import ContestFactory, EntryFactory
from tests.slow.servers import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def make_worker(tmp_path):
    with worker_factory(tmp_path) as make:
        yield make


def test_worker_killed_mid_validation_the_entry_still_gets_one_verdict_and_one_email(
    make_worker, media_sample, settings
):
    # Everything scaled down so that redelivery happens within seconds, keeping the rule
    # that the broker's visibility timeout stays above every hard time limit.
    limits = {
        # The hard limit must hold a full stage on a loaded 2-core machine (a 4 s film's
        # decode, preview and hashes took over 18 s there), or the redelivered run is
        # killed too and the film ends "could not be processed".
        "MARQUEE_VALIDATION_PROBE_TIME_LIMIT": "15",
        "MARQUEE_VALIDATION_BASE_TIME_LIMIT": "40",
        "MARQUEE_VALIDATION_SECONDS_PER_SECOND": "1",
        "MARQUEE_VALIDATION_MAX_TIME_LIMIT": "45",
        "MARQUEE_BROKER_VISIBILITY_TIMEOUT": "50",
        "MARQUEE_BROKER_RESTORE_INTERVAL": "1",
    }
    settings.MARQUEE_VALIDATION_PROBE_TIME_LIMIT = 15
    first = make_worker(**limits).start()
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.SUBMITTED)

    upload_file(entry=entry, source=media_sample("valid_1080p"))
    # The full stage (decode, poster, preview, hashes) is running: kill the worker now.
    held = wait_until(
        lambda: (lambda v: v if v.probe_checked_at and v.validation_task_id else None)(
            current_video(entry)),
        timeout=60, interval=0.02, what="full stage under way",
    )
    first.kill()
    second = make_worker(**limits).start()
    video = wait_until(lambda: final_video(entry), timeout=240, interval=0.2, what="verdict")
    wait_until(lambda: verdict_sent(entry), timeout=30, what="email")

    assert video.status == VideoStatus.VALID
    # The redelivered message (same task id) took over from the killed run.
    assert (video.attempts, held.attempts) == (2, 1)
    assert AuditEvent.objects.filter(action="video.validated").count() == 1
    assert len(first.sent_mail()) + len(second.sent_mail()) == 1
    assert sorted(derived_files(video)) == sorted([video.poster.name, video.preview.name])
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.ELIGIBLE
