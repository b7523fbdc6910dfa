from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        # Lower apps cannot import judging: it registers what it adds to their rules here.
        from accounts.erasure import register_eraser
        from accounts.two_factor import register_juror_organisations
        from contest.rules import grant_material_access, grant_poster_access, grant_preview_access
        from contest.services.entries import register_status_listener
        from contest.services.retention import register_awarded_entries, register_pseudonymiser
        from contest.services.setup import register_edition_copier, register_fallback_refresher

        from .rules import (
            JUROR_PERMISSIONS,
            is_current_winner_video,
            is_winner_poster,
            judges_material,
            judges_video,
        )
        from .selectors.juror import organisations_requiring_two_factor
        from .services import bulk_messages, data_export, messages
        from .services.editions import copy_judging
        from .services.entry_rounds import entry_status_changed as entry_rounds_follow
        from .services.erasure import HANDLES, forget_juror, refuse_if_awarded
        from .services.results import entry_status_changed
        from .services.retention import awarded_entry_ids, pseudonymise_judging
        from .services.texts import refresh_fallbacks

        grant_preview_access("judging.assigned_juror", judges_video)
        grant_poster_access("judging.published_winner", is_current_winner_video)
        grant_material_access("judging.assigned_juror", judges_material)
        grant_material_access("judging.published_winner_poster", is_winner_poster)
        register_eraser(name="judging.jury", refuse=refuse_if_awarded, forget=forget_juror,
                        handles=HANDLES)
        register_edition_copier("judging.awards_rounds_jury", copy_judging)
        data_export.register()
        register_awarded_entries("judging.awards", awarded_entry_ids)
        register_pseudonymiser("judging.notices_conflicts", pseudonymise_judging)
        register_juror_organisations("judging.juror_seats", organisations_requiring_two_factor,
                                     perms=JUROR_PERMISSIONS)
        register_fallback_refresher("judging.criteria_awards", refresh_fallbacks)
        register_status_listener("judging.results", entry_status_changed)
        register_status_listener("judging.round_entries", entry_rounds_follow)
        messages.register()
        bulk_messages.register()
