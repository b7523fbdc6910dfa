"""PostgreSQL restarts under the web processes: clean 503s, then recovery without restarting."""

import time

import pytest
import requests

pytestmark = pytest.mark.slow


def _get(url, language="en"):
    response = requests.get(url, headers={"Accept-Language": language}, timeout=30)
    return response.status_code, response.text


def test_pages_answer_503_while_database_is_down_and_recover_alone(stack):
    web, base = stack.web(workers=1, threads=4)
    assert _get(base + "/")[0] == 200

    stack.postgres.stop("fast")
    try:
        down = [_get(base + "/", "fr") for _ in range(5)]
        api_down = _get(base + "/api/v1/", "fr")
    finally:
        stack.postgres.start()

    assert {status for status, _body in down} == {503}
    assert all("Traceback" not in body and 'lang="fr"' in body for _status, body in down)
    assert api_down[0] in {200, 503}
    # The kept connection is checked before reuse: the first request after the restart works.
    time.sleep(0.5)
    assert _get(base + "/")[0] == 200
    assert web.poll() is None
