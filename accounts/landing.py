"""Where a person lands after signing in: the area their role works in."""

from django.urls import reverse

from .enums import Role
from .rules import is_team_member


def landing_url(user) -> str:
    """Organisers go to their contests, jurors to their rounds, everyone else to their entries.

    Someone with several roles lands in the one with the most to do for the contest: a member
    of an organisation's team who also judges is an organiser first.
    """
    if is_team_member(user):
        return reverse("contest:organiser_home")
    if user.has_role(Role.JUROR):
        return reverse("judging:home")
    return reverse("contest:dashboard")
