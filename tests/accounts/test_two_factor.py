"""Organisations requiring two-factor authentication of their team and jurors, and allauth's
second factors at log-in and for API tokens."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.signals import authenticator_added
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import teams
from accounts.enums import OrgRole, Role
from accounts.services import add_role
from core.models import AuditEvent
from tests.factories import ContestFactory, EntryFactory, MembershipFactory, OrganisationFactory
from tests.judging.factories import JurorFactory

PASSWORD = "correct horse battery staple"
SET_UP = reverse("mfa_index")


@pytest.fixture(autouse=True)
def _totp_window(settings):
    # A code computed just before a 30-second step ends stays good for the next step.
    settings.MFA_TOTP_TOLERANCE = 1


def with_totp(user) -> str:
    """Give ``user`` an authenticator app through allauth's own model; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def member(organisation, role=OrgRole.MANAGER):
    return MembershipFactory(organisation=organisation, role=role).user


@pytest.fixture
def strict_org(db):
    return OrganisationFactory(two_factor_for_team=True, two_factor_for_jurors=True)


@pytest.fixture
def strict_contest(strict_org):
    return ContestFactory(organisation=strict_org)


def settings_url(contest) -> str:
    return reverse("contest:contest_settings", kwargs={"slug": contest.slug})


def api_settings_url(contest) -> str:
    return reverse("api:contest-settings", kwargs={"slug": contest.slug})


@pytest.mark.parametrize("role", list(OrgRole))
def test_member_without_a_second_factor_is_sent_to_set_one_up(client, strict_org, role):
    person = member(strict_org, role)
    client.force_login(person)

    response = client.get(reverse("accounts:team", kwargs={"org_slug": strict_org.slug}))

    assert (response.status_code, response["Location"]) == (302, SET_UP)
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert strict_org.name in message
    assert "two-factor" in message


def test_the_set_up_page_opens_with_the_explanation_in_the_persons_language(client,
                                                                          strict_contest):
    person = member(strict_contest.organisation)
    person.language = "fr"
    person.save()
    client.force_login(person)

    response = client.get(settings_url(strict_contest), follow=True)

    assert response.redirect_chain == [(SET_UP, 302)]
    page = response.content.decode()
    assert "Authentification à deux facteurs" in page  # allauth's own page, in French
    assert f'class="message message-warning">{strict_contest.organisation.name}' in page


def test_member_with_an_authenticator_app_is_let_in(client, strict_contest):
    person = member(strict_contest.organisation)
    with_totp(person)
    client.force_login(person)

    assert client.get(settings_url(strict_contest)).status_code == 200


def test_session_api_answers_403_with_a_clear_message(client, strict_contest):
    client.force_login(member(strict_contest.organisation))

    response = client.get(api_settings_url(strict_contest))

    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "second_factor_required"
    assert strict_contest.organisation.name in body["message"]


def test_token_api_is_held_to_the_same_requirement(strict_contest):
    person = member(strict_contest.organisation)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person).key}")

    refused = api.get(api_settings_url(strict_contest))
    with_totp(person)
    allowed = api.get(api_settings_url(strict_contest))

    assert (refused.status_code, refused.json()["code"]) == (403, "second_factor_required")
    assert allowed.status_code == 200


def test_member_of_an_organisation_without_the_requirement_is_not_bothered(client, db):
    contest = ContestFactory(organisation=OrganisationFactory())
    client.force_login(member(contest.organisation))

    assert client.get(settings_url(contest)).status_code == 200
    assert client.get(api_settings_url(contest)).status_code == 200


def test_the_requirement_covers_only_the_organisation_that_set_it(client, strict_contest):
    relaxed = ContestFactory(organisation=OrganisationFactory())
    person = member(strict_contest.organisation)
    MembershipFactory(organisation=relaxed.organisation, user=person, role=OrgRole.MANAGER)
    client.force_login(person)

    assert client.get(settings_url(relaxed)).status_code == 200
    assert client.get(settings_url(strict_contest)).status_code == 302


def test_an_entrant_on_their_own_entry_is_not_held_to_the_team_requirement(client,
                                                                           strict_contest):
    entry = EntryFactory(contest=strict_contest)
    MembershipFactory(organisation=strict_contest.organisation, user=entry.entrant,
                      role=OrgRole.VIEWER)
    client.force_login(entry.entrant)

    response = client.get(reverse("contest:entry_detail", kwargs={"pk": entry.pk}))

    assert response.status_code == 200


@pytest.fixture
def strict_juror(strict_contest):
    seat = JurorFactory(contest=strict_contest)
    add_role(user=seat.user, role=Role.JUROR)
    return seat.user


def test_juror_without_a_second_factor_is_sent_to_set_one_up(client, strict_juror):
    client.force_login(strict_juror)

    response = client.get(reverse("judging:home"))

    assert (response.status_code, response["Location"]) == (302, SET_UP)


def test_juror_api_answers_403_without_a_second_factor(strict_juror):
    api = APIClient()
    api.force_authenticate(strict_juror)

    response = api.get(reverse("api:juror-assignment-list"))

    assert (response.status_code, response.json()["code"]) == (403, "second_factor_required")


def test_juror_with_an_authenticator_app_judges(client, strict_juror):
    with_totp(strict_juror)
    client.force_login(strict_juror)

    assert client.get(reverse("judging:home")).status_code == 200


def test_juror_of_an_organisation_without_the_requirement_is_not_bothered(client, db):
    relaxed = OrganisationFactory(two_factor_for_team=True)  # the team's only
    seat = JurorFactory(contest=ContestFactory(organisation=relaxed))
    add_role(user=seat.user, role=Role.JUROR)
    client.force_login(seat.user)

    assert client.get(reverse("judging:home")).status_code == 200


def test_a_passkey_counts_as_a_second_factor(client, strict_contest):
    person = member(strict_contest.organisation)
    # The stored shape of a passkey is allauth's business; the gate only asks for its type.
    Authenticator.objects.create(user=person, type=Authenticator.Type.WEBAUTHN, data={})
    client.force_login(person)

    assert client.get(settings_url(strict_contest)).status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor(client, strict_contest):
    person = member(strict_contest.organisation)
    RecoveryCodes.activate(person)
    client.force_login(person)

    assert client.get(settings_url(strict_contest)).status_code == 302


# The organisation's setting.

def test_owner_requires_it_on_the_settings_page_audited(client, db):
    organisation = OrganisationFactory()
    owner = member(organisation, OrgRole.OWNER)
    with_totp(owner)
    client.force_login(owner)

    response = client.post(
        reverse("accounts:organisation_settings", kwargs={"org_slug": organisation.slug}),
        {"name": organisation.name, "default_language": "en", "time_zone": "UTC",
         "website": "", "purge_after_days": 90, "anonymise_after_years": 5,
         "films_kept": "awarded", "two_factor_for_team": "on", "two_factor_for_jurors": "on"})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.two_factor_for_team, organisation.two_factor_for_jurors) == (True, True)
    row = AuditEvent.objects.filter(action="organisation.updated").latest("pk")
    assert row.actor == owner
    assert (row.before["two_factor_for_team"], row.after["two_factor_for_team"]) == (False, True)
    assert (row.before["two_factor_for_jurors"], row.after["two_factor_for_jurors"]) == (
        False, True)


def test_owner_requires_it_over_the_api(db):
    organisation = OrganisationFactory()
    owner = member(organisation, OrgRole.OWNER)
    with_totp(owner)
    api = APIClient()
    api.force_authenticate(owner)

    response = api.patch(reverse("api:organisation-detail",
                                 kwargs={"org_slug": organisation.slug}),
                         {"two_factor_for_jurors": True}, format="json")

    assert (response.status_code, response.json()["two_factor_for_jurors"]) == (200, True)
    row = AuditEvent.objects.filter(action="organisation.updated").latest("pk")
    assert row.after == {"two_factor_for_jurors": True}


@pytest.mark.parametrize("role", [OrgRole.MANAGER, OrgRole.COORDINATOR, OrgRole.VIEWER])
def test_only_owners_change_it(client, role, db):
    organisation = OrganisationFactory()
    person = member(organisation, role)
    with_totp(person)
    client.force_login(person)
    api = APIClient()
    api.force_authenticate(person)

    page = client.post(
        reverse("accounts:organisation_settings", kwargs={"org_slug": organisation.slug}),
        {"name": organisation.name, "default_language": "en", "time_zone": "UTC",
         "two_factor_for_team": "on"})
    endpoint = api.patch(reverse("api:organisation-detail",
                                 kwargs={"org_slug": organisation.slug}),
                         {"two_factor_for_team": True}, format="json")

    assert (page.status_code, endpoint.status_code) == (403, 403)
    organisation.refresh_from_db()
    assert organisation.two_factor_for_team is False
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_an_owner_without_a_second_factor_cannot_lock_the_team_out(db):
    organisation = OrganisationFactory()
    owner = member(organisation, OrgRole.OWNER)

    with pytest.raises(teams.ContestError) as refused:
        teams.update_organisation(organisation=organisation, by=owner, two_factor_for_team=True)

    assert refused.value.code == "second_factor_required"
    organisation.refresh_from_db()
    assert organisation.two_factor_for_team is False


# Log-in, recovery codes and API tokens.

def _log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_log_in_asks_for_the_code_of_the_authenticator_app(client, db):
    person = member(OrganisationFactory())
    secret = with_totp(person)

    first = _log_in(client, person)
    assert first["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"
                                                      if totp_code(secret) != "000000"
                                                      else "111111"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 200
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_recovery_code_logs_in_once(client, db):
    person = member(OrganisationFactory())
    with_totp(person)
    code = RecoveryCodes.activate(person).generate_codes()[0]

    _log_in(client, person)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(person.pk)

    client.logout()
    _log_in(client, person)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session


def _ask_token(person, **extra):
    return APIClient().post("/api/v1/auth/token/",
                            {"email": person.email, "password": PASSWORD, **extra},
                            format="json")


def test_a_token_needs_the_code_once_there_is_a_second_factor(db):
    person = member(OrganisationFactory())
    secret = with_totp(person)

    without = _ask_token(person)
    wrong = _ask_token(person, code="12345678")
    right = _ask_token(person, code=totp_code(secret))

    assert (without.status_code, without.json()["code"]) == (400, "second_factor_code_required")
    assert (wrong.status_code, wrong.json()["code"]) == (400, "invalid_code")
    assert right.status_code == 200
    assert right.json()["token"] == Token.objects.get(user=person).key


def test_a_recovery_code_also_gives_a_token(db):
    person = member(OrganisationFactory())
    with_totp(person)
    code = RecoveryCodes.activate(person).generate_codes()[3]

    assert _ask_token(person, code=code).status_code == 200
    assert _ask_token(person, code=code).status_code == 400


def test_adding_a_second_factor_ends_the_tokens_issued_on_the_password(db):
    person = member(OrganisationFactory())
    Token.objects.create(user=person)
    secret = generate_totp_secret()
    authenticator = TOTP.activate(person, secret).instance

    authenticator_added.send(sender=Authenticator, request=None, user=person,
                             authenticator=authenticator)

    assert not Token.objects.filter(user=person).exists()


def test_the_two_factor_page_sits_in_the_account_settings(client, db):
    person = member(OrganisationFactory())
    client.force_login(person)

    response = client.get(SET_UP)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{SET_UP}" aria-current="page"' in page
    assert 'class="subnav"' in page


def test_an_authenticator_app_is_set_up_through_allauths_pages(client, db):
    person = member(OrganisationFactory())
    _log_in(client, person)
    # allauth asks for the password again before a second factor is added.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()  # the QR code, no inline script
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


def test_a_films_original_waits_for_the_teams_second_factor_too(client, strict_contest):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tests.factories import VideoFactory

    name = default_storage.save("videos/test/film.bin", ContentFile(b"not really a film"))
    video = VideoFactory(entry=EntryFactory(contest=strict_contest), file=name)
    person = member(strict_contest.organisation)
    url = reverse("contest:video-original", kwargs={"video_id": video.pk})

    client.force_login(person)
    refused = client.get(url)
    with_totp(person)
    allowed = client.get(url)
    client.force_login(video.entry.entrant)
    own = client.get(url)

    bodies = [b"".join(response.streaming_content) for response in (allowed, own)]
    for response in (allowed, own):
        response.close()

    assert (refused.status_code, allowed.status_code, own.status_code) == (403, 200, 200)
    assert bodies == [b"not really a film"] * 2


def test_the_log_in_page_offers_a_passkey(client, db):
    page = client.get(reverse("account_login")).content.decode()

    assert 'id="passkey_login"' in page
    assert f'action="{reverse("mfa_login_webauthn")}"' in page
    assert "<script>" not in page  # allauth's scripts are files; their data is JSON


def test_a_persons_passkeys_are_theirs_only(client, db):
    owner = member(OrganisationFactory())
    passkey = Authenticator.objects.create(user=owner, type=Authenticator.Type.WEBAUTHN,
                                           data={"name": "Laptop"})
    other = member(OrganisationFactory())
    _log_in(client, other)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    edit = client.get(reverse("mfa_edit_webauthn", kwargs={"pk": passkey.pk}))
    remove = client.post(reverse("mfa_remove_webauthn", kwargs={"pk": passkey.pk}))

    assert (edit.status_code, remove.status_code) == (404, 404)
    assert Authenticator.objects.filter(pk=passkey.pk).exists()


def test_a_member_without_a_second_factor_may_still_leave_the_team(client, strict_org):
    person = member(strict_org, OrgRole.VIEWER)
    client.force_login(person)

    listing = client.get(reverse("accounts:organisations")).content.decode()
    leave = reverse("accounts:team_leave", kwargs={"org_slug": strict_org.slug})
    response = client.post(leave)

    assert leave in listing  # offered where the team's own pages are out of reach
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisations")
    assert not strict_org.memberships.filter(user=person).exists()

