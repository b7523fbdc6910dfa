"""English subtitles for the demo's films, as WebVTT text.

Stored next to each demo film (``films.py``); entry materials attach them to the demo's
entries, so a juror's player offers them as a text track.
"""

# A cue stays on screen this long at most, and leaves a short gap before the next one.
CUE_SECONDS = 3.0
GAP_SECONDS = 0.4


def webvtt(lines: tuple[str, ...] | list[str], *, seconds: float) -> str:
    """One cue per line, spread evenly over a film of ``seconds``, in order and inside it."""
    if not lines:
        return "WEBVTT\n"
    slot = seconds / len(lines)
    cues = []
    for index, line in enumerate(lines):
        start = index * slot + GAP_SECONDS / 2
        end = min(start + CUE_SECONDS, (index + 1) * slot - GAP_SECONDS / 2)
        cues.append(f"{index + 1}\n{_timestamp(start)} --> {_timestamp(end)}\n{line}\n")
    return "WEBVTT\n\n" + "\n".join(cues)


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
