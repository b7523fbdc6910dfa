"""Warming the application before gunicorn forks: everything loaded, nothing connected."""

from django.utils import translation
from django.utils.translation import trans_real

from config.warmup import warm_up


def test_warm_up_loads_views_and_catalogs_without_touching_the_database(settings):
    # No django_db mark: pytest-django fails this test if the warm-up opens a connection.
    trans_real._translations.clear()

    warm_up()

    assert {code for code, _name in settings.LANGUAGES} <= set(trans_real._translations)
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_gunicorn_preloads_and_warms_the_application():
    from pathlib import Path

    namespace: dict = {}
    source = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"
    exec(compile(source.read_text(), str(source), "exec"), namespace)  # noqa: S102

    assert namespace["preload_app"] is True
    assert callable(namespace["when_ready"])
