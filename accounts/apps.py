from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.signals import password_changed, password_reset, password_set

        from .services import grant_organiser_permissions
        from .tokens import revoke_on_password_change

        # Fires after auth's own handler for each app, so new models' permissions exist already.
        post_migrate.connect(
            grant_organiser_permissions, dispatch_uid="grant_organiser_permissions"
        )
        # A new password cuts every API token too, as it cuts web sessions.
        for signal in (password_changed, password_reset, password_set):
            signal.connect(revoke_on_password_change, dispatch_uid="revoke_api_tokens")
