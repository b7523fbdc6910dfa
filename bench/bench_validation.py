"""Cost of validating 1080p H.264 films, stage by stage, and what a whole contest costs.

Generates (once, cached under var/bench/) a 60-second 1080p H.264/AAC clip at about 8 Mb/s with
a 2-second keyframe interval and B-frames (film grain from FFmpeg's noise filter keeps the bit
rate up), and a 6-second cut of it. Each stage runs on both; the two durations give a straight
line cost = overhead + rate × duration per stage:

- sha256     hashing the file (the upload usually records it already)
- probe      inspect(): name, sniff, header probe, stream probe, rules (never decodes)
- integrity  check_integrity(): full decode of every stream
- poster     extract_poster()
- preview    make_preview(): 720p H.264/AAC, faststart
- hashes     frame_hashes(): 8 perceptual hashes
- c2pa       read_content_credentials()

It prints, per stage, the median seconds per minute of video, the per-file overhead and the
children's peak memory, then the time 4,600 three-minute films take on N workers.

    python bench/bench_validation.py [--repeat 3] [--workers 1 4 16]

FFmpeg uses every core of this machine in each stage, so "one worker" means one worker with
this machine's cores; N workers means N such machines (or N × these cores).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from contest.media import (  # noqa: E402
    VideoRules,
    check_integrity,
    extract_poster,
    frame_hashes,
    inspect,
    make_preview,
    read_content_credentials,
)
from contest.media.limits import recording  # noqa: E402
from contest.media.validate import file_sha256  # noqa: E402

BENCH_DIR = ROOT / "var" / "bench"
LONG_S, SHORT_S = 60, 6
FILMS, FILM_MINUTES = 4600, 3


def make_clips() -> dict[int, Path]:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    long_clip = BENCH_DIR / "h264_1080p_60s.mp4"
    short_clip = BENCH_DIR / "h264_1080p_6s.mp4"
    if not long_clip.exists():
        print(f"Generating a {LONG_S} s 1080p clip (once)...", flush=True)
        partial = long_clip.with_suffix(".part.mp4")
        subprocess.run([
            "ffmpeg", "-nostdin", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=24:duration={LONG_S}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={LONG_S}",
            "-vf", "noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "veryfast",
            "-b:v", "8M", "-maxrate", "10M", "-bufsize", "16M", "-g", "48", "-bf", "2",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k", "-movflags", "+faststart",
            str(partial),
        ], check=True)
        partial.rename(long_clip)
    if not short_clip.exists():
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(long_clip),
                        "-t", str(SHORT_S), "-c", "copy", "-movflags", "+faststart",
                        str(short_clip)], check=True)
    return {LONG_S: long_clip, SHORT_S: short_clip}


def stages(path: Path, work: Path) -> dict:
    rules = VideoRules()
    sha = file_sha256(path)
    metadata = inspect(path, rules=rules, filename=path.name, sha256=sha).metadata
    return {
        "sha256": lambda: file_sha256(path),
        "probe": lambda: inspect(path, rules=rules, filename=path.name, sha256=sha),
        "integrity": lambda: check_integrity(path, metadata=metadata),
        "poster": lambda: extract_poster(path, work / "poster.jpg", metadata=metadata),
        "preview": lambda: make_preview(path, work / "preview.mp4", metadata=metadata),
        "hashes": lambda: frame_hashes(path, metadata=metadata),
        "c2pa": lambda: read_content_credentials(path),
    }


def measure(call, repeat: int) -> tuple[float, int]:
    """(median seconds, peak child memory in bytes) over ``repeat`` runs."""
    times, peak = [], 0
    for _ in range(repeat):
        with recording() as runs:
            started = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - started)
        if isinstance(result, list) and result and hasattr(result[0], "code"):
            raise SystemExit(f"the benchmark clip failed a check: {result}")
        peak = max([peak, *(run.max_rss_bytes for run in runs)])
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4, 16])
    options = parser.parse_args()
    clips = make_clips()
    print(f"CPU cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; "
          f"clip: {clips[LONG_S].stat().st_size / 1e6:.0f} MB per minute; "
          f"medians of {options.repeat} runs\n")
    results: dict[str, dict[int, tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory() as work:
        for duration, path in clips.items():
            for name, call in stages(path, Path(work)).items():
                results.setdefault(name, {})[duration] = measure(call, options.repeat)
    print(f"{'stage':<10} {'s/min video':>12} {'× realtime':>11} {'overhead s':>11} "
          f"{'peak MB':>8}")
    per_film = 0.0
    for name, by_duration in results.items():
        (long_s, long_peak), (short_s, short_peak) = by_duration[LONG_S], by_duration[SHORT_S]
        rate = max((long_s - short_s) / (LONG_S - SHORT_S), 0.0)  # seconds per video second
        overhead = max(short_s - rate * SHORT_S, 0.0)
        speed = f"{1 / rate:.1f}" if rate else "-"
        peak = max(long_peak, short_peak) / 1e6
        print(f"{name:<10} {rate * 60:>12.2f} {speed:>11} {overhead:>11.2f} {peak:>8.0f}")
        if name != "sha256":  # recorded during the upload
            per_film += overhead + rate * FILM_MINUTES * 60
    print(f"\nOne {FILM_MINUTES}-minute film, all stages but sha256: {per_film:.0f} s "
          f"on one worker")
    for workers in options.workers:
        hours = FILMS * per_film / workers / 3600
        print(f"{FILMS} films on {workers:>2} worker(s): {hours:6.1f} h")


if __name__ == "__main__":
    main()
