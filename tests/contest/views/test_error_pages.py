import pytest

MESSAGES = {
    400: "The request could not be understood.",
    403: "You are not allowed to do this.",
    404: "This page does not exist, or you may not see it.",
    500: "Something went wrong on our side.",
}


@pytest.fixture
def failing_client(client, settings):
    settings.ROOT_URLCONF = "tests.contest.views.error_urls"
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_error_pages_are_friendly_and_hide_details(failing_client, status):
    path = "/no-such-page/" if status == 404 else f"/fail/{status}/"

    response = failing_client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == status
    assert MESSAGES[status] in html
    assert 'class="site-header"' in html
    assert "Traceback" not in html and "secret internal detail" not in html


@pytest.mark.django_db
def test_error_page_is_right_to_left_in_arabic(failing_client):
    response = failing_client.get("/fail/500/", HTTP_ACCEPT_LANGUAGE="ar")

    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
