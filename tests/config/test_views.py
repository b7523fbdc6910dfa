import json

import pytest
from django.db import OperationalError, ProgrammingError
from django.test import RequestFactory
from django.utils import translation

from config.views import server_error


def _fail_with(exc, path, language="en"):
    request = RequestFactory().get(path)
    with translation.override(language):
        try:
            raise exc
        except Exception:
            return server_error(request)


def test_server_error_for_unreachable_database_is_translated_503_page():
    response = _fail_with(OperationalError("connection refused"), "/dashboard/", "fr")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert "connection refused" not in html
    assert "Traceback" not in html


def test_server_error_for_unreachable_database_is_json_503_for_the_api():
    response = _fail_with(OperationalError("server closed the connection"), "/api/v1/entries/")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "code": "unavailable",
        "message": "Marquee is briefly unavailable. Please try again in a minute.",
        "fields": {},
    }


@pytest.mark.django_db
def test_server_error_for_a_programming_error_stays_a_500():
    response = _fail_with(ProgrammingError("no such column"), "/")

    assert response.status_code == 500
    assert b"no such column" not in response.content
