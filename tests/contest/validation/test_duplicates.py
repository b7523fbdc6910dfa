"""Exact and near duplicates across a contest: flagged to organisers, never refused."""

import pytest
from django.db import connection

from contest.enums import EntryStatus, VideoStatus
from contest.models import Entry
from contest.services import duplicates, validation
from tests.factories import ContestFactory, EntryFactory, UserFactory

from .conftest import task_id


def _entry(contest):
    return EntryFactory(contest=contest, entrant=UserFactory(), status=EntryStatus.SUBMITTED)


def _probed(upload, entry, path):
    """Upload and run the cheap stage only, where exact copies are flagged."""
    video = upload(entry, path, validate=False)
    validation.process(validation.claim(video_id=video.pk, stage="probe", task_id=task_id()))
    video.refresh_from_db()
    return video


def test_same_bytes_in_another_entry_is_flagged_exact_and_still_valid(
    contest, upload, media_sample
):
    first = _probed(upload, _entry(contest), media_sample("valid_1080p"))
    second = upload(_entry(contest), media_sample("valid_1080p"))

    assert (first.duplicate_of_id, first.duplicate_kind) == (None, "")
    assert (second.duplicate_of_id, second.duplicate_kind) == (first.pk, "exact")
    assert second.status == VideoStatus.VALID
    assert Entry.objects.get(pk=second.entry_id).status == EntryStatus.ELIGIBLE


def test_same_film_encoded_again_is_flagged_near_and_a_different_film_is_not(
    contest, upload, media_sample, lookalike_samples
):
    first = upload(_entry(contest), media_sample("valid_1080p"))
    other = upload(_entry(contest), lookalike_samples["different"])
    second = upload(_entry(contest), lookalike_samples["reencoded"])

    assert second.sha256 != first.sha256
    assert (second.status, second.duplicate_of_id, second.duplicate_kind) == (
        VideoStatus.VALID, first.pk, "near")
    assert (other.status, other.duplicate_of_id, other.duplicate_kind) == ("valid", None, "")


def test_copies_in_other_contests_or_replaced_files_are_not_flagged(
    contest, upload, media_sample
):
    _probed(upload, _entry(ContestFactory()), media_sample("valid_1080p"))
    entry = _entry(contest)
    _probed(upload, entry, media_sample("valid_1080p"))
    again = _probed(upload, entry, media_sample("valid_1080p"))  # the same file, uploaded again

    assert (again.probe_checked_at is not None, again.duplicate_of_id, again.duplicate_kind) == (
        True, None, "")


def test_two_copies_checked_at_once_do_not_point_at_each_other(contest, upload, media_sample):
    first = upload(_entry(contest), media_sample("valid_1080p"), validate=False)
    second = upload(_entry(contest), media_sample("valid_1080p"), validate=False)
    for video in (second, first):  # both stored before either is checked, the later one first
        validation.process(validation.claim(video_id=video.pk, stage="probe", task_id=task_id()))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.duplicate_of_id, second.duplicate_of_id, second.duplicate_kind) == (
        None, first.pk, "exact")


def test_copies_cut_or_mirrored_are_flagged_near_either_way_round(db, upload, media_sample):
    # Small clips: this contest takes 270p, so the checks run in seconds.
    contest = ContestFactory(min_long_edge=480, min_short_edge=270)
    original = upload(_entry(contest), media_sample("long_360p"))
    cut = upload(_entry(contest), media_sample("long_360p_cut"))
    mirrored = upload(_entry(contest), media_sample("long_360p_mirrored"))
    other = upload(_entry(contest), media_sample("long_other_360p"))

    assert len(original.timeline_hashes) == 20 * 8
    assert [(v.status, v.duplicate_of_id, v.duplicate_kind) for v in (cut, mirrored, other)] == [
        (VideoStatus.VALID, original.pk, "near"), (VideoStatus.VALID, original.pk, "near"),
        (VideoStatus.VALID, None, "")]

    # The original uploaded after its cut copy (in a contest of its own) finds the copy.
    later = ContestFactory(min_long_edge=480, min_short_edge=270)
    copy_first = upload(_entry(later), media_sample("long_360p_cut"))
    original_after = upload(_entry(later), media_sample("long_360p"))
    assert (original_after.duplicate_of_id, original_after.duplicate_kind) == (copy_first.pk,
                                                                               "near")


@pytest.mark.django_db(transaction=True)
def test_the_duplicate_search_runs_before_any_lock_is_taken(upload, media_sample, monkeypatch):
    # Against thousands of long films it takes seconds: inside the transaction it would hold
    # the entry's row lock, and the entrant's edits and submission would wait on it.
    calls = []
    search = duplicates.find_near

    def spy(**kwargs):
        calls.append(connection.in_atomic_block)
        return search(**kwargs)

    monkeypatch.setattr(duplicates, "find_near", spy)
    contest = ContestFactory(min_long_edge=480, min_short_edge=270)
    first = upload(_entry(contest), media_sample("long_360p"))
    upload(_entry(contest), media_sample("long_360p_cut"))

    assert first.status == VideoStatus.VALID
    assert calls == [False, False]
