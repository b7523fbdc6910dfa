"""Warming the application before gunicorn forks: everything loaded, nothing connected."""

from django.utils import translation
from django.utils.translation import trans_real

from config.warmup import warm_up

from .gunicorn_settings import gunicorn_settings


def test_warm_up_loads_views_and_catalogs_without_touching_the_database(settings):
    # No django_db mark: pytest-django fails this test if the warm-up opens a connection.
    trans_real._translations.clear()

    warm_up()

    assert {code for code, _name in settings.LANGUAGES} <= set(trans_real._translations)
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_gunicorn_preloads_and_warms_the_application():
    namespace = gunicorn_settings()

    assert namespace["preload_app"] is True
    assert callable(namespace["when_ready"])
