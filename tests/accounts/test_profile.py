import pytest
from django.urls import reverse

NAMES = [
    "曹一哲", "Zoë Ødegård", "Мария Иванова", "محمد عبد الله", "김민지", "😀 Kim 🎬", "<b>bold</b>",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_profile_name_round_trips_unchanged(client, entrant, name):
    client.force_login(entrant)

    response = client.post(reverse("accounts:profile"), {
        "name_native": name, "name_latin": "Latin", "country": "KR", "language": "ko",
        "time_zone": "Asia/Seoul", "organisation": "", "website": "example.org",
    })

    assert response.status_code == 302
    entrant.refresh_from_db()
    assert (entrant.name_native, entrant.website) == (name, "https://example.org")


@pytest.mark.django_db
def test_profile_markup_in_name_is_shown_as_text(client, entrant):
    entrant.name_native = "<b>bold</b> 😀"
    entrant.save()
    client.force_login(entrant)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "&lt;b&gt;bold&lt;/b&gt; 😀" in page
    assert "<b>bold</b>" not in page


@pytest.mark.django_db
def test_profile_unknown_country_and_time_zone_rejected(client, entrant):
    client.force_login(entrant)

    response = client.post(reverse("accounts:profile"), {
        "name_native": "A", "country": "QQ", "language": "xx", "time_zone": "Mars/Base",
    })

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["country", "language", "time_zone"]
