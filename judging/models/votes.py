from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.models import Contest, Entry

from ..enums import VoteMethod, VoteStatus
from .awards import Award
from .jurors import Juror
from .rounds import Round


class FinalVote(models.Model):
    """A final jury's vote on a shortlist, for a round or an award: ranked or approval ballots.

    Ballots are secret: each juror sees their own; organisers see the count and who voted.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="final_votes")
    round = models.ForeignKey(Round, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="final_votes")
    award = models.ForeignKey(Award, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="final_votes")
    title = models.CharField(_("title"), max_length=120)
    method = models.CharField(_("method"), max_length=20, choices=VoteMethod.choices,
                              default=VoteMethod.SCHULZE)
    status = models.CharField(_("status"), max_length=20, choices=VoteStatus.choices,
                              default=VoteStatus.OPEN)
    entries = models.ManyToManyField(Entry, related_name="+", verbose_name=_("shortlist"))
    jurors = models.ManyToManyField(Juror, related_name="final_votes",
                                    verbose_name=_("final jury"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "final vote")
        verbose_name_plural = pgettext_lazy("model", "final votes")
        ordering = ["contest", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Ballot(models.Model):
    """One juror's ballot: ``choices`` maps str(entry id) to a rank (1 the best) for Schulze,
    or to 1 for each approved entry."""

    vote = models.ForeignKey(FinalVote, on_delete=models.CASCADE, related_name="ballots")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=dict)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["vote", "juror"], name="ballot_one_per_juror"),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.juror_id}"
