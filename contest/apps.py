from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Contests")

    def ready(self) -> None:
        from accounts.erasure import register_eraser

        from . import checks  # noqa: F401 -- registers the system checks
        from .services import data_export
        from .services.erasure import HANDLES, forget_entrant

        register_eraser(name="contest.entries", forget=forget_entrant, handles=HANDLES)
        data_export.register()
