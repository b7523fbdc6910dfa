from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from contest.models import Category, Contest
from core.texts import TranslatedTextsMixin

from ..enums import BulkSegment, BulkStatus
from .rounds import Round


class BulkMessage(TranslatedTextsMixin, models.Model):
    """An organiser's message to a segment of one contest's people (``judging/segments.py``),
    written once per language of the contest; the subject and body have a column per language
    (``judging/translation.py``) and the recipient's language falls back to the default one.

    Sending writes one outbox row per recipient (``judging/services/bulk_messages.py``); what
    was sent, skipped or failed is read from those rows, never counted twice here.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="bulk_messages")
    segment = models.CharField(_("recipients"), max_length=20, choices=BulkSegment.choices)
    category = models.ForeignKey(Category, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("category"))
    country = CountryField(_("country"), blank=True)
    round = models.ForeignKey(Round, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=pgettext_lazy("model", "round"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    status = models.CharField(_("status"), max_length=10, choices=BulkStatus.choices,
                              default=BulkStatus.DRAFT)
    # Frozen when the send starts: the segment may change while the rows are written.
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    queued = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulk message")
        verbose_name_plural = _("bulk messages")
        ordering = ["contest", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
