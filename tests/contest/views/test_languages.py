import pytest
from django.conf import settings
from django.urls import reverse

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def test_nine_languages_are_offered():
    assert LANGUAGE_CODES == ["en", "zh-hans", "ja", "ko", "ru", "tr", "es", "fr", "ar"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_contest_page_renders_in_each_language(client, open_contest, language):
    response = client.get(reverse("contest:contest_detail", args=[open_contest.slug]),
                          HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html


@pytest.mark.django_db
def test_signed_in_user_sees_their_own_language(client, entrant):
    entrant.language = "ar"
    entrant.save()
    client.force_login(entrant)

    html = client.get(reverse("contest:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.django_db
def test_language_switcher_choice_wins(client, entrant):
    client.force_login(entrant)

    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    html = client.get(reverse("contest:dashboard")).content.decode()

    assert '<html lang="ja" dir="ltr">' in html
