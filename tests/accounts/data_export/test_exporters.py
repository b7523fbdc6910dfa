"""What accounts and core put into a person's export: profile, teams, audit records."""

import pytest
from rest_framework.authtoken.models import Token

from accounts import teams
from accounts.enums import OrgRole
from accounts.models import TeamInvitation
from core import audit
from tests.data_exports import build_export
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_holds_the_person_their_addresses_and_no_token_key(entrant):
    entrant.name_native, entrant.time_zone, entrant.website = "Δήμητρα", "Europe/Athens", \
        "https://example.org/me"
    entrant.save()
    token = Token.objects.create(user=entrant)

    archive = build_export(entrant)

    [profile] = archive.records("accounts.profile", "profile")
    assert (profile["email"], profile["name_native"], profile["country"], profile["roles"]) == (
        entrant.email, "Δήμητρα", "JP", ["entrant"])
    assert archive.records("accounts.profile", "email_address") == [
        {"kind": "email_address", "email": entrant.email, "verified": True, "primary": True}]
    assert len(archive.records("accounts.profile", "api_token")) == 1
    assert token.key not in archive.text()
    assert "password" not in archive.text()


def test_a_team_members_export_holds_memberships_invitations_and_audit_rows(
    django_capture_on_commit_callbacks
):
    owner = UserFactory()
    member = UserFactory(email="member@example.org")
    organisation = teams.create_organisation(name="Lumière Fest", slug="lumiere", by=owner)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = teams.invite_member(organisation=organisation, email=member.email,
                                         role=OrgRole.MANAGER, by=owner)
    teams.accept_invitation(token=teams.invitation_token(invitation), user=member)

    owners = build_export(owner)
    members = build_export(member)

    assert [(m["organisation"], m["role"]) for m in
            owners.records("accounts.organisations", "membership")] == [("Lumière Fest", "owner")]
    assert [(m["organisation"], m["role"]) for m in
            members.records("accounts.organisations", "membership")] == [
        ("Lumière Fest", "manager")]
    [sent] = owners.records("accounts.organisations", "team_invitation_sent")
    assert (sent["role"], "email" in sent) == ("manager", False)
    [received] = members.records("accounts.organisations", "team_invitation_received")
    assert (received["email"], received["accepted_at"] is not None) == ("member@example.org", True)
    assert [(r["action"], r["by_you"]) for r in owners.records("core.audit", "audit")] == [
        ("organisation.created", True), ("team.invited", True)]
    assert [r["action"] for r in members.records("core.audit", "audit")] == ["team.joined"]


def test_audit_rows_about_a_person_by_someone_else_do_not_say_who(entrant):
    operator = UserFactory(email="operator@example.org", name_native="Operator Name")
    audit.record(actor=operator, action="account.checked", obj=entrant, after={"ok": True})
    audit.record(actor=operator, action="account.checked", obj=operator)

    archive = build_export(entrant)

    [row] = archive.records("core.audit", "audit")
    assert (row["action"], row["by_you"], row["after"]) == ("account.checked", False, {"ok": True})
    assert "operator@example.org" not in archive.text()
    assert "Operator Name" not in archive.text()
    assert str(operator.pk) not in [str(value) for value in row.values()]


def test_pending_invitations_to_any_of_the_persons_addresses_are_listed(entrant):
    owner = UserFactory()
    organisation = teams.create_organisation(name="Festival B", slug="fest-b", by=owner)
    teams.invite_member(organisation=organisation, email=entrant.email.upper(),
                        role=OrgRole.VIEWER, by=owner)

    archive = build_export(entrant)

    [received] = archive.records("accounts.organisations", "team_invitation_received")
    assert (received["organisation"], received["role"]) == ("Festival B", "viewer")
    assert TeamInvitation.objects.count() == 1
