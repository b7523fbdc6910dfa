import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.services import add_role
from core.audit import record
from tests.factories import EntryFactory, UserFactory

ADMIN_PAGES = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:contest_contest_changelist",
    "admin:contest_contest_add",
    "admin:contest_entry_changelist",
    "admin:contest_video_changelist",
    "admin:contest_upload_changelist",
    "admin:core_auditevent_changelist",
]


@pytest.mark.django_db
def test_organiser_role_opens_the_admin(client, organiser):
    client.force_login(organiser)

    statuses = {name: client.get(reverse(name)).status_code for name in ADMIN_PAGES}

    assert statuses == {name: 200 for name in ADMIN_PAGES}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["entrant", "juror_user"])
def test_other_roles_are_sent_to_admin_login(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("admin:contest_entry_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_entry_admin_shows_credits_inline(client, organiser):
    entry = EntryFactory(title_original="夜の海 🌊")
    client.force_login(organiser)

    response = client.get(reverse("admin:contest_entry_change", args=[entry.pk]))

    assert response.status_code == 200
    assert "夜の海 🌊" in response.content.decode()
    assert "credits-TOTAL_FORMS" in response.content.decode()


@pytest.mark.django_db
def test_audit_events_are_read_only(client, organiser, entrant):
    event = record(actor=entrant, action="entry.create", obj=entrant)
    client.force_login(organiser)

    change = client.post(reverse("admin:core_auditevent_change", args=[event.pk]),
                         {"action": "forged"})
    delete = client.post(reverse("admin:core_auditevent_delete", args=[event.pk]),
                         {"post": "yes"})

    event.refresh_from_db()
    assert (change.status_code, delete.status_code, event.action) == (403, 403, "entry.create")


@pytest.mark.django_db
def test_organiser_cannot_grant_superuser_or_edit_superusers(client, organiser):
    boss = UserFactory(is_superuser=True, is_staff=True)
    target = UserFactory()
    client.force_login(organiser)

    boss_page = client.get(reverse("admin:accounts_user_change", args=[boss.pk]))
    target_page = client.get(reverse("admin:accounts_user_change", args=[target.pk]))

    assert boss_page.context["has_change_permission"] is False
    assert "is_superuser" not in target_page.context["adminform"].form.fields


@pytest.mark.django_db
def test_new_organiser_role_gives_staff_status(entrant):
    add_role(user=entrant, role=Role.ORGANISER)

    entrant.refresh_from_db()
    assert entrant.is_staff is True
    assert entrant.has_perm("contest.change_contest")
