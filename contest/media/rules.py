"""The technical rules a contest sets for films, as one immutable value."""

from dataclasses import dataclass

GIB = 1024**3


@dataclass(frozen=True)
class VideoRules:
    """Defaults are the demo contest's rules; ``from_contest`` reads a contest's own."""

    allowed_extensions: tuple[str, ...] = (".mp4", ".mov", ".webm")
    allowed_containers: tuple[str, ...] = ("mp4", "mov", "webm")
    allowed_video_codecs: tuple[str, ...] = ("h264", "hevc", "vp9", "av1", "prores")
    min_long_edge: int = 1920
    min_short_edge: int = 1080
    max_long_edge: int = 4096
    min_duration_s: float = 3.0
    max_duration_s: float = 900.0
    max_bytes: int = 4 * GIB

    @classmethod
    def from_contest(cls, contest) -> "VideoRules":
        return cls(
            allowed_extensions=tuple(ext.lower() for ext in contest.allowed_extensions),
            allowed_containers=tuple(c.lower() for c in contest.allowed_containers),
            allowed_video_codecs=tuple(c.lower() for c in contest.allowed_video_codecs),
            min_long_edge=contest.min_long_edge,
            min_short_edge=contest.min_short_edge,
            max_long_edge=contest.max_long_edge,
            min_duration_s=float(contest.min_duration_s),
            max_duration_s=float(contest.max_duration_s),
            max_bytes=contest.max_upload_bytes,
        )

    @property
    def max_pixels(self) -> int:
        """Largest frame a decoder may allocate: a square at the longest allowed edge.

        Passed to FFmpeg as ``-max_pixels`` so an absurd frame size that slipped past the
        container header (the codec's own header may disagree) is refused before allocation.
        """
        return self.max_long_edge * self.max_long_edge
