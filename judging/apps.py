from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        # Public-visibility permissions live outside rules.py, which rules autodiscovers.
        from . import rules_public  # noqa: F401
