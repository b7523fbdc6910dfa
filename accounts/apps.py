from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .services import grant_organiser_permissions

        # Fires after auth's own handler for each app, so new models' permissions exist already.
        post_migrate.connect(
            grant_organiser_permissions, dispatch_uid="grant_organiser_permissions"
        )
