"""Validation scratch folders: nothing a killed run wrote outlives the next run or a restart."""

import os
import tempfile
import time

import pytest

from contest.services import scratch


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_the_folder_is_private_and_gone_after_the_run(private_tmp):
    with scratch.scratch_folder(7) as folder:
        (folder / "preview.mp4").write_bytes(b"x")
        assert folder.parent == private_tmp
        assert folder.stat().st_mode & 0o777 == 0o700
    assert list(private_tmp.iterdir()) == []


def test_the_next_run_of_a_video_starts_from_an_empty_folder(private_tmp):
    # What a run killed with SIGKILL leaves: its folder, with half-written files inside.
    left = private_tmp / "marquee-video-7"
    (left / "frames").mkdir(parents=True)
    (left / "preview.mp4").write_bytes(b"half a preview")

    with scratch.scratch_folder(7) as folder:
        assert folder == left
        assert list(folder.iterdir()) == []
    assert list(private_tmp.iterdir()) == []


def test_a_failing_run_removes_its_folder_too(private_tmp):
    with pytest.raises(RuntimeError), scratch.scratch_folder(8) as folder:
        (folder / "poster.jpg").write_bytes(b"x")
        raise RuntimeError("FFmpeg failed")
    assert list(private_tmp.iterdir()) == []


def test_a_starting_worker_removes_only_folders_older_than_any_live_run(private_tmp):
    now = time.time()
    old, fresh = private_tmp / "marquee-video-1", private_tmp / "marquee-video-2"
    for folder in (old, fresh):
        folder.mkdir()
        (folder / "source.mp4").write_bytes(b"x")
    os.utime(old, (now - 7200, now - 7200))
    unrelated = private_tmp / "someone-else"
    unrelated.mkdir()
    os.utime(unrelated, (now - 7200, now - 7200))

    assert scratch.remove_stale(older_than_s=3600, now=now) == 1

    assert sorted(p.name for p in private_tmp.iterdir()) == ["marquee-video-2", "someone-else"]


def test_a_planted_link_is_removed_not_followed(private_tmp, tmp_path_factory):
    target = tmp_path_factory.mktemp("elsewhere")
    (target / "keep.txt").write_text("not the worker's")
    (private_tmp / "marquee-video-9").symlink_to(target)

    with scratch.scratch_folder(9) as folder:
        assert not folder.is_symlink()
    assert (target / "keep.txt").read_text() == "not the worker's"


def test_a_film_in_remote_storage_is_copied_into_the_scratch_folder(monkeypatch):
    from django.core.files.base import ContentFile
    from django.core.files.storage import Storage

    from contest.services import validation

    class Remote(Storage):
        """Like S3: files to open, none on this host (``path`` is not implemented)."""

        files = {"videos/film.mp4": b"film bytes" * 1000}

        def exists(self, name):
            return name in self.files

        def _open(self, name, mode="rb"):
            return ContentFile(self.files[name], name=name)

    monkeypatch.setattr(validation, "default_storage", Remote())

    with scratch.scratch_folder(11) as folder, \
            validation.local_file("videos/film.mp4", scratch=folder) as path:
        assert path.parent == folder
        assert path.read_bytes() == b"film bytes" * 1000
    assert not folder.exists()
