"""Organisations and teams: invitations, joining, roles and the last-owner rule."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.utils import timezone

from accounts import teams
from accounts.enums import OrgRole
from accounts.models import Membership, TeamInvitation
from core.errors import ContestError, NotFoundError
from core.models import AuditEvent
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return MembershipFactory(role=OrgRole.OWNER).user


@pytest.fixture
def organisation(owner):
    return owner.memberships.get().organisation


def _token_from_mail() -> str:
    url = next(line for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line)
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_create_organisation_makes_the_creator_its_owner():
    user = UserFactory(language="ja")

    organisation = teams.create_organisation(name="東京AI映画祭", slug="tokyo-ai", by=user)

    assert list(organisation.memberships.values_list("user", "role")) == [(user.pk, "owner")]
    assert organisation.default_language == "ja"
    assert AuditEvent.objects.for_scope(organisation).get().action == "organisation.created"


def test_create_organisation_with_a_taken_slug_is_a_field_error(organisation):
    with pytest.raises(ContestError) as error:
        teams.create_organisation(name="Other", slug=organisation.slug, by=UserFactory())

    assert list(error.value.fields) == ["slug"]


def test_invitation_is_sent_after_commit_in_the_organisations_language(
        organisation, owner, django_capture_on_commit_callbacks):
    organisation.default_language = "fr"
    organisation.save()

    with django_capture_on_commit_callbacks(execute=True):
        invitation = teams.invite_member(organisation=organisation, email=" New@Example.org ",
                                         role=OrgRole.MANAGER, by=owner)

    assert invitation.email == "new@example.org"
    assert [message.to for message in mail.outbox] == [["new@example.org"]]
    assert "Vous" in mail.outbox[0].body or "vous" in mail.outbox[0].body
    assert "&" not in mail.outbox[0].subject


def test_invitation_accepted_by_the_invited_address_joins_with_the_role(
        organisation, owner, django_capture_on_commit_callbacks):
    person = UserFactory(email="new@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        teams.invite_member(organisation=organisation, email="new@example.org",
                            role=OrgRole.COORDINATOR, by=owner)

    membership = teams.accept_invitation(token=_token_from_mail(), user=person)

    assert (membership.user, membership.role) == (person, "coordinator")
    assert TeamInvitation.objects.get().accepted_by == person


def test_invitation_accepted_through_a_verified_secondary_address(organisation, owner):
    person = UserFactory(email="main@example.org")
    EmailAddress.objects.create(user=person, email="work@example.org", verified=True)
    invitation = teams.invite_member(organisation=organisation, email="work@example.org",
                                     role=OrgRole.VIEWER, by=owner)

    membership = teams.accept_invitation(token=teams.invitation_token(invitation), user=person)

    assert membership.role == "viewer"


def test_forwarded_invitation_is_refused_to_another_account(organisation, owner):
    invitation = teams.invite_member(organisation=organisation, email="new@example.org",
                                     role=OrgRole.OWNER, by=owner)

    with pytest.raises(ContestError) as error:
        teams.accept_invitation(token=teams.invitation_token(invitation), user=UserFactory())

    assert error.value.code == "wrong_account"
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_invitation_for_a_new_account_creates_it_verified_and_joins(organisation, owner):
    invitation = teams.invite_member(organisation=organisation, email="new@example.org",
                                     role=OrgRole.MANAGER, by=owner)

    user, membership = teams.register_and_accept(
        token=teams.invitation_token(invitation), name_native="مريم", name_latin="Maryam",
        password="a long enough passphrase")

    assert (user.email, membership.role) == ("new@example.org", "manager")
    assert EmailAddress.objects.get(user=user).verified


def test_resend_replaces_the_link(organisation, owner):
    invitation = teams.invite_member(organisation=organisation, email="new@example.org",
                                     role=OrgRole.MANAGER, by=owner)
    old = teams.invitation_token(invitation)

    renewed = teams.resend_invitation(invitation=invitation, by=owner)

    with pytest.raises(NotFoundError):
        teams.pending_invitation(token=old)
    assert teams.pending_invitation(token=teams.invitation_token(renewed)).pk == invitation.pk


def test_inviting_the_same_address_twice_renews_one_invitation(organisation, owner):
    teams.invite_member(organisation=organisation, email="new@example.org",
                        role=OrgRole.VIEWER, by=owner)
    teams.invite_member(organisation=organisation, email="NEW@example.org",
                        role=OrgRole.MANAGER, by=owner)

    assert list(TeamInvitation.objects.values_list("email", "role")) == [
        ("new@example.org", "manager")]


@pytest.mark.parametrize("close, code", [
    (lambda i, owner: teams.revoke_invitation(invitation=i, by=owner), "invitation_revoked"),
    (lambda i, owner: TeamInvitation.objects.filter(pk=i.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)), "invitation_expired"),
])
def test_revoked_or_expired_invitation_cannot_be_accepted(organisation, owner, close, code):
    person = UserFactory(email="new@example.org")
    invitation = teams.invite_member(organisation=organisation, email=person.email,
                                     role=OrgRole.MANAGER, by=owner)
    close(invitation, owner)

    with pytest.raises(ContestError) as error:
        teams.accept_invitation(token=teams.invitation_token(invitation), user=person)

    assert error.value.code == code
    assert not Membership.objects.filter(user=person).exists()


@pytest.mark.parametrize("token", [
    "garbage", "", signing.dumps({"i": 10**30, "n": "x"}, salt="accounts.team_invitation"),
    signing.dumps({"i": "x"}, salt="accounts.team_invitation"),
    signing.dumps({"i": 1, "n": "x"}, salt="another.salt"),
])
def test_malformed_or_forged_tokens_are_unknown(token):
    with pytest.raises(NotFoundError):
        teams.pending_invitation(token=token)


def test_accepted_invitation_works_once(organisation, owner):
    person = UserFactory(email="new@example.org")
    invitation = teams.invite_member(organisation=organisation, email=person.email,
                                     role=OrgRole.MANAGER, by=owner)
    token = teams.invitation_token(invitation)
    teams.accept_invitation(token=token, user=person)

    with pytest.raises(ContestError) as error:
        teams.accept_invitation(token=token, user=person)

    assert error.value.code == "invitation_used"


def test_inviting_a_member_is_refused(organisation, owner):
    with pytest.raises(ContestError) as error:
        teams.invite_member(organisation=organisation, email=owner.email.upper(),
                            role=OrgRole.VIEWER, by=owner)

    assert error.value.code == "already_member"


def test_unknown_role_is_a_field_error(organisation, owner):
    with pytest.raises(ContestError) as error:
        teams.invite_member(organisation=organisation, email="x@example.org", role="admin",
                            by=owner)

    assert list(error.value.fields) == ["role"]


def test_last_owner_can_neither_leave_nor_be_removed_nor_demoted(organisation, owner):
    membership = owner.memberships.get()

    for action in (lambda: teams.leave_organisation(membership=membership),
                   lambda: teams.remove_member(membership=membership, by=owner),
                   lambda: teams.change_role(membership=membership, role=OrgRole.VIEWER,
                                             by=owner)):
        with pytest.raises(ContestError) as error:
            action()
        assert error.value.code == "last_owner"
    assert Membership.objects.get(pk=membership.pk).role == "owner"


def test_an_owner_can_leave_once_another_owner_exists(organisation, owner):
    second = MembershipFactory(organisation=organisation, role=OrgRole.MANAGER)
    teams.change_role(membership=second, role=OrgRole.OWNER, by=owner)

    teams.leave_organisation(membership=owner.memberships.get())

    assert list(organisation.memberships.values_list("user", flat=True)) == [second.user_id]
    actions = list(AuditEvent.objects.for_scope(organisation).order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["team.role_changed", "team.left"]


def test_removing_a_member_is_audited_as_removal(organisation, owner):
    member = MembershipFactory(organisation=organisation, role=OrgRole.VIEWER)

    teams.remove_member(membership=member, by=owner)

    assert AuditEvent.objects.for_scope(organisation).get().action == "team.removed"
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_org_roles_are_checked_against_the_organisation(organisation, owner):
    viewer = MembershipFactory(organisation=organisation, role=OrgRole.VIEWER).user
    elsewhere = OrganisationFactory()

    assert owner.has_perm("accounts.manage_team", organisation)
    assert not viewer.has_perm("accounts.manage_team", organisation)
    assert viewer.has_perm("accounts.view_organisation", organisation)
    assert not owner.has_perm("accounts.view_organisation", elsewhere)


def test_a_role_change_is_seen_at_once_by_the_same_person_object(organisation, owner):
    member = MembershipFactory(organisation=organisation, role=OrgRole.VIEWER)
    person = member.user  # the object a request would hold
    assert not person.has_perm("accounts.manage_team", organisation)  # roles now cached

    teams.change_role(membership=member, role=OrgRole.OWNER, by=owner)

    assert person.has_perm("accounts.manage_team", organisation)


def test_leaving_is_seen_at_once_by_the_person_who_left(organisation, owner):
    member = MembershipFactory(organisation=organisation, role=OrgRole.MANAGER)
    person = member.user
    assert person.has_perm("accounts.view_organisation", organisation)

    teams.leave_organisation(membership=member)

    assert not person.has_perm("accounts.view_organisation", organisation)
