"""The outcome of inspecting a file: verdict, reasons and what we learnt about it."""

from dataclasses import dataclass, field

from .reasons import Reason

METADATA_KEYS = (
    "container", "video_codec", "width", "height", "display_width", "display_height",
    "rotation", "duration_s", "fps", "has_audio", "audio_codec", "size_bytes", "sha256",
)


@dataclass
class Report:
    verdict: str  # "valid" | "invalid"
    reasons: list[Reason]
    metadata: dict
    # How the inspection went (seconds, peak memory of the children): for logs and benchmarks.
    stats: dict = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return self.verdict == "valid"
