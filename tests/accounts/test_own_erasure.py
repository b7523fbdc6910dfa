"""An organiser who deletes their account: memberships go, the last owner is refused, the
audit log keeps its rows without the person's address or names."""

import pytest
from allauth.account.models import EmailAddress

from accounts import teams
from accounts.enums import OrgRole
from accounts.models import Membership, TeamInvitation, User
from accounts.services import delete_account
from core.errors import ContestError
from core.models import AuditEvent
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    """An organisation with two owners and a manager."""
    first = MembershipFactory(role=OrgRole.OWNER)
    organisation = first.organisation
    second = MembershipFactory(organisation=organisation, role=OrgRole.OWNER,
                               user=UserFactory(name_native="Zoë Durand",
                                                name_latin="Zoe Durand"))
    manager = MembershipFactory(organisation=organisation, role=OrgRole.MANAGER)
    return organisation, first.user, second.user, manager.user


def test_the_last_owner_is_refused_and_keeps_everything(team):
    organisation, first, second, manager = team
    delete_account(user=first)

    with pytest.raises(ContestError) as refused:
        delete_account(user=second)

    assert refused.value.code == "last_owner"
    assert str(refused.value.message) == (
        f"You are the last owner of {organisation.name}. Make another team member an owner "
        "before deleting your account.")
    assert sorted(Membership.objects.values_list("user_id", "role")) == sorted(
        [(second.pk, "owner"), (manager.pk, "manager")])


def test_an_owner_with_a_co_owner_leaves_the_team_on_the_record(team):
    organisation, first, second, manager = team
    user_id = first.pk

    delete_account(user=first)

    assert not User.objects.filter(pk=user_id).exists()
    assert sorted(organisation.memberships.values_list("user_id", flat=True)) == sorted(
        [second.pk, manager.pk])
    (left,) = AuditEvent.objects.filter(action="team.left")
    assert (left.actor_id, left.before, left.scope_id) == (
        None, {"user": user_id, "role": "owner"}, str(organisation.pk))


def test_invitations_and_audit_rows_lose_the_persons_address_and_names(team):
    organisation, first, second, manager = team
    EmailAddress.objects.create(user=second, email="zoe@studio.example", verified=True)
    pending = teams.invite_member(organisation=organisation, email="zoe@studio.example",
                                  role=OrgRole.MANAGER, by=first)
    accepted = teams.invite_member(organisation=organisation, email="new@example.org",
                                   role=OrgRole.MANAGER, by=second)
    newcomer = UserFactory(email="new@example.org")
    teams.accept_invitation(token=teams.invitation_token(accepted), user=newcomer)
    sent_by_first = teams.invite_member(organisation=organisation, email="other@example.org",
                                        role=OrgRole.MANAGER, by=first)

    delete_account(user=second)

    assert not TeamInvitation.objects.filter(pk=pending.pk).exists()
    assert TeamInvitation.objects.get(pk=accepted.pk).invited_by_id is None
    assert TeamInvitation.objects.get(pk=sent_by_first.pk).email == "other@example.org"
    quoted = [event.action for event in AuditEvent.objects.all()
              if {"zoe@studio.example", second.email, "Zoë Durand", "Zoe Durand"}
              & set(map(str, [*event.before.values(), *event.after.values()]))]
    assert quoted == []
    invited = AuditEvent.objects.filter(action="team.invited").order_by("pk")
    assert [event.after["email"] for event in invited] == ["", "new@example.org",
                                                           "other@example.org"]


def test_the_newcomers_accepted_invitation_loses_the_address(team):
    organisation, first, _second, _manager = team
    invitation = teams.invite_member(organisation=organisation, email="new@example.org",
                                     role=OrgRole.MANAGER, by=first)
    newcomer = UserFactory(email="new@example.org")
    teams.accept_invitation(token=teams.invitation_token(invitation), user=newcomer)

    delete_account(user=newcomer)

    invitation.refresh_from_db()
    assert (invitation.email, invitation.accepted_by_id, invitation.accepted_at is None) == (
        "", None, False)
