"""Uploading, checking, replacing and deleting entry materials, and the submission rules."""

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from contest.enums import EntryStatus, MaterialStatus, SubtitleRequirement
from contest.media import MediaToolError
from contest.models import EntryMaterial
from contest.services import materials as service
from contest.services.entries import submit_entry
from core.audit import AuditEvent
from core.errors import ContestError, PermissionDeniedError
from tests import material_samples as samples
from tests.factories import VideoFactory


def test_upload_material_subtitle_checked_and_upload_deleted(draft, add_material):
    material = add_material(draft, "subtitle", samples.srt(5), "film.en.srt", language="en")
    assert (material.status, material.reasons, material.upload.name) == ("valid", [], "")
    with default_storage.open(material.file.name) as stored:
        assert stored.read().startswith(b"WEBVTT\n\n")
    assert material.info["cues"] == 5
    assert material.original_filename == "film.en.srt"
    assert list(AuditEvent.objects.filter(object_type="contest.entrymaterial")
                .values_list("action", flat=True).order_by("pk")) == [
        "material.upload", "material.valid"]


def test_upload_material_refused_keeps_reasons_and_no_file(draft, add_material):
    material = add_material(draft, "poster", samples.SVG, "poster.png")
    assert (material.status, material.reasons, material.file.name, material.upload.name) == (
        "refused", [{"code": "image_not_allowed_type", "params": {}}], "", "")


def test_upload_material_subtitle_checked_against_film_duration(draft, add_material):
    VideoFactory(entry=draft, metadata={"duration_s": 30.0})
    material = add_material(draft, "subtitle", samples.srt(20, step_s=3.0), language="fr")
    assert material.reasons == [{"code": "subtitle_past_film_end",
                                 "params": {"end": 62.4, "duration": 30.0}}]


def test_upload_material_same_language_replaces_subtitles(draft, add_material):
    first = add_material(draft, "subtitle", samples.srt(3), language="en")
    second = add_material(draft, "subtitle", samples.srt(4), language="en")
    add_material(draft, "subtitle", samples.srt(2), language="fr")
    assert sorted(draft.materials.values_list("language", "info__cues")) == [("en", 4), ("fr", 2)]
    assert (default_storage.exists(first.file.name),
            default_storage.exists(second.file.name)) == (False, True)


def test_upload_material_poster_replaces_poster(draft, add_material):
    add_material(draft, "poster", samples.image("PNG"))
    add_material(draft, "poster", samples.image("JPEG"))
    assert list(draft.materials.values_list("kind", "info__format")) == [("poster", "JPEG")]


def test_upload_material_stills_limited_per_contest(draft, add_material):
    draft.contest.max_stills = 2
    draft.contest.save()
    add_material(draft, "still", samples.image())
    add_material(draft, "still", samples.image())
    with pytest.raises(ContestError) as error:
        add_material(draft, "still", samples.image())
    assert error.value.code == "too_many_materials"
    assert draft.materials.count() == 2


def test_upload_material_subtitle_without_language_refused(draft, add_material):
    with pytest.raises(ContestError) as error:
        add_material(draft, "subtitle", samples.srt(2))
    assert error.value.code == "language_missing"


def test_upload_material_by_other_user_refused(draft, add_material, other_entrant):
    with pytest.raises(PermissionDeniedError):
        add_material(draft, "poster", samples.image(), by=other_entrant)
    assert EntryMaterial.objects.count() == 0


def test_upload_material_locked_entry_refused(draft, add_material):
    draft.status = EntryStatus.SUBMITTED
    draft.contest.edit_policy = "locked"
    draft.contest.save()
    draft.save()
    with pytest.raises(PermissionDeniedError):
        add_material(draft, "poster", samples.image())


def test_upload_material_too_large_refused(draft, settings, add_material):
    settings.MARQUEE_MATERIAL_MAX_BYTES = {**settings.MARQUEE_MATERIAL_MAX_BYTES, "poster": 100}
    with pytest.raises(service.MaterialTooLarge):
        add_material(draft, "poster", samples.image())


def test_check_declared_size_refuses_before_reading(settings):
    settings.MARQUEE_MATERIAL_MAX_BYTES = {**settings.MARQUEE_MATERIAL_MAX_BYTES,
                                           "subtitle": 1000}
    service.check_declared_size(kind="subtitle", content_length=1000 + 64 * 1024)
    with pytest.raises(service.MaterialTooLarge):
        service.check_declared_size(kind="subtitle", content_length=1001 + 64 * 1024)
    with pytest.raises(ContestError) as error:
        service.check_declared_size(kind="subtitle", content_length=None)
    assert error.value.code == "length_required"


def test_delete_material_removes_row_and_files(draft, add_material,
                                               django_capture_on_commit_callbacks):
    material = add_material(draft, "still", samples.image())
    names = [material.file.name, material.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        service.delete_material(material=material, by=draft.entrant)
    assert (draft.materials.count(), [default_storage.exists(n) for n in names]) == (
        0, [False, False])


def test_delete_material_by_other_user_refused(draft, add_material, other_entrant):
    material = add_material(draft, "still", samples.image())
    with pytest.raises(PermissionDeniedError):
        service.delete_material(material=material, by=other_entrant)
    assert draft.materials.count() == 1


def test_validate_tool_failure_counts_attempts_then_refuses(draft, add_material, monkeypatch,
                                                          settings):
    material = add_material(draft, "poster", samples.image(), check=False)

    def broken(*args, **kwargs):
        raise MediaToolError("killed")

    monkeypatch.setattr(service, "check_material", broken)
    for _ in range(settings.MARQUEE_VALIDATION_MAX_ATTEMPTS):
        with pytest.raises(MediaToolError):
            service.validate(material_id=material.pk)
    material.refresh_from_db()
    assert (material.status, material.attempts, material.last_error) == ("pending", 3, "killed")
    assert service.validate(material_id=material.pk) == "refused"
    material.refresh_from_db()
    assert material.reasons == [{"code": "processing_failed", "params": {}}]


def test_validate_run_superseded_by_deletion_keeps_nothing(draft, add_material, monkeypatch):
    material = add_material(draft, "poster", samples.image(), check=False)
    real = service.check_material

    def deleting(*args, **kwargs):
        result = real(*args, **kwargs)
        EntryMaterial.objects.filter(pk=material.pk).delete()
        return result

    monkeypatch.setattr(service, "check_material", deleting)
    assert service.validate(material_id=material.pk) == "superseded"
    assert service.validate(material_id=material.pk) == "skipped"


def test_validate_done_material_skipped(draft, add_material):
    material = add_material(draft, "poster", samples.image())
    assert service.validate(material_id=material.pk) == "skipped"


def test_requeue_stuck_materials_queues_old_pending_and_expired_runs(draft, add_material,
                                                                     monkeypatch):
    pending = add_material(draft, "still", samples.image(), check=False)
    running = add_material(draft, "still", samples.image(), check=False)
    fresh = add_material(draft, "poster", samples.image(), check=False)
    old = timezone.now() - timezone.timedelta(hours=3)
    EntryMaterial.objects.filter(pk=pending.pk).update(updated_at=old)
    EntryMaterial.objects.filter(pk=running.pk).update(status="validating",
                                                      validation_started_at=old)
    queued = []
    monkeypatch.setattr(service, "_queue", queued.append)
    assert service.requeue_stuck_materials() == 2
    assert sorted(queued) == sorted([pending.pk, running.pk])
    assert fresh.pk not in queued


@pytest.fixture
def ready(draft):
    """A draft ready to submit as far as the film and declarations go."""
    VideoFactory(entry=draft)
    draft.entrant.country = "FR"
    draft.entrant.save()
    return draft


def test_submit_entry_blocked_until_required_materials_present(ready, add_material):
    contest = ready.contest
    contest.require_poster = True
    contest.min_stills = 2
    contest.english_subtitles = SubtitleRequirement.UNLESS_ENGLISH
    contest.save()
    with pytest.raises(ContestError) as error:
        submit_entry(entry=ready, by=ready.entrant)
    assert (error.value.code, error.value.fields) == ("materials_missing", {"materials": [
        "A poster is required.", "2 more stills are required.",
        "English subtitles are required."]})
    add_material(ready, "poster", samples.image())
    add_material(ready, "still", samples.image())
    add_material(ready, "still", samples.image())
    add_material(ready, "subtitle", samples.srt(3), language="en")
    submit_entry(entry=ready, by=ready.entrant)
    assert ready.status == EntryStatus.ELIGIBLE  # its film is already valid


def test_submit_entry_refused_material_does_not_count(ready, add_material):
    ready.contest.require_poster = True
    ready.contest.save()
    add_material(ready, "poster", samples.SVG)
    with pytest.raises(ContestError) as error:
        submit_entry(entry=ready, by=ready.entrant)
    assert error.value.fields == {"materials": ["A poster is required."]}


def test_submit_entry_english_film_needs_no_english_subtitles(ready):
    ready.contest.english_subtitles = SubtitleRequirement.UNLESS_ENGLISH
    ready.contest.save()
    ready.original_language = "en"
    ready.save()
    submit_entry(entry=ready, by=ready.entrant)
    assert ready.status == EntryStatus.ELIGIBLE  # its film is already valid


def test_upload_material_via_simple_file_keeps_sha256(draft, add_material):
    import hashlib

    data = samples.plain_pdf()
    material = add_material(draft, "document", data, "press.pdf")
    assert (material.sha256, material.size_bytes, material.status) == (
        hashlib.sha256(data).hexdigest(), len(data), MaterialStatus.VALID)


def test_update_contest_sets_material_requirements(contest, organiser):
    from contest.services.setup import update_contest

    update_contest(contest=contest, by=organiser, changes={
        "require_poster": True, "min_stills": 2, "max_stills": 4,
        "english_subtitles": SubtitleRequirement.ALWAYS})
    contest.refresh_from_db()
    assert (contest.require_poster, contest.min_stills, contest.max_stills,
            contest.english_subtitles) == (True, 2, 4, "always")


def test_update_contest_more_stills_required_than_allowed_refused(contest, organiser):
    from contest.services.setup import update_contest

    with pytest.raises(ContestError) as error:
        update_contest(contest=contest, by=organiser, changes={"min_stills": 5, "max_stills": 3})
    assert list(error.value.fields) == ["min_stills"]


@pytest.mark.parametrize(("kind", "sample", "language"), [
    ("subtitle", lambda: bytes(range(256)) * 64, "en"),
    ("poster", samples.png_bomb, ""),
    ("still", lambda: samples.SVG, ""),
    ("document", samples.javascript_pdf, ""),
    ("document", samples.encrypted_pdf, ""),
])
def test_hostile_material_refused_and_nothing_else_changes(draft, add_material, kind, sample,
                                                           language):
    kept = add_material(draft, "still", samples.image())
    before = (draft.status, draft.version, list(draft.materials.values_list("pk", "status")))
    material = add_material(draft, kind, sample(), language=language)
    draft.refresh_from_db()
    assert (material.status, material.file.name, material.upload.name) == ("refused", "", "")
    assert (draft.status, draft.version,
            list(draft.materials.exclude(pk=material.pk).values_list("pk", "status"))) == before
    assert default_storage.exists(kept.file.name)
