"""Cost of the cut-copy search (contest/media/timeline.py) in a contest of thousands of films.

When a film passes the full decode, its timeline (four hashes a second, and their mirror
image) is compared with the stored timeline (one hash a second) of every other current film
of the contest. This times that search against N films, for three-minute and fifteen-minute
films, and the hashing of one film's frames; hashes are random (no film matches), which is
the common case and the slowest (no early exit exists either way).

    python bench/bench_duplicates.py [--films 4600] [--repeat 5]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contest.media.timeline import (  # noqa: E402
    FRAME_SIDE,
    SAMPLES_PER_SECOND,
    Timeline,
    best_match,
    timeline_hashes,
)

PACKED = np.dtype(">u8")


def _random_hashes(rng, count: int) -> bytes:
    return rng.integers(1, 2**63, size=count, dtype=np.uint64).astype(PACKED).tobytes()


def search_seconds(rng, *, films: int, seconds: int, repeat: int) -> list[float]:
    stored = [(key, _random_hashes(rng, seconds)) for key in range(films)]
    checked = Timeline(dense=_random_hashes(rng, seconds * SAMPLES_PER_SECOND),
                       mirrored=_random_hashes(rng, seconds * SAMPLES_PER_SECOND))
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        assert best_match(checked, stored) is None
        timings.append(time.perf_counter() - started)
    return timings


def hashing_seconds(rng, *, seconds: int, repeat: int) -> list[float]:
    frames = rng.integers(0, 256, size=seconds * SAMPLES_PER_SECOND * FRAME_SIDE * FRAME_SIDE,
                          dtype=np.uint8)
    timings = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "timeline.gray"
        path.write_bytes(frames.tobytes())
        for _ in range(repeat):
            started = time.perf_counter()
            timeline_hashes(path)
            timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=4600)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    print(f"search against {args.films} films (median of {args.repeat}):")
    for minutes in (3, 15):
        timings = search_seconds(rng, films=args.films, seconds=minutes * 60, repeat=args.repeat)
        print(f"  {minutes:>2}-minute films: {statistics.median(timings):.2f} s "
              f"({1e6 * statistics.median(timings) / args.films:.0f} µs a film)")
    timings = hashing_seconds(rng, seconds=180, repeat=args.repeat)
    print(f"hashing a 3-minute film's {180 * SAMPLES_PER_SECOND} frames, as they are and "
          f"mirrored: {statistics.median(timings):.2f} s")


if __name__ == "__main__":
    main()
