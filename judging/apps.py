from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        # Lower apps cannot import judging: it registers what it adds to their rules here.
        from accounts.erasure import register_eraser
        from contest.rules import grant_poster_access, grant_preview_access
        from contest.services.entries import register_status_listener
        from contest.services.setup import register_edition_copier

        from .rules import is_current_winner_video, judges_video
        from .services.editions import copy_judging
        from .services.erasure import refuse_if_awarded
        from .services.results import entry_status_changed

        grant_preview_access("judging.assigned_juror", judges_video)
        grant_poster_access("judging.published_winner", is_current_winner_video)
        register_eraser(name="judging.awards", refuse=refuse_if_awarded)
        register_edition_copier("judging.awards_rounds_jury", copy_judging)
        register_status_listener("judging.results", entry_status_changed)
