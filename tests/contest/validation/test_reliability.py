"""Claims, redelivery, attempts, the sweeper and the queue, on real files (tasks in-process)."""

import json
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.utils import timezone

from config.celery_app import app as celery_app
from contest.enums import VideoStatus
from contest.models import Video
from contest.services import validation
from contest.services.validation_email import send_validation_result

from .conftest import task_id


@pytest.fixture
def uploaded(contest_entry, upload, media_sample):
    return upload(contest_entry, media_sample("valid_1080p"), validate=False)


def _status(video) -> str:
    return Video.objects.get(pk=video.pk).status


def test_claim_marks_validating_and_counts_the_attempt(uploaded):
    claimed = validation.claim(video_id=uploaded.pk, stage="probe", task_id="task-1")

    video = Video.objects.get(pk=uploaded.pk)
    assert (video.status, video.attempts, video.validation_task_id) == ("validating", 1, "task-1")
    assert video.validation_token == claimed.token


def test_redelivered_message_takes_over_from_its_lost_first_delivery(uploaded):
    first = validation.claim(video_id=uploaded.pk, stage="probe", task_id="task-1")
    # The worker died here; the broker delivers the same message (same task id) again.
    assert validation.run_stage(video_id=uploaded.pk, stage="probe", task_id="task-1") == "probed"

    video = Video.objects.get(pk=uploaded.pk)
    assert video.probe_checked_at is not None
    # The first delivery's token is stale: if it ever woke up, it would write nothing.
    assert validation.process(first) == "discarded"


def test_another_message_waits_while_the_holder_lease_lasts(uploaded):
    validation.claim(video_id=uploaded.pk, stage="probe", task_id="task-1")

    assert validation.run_stage(video_id=uploaded.pk, stage="probe", task_id="task-2") == "skipped"
    later = timezone.now() + timedelta(seconds=settings.MARQUEE_VALIDATION_PROBE_TIME_LIMIT + 60)
    assert validation.claim(video_id=uploaded.pk, stage="probe", task_id="task-2",
                            now=later) is not None


def test_duplicate_messages_do_the_work_once_and_email_once(
    uploaded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            validation.run_stage(video_id=uploaded.pk, stage="probe", task_id=task_id())
    video = Video.objects.get(pk=uploaded.pk)
    first_poster = video.poster.name
    assert first_poster

    with django_capture_on_commit_callbacks(execute=True):
        assert validation.run_stage(video_id=uploaded.pk, stage="probe",
                                    task_id=task_id()) == "skipped"
        assert validation.run_stage(video_id=uploaded.pk, stage="full",
                                    task_id=task_id()) == "skipped"
        assert send_validation_result(video_id=uploaded.pk) is False

    video.refresh_from_db()
    assert (video.status, video.poster.name, video.attempts) == ("valid", first_poster, 1)
    assert len(mail.outbox) == 1


def test_a_file_that_keeps_killing_its_worker_is_refused_after_the_attempt_limit(
    uploaded, settings, django_capture_on_commit_callbacks
):
    settings.MARQUEE_VALIDATION_MAX_ATTEMPTS = 3
    # Each delivery claims the video and dies before writing anything (kill -9, OOM).
    for _ in range(3):
        assert validation.claim(video_id=uploaded.pk, stage="probe", task_id="task-1")

    with django_capture_on_commit_callbacks(execute=True):
        assert validation.run_stage(video_id=uploaded.pk, stage="probe",
                                    task_id="task-1") == "skipped"

    video = Video.objects.get(pk=uploaded.pk)
    assert video.status == VideoStatus.INVALID
    assert video.reasons == [{"code": "processing_failed", "params": {"attempts": 3}}]
    assert len(mail.outbox) == 1
    assert "could not be processed" in mail.outbox[0].body
    assert validation.run_stage(video_id=uploaded.pk, stage="probe", task_id="task-1") == "skipped"


def test_transient_error_marks_error_and_the_retry_finishes(uploaded):
    claimed = validation.claim(video_id=uploaded.pk, stage="probe", task_id="task-1")
    validation.record_error(claimed, OSError("ffprobe could not start"))
    video = Video.objects.get(pk=uploaded.pk)
    assert (video.status, video.last_error) == ("error", "OSError: ffprobe could not start")

    assert validation.run_stage(video_id=uploaded.pk, stage="probe", task_id="task-1") == "probed"
    video.refresh_from_db()
    assert (video.status, video.last_error, video.attempts) == ("validating", "", 0)


def test_time_limits_scale_with_duration_and_stay_below_the_visibility_timeout():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    probe_soft, probe_hard = validation.time_limits(stage="probe")
    short = validation.time_limits(stage="full", duration_s=60)
    long = validation.time_limits(stage="full", duration_s=900)
    absurd = validation.time_limits(stage="full", duration_s=10**9)

    assert probe_soft < probe_hard
    assert short[0] < short[1] < long[1]
    assert absurd[1] == settings.MARQUEE_VALIDATION_MAX_TIME_LIMIT
    assert max(probe_hard, long[1], absurd[1], settings.CELERY_TASK_TIME_LIMIT) < visibility


def test_sweeper_requeues_a_video_left_queued(
    contest_entry, upload, media_sample, django_capture_on_commit_callbacks
):
    uploaded = upload(contest_entry, media_sample("low_720p"), validate=False)
    Video.objects.filter(pk=uploaded.pk).update(
        status=VideoStatus.QUEUED, updated_at=timezone.now() - timedelta(hours=2)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert validation.requeue_stuck_validations() == {"requeued": 1, "emails": 0}

    # The queued message was lost: the sweeper's own one ran here, in this process.
    assert _status(uploaded) == VideoStatus.INVALID
    assert len(mail.outbox) == 1


def test_sweeper_leaves_a_recent_or_held_video_alone(uploaded):
    Video.objects.filter(pk=uploaded.pk).update(status=VideoStatus.QUEUED)
    assert validation.requeue_stuck_validations() == {"requeued": 0, "emails": 0}

    validation.claim(video_id=uploaded.pk, stage="probe", task_id="task-1")
    Video.objects.filter(pk=uploaded.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    assert validation.requeue_stuck_validations() == {"requeued": 0, "emails": 0}
    assert _status(uploaded) == VideoStatus.VALIDATING


def test_sweeper_takes_over_when_the_holder_lease_ran_out(uploaded):
    validation.claim(video_id=uploaded.pk, stage="probe", task_id="task-1")
    Video.objects.filter(pk=uploaded.pk).update(
        validation_started_at=timezone.now() - timedelta(hours=1)
    )

    assert validation.requeue_stuck_validations() == {"requeued": 1, "emails": 0}

    video = Video.objects.get(pk=uploaded.pk)
    assert (video.probe_checked_at is not None, video.attempts) == (True, 0)


def test_sweeper_sends_a_verdict_email_that_was_never_queued(uploaded):
    Video.objects.filter(pk=uploaded.pk).update(
        status=VideoStatus.INVALID, reasons=[{"code": "file_missing", "params": {}}],
        validated_at=timezone.now() - timedelta(hours=2),
    )

    assert validation.requeue_stuck_validations() == {"requeued": 0, "emails": 1}
    assert len(mail.outbox) == 1
    assert validation.requeue_stuck_validations() == {"requeued": 0, "emails": 0}


@pytest.fixture
def real_broker():
    """The Celery app publishing to Redis for real, on this run's own database number."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("validation", "default")
    celery_app.conf.task_always_eager = False
    try:
        yield client
    finally:
        celery_app.conf.task_always_eager = True
        client.delete("validation", "default")
        client.close()


@pytest.mark.integration
def test_dispatch_puts_the_stage_on_the_validation_queue_with_scaled_limits(
    uploaded, real_broker
):
    assert validation.dispatch(video_id=uploaded.pk, stage="full", duration_s=600) is True

    headers = json.loads(real_broker.lindex("validation", 0))["headers"]
    soft, hard = validation.time_limits(stage="full", duration_s=600)
    assert (headers["task"], headers["timelimit"]) == ("contest.validate_video", [hard, soft])
    assert real_broker.llen("default") == 0
    assert _status(uploaded) == VideoStatus.QUEUED
