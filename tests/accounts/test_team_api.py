"""The organisations API: the same services and rules as the team pages."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.enums import OrgRole
from accounts.models import Membership, Organisation, TeamInvitation
from core.models import AuditEvent
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    organisation = OrganisationFactory()
    return organisation, {role: MembershipFactory(organisation=organisation, role=role)
                          for role in OrgRole}


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_shows_my_organisations_with_my_role(team):
    organisation, members = team
    OrganisationFactory()  # not mine

    body = _api(members[OrgRole.COORDINATOR].user).get(reverse("api:organisation-list")).json()

    assert [(o["slug"], o["role"]) for o in body] == [(organisation.slug, "coordinator")]


def test_create_makes_me_the_owner():
    user = UserFactory()

    response = _api(user).post(reverse("api:organisation-list"), {
        "name": "Cine Club", "slug": "cine-club", "default_language": "es",
        "time_zone": "America/Mexico_City", "website": ""}, format="json")

    assert (response.status_code, response.json()["role"]) == (201, "owner")
    assert Organisation.objects.get(slug="cine-club").memberships.get().user == user


def test_create_with_a_taken_slug_is_a_field_error(team):
    organisation, _members = team

    response = _api(UserFactory()).post(reverse("api:organisation-list"), {
        "name": "Copy", "slug": organisation.slug}, format="json")

    assert (response.status_code, list(response.json()["fields"])) == (400, ["slug"])


def test_owner_renames_and_is_audited_others_cannot(team):
    organisation, members = team
    url = reverse("api:organisation-detail", kwargs={"org_slug": organisation.slug})

    refused = _api(members[OrgRole.MANAGER].user).patch(url, {"name": "X"}, format="json")
    renamed = _api(members[OrgRole.OWNER].user).patch(url, {"name": "Nouveau nom",
                                                             "slug": "ignored"}, format="json")

    assert refused.status_code == 403
    assert (renamed.status_code, renamed.json()["name"], renamed.json()["slug"]) == (
        200, "Nouveau nom", organisation.slug)
    event = AuditEvent.objects.for_scope(organisation).get(action="organisation.updated")
    assert (event.before["name"], event.after["name"]) == (organisation.name, "Nouveau nom")


def test_owner_sets_the_retention_defaults_within_their_bounds(team):
    organisation, members = team
    url = reverse("api:organisation-detail", kwargs={"org_slug": organisation.slug})
    owner = _api(members[OrgRole.OWNER].user)

    changed = owner.patch(url, {"purge_after_days": 30, "films_kept": "all"}, format="json")
    refused = owner.patch(url, {"purge_after_days": 0}, format="json")

    assert (changed.status_code, changed.json()["purge_after_days"],
            changed.json()["films_kept"], changed.json()["anonymise_after_years"]) == (
        200, 30, "all", 5)
    assert refused.status_code == 400
    organisation.refresh_from_db()
    assert organisation.purge_after_days == 30
    event = AuditEvent.objects.for_scope(organisation).get(action="organisation.updated")
    assert event.after == {"purge_after_days": 30, "films_kept": "all"}


def test_owner_invites_lists_and_withdraws(team):
    organisation, members = team
    owner = _api(members[OrgRole.OWNER].user)
    url = reverse("api:organisation-invitations", kwargs={"org_slug": organisation.slug})

    created = owner.post(url, {"email": "new@example.org", "role": "viewer"}, format="json")
    listed = owner.get(url).json()
    withdrawn = owner.delete(reverse("api:organisation-invitation", kwargs={
        "org_slug": organisation.slug, "invitation_id": created.json()["id"]}))

    assert created.status_code == 201
    assert [(i["email"], i["role"]) for i in listed] == [("new@example.org", "viewer")]
    assert withdrawn.status_code == 204
    assert TeamInvitation.objects.get().revoked_at is not None


def test_unknown_role_in_an_invitation_is_a_field_error(team):
    organisation, members = team
    url = reverse("api:organisation-invitations", kwargs={"org_slug": organisation.slug})

    response = _api(members[OrgRole.OWNER].user).post(url, {"email": "x@example.org",
                                                            "role": "admin"}, format="json")

    assert (response.status_code, list(response.json()["fields"])) == (400, ["role"])


def test_a_member_may_leave_but_not_remove_others(team):
    organisation, members = team
    viewer = members[OrgRole.VIEWER]
    manager_client = _api(members[OrgRole.MANAGER].user)

    def url(membership):
        return reverse("api:organisation-member", kwargs={
            "org_slug": organisation.slug, "membership_id": membership.pk})

    assert manager_client.delete(url(viewer)).status_code == 403
    assert manager_client.delete(url(members[OrgRole.MANAGER])).status_code == 204
    assert set(Membership.objects.filter(organisation=organisation)
               .values_list("role", flat=True)) == {"owner", "coordinator", "viewer"}


def test_last_owner_cannot_be_demoted_over_the_api(team):
    organisation, members = team
    owner = members[OrgRole.OWNER]
    url = reverse("api:organisation-member", kwargs={"org_slug": organisation.slug,
                                                     "membership_id": owner.pk})

    response = _api(owner.user).patch(url, {"role": "viewer"}, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "last_owner")


@pytest.mark.parametrize("members", [1, 10])
def test_member_list_query_count_is_constant(members, django_assert_num_queries):
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role=OrgRole.OWNER).user
    for _ in range(members):
        MembershipFactory(organisation=organisation, role=OrgRole.VIEWER)
    url = reverse("api:organisation-members", kwargs={"org_slug": organisation.slug})
    client = _api(owner)
    # organisation, the user's roles (permission), members with their users.
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
