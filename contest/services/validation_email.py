"""The one email that tells an entrant their film's verdict, in their language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.emails import render_subject

from ..models import Video
from ..verdicts import describe, is_final


def _render(video: Video) -> EmailMessage:
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
    subject = render_subject("contest/email/video_result_subject.txt", context)
    body = render_to_string("contest/email/video_result_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[entry.entrant.email],
                        headers={"Content-Language": translation.get_language()})


def send_validation_result(*, video_id: int) -> bool:
    """Email the entrant the verdict of their current video, once. Returns whether it was sent.

    The video row stays locked while sending and ``result_emailed_at`` is set in the same
    transaction, so a duplicated or retried task sends nothing twice. A video replaced since
    its verdict gets no email: the new file will have its own.
    """
    with transaction.atomic():
        video = (Video.objects.select_for_update(of=("self",))
                 .select_related("entry__entrant", "entry__contest").filter(pk=video_id).first())
        if (video is None or not video.is_current or not is_final(video.status)
                or video.result_emailed_at is not None):
            return False
        language = video.entry.entrant.language or settings.LANGUAGE_CODE
        with translation.override(language):
            message = _render(video)
        message.send()
        video.result_emailed_at = timezone.now()
        video.save(update_fields=["result_emailed_at", "updated_at"])
    return True
