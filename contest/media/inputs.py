"""How every FFmpeg child opens an uploaded file: as a local file, with the demuxer we sniffed.

Forcing the demuxer stops FFmpeg from guessing a different one (a playlist, a concat list, an
image sequence) from the content, and the protocol whitelist stops it from opening anything
but the file itself, so a crafted upload cannot make it read other files or the network.
"""

from pathlib import Path

DEMUXERS = {"mp4": "mov", "mov": "mov", "3gp": "mov", "webm": "matroska", "matroska": "matroska"}


def input_args(path: str | Path, container: str | None, *, max_pixels: int | None = None) -> list:
    args = ["-protocol_whitelist", "file"]
    if container in DEMUXERS:
        args += ["-f", DEMUXERS[container]]
    if max_pixels:
        args += ["-max_pixels", str(max_pixels)]
    return [*args, "-i", f"file:{Path(path)}"]
