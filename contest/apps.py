from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Contests")

    def ready(self) -> None:
        from accounts.erasure import register_eraser
        from accounts.two_factor import register_organisation_of

        from . import checks  # noqa: F401 -- registers the system checks
        from .rules import organisation_id_of
        from .services import data_export, messages
        from .services.erasure import HANDLES, forget_entrant
        from .services.questions import copy_questions, refresh_fallbacks
        from .services.retention import register_pseudonymiser
        from .services.setup import register_edition_copier, register_fallback_refresher

        register_eraser(name="contest.entries", forget=forget_entrant, handles=HANDLES)
        data_export.register()
        messages.register()
        # Anonymised entrants' messages go: their addresses must not outlive their names.
        register_pseudonymiser("core.outbox", messages.forget_anonymised)
        # Questions travel with an edition like judging's parts, through the same hooks.
        register_edition_copier("contest.questions", copy_questions)
        register_fallback_refresher("contest.questions", refresh_fallbacks)
        # The two-factor requirement of an organisation covers its contests and their parts.
        register_organisation_of("contest.contest_of", organisation_id_of,
                                 exempt_perms=("contest.own_entry",))
