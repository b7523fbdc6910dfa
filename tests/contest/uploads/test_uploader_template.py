"""The uploader partial: what the script needs is in data attributes, nothing inline."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from contest.models import Video

pytestmark = pytest.mark.django_db


def _render(entry, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("contest/_uploader.html", {"entry": entry, **context},
                            request=request)


def test_uploader_partial_configures_tus(entry, entrant):
    html = _render(entry, entrant)
    assert 'data-mode="tus"' in html
    assert 'data-endpoint="/uploads/tus/"' in html
    assert f'data-entry="{entry.pk}"' in html
    assert 'accept=".mp4,.mov,.webm"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert re.findall(r"\sstyle\s*=", html) == []


def test_file_button_is_the_pages_own_and_says_whether_a_film_is_replaced(entry, entrant):
    with translation.override("ja"):
        first = _render(entry, entrant)
        again = _render(entry, entrant, video=Video(entry=entry))
    # The native button would speak the browser's language: it is hidden behind a label.
    assert re.search(r'<input type="file"[^>]*class="visually-hidden"', first)
    assert "作品ファイルを選択</label>" in first
    assert "新しい作品ファイルを選択</label>" in again
    assert "ファイルはまだ選択されていません。" in first


@pytest.mark.integration
def test_uploader_partial_switches_to_s3(entry, entrant, s3_bucket):
    assert 'data-mode="s3"' in _render(entry, entrant)


def test_uploader_scripts_are_static_files():
    assert finders.find("vendor/tus-js-client/tus.min.js")
    assert finders.find("js/uploader.js")


def test_content_security_policy_admits_the_bucket_when_s3_is_configured(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.CSP_POLICY)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "MARQUEE_S3_BUCKET": "films", "MARQUEE_S3_ENDPOINT_URL": "https://s3.example.net:9000/x",
           "MARQUEE_VAR_DIR": str(tmp_path)}
    policy = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR,
                            capture_output=True, text=True, check=True, timeout=120).stdout
    for directive in ("connect-src 'self' https://s3.example.net:9000",
                      "media-src 'self' https://s3.example.net:9000",
                      "img-src 'self' https://s3.example.net:9000"):
        assert directive in policy
