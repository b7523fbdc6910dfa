"""The validation services on real files made by FFmpeg, tasks run in-process (eager)."""

import pytest
from django.core import mail
from django.core.files.storage import default_storage

from contest.enums import EntryStatus, VideoStatus
from contest.models import Entry, Video
from contest.services import validation
from core.models import AuditEvent

from .conftest import derived_files, task_id


def test_valid_film_passes_both_stages_and_makes_the_entry_eligible(
    contest_entry, upload, media_sample
):
    video = upload(contest_entry, media_sample("valid_1080p"))

    assert video.status == VideoStatus.VALID
    assert video.reasons == []
    assert video.probe_checked_at is not None
    assert video.decode_checked_at >= video.probe_checked_at
    assert (video.metadata["display_width"], video.metadata["display_height"]) == (1920, 1080)
    assert video.metadata["sha256"] == video.sha256
    assert default_storage.exists(video.poster.name)
    assert default_storage.exists(video.preview.name)
    assert len(video.perceptual_hashes) > 0
    assert (video.validation_task_id, video.validation_token, video.last_error) == ("", "", "")
    assert Entry.objects.get(pk=contest_entry.pk).status == EntryStatus.ELIGIBLE
    assert [m.to for m in mail.outbox] == [[contest_entry.entrant.email]]
    assert video.result_emailed_at is not None
    audit = AuditEvent.objects.get(action="video.validated")
    assert (audit.after["status"], audit.after["entry_status"]) == ("valid", "eligible")


def test_refused_by_the_cheap_stage_is_never_decoded(contest_entry, upload, media_sample):
    video = upload(contest_entry, media_sample("low_720p"))

    assert video.status == VideoStatus.INVALID
    assert video.probe_checked_at is not None
    assert video.decode_checked_at is None
    assert {reason["code"] for reason in video.reasons} >= {"resolution_too_low"}
    assert (video.poster.name, video.preview.name) == ("", "")
    assert Entry.objects.get(pk=contest_entry.pk).status == EntryStatus.SUBMITTED
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("sample", ["huge_frame", "not_video", "html_as_mp4"])
def test_hostile_files_end_invalid_at_the_cheap_stage(contest_entry, upload, media_sample, sample):
    video = upload(contest_entry, media_sample(sample))

    assert video.status == VideoStatus.INVALID
    assert video.reasons
    assert video.decode_checked_at is None


@pytest.mark.parametrize("sample", ["truncated", "corrupted"])
def test_damaged_file_passes_the_probe_and_fails_the_decode(
    contest_entry, upload, media_sample, sample
):
    video = upload(contest_entry, media_sample(sample))

    assert video.status == VideoStatus.INVALID
    assert video.probe_checked_at is not None
    assert video.decode_checked_at is not None
    assert video.reasons
    assert (video.poster.name, video.preview.name) == ("", "")
    assert mail.outbox[0].subject.endswith("needs a corrected file")


def test_name_rule_applies_to_the_uploaded_name(contest_entry, upload, media_sample):
    video = upload(contest_entry, media_sample("valid_1080p"), filename="film.mkv")

    assert video.status == VideoStatus.INVALID
    assert video.decode_checked_at is None


def test_completed_upload_queues_nothing_before_commit(contest_entry, upload, media_sample):
    video = upload(contest_entry, media_sample("valid_1080p"), validate=False)

    assert Video.objects.get(pk=video.pk).status == VideoStatus.UPLOADED


def test_missing_stored_file_is_refused_with_a_reason(contest_entry, upload, media_sample):
    video = upload(contest_entry, media_sample("valid_1080p"), validate=False)
    default_storage.delete(video.file.name)

    assert validation.run_stage(video_id=video.pk, stage="probe", task_id=task_id()) == "invalid"

    video.refresh_from_db()
    assert [reason["code"] for reason in video.reasons] == ["file_missing"]


def test_withdrawn_during_validation_gets_its_verdict_and_stays_withdrawn(
    contest_entry, upload, media_sample
):
    video = upload(contest_entry, media_sample("valid_1080p"), validate=False)
    claimed = validation.claim(video_id=video.pk, stage="probe", task_id=task_id())
    Entry.objects.filter(pk=contest_entry.pk).update(status=EntryStatus.WITHDRAWN)

    assert validation.process(claimed) == "probed"
    full = validation.claim(video_id=video.pk, stage="full", task_id=task_id())
    assert validation.process(full) == "valid"

    assert Entry.objects.get(pk=contest_entry.pk).status == EntryStatus.WITHDRAWN


def test_replaced_during_the_full_stage_keeps_no_derived_file_and_sends_nothing(
    contest_entry, upload, media_sample, django_capture_on_commit_callbacks
):
    old = upload(contest_entry, media_sample("valid_1080p"), validate=False)
    assert validation.process(validation.claim(video_id=old.pk, stage="probe",
                                               task_id=task_id())) == "probed"
    claimed = validation.claim(video_id=old.pk, stage="full", task_id=task_id())
    new = upload(contest_entry, media_sample("low_720p"), validate=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert validation.process(claimed) == "discarded"

    old.refresh_from_db()
    assert (old.is_current, old.status, old.poster.name, old.preview.name) == (
        False, "replaced", "", "")
    assert old.validation_token == ""
    assert derived_files(old) == []
    assert mail.outbox == []
    assert Video.objects.get(pk=new.pk).status == VideoStatus.UPLOADED
    # The sweeper leaves the replaced file alone.
    assert validation.claim(video_id=old.pk, stage="full", task_id=task_id()) is None


def test_entry_deleted_during_validation_is_not_resurrected(
    contest_entry, upload, media_sample
):
    video = upload(contest_entry, media_sample("valid_1080p"), validate=False)
    assert validation.process(validation.claim(video_id=video.pk, stage="probe",
                                               task_id=task_id())) == "probed"
    claimed = validation.claim(video_id=video.pk, stage="full", task_id=task_id())
    contest_entry.delete()

    assert validation.process(claimed) == "discarded"

    assert (Entry.objects.count(), Video.objects.count()) == (0, 0)
    assert derived_files(video) == []
    assert mail.outbox == []
