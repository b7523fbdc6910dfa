from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: errors, the audit log, shared widgets and HTTP helpers.

    Every app may import core; core imports no other app of Marquee.
    """

    name = "core"
    verbose_name = _("Core")
