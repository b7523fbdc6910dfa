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


def _other_current_videos(video: Video):
    return Video.objects.filter(
        entry__contest_id=video.entry.contest_id, is_current=True
    ).exclude(entry_id=video.entry_id)


def flag_exact(video: Video) -> None:
    """Point at the earliest current video of another entry with the same bytes.

    Only videos uploaded before this one count: two copies checked at the same moment must not
    point at each other, and the later one always finds the earlier one.
    """
    if not video.sha256:
        return
    before = Q(created_at__lt=video.created_at) | Q(created_at=video.created_at,
                                                     pk__lt=video.pk)
    earlier = (_other_current_videos(video).filter(before, sha256=video.sha256)
               .order_by("created_at", "pk").values_list("pk", flat=True).first())
    if earlier is not None:
        video.duplicate_of_id, video.duplicate_kind = earlier, EXACT


def flag_near(video: Video, *, timeline: media.Timeline | None = None) -> None:
    """Point at the closest current video of another entry whose sampled frames look alike:
    the same frames at the same places in the film, or else (given the checked film's
    ``timeline``) the same pictures over most of it at one time offset, as they are or mirrored:
    a copy cut at either end."""
    if video.duplicate_kind == EXACT:
        return
    if video.perceptual_hashes:
        _flag_same_positions(video)
    if video.duplicate_kind != NEAR and timeline is not None:
        _flag_same_timeline(video, timeline)


def _flag_same_timeline(video: Video, timeline: media.Timeline) -> None:
    candidates = (_other_current_videos(video).exclude(timeline_hashes=b"")
                  .order_by("created_at", "pk").values_list("pk", "timeline_hashes"))
    best = media.best_match(timeline, ((pk, bytes(packed)) for pk, packed
                                       in candidates.iterator(chunk_size=500)))
    if best is not None:
        video.duplicate_of_id, video.duplicate_kind = best[1], NEAR


def _flag_same_positions(video: Video) -> None:
    candidates = (_other_current_videos(video).exclude(perceptual_hashes=[])
                  .order_by("created_at", "pk").values_list("pk", "perceptual_hashes"))
    best: tuple[float, int] | None = None
    for pk, hashes in candidates.iterator(chunk_size=1000):
        if not hashes:
            continue
        distance = media.hash_distance(video.perceptual_hashes, hashes)
        if distance <= media.NEAR_DUPLICATE_DISTANCE and (best is None or distance < best[0]):
            best = (distance, pk)
    if best is not None:
        video.duplicate_of_id, video.duplicate_kind = best[1], NEAR
