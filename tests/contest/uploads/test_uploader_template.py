"""The uploader partial: what the script needs is in data attributes, nothing inline."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def _render(entry, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("contest/_uploader.html", {"entry": entry}, request=request)


def test_uploader_partial_configures_tus(entry, entrant):
    html = _render(entry, entrant)
    assert 'data-mode="tus"' in html
    assert 'data-endpoint="/uploads/tus/"' in html
    assert f'data-entry="{entry.pk}"' in html
    assert 'accept=".mp4,.mov,.webm"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert re.findall(r"\sstyle\s*=", html) == []


@pytest.mark.integration
def test_uploader_partial_switches_to_s3(entry, entrant, s3_bucket):
    assert 'data-mode="s3"' in _render(entry, entrant)


def test_uploader_scripts_are_static_files():
    assert finders.find("vendor/tus-js-client/tus.min.js")
    assert finders.find("js/uploader.js")
