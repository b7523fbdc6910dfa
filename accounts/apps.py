from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.signals import password_changed, password_reset, password_set
        from allauth.mfa.signals import authenticator_added

        from core.permissions import register_access_gate

        # The data export's services queue its tasks by name: they must be registered in
        # every process, not only in workers that discover them.
        from . import (
            own_messages,
            tasks,  # noqa: F401
        )
        from .data_export import exporters
        from .data_export.services import forget_data_exports
        from .erasure import register_eraser
        from .own_erasure import HANDLES, forget_member, refuse_if_last_owner
        from .tokens import revoke_on_password_change, revoke_on_second_factor
        from .two_factor import second_factor_refusal

        # A new password cuts every API token too, as it cuts web sessions.
        for signal in (password_changed, password_reset, password_set):
            signal.connect(revoke_on_password_change, dispatch_uid="revoke_api_tokens")
        register_eraser(name="accounts.teams", refuse=refuse_if_last_owner, forget=forget_member,
                        handles=HANDLES)
        exporters.register()
        register_eraser(name="accounts.data_exports", forget=forget_data_exports,
                        handles={"accounts.DataExport.user": "deleted, with its file"})
        # Tokens issued on the password alone end once the person has a second factor.
        authenticator_added.connect(revoke_on_second_factor, dispatch_uid="revoke_api_tokens_mfa")
        register_access_gate("accounts.second_factor", second_factor_refusal)
        own_messages.register()
