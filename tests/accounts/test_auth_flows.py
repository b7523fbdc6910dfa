import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.enums import Role
from accounts.landing import landing_url
from accounts.models import User
from accounts.services import add_role

PASSWORD = "correct horse battery staple"


def _link(message, pattern: str) -> str:
    match = re.search(r"https?://testserver(" + pattern + r")", message.body)
    assert match, message.body
    return match.group(1)


def _signup_data(**overrides):
    data = {
        "email": "new@example.org",
        "password1": "a very long passphrase 42",
        "password2": "a very long passphrase 42",
        "name_native": "عمر الفاروق",
        "name_latin": "Omar al-Farouq",
        "country": "EG",
        "language": "ar",
        "time_zone": "Africa/Cairo",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_sends_confirmation_and_link_logs_in(client):
    response = client.post(reverse("account_signup"), _signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.org")
    assert (user.name_native, user.name_latin, user.country.code) == (
        "عمر الفاروق", "Omar al-Farouq", "EG")
    assert (user.language, user.time_zone) == ("ar", "Africa/Cairo")
    assert user.has_role(Role.ENTRANT)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    # The e-mail is written in the language the person chose, not the page's.
    assert "أكد عنوان البريد الإلكتروني" in mail.outbox[0].subject

    confirm_url = _link(mail.outbox[0], r"/accounts/confirm-email/[^/\s]+/")
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.org").verified is True
    assert client.get(reverse("contest:dashboard")).status_code == 200


@pytest.mark.django_db
def test_signup_unverified_user_cannot_log_in(client):
    client.post(reverse("account_signup"), _signup_data(language="en"))
    client.logout()
    mail.outbox.clear()

    response = client.post(
        reverse("account_login"),
        {"login": "new@example.org", "password": "a very long passphrase 42"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert client.get(reverse("contest:dashboard")).status_code == 302


@pytest.mark.django_db
def test_signup_missing_names_shows_field_errors(client):
    response = client.post(
        reverse("account_signup"), _signup_data(name_native="", country="XX"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(form.errors) == ["country", "name_native"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
def test_login_and_logout_round_trip(client, entrant):
    response = client.post(reverse("account_login"), {"login": entrant.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("contest:dashboard")

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert client.get(reverse("contest:dashboard")).status_code == 302


@pytest.mark.django_db
def test_password_reset_sets_new_password(client, entrant):
    response = client.post(reverse("account_reset_password"), {"email": entrant.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1

    key_url = _link(mail.outbox[0], r"/accounts/password/reset/key/[^/\s]+/")
    response = client.get(key_url)
    assert response.status_code == 302
    set_url = response["Location"]
    response = client.post(
        set_url, {"password1": "brand new secret 2026", "password2": "brand new secret 2026"}
    )

    assert response.status_code == 302
    entrant.refresh_from_db()
    assert entrant.check_password("brand new secret 2026")


@pytest.mark.django_db
def test_password_reset_mail_uses_recipient_language(client, entrant):
    entrant.language = "fr"
    entrant.save()

    client.post(reverse("account_reset_password"), {"email": entrant.email})

    assert mail.outbox[0].subject == "[testserver] E-mail de réinitialisation de mot de passe"


@pytest.mark.django_db
def test_change_email_takes_effect_after_confirmation(client, entrant):
    client.force_login(entrant)

    response = client.post(
        reverse("account_email"), {"email": "moved@example.org", "action_add": ""}
    )

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["moved@example.org"]
    confirm_url = _link(mail.outbox[-1], r"/accounts/confirm-email/[^/\s]+/")
    client.post(confirm_url)
    entrant.refresh_from_db()
    assert entrant.email == "moved@example.org"
    assert list(EmailAddress.objects.filter(user=entrant).values_list("email", flat=True)) == [
        "moved@example.org"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password", "account_email",
     "account_change_password", "accounts:profile", "accounts:delete"],
)
def test_account_pages_use_site_layout(client, entrant, name):
    client.force_login(entrant)
    if name in ("account_login", "account_signup", "account_reset_password"):
        client.logout()

    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "<script>" not in html
    assert " style=" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "landing"),
    [("entrant", "contest:dashboard"), ("juror_user", "judging:home"),
     ("organiser", "contest:organiser_home")],
)
def test_signing_in_lands_in_the_area_of_ones_role(client, request, person, landing):
    user = request.getfixturevalue(person)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse(landing)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_an_organiser_who_also_judges_lands_as_organiser_and_next_still_wins(client, organiser):
    add_role(user=organiser, role=Role.JUROR)
    assert landing_url(organiser) == reverse("contest:organiser_home")

    response = client.post(reverse("account_login") + "?next=/judging/",
                           {"login": organiser.email, "password": PASSWORD})

    assert response["Location"] == "/judging/"
