from .enums import Role


def roles(request):
    """Which navigation a template shows; the views still check every permission."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_organiser": False, "is_juror": False}
    return {"is_organiser": user.has_role(Role.ORGANISER), "is_juror": user.has_role(Role.JUROR)}
