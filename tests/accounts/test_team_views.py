"""Team pages: who sees them, who manages, and joining through the emailed link."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import teams
from accounts.enums import OrgRole
from accounts.models import Membership, Organisation
from core.models import AuditEvent
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    organisation = OrganisationFactory()
    roles = {role: MembershipFactory(organisation=organisation, role=role).user
             for role in OrgRole}
    return organisation, roles


def _url(organisation, name="accounts:team", **kwargs):
    return reverse(name, kwargs={"org_slug": organisation.slug, **kwargs})


def test_team_page_is_for_members_only(client, team):
    organisation, roles = team
    assert client.get(_url(organisation)).status_code == 302  # anonymous: log in first
    client.force_login(UserFactory())
    assert client.get(_url(organisation)).status_code == 403
    client.force_login(roles[OrgRole.VIEWER])
    page = client.get(_url(organisation))
    assert page.status_code == 200
    assert "Send the invitation" not in page.content.decode()
    assert client.get(_url(OrganisationFactory())).status_code == 403
    assert client.get(reverse("accounts:team", kwargs={"org_slug": "nope"})).status_code == 404


def test_owner_invites_from_the_page_and_the_invitee_joins_through_the_link(
        client, team, django_capture_on_commit_callbacks):
    organisation, roles = team
    client.force_login(roles[OrgRole.OWNER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(organisation), {"email": "new@example.org",
                                                    "role": OrgRole.MANAGER})
    assert response.status_code == 302
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]

    client.logout()
    response = client.post("/" + path, {"name_native": "新人", "name_latin": "Shinjin",
                                        "password1": "a long enough passphrase",
                                        "password2": "a long enough passphrase"})

    assert response.status_code == 302
    assert Membership.objects.get(user__email="new@example.org").role == "manager"


@pytest.mark.parametrize("role", [OrgRole.MANAGER, OrgRole.COORDINATOR, OrgRole.VIEWER])
def test_only_owners_manage_the_team(client, team, role):
    organisation, roles = team
    target = Membership.objects.get(organisation=organisation, role=OrgRole.VIEWER)
    client.force_login(roles[role])

    response = client.post(_url(organisation, "accounts:team_member",
                                membership_id=target.pk, action="remove"))

    assert response.status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


def test_last_owner_leaving_is_refused_with_a_message(client, team):
    organisation, roles = team
    client.force_login(roles[OrgRole.OWNER])

    response = client.post(_url(organisation, "accounts:team_leave"), follow=True)

    assert "at least one owner" in response.content.decode()
    assert Membership.objects.filter(user=roles[OrgRole.OWNER]).exists()


def test_member_of_another_organisation_cannot_touch_this_ones_invitations(client, team):
    organisation, roles = team
    invitation = teams.invite_member(organisation=organisation, email="x@example.org",
                                     role=OrgRole.VIEWER, by=roles[OrgRole.OWNER])
    stranger_org = OrganisationFactory()
    stranger = MembershipFactory(organisation=stranger_org, role=OrgRole.OWNER).user
    client.force_login(stranger)

    response = client.post(_url(stranger_org, "accounts:team_invitation_action",
                                invitation_id=invitation.pk, action="revoke"))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_invalid_invitation_link_says_so(client):
    response = client.get(reverse("accounts:team_invitation", kwargs={"token": "forged"}))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_creating_an_organisation_from_the_page(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("accounts:organisations"), {
        "name": "Festival <b>du film</b>", "slug": "festival", "default_language": "fr",
        "time_zone": "Europe/Paris", "website": ""})

    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="festival")
    assert organisation.memberships.get().user == user


@pytest.mark.parametrize("members", [1, 8])
def test_team_page_query_count_is_constant(client, members, django_assert_num_queries):
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role=OrgRole.OWNER).user
    for _ in range(members):
        MembershipFactory(organisation=organisation, role=OrgRole.VIEWER)
        teams.invite_member(organisation=organisation, email=f"{_}@example.org",
                            role=OrgRole.VIEWER, by=owner)
    client.force_login(owner)
    # session, user, organisation, the user's role in it (read once for both permission
    # checks), the user's site-wide roles (navigation), members with their users, pending
    # invitations with their inviters.
    with django_assert_num_queries(7):
        client.get(_url(organisation))


def test_owner_changes_the_organisation_settings_but_not_its_short_name(client, team):
    organisation, roles = team
    client.force_login(roles[OrgRole.OWNER])
    url = reverse("accounts:organisation_settings", kwargs={"org_slug": organisation.slug})

    response = client.post(url, {"name": "Festival of Light", "slug": "hijack",
                                 "default_language": "ar", "time_zone": "Asia/Dubai",
                                 "website": "festival.example", **RETENTION})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.slug, organisation.default_language,
            organisation.website) == ("Festival of Light", organisation.slug, "ar",
                                      "https://festival.example")


RETENTION = {"purge_after_days": 90, "anonymise_after_years": 5, "films_kept": "awarded"}


def test_owner_sets_the_retention_defaults_audited(client, team):
    organisation, roles = team
    client.force_login(roles[OrgRole.OWNER])
    url = reverse("accounts:organisation_settings", kwargs={"org_slug": organisation.slug})

    response = client.post(url, {"name": organisation.name, "default_language": "en",
                                 "time_zone": "UTC", "purge_after_days": 14,
                                 "anonymise_after_years": 3, "films_kept": "none"})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.purge_after_days, organisation.anonymise_after_years,
            organisation.films_kept) == (14, 3, "none")
    event = AuditEvent.objects.for_scope(organisation).get(action="organisation.updated")
    assert (event.before["purge_after_days"], event.after["purge_after_days"]) == (90, 14)


def test_retention_defaults_out_of_range_are_refused(client, team):
    organisation, roles = team
    client.force_login(roles[OrgRole.OWNER])
    url = reverse("accounts:organisation_settings", kwargs={"org_slug": organisation.slug})

    response = client.post(url, {"name": organisation.name, "default_language": "en",
                                 "time_zone": "UTC", **RETENTION, "anonymise_after_years": 0})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["anonymise_after_years"]
    organisation.refresh_from_db()
    assert organisation.anonymise_after_years == 5


def test_unknown_time_zone_is_a_field_error_and_saves_nothing(client, team):
    organisation, roles = team
    client.force_login(roles[OrgRole.OWNER])
    url = reverse("accounts:organisation_settings", kwargs={"org_slug": organisation.slug})

    response = client.post(url, {"name": "X", "default_language": "en",
                                 "time_zone": "Mars/Olympus", "website": ""})

    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.name != "X"
