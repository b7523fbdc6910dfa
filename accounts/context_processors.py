from .enums import Role
from .rules import is_team_member


def roles(request):
    """Which navigation a template shows; the views still check every permission."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_organiser": False, "is_juror": False}
    return {"is_organiser": is_team_member(user), "is_juror": user.has_role(Role.JUROR)}
