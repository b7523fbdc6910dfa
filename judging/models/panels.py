from django.db import models
from django.utils.translation import gettext_lazy as _

from contest.models import Category

from .jurors import Juror
from .rounds import Round


class PanelSeat(models.Model):
    """A juror on a round's jury; with a category, on that category's panel in the round.

    A round without seats draws on every active juror of the contest, as rounds always did.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panel_seats")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="panel_seats")
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("category"),
    )

    class Meta:
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        constraints = [
            models.UniqueConstraint(fields=["round", "juror", "category"],
                                    nulls_distinct=False, name="panel_seat_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.juror_id}/{self.category_id or '-'}"
