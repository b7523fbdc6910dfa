"""Duplicates across a contest: flagged to organisers on the video, never refused.

Exact copies share their SHA-256; near copies have sampled frames whose perceptual hashes lie
within ``media.NEAR_DUPLICATE_DISTANCE``, or (a copy cut at either end, or mirrored) the same
pictures over most of the film at one time offset (``media.timeline``). The later video
points at the earlier (or closest) one with ``duplicate_of`` and ``duplicate_kind``. Only
current videos of other entries of the same contest count: an entrant replacing their own
file is not a duplicate.
"""

from django.db.models import Q

from .. import media
from ..models import Video

EXACT = "exact"
NEAR = "near"


def _other_current_videos(*, contest_id: int, entry_id: int):
    return Video.objects.filter(entry__contest_id=contest_id, is_current=True).exclude(
        entry_id=entry_id
    )


def flag_exact(video: Video) -> None:
    """Point at the earliest current video of another entry with the same bytes.

    Only videos uploaded before this one count: two copies checked at the same moment must not
    point at each other, and the later one always finds the earlier one.
    """
    if not video.sha256:
        return
    before = Q(created_at__lt=video.created_at) | Q(created_at=video.created_at,
                                                     pk__lt=video.pk)
    others = _other_current_videos(contest_id=video.entry.contest_id, entry_id=video.entry_id)
    earlier = (others.filter(before, sha256=video.sha256)
               .order_by("created_at", "pk").values_list("pk", flat=True).first())
    if earlier is not None:
        video.duplicate_of_id, video.duplicate_kind = earlier, EXACT


def find_near(*, contest_id: int, entry_id: int, hashes: list[str],
              timeline: media.Timeline | None = None) -> int | None:
    """The current video of another entry of the contest that looks most like a checked film:
    the same frames at the same places in the film (``hashes``), or else the same pictures
    over most of it at one time offset, as they are or mirrored (``timeline``): a copy cut at
    either end. Reads only; the caller runs it before taking any lock, since against
    thousands of long films it takes seconds."""
    others = _other_current_videos(contest_id=contest_id, entry_id=entry_id)
    if hashes:
        found = _same_positions(others, hashes)
        if found is not None:
            return found
    if timeline is not None:
        candidates = (others.exclude(timeline_hashes=b"").order_by("created_at", "pk")
                      .values_list("pk", "timeline_hashes"))
        best = media.best_match(timeline, ((pk, bytes(packed)) for pk, packed
                                           in candidates.iterator(chunk_size=500)))
        if best is not None:
            return best[1]
    return None


def _same_positions(others, hashes: list[str]) -> int | None:
    candidates = (others.exclude(perceptual_hashes=[]).order_by("created_at", "pk")
                  .values_list("pk", "perceptual_hashes"))
    best: tuple[float, int] | None = None
    for pk, stored in candidates.iterator(chunk_size=1000):
        if not stored:
            continue
        distance = media.hash_distance(hashes, stored)
        if distance <= media.NEAR_DUPLICATE_DISTANCE and (best is None or distance < best[0]):
            best = (distance, pk)
    return best[1] if best else None


def flag_near(video: Video, near: int | None) -> None:
    """Record ``near`` (from ``find_near``) unless the video is already an exact copy."""
    if near is not None and video.duplicate_kind != EXACT:
        video.duplicate_of_id, video.duplicate_kind = near, NEAR
