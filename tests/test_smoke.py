import pytest


@pytest.mark.django_db
def test_home_page_renders_for_anonymous_visitor(client, contest):
    response = client.get("/")
    assert response.status_code == 200
    assert contest.name in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_is_translated_404_without_trace(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert b"Traceback" not in response.content
