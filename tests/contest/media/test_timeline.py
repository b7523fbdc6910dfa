"""The timeline fingerprint on real files: cut and mirrored copies match, other films do not."""

import numpy as np
import pytest

from contest.media import Timeline, best_match, check_integrity, timeline_hashes
from contest.media.timeline import MATCH_SHARE, match_share, unpack

FILMS = ["long_360p", "long_360p_cut", "long_360p_mirrored", "long_other_360p", "black_360p"]


@pytest.fixture(scope="module")
def timelines(media_sample, tmp_path_factory) -> dict[str, Timeline]:
    folder = tmp_path_factory.mktemp("timelines")
    made = {}
    for name in FILMS:
        path = media_sample(name)
        frames = folder / f"{name}.gray"
        # The frames come from the integrity check's own decode.
        assert check_integrity(path, metadata={}, timeline=frames) == []
        made[name] = timeline_hashes(frames)
    return made


def _share(timelines, film: str, stored: str, *, mirrored: bool = False) -> float:
    checked = timelines[film].mirrored if mirrored else timelines[film].dense
    return match_share(unpack(checked), unpack(timelines[stored].stored))


def test_four_samples_a_second_are_checked_and_one_a_second_is_stored(timelines):
    original = timelines["long_360p"]
    assert len(unpack(original.dense)) == 80
    assert len(unpack(original.stored)) == 20
    assert np.count_nonzero(unpack(original.dense)) == 80


@pytest.mark.parametrize(("film", "stored"), [("long_360p_cut", "long_360p"),
                                              ("long_360p", "long_360p_cut")])
def test_a_copy_cut_at_the_start_matches_its_original_either_way_round(timelines, film,
                                                                        stored):
    assert _share(timelines, film, stored) >= MATCH_SHARE


@pytest.mark.parametrize(("film", "stored"), [("long_360p_mirrored", "long_360p"),
                                              ("long_360p", "long_360p_mirrored")])
def test_a_mirrored_copy_matches_only_when_mirrored_back(timelines, film, stored):
    assert _share(timelines, film, stored) < MATCH_SHARE
    assert _share(timelines, film, stored, mirrored=True) >= MATCH_SHARE


@pytest.mark.parametrize("film", ["long_other_360p", "black_360p"])
def test_other_films_and_black_frames_match_nothing(timelines, film):
    for stored in ("long_360p", "long_360p_cut", "black_360p"):
        assert _share(timelines, film, stored) == 0.0
        assert _share(timelines, film, stored, mirrored=True) == 0.0
    # Black frames are left out: nothing to compare.
    if film == "black_360p":
        assert not np.count_nonzero(unpack(timelines[film].dense))


def test_best_match_picks_the_closest_film_above_the_threshold(timelines):
    stored = [(key, timelines[name].stored) for key, name in enumerate(FILMS)]
    share, key = best_match(timelines["long_360p_cut"], [stored[0], stored[3], stored[4]])
    assert (key, share >= MATCH_SHARE) == (0, True)
    assert best_match(timelines["long_other_360p"], [stored[0], stored[1], stored[4]]) is None


def test_a_short_excerpt_of_a_long_film_compared_by_every_few_seconds_still_matches():
    rng = np.random.default_rng(7)
    film = rng.integers(1, 2**63, size=600, dtype=np.uint64)  # ten minutes, one a second
    dense = np.repeat(film, 4)  # four samples a second of the same pictures
    excerpt = dense[4 * 200: 4 * 260]  # one minute from 3'20"
    assert match_share(excerpt, film) == 1.0
    assert match_share(dense, film[200:260]) == 1.0
    assert match_share(excerpt, rng.integers(1, 2**63, size=600, dtype=np.uint64)) == 0.0


def test_no_frames_written_gives_an_empty_timeline(tmp_path):
    timeline = timeline_hashes(tmp_path / "never-written.gray")
    assert (timeline.dense, timeline.mirrored, timeline.stored) == (b"", b"", b"")


def test_a_second_run_writes_over_the_frames_of_the_first(media_sample, tmp_path):
    # A retried validation finds the killed run's frames file in place.
    frames = tmp_path / "timeline.gray"
    frames.write_bytes(b"left by a killed run")
    assert check_integrity(media_sample("long_360p"), metadata={}, timeline=frames) == []
    assert len(unpack(timeline_hashes(frames).dense)) == 80
