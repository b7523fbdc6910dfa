"""What an entrant's data export holds of contests: entries, answers, consents, credits, films."""

import hashlib
import os
import tracemalloc
import zipfile
from datetime import datetime

import pytest
from django.core.files.base import ContentFile, File
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.data_export.services import build_data_export
from accounts.models import DataExport
from contest.enums import CreditRole, EntryStatus, QuestionType, VideoStatus
from contest.models import Question, Upload, Video
from contest.services.data_export import entries
from tests.data_exports import build_export
from tests.factories import ContestFactory, CreditFactory, EntryFactory

pytestmark = pytest.mark.django_db


def _video(entry, data: bytes = b"\x00\x00\x00\x18ftypmp42 film", **fields) -> Video:
    video = Video(entry=entry, original_filename="Mon film.MP4", size_bytes=len(data),
                  sha256=hashlib.sha256(data).hexdigest(), **fields)
    video.file.save("film.bin", ContentFile(data), save=False)
    video.poster.save("poster.jpg", ContentFile(b"\xff\xd8poster"), save=False)
    video.save()
    return video


def test_entrant_export_holds_entries_answers_consent_and_credits(entrant):
    contest = ContestFactory(rules_version="2.1")
    consented = timezone.now()
    entry = EntryFactory(contest=contest, entrant=entrant, rules_consent_version="2.1",
                         rules_consented_at=consented, status=EntryStatus.SUBMITTED,
                         ai_tools=["sora", "other"], ai_tools_other="My own model",
                         answers={"school": "La Fémis", "archived_one": 3})
    Question.objects.create(contest=contest, key="school", label="Film school",
                            type=QuestionType.SHORT_TEXT)
    CreditFactory(entry=entry, name_native="曹一哲", role=CreditRole.DIRECTOR, order=0)
    CreditFactory(entry=entry, name_native="Ана", name_latin="Ana", role=CreditRole.EDITOR,
                  country="RU", order=1)

    [record] = build_export(entrant).records("contest.entries", "entry")

    assert (record["id"], record["contest"], record["title_original"]) == (
        entry.pk, contest.name, entry.title_original)
    # DjangoJSONEncoder writes times to the millisecond.
    accepted = datetime.fromisoformat(record["rules_consent"]["accepted_at"])
    assert (record["rules_consent"]["rules_version"], accepted) == (
        "2.1", consented.replace(microsecond=consented.microsecond // 1000 * 1000))
    assert (record["ai_tools"], record["ai_tools_other"], record["rights_declared"]) == (
        ["sora", "other"], "My own model", True)
    assert (record["synopsis_original"], record["status"]) == ("あらすじ", "submitted")
    assert [(c["name_native"], c["role"], c["country"]) for c in record["credits"]] == [
        ("曹一哲", "director", "CN"), ("Ана", "editor", "RU")]
    # A key whose question was deleted still goes out, named by its key.
    assert [(a["question"], a["answer"]) for a in record["answers"]] == [
        ("Film school", "La Fémis"), ("archived_one", 3)]


def test_entrant_export_copies_film_poster_and_preview_byte_for_byte(entrant):
    entry = EntryFactory(entrant=entrant)
    film = os.urandom(300_000)
    video = _video(entry, film)
    video.preview.save("preview.mp4", ContentFile(b"preview bytes"), save=True)

    archive = build_export(entrant)

    [record] = archive.records("contest.entries", "entry")
    [listed] = record["videos"]
    folder = f"files/entries/{entry.pk}/{video.pk}"
    assert listed["files"] == {"original": f"{folder}/original.mp4",
                               "poster": f"{folder}/poster.jpg",
                               "preview": f"{folder}/preview.mp4"}
    with video.file.open("rb") as stored:
        assert archive.sha256(f"{folder}/original.mp4") == hashlib.sha256(stored.read()).hexdigest()
    assert archive.sha256(f"{folder}/original.mp4") == listed["sha256"]
    assert archive.members[f"{folder}/poster.jpg"] == b"\xff\xd8poster"
    assert {f["path"]: f["sha256"] for f in archive.manifest["files"]} == {
        path: archive.sha256(path) for path in listed["files"].values()}
    # Films are stored as they are: compressing a video again gains nothing.
    info = archive.zip.getinfo(f"{folder}/original.mp4")
    assert (info.compress_type, info.file_size) == (zipfile.ZIP_STORED, len(film))


def test_a_replaced_film_whose_files_were_purged_is_listed_without_files(entrant):
    entry = EntryFactory(entrant=entrant)
    purged = Video.objects.create(entry=entry, file="", original_filename="old.mov",
                                  status=VideoStatus.REPLACED, is_current=False,
                                  replaced_at=timezone.now())
    current = _video(entry)

    archive = build_export(entrant)

    [record] = archive.records("contest.entries", "entry")
    assert [(v["id"], sorted(v["files"])) for v in record["videos"]] == [
        (purged.pk, []), (current.pk, ["original", "poster"])]
    assert archive.manifest["missing_files"] == []


def test_an_entrant_export_holds_none_of_another_entrants_entries(entrant, other_entrant):
    mine = EntryFactory(entrant=entrant)
    theirs = EntryFactory(entrant=other_entrant, title_original="Их фильм")
    _video(theirs)

    archive = build_export(entrant)

    assert [r["id"] for r in archive.records("contest.entries", "entry")] == [mine.pk]
    assert [p for p in archive.members if p.startswith("files/")] == []
    assert "Их фильм" not in archive.text()


def test_credits_on_another_entry_and_unfinished_uploads_are_exported(entrant, other_entrant):
    theirs = EntryFactory(entrant=other_entrant, title_english="Their film")
    CreditFactory(entry=theirs, user=entrant, name_native="Me", role=CreditRole.COMPOSER)
    mine = EntryFactory(entrant=entrant)
    Upload.objects.create(entry=mine, uploader=entrant, filename="cut2.mp4", length=900,
                          offset=300)

    archive = build_export(entrant)

    [credit] = archive.records("contest.entries", "credit_on_another_entry")
    assert (credit["title_english"], credit["name_native"], credit["role"]) == (
        "Their film", "Me", "composer")
    [upload] = archive.records("contest.entries", "unfinished_upload")
    assert (upload["filename"], upload["length"], upload["received"]) == ("cut2.mp4", 900, 300)


def test_an_entrants_file_name_never_names_a_path_in_the_archive(entrant):
    entry = EntryFactory(entrant=entrant)
    video = _video(entry)
    Video.objects.filter(pk=video.pk).update(original_filename="../../etc/passwd.sh;rm")

    archive = build_export(entrant)

    assert f"files/entries/{entry.pk}/{video.pk}/original.bin" in archive.members
    assert not any(".." in name for name in archive.members)


def test_exporting_a_large_film_keeps_memory_flat(entrant, tmp_path):
    """A 64 MiB film goes through the zip in pieces: the peak of Python allocations stays a
    small multiple of the piece size (512 KiB), not the film's size."""
    size = 64 * 1024 * 1024
    source = tmp_path / "large.bin"
    digest = hashlib.sha256()
    with open(source, "wb") as handle:
        for _ in range(size // (1024 * 1024)):
            piece = os.urandom(1024 * 1024)
            digest.update(piece)
            handle.write(piece)
    entry = EntryFactory(entrant=entrant)
    video = Video(entry=entry, original_filename="large.mp4", size_bytes=size)
    with open(source, "rb") as handle:
        video.file.save("large.bin", File(handle), save=True)
    export = DataExport.objects.create(user=entrant)
    tracemalloc.start()
    try:
        assert build_data_export(export_id=export.pk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    export.refresh_from_db()
    assert export.size_bytes > size
    with export.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        copied = hashlib.sha256()
        with archive.open(f"files/entries/{entry.pk}/{video.pk}/original.mp4") as member:
            while piece := member.read(1024 * 1024):
                copied.update(piece)
    assert copied.hexdigest() == digest.hexdigest()
    print(f"\ndata export of a {size >> 20} MiB film: tracemalloc peak {peak / 1024:.0f} KiB")
    assert peak < 4 * 1024 * 1024


def test_the_entries_part_reads_a_fixed_number_of_queries_however_many_entries(entrant):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            items = list(entries(entrant))
        return len(captured), len(items)

    def entry_with_film():
        entry = EntryFactory(entrant=entrant)
        CreditFactory(entry=entry)
        _video(entry)

    entry_with_film()
    one = queries()
    entry_with_film()
    entry_with_film()
    three = queries()

    # The questions of the contests entered (for the answers' labels), entries, their credits,
    # their videos, their materials (one prefetch each, per chunk of 100 entries), credits on
    # other people's entries, unfinished uploads.
    assert (one[0], three[0]) == (7, 7)
    assert (one[1], three[1]) == (1 + 2, 3 * (1 + 2))
