"""Every page carries the security headers, and no page needs inline script or style."""

import re
import subprocess
import sys

import pytest
from django.conf import settings

from .urlwalk import plain_page_paths

# Routes that answer a GET with something other than a page of ours.
NOT_PAGES = ("/i18n/setlang/", "/jsi18n/", "/admin/jsi18n/", "/admin/autocomplete/")
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _visit_every_page(client):
    for path in plain_page_paths(skip_prefixes=NOT_PAGES):
        yield path, client.get(path, HTTP_ACCEPT_LANGUAGE="en")


def _assert_security_headers(path, response):
    assert response.status_code < 500, path
    assert response["X-Frame-Options"] == "DENY", path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "same-origin", path
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp, path
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
    assert "frame-ancestors 'none'" in csp, path


def _assert_no_inline_code(path, response):
    if not response["Content-Type"].startswith("text/html"):
        return
    html = response.content.decode()
    assert INLINE_SCRIPT.findall(html) == [], path
    assert EVENT_HANDLER.findall(html) == [], path
    assert JS_URL.findall(html) == [], path
    if not path.startswith("/admin/"):
        # Django's own admin sets a few style attributes; our templates set none.
        assert INLINE_STYLE.findall(html) == [], path


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "entrant", "juror_user", "organiser"])
def test_every_page_sends_security_headers_and_no_inline_code(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    visited = 0
    for path, response in _visit_every_page(client):
        _assert_security_headers(path, response)
        _assert_no_inline_code(path, response)
        visited += 1
    assert visited >= 10


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<div style="color:red">',
        "<style>p{}</style>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">',
    ],
)
def test_inline_code_detector_finds_each_kind(html):
    found = [p.findall(html) for p in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JS_URL)]
    assert any(found)


def test_inline_code_detector_accepts_external_script_and_json_data():
    html = (
        '<script src="/static/js/a.js" defer></script>'
        '<script type="application/json">{}</script>'
    )
    found = [p.findall(html) for p in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JS_URL)]
    assert found == [[], [], [], []]


@pytest.mark.django_db
def test_error_pages_send_security_headers(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    _assert_security_headers("/no-such-page/", response)


def test_deploy_check_is_clean_with_production_environment(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x7Gq2vLp9sWm4Rz8Tb1Nc6Yh3Kd5Jf0Ae" * 2,
        "DJANGO_ALLOWED_HOSTS": "marquee.example.org",
        "DATABASE_URL": "postgres://marquee@db.internal:5432/marquee",
        "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
        "MARQUEE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_secure_cookies_and_hsts(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k" * 60,
        "MARQUEE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"], result.stderr


@pytest.mark.django_db
def test_api_docs_load_swagger_ui_from_our_own_static_files(client):
    html = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert sources and all(source.startswith("/") for source in sources), sources
    assert any("swagger-ui-bundle" in source for source in sources)
    assert INLINE_SCRIPT.findall(html) == [] and INLINE_STYLE.findall(html) == []
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
