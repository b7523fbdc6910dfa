"""The message that tells an entrant their film's verdict, in their language, through the
outbox (core/outbox.py)."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.emails import render_subject
from core.models import Message
from core.outbox import Rendered, enqueue
from core.sender import SENT, deliver

from ..models import Video
from ..verdicts import describe, is_final

VERDICT = "contest.validation_verdict"


def render_verdict(message: Message) -> Rendered | None:
    """A video replaced since its verdict gets no email: the new file will have its own."""
    video = (Video.objects.select_related("entry__entrant", "entry__contest")
             .filter(pk=message.subject_id).first())
    if video is None or not video.is_current or not is_final(video.status):
        return None
    entry = video.entry
    context = {
        "video": video,
        "entry": entry,
        "entrant": entry.entrant,
        "contest": entry.contest,
        "reasons": describe(video.reasons),
        # A video's first verdict precedes any re-check: a later one follows a rules change.
        "rechecked": video.rules_checked_at is not None,
        "entry_url": settings.SITE_URL + reverse("contest:entry_detail", args=[entry.pk]),
    }
    return Rendered(subject=render_subject("contest/email/video_result_subject.txt", context),
                    text=render_to_string("contest/email/video_result_body.txt", context))


def send_validation_result(*, video_id: int, claim: str = "") -> bool:
    """Put the verdict of the current video in the outbox once, and send it now.

    ``result_emailed_at`` is set in the transaction that writes the outbox row, so a
    duplicated or retried task adds nothing; the outbox's sender sends the row once. A task
    delivered again after its worker died (same ``claim``, the task id) finds the row and
    finishes sending it; otherwise the sweeper does. Returns whether this call sent it.
    """
    with transaction.atomic():
        video = (Video.objects.select_for_update(of=("self",))
                 .select_related("entry__entrant", "entry__contest").filter(pk=video_id).first())
        if (video is None or not video.is_current or not is_final(video.status)
                or video.entry.entrant is None):
            return False
        # Each verdict is its own message: a re-check after a rules change sends another.
        occasion = (video.validated_at or timezone.now()).isoformat()
        if video.result_emailed_at is not None:
            message = Message.objects.filter(kind=VERDICT, subject_id=str(video.pk),
                                             occasion=occasion).first()
            if message is None:
                return False
        else:
            message = enqueue(kind=VERDICT, subject=video, recipient=video.entry.entrant,
                              scope=video.entry.contest, occasion=occasion,
                              send_after_commit=False)
            video.result_emailed_at = timezone.now()
            video.save(update_fields=["result_emailed_at", "updated_at"])
    return deliver(message_id=message.pk, claim=claim) == SENT
