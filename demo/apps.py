from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo contests (``manage.py load_demo``): the top floor, never imported by the others."""

    name = "demo"
    verbose_name = _("Demo")
