"""A round's jury and its category panels: who the assignment may draw on.

A screening round and a final round usually have different juries; a category may have its own
panel within a round. Changing them never moves work by itself: the organiser runs the
assignment again, which keeps every pair the new panels still allow and moves the fewest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from contest.models import Category
from core.audit import record
from core.errors import ContestError

from ..models import Juror, PanelSeat, Round
from ..panels import Panels, panel_conflicts, panels_from_seats, unstaffed_categories


@dataclass(frozen=True)
class JuryConstraints:
    jurors: list[Juror]
    avoid: set[tuple[int, int]]


def round_panels(round: Round) -> Panels:
    return panels_from_seats(PanelSeat.objects.filter(round=round).values_list(
        "juror_id", "category_id"))


def jury_constraints(round: Round, entry_categories: Mapping[int, int]) -> JuryConstraints:
    """The active jurors the round draws on and the pairs its panels rule out.

    Raises when entries of some category have nobody to judge them.
    """
    panels = round_panels(round)
    jurors = Juror.objects.filter(contest=round.contest, is_active=True).order_by("pk")
    if not panels.empty:
        jurors = jurors.filter(pk__in=panels.members)
    jurors = list(jurors)
    missing = unstaffed_categories(panels, set(entry_categories.values()))
    if missing:
        names = ", ".join(Category.objects.filter(pk__in=missing).order_by("pk")
                          .values_list("name", flat=True))
        raise ContestError(
            _("Nobody on this round's jury may judge the entries of %(categories)s: add jurors "
              "to the round's jury or to these categories' panels.") % {"categories": names},
            code="category_without_panel")
    active = [j.pk for j in jurors]
    return JuryConstraints(jurors=jurors,
                           avoid=panel_conflicts(panels, entry_categories, active))


def _seat_snapshot(round: Round) -> dict:
    panels = round_panels(round)
    return {"jury": sorted(panels.general),
            "panels": {str(c): sorted(js) for c, js in sorted(panels.by_category.items())}}


@transaction.atomic
def set_round_jury(*, round: Round, jurors: Iterable[Juror],
                   panels: Mapping[Category, Iterable[Juror]], by) -> Round:
    """Replace the round's jury and category panels (empty: every active juror judges)."""
    round = Round.objects.select_for_update().select_related("contest").get(pk=round.pk)
    jurors = list(jurors)
    panels = {category: list(members) for category, members in panels.items()}
    everyone = jurors + [j for members in panels.values() for j in members]
    if any(j.contest_id != round.contest_id for j in everyone):
        raise ContestError(_("This juror belongs to another contest."), code="contest")
    if any(c.contest_id != round.contest_id for c in panels):
        raise ContestError(_("This category belongs to another contest."), code="contest")
    before = _seat_snapshot(round)
    PanelSeat.objects.filter(round=round).delete()
    PanelSeat.objects.bulk_create(
        [PanelSeat(round=round, juror=j, category=None) for j in dict.fromkeys(jurors)]
        + [PanelSeat(round=round, juror=j, category=c)
           for c, members in panels.items() for j in dict.fromkeys(members)]
    )
    record(actor=by, action="judging.round_jury_set", obj=round, scope=round.contest,
           before=before, after=_seat_snapshot(round))
    return round
