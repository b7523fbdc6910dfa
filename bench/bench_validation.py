"""Cost of validating 1080p H.264 films, stage by stage, and what a whole contest costs.

Generates (once, cached under var/bench/) a 60-second 1080p H.264/AAC clip at about 8 Mb/s with
a 2-second keyframe interval and B-frames (film grain from FFmpeg's noise filter keeps the bit
rate up), and a 6-second cut of it. Each stage runs on both; the two durations give a straight
line cost = overhead + rate × duration per stage:

- sha256     hashing the file (the upload usually records it already)
- probe      inspect(): name, sniff, header probe, stream probe, rules (never decodes)
- integrity  check_integrity(): the full decode of every stream on its own, the yardstick
- full       decode_film(): the full stage's single decode, which writes the poster, the
             720p preview, the 8 perceptual-hash frames and the timeline frames besides
             judging integrity (it includes the integrity stage's work)
- c2pa       read_content_credentials()

It prints, per stage, the median seconds per minute of video and the per-file overhead, in wall
clock and in CPU time (this process and its FFmpeg children), and the children's peak memory;
then the ratio of every stage together (probe, full, c2pa: what a film costs) to the
integrity decode alone, both measured side by side in this run (the goal is at most 2×); then
the time 4,600 three-minute films take on N workers, both as measured and from CPU time
(which does not depend on how busy the machine is).

    python bench/bench_validation.py [--repeat 3] [--workers 1 4 16]

FFmpeg uses every core of this machine in each stage, so "one worker" means one worker with
this machine's cores; N workers means N such machines (or N × these cores). The CPU-time
estimate assumes the cores are kept busy (FFmpeg's threads, or several workers per machine).
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
    decode_film,
    inspect,
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
        "full": lambda: decode_film(path, metadata=metadata, work=work).reasons,
        "c2pa": lambda: read_content_credentials(path),
    }


def measure(call, repeat: int) -> tuple[float, float, int]:
    """(median wall seconds, median CPU seconds, peak child memory) over ``repeat`` runs.

    CPU time counts this process and every FFmpeg child: on a machine shared with other work
    it is the figure that does not depend on the load, where wall-clock time does.
    """
    walls, cpus, peak = [], [], 0
    for _ in range(repeat):
        with recording() as runs:
            started, cpu_started = time.perf_counter(), time.process_time()
            result = call()
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu_started + sum(run.cpu_s for run in runs))
        if isinstance(result, list) and result and hasattr(result[0], "code"):
            raise SystemExit(f"the benchmark clip failed a check: {result}")
        peak = max([peak, *(run.max_rss_bytes for run in runs)])
    return statistics.median(walls), statistics.median(cpus), peak


def line(long: float, short: float) -> tuple[float, float]:
    """(seconds per second of video, per-file overhead) through the two measured durations."""
    rate = max((long - short) / (LONG_S - SHORT_S), 0.0)
    return rate, max(short - rate * SHORT_S, 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4, 16])
    options = parser.parse_args()
    clips = make_clips()
    cores = os.cpu_count() or 1
    print(f"CPU cores: {cores}; load average before: {os.getloadavg()[0]:.1f}; "
          f"clip: {clips[LONG_S].stat().st_size / 1e6:.0f} MB per minute; "
          f"medians of {options.repeat} runs\n")
    results: dict[str, dict[int, tuple[float, float, int]]] = {}
    with tempfile.TemporaryDirectory() as work:
        for duration, path in clips.items():
            for name, call in stages(path, Path(work)).items():
                results.setdefault(name, {})[duration] = measure(call, options.repeat)
    print(f"{'':<10} {'wall clock':^36} {'CPU time (all cores)':^24}")
    print(f"{'stage':<10} {'s/min video':>12} {'× realtime':>11} {'overhead s':>11} "
          f"{'s/min video':>12} {'overhead s':>11} {'peak MB':>8}")
    wall_film = cpu_film = 0.0
    for name, by_duration in results.items():
        (long_wall, long_cpu, long_peak) = by_duration[LONG_S]
        (short_wall, short_cpu, short_peak) = by_duration[SHORT_S]
        wall_rate, wall_overhead = line(long_wall, short_wall)
        cpu_rate, cpu_overhead = line(long_cpu, short_cpu)
        speed = f"{1 / wall_rate:.1f}" if wall_rate else "-"
        peak = max(long_peak, short_peak) / 1e6
        print(f"{name:<10} {wall_rate * 60:>12.2f} {speed:>11} {wall_overhead:>11.2f} "
              f"{cpu_rate * 60:>12.2f} {cpu_overhead:>11.2f} {peak:>8.0f}")
        if name not in ("sha256", "integrity"):  # the upload's; inside "full"
            wall_film += wall_overhead + wall_rate * FILM_MINUTES * 60
            cpu_film += cpu_overhead + cpu_rate * FILM_MINUTES * 60
    print(f"\nOne {FILM_MINUTES}-minute film, every stage but sha256: {wall_film:.0f} s wall clock "
          f"here, {cpu_film:.0f} CPU seconds")
    print_ratio(results)
    print(f"{FILMS} films of {FILM_MINUTES} minutes, each worker with {cores} cores:")
    print(f"{'workers':>8} {'as measured here':>18} {'from CPU time':>15}")
    for workers in options.workers:
        measured = FILMS * wall_film / workers / 3600
        from_cpu = FILMS * cpu_film / (workers * cores) / 3600
        print(f"{workers:>8} {measured:>16.1f} h {from_cpu:>13.1f} h")


def film_cost(by_duration: dict, seconds: float, column: int) -> float:
    """A stage's cost (column 0: wall, 1: CPU) for a film of ``seconds``, from the line fit."""
    rate, overhead = line(by_duration[LONG_S][column], by_duration[SHORT_S][column])
    return overhead + rate * seconds


def print_ratio(results: dict) -> None:
    """Every stage of a film together against the integrity decode alone, in this one run."""
    seconds = FILM_MINUTES * 60
    alone = film_cost(results["integrity"], seconds, 1)
    together = sum(film_cost(results[name], seconds, 1) for name in ("probe", "full", "c2pa"))
    per_minute = [(results[name][LONG_S][1] - results[name][SHORT_S][1]) / (LONG_S - SHORT_S)
                  for name in ("integrity", "full")]
    print(f"Every stage (probe, full, c2pa) against the integrity decode alone, CPU time: "
          f"{together:.1f} s / {alone:.1f} s = {together / alone:.2f}× for a "
          f"{FILM_MINUTES}-minute film (goal: at most 2×); the full stage alone "
          f"{per_minute[1] / per_minute[0]:.2f}× per minute of film.")


if __name__ == "__main__":
    main()
