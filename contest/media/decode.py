"""The full stage's single decode: every output of a film from one FFmpeg run.

The integrity check decodes every frame anyway, so the preview, the poster, the eight
perceptual-hash frames and the timeline frames are further outputs of that same run instead
of second and third decodes (the preview's own decode was half of its cost). FFmpeg decodes
each input stream once and hands every frame to each consumer:

- the integrity output is exactly ``check_integrity``'s (``-map 0:v -map 0:a? -f null -``,
  ``-v error``, ``-progress``), judged by the same ``judge_decode``;
- the first video stream goes through one filter graph split into the preview (scaled,
  encoded), the poster and the hash frames (each ``trim=start=T``, which is what FFmpeg
  inserts for an accurate ``-ss T`` on the input, then ``trim=end_frame=1`` so the branch
  ends after its frame instead of scaling every later one) and the timeline frames.

What the run writes is used only when the decode is clean: a damaged film gets its reasons
and nothing else. A poster or hash frame the run did not produce (a time past the real end of
the film) falls back to the separate functions, which behave as before.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import MediaToolError
from .fingerprint import FRAME_SIDE as HASH_SIDE
from .fingerprint import frame_hashes, hash_pictures, sample_times
from .inputs import input_args
from .integrity import DEFAULT_MAX_PIXELS, decoded_seconds, integrity_timeout, judge_decode
from .limits import DECODE_MEMORY, GIB, run_capped
from .poster import POSTER_LONG_EDGE, extract_poster, fit_long_edge, poster_time
from .preview import preview_output_args, preview_timeout, preview_video_filter
from .reasons import Reason
from .timeline import FRAME_SIDE as TIMELINE_SIDE
from .timeline import SAMPLES_PER_SECOND, Timeline, timeline_hashes

FFMPEG = shutil.which("ffmpeg") or "ffmpeg"
HASH_SAMPLES = 8


@dataclass(frozen=True)
class FilmDecode:
    """What one run made: the integrity verdict, and the derivatives when it is clean."""

    reasons: list[Reason]
    poster: Path | None = None
    preview: Path | None = None
    hashes: list[str] | None = None
    timeline: Timeline | None = None


def decode_timeout(duration_s: float | None) -> float:
    """The integrity decode's and the preview's limits together: the run does both."""
    return integrity_timeout(duration_s) + preview_timeout(duration_s)


def decode_film(path, *, metadata: dict, work: Path,
                timeout_s: float | None = None) -> FilmDecode:
    """Decode the film once: verdict, poster, preview, position hashes and timeline.

    Files are written in ``work`` (a folder the caller cleans up). Raises MediaTimeout past
    the time limit and MediaToolError when FFmpeg reports nothing or a clean film yields no
    preview (a tool failure, retried, as a failed separate preview was).
    """
    path, work = Path(path), Path(work)
    outputs = _Outputs(work, metadata)
    pixels = max((metadata.get("width") or 0) * (metadata.get("height") or 0),
                 DEFAULT_MAX_PIXELS)
    run = run_capped(
        [FFMPEG, "-nostdin", "-hide_banner", "-v", "error", "-nostats", "-y",
         *input_args(path, metadata.get("container"), max_pixels=pixels),
         "-filter_complex", outputs.graph(),
         # The integrity output, exactly as check_integrity runs it.
         "-map", "0:v", "-map", "0:a?", "-f", "null", "-", "-progress", "pipe:1",
         *outputs.args()],
        timeout_s=timeout_s or decode_timeout(metadata.get("duration_s")),
        memory_bytes=DECODE_MEMORY,
        file_bytes=4 * GIB,
    )
    decoded = decoded_seconds(run.stdout)
    if decoded is None and run.returncode == 0 and not run.stderr.strip():
        raise MediaToolError("ffmpeg reported no progress")
    reasons = judge_decode(returncode=run.returncode, stderr=run.stderr, decoded_s=decoded,
                           declared_s=metadata.get("duration_s"))
    if reasons:
        return FilmDecode(reasons=reasons)
    if not _written(outputs.preview):
        raise MediaToolError("the decode wrote no preview")
    return FilmDecode(reasons=[], poster=outputs.poster_or_fallback(path),
                      preview=outputs.preview, hashes=outputs.hashes_or_fallback(path),
                      timeline=timeline_hashes(outputs.timeline))


def _written(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


class _Outputs:
    """The files of one run and the filter graph branches that write them."""

    def __init__(self, work: Path, metadata: dict):
        self.metadata = metadata
        self.preview = work / "preview.mp4"
        self.poster = work / "poster.jpg"
        self.timeline = work / "timeline.gray"
        self.hash_times = sample_times(metadata.get("duration_s") or 0.0, HASH_SAMPLES)
        self.hash_frames = [work / f"hash-{index}.gray" for index in range(HASH_SAMPLES)]

    def graph(self) -> str:
        at = poster_time(self.metadata)
        branches = [
            f"[preview_in]{preview_video_filter()}[preview]",
            f"[poster_in]{_one_frame_at(at)},{fit_long_edge(POSTER_LONG_EDGE)}[poster]",
            f"[timeline_in]fps={SAMPLES_PER_SECOND},"
            f"scale={TIMELINE_SIDE}:{TIMELINE_SIDE}:flags=area,format=gray[timeline]",
            *(f"[hash{index}_in]{_one_frame_at(time)},"
              f"scale={HASH_SIDE}:{HASH_SIDE},format=gray[hash{index}]"
              for index, time in enumerate(self.hash_times)),
        ]
        labels = ["preview_in", "poster_in", "timeline_in",
                  *(f"hash{index}_in" for index in range(HASH_SAMPLES))]
        split = f"[0:v:0]split={len(labels)}" + "".join(f"[{label}]" for label in labels)
        return ";".join([split, *branches])

    def args(self) -> list[str]:
        args = ["-map", "[preview]", *preview_output_args(self.preview),
                "-map", "[poster]", "-frames:v", "1", "-q:v", "3", "-map_metadata", "-1",
                "-f", "image2", "-update", "1", str(self.poster),
                "-map", "[timeline]", "-f", "rawvideo", str(self.timeline)]
        for index, frame in enumerate(self.hash_frames):
            args += ["-map", f"[hash{index}]", "-frames:v", "1", "-f", "rawvideo", str(frame)]
        return args

    def poster_or_fallback(self, path: Path) -> Path:
        if not _written(self.poster):
            # Its time lies past the film's real end: the separate extraction's first frame.
            extract_poster(path, self.poster, metadata=self.metadata)
        return self.poster

    def hashes_or_fallback(self, path: Path) -> list[str]:
        size = HASH_SIDE * HASH_SIDE
        pictures = [frame.read_bytes()[:size] if frame.exists() else b""
                    for frame in self.hash_frames]
        if any(len(picture) < size for picture in pictures):
            return frame_hashes(path, metadata=self.metadata, samples=HASH_SAMPLES,
                                work=self.preview.parent)
        return hash_pictures(pictures)


def _one_frame_at(seconds: float) -> str:
    """The first frame at or after ``seconds``, as an accurate input seek would give it."""
    return f"trim=start={seconds},trim=end_frame=1"
