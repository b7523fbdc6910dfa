"""The Django admin is for platform operators (superusers); service-owned fields stay read-only."""

import pytest
from django.urls import reverse

from contest.enums import EntryStatus
from core.audit import record
from tests.factories import ContestFactory, EntryFactory, UserFactory

ADMIN_PAGES = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:accounts_organisation_changelist",
    "admin:contest_contest_changelist",
    "admin:contest_contest_add",
    "admin:contest_entry_changelist",
    "admin:contest_video_changelist",
    "admin:contest_upload_changelist",
    "admin:core_auditevent_changelist",
]


@pytest.fixture
def operator(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.mark.django_db
def test_operators_open_the_admin(client, operator):
    client.force_login(operator)

    statuses = {name: client.get(reverse(name)).status_code for name in ADMIN_PAGES}

    assert statuses == {name: 200 for name in ADMIN_PAGES}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["organiser", "entrant", "juror_user"])
def test_everyone_else_is_sent_to_the_admin_log_in(client, request, role):
    user = request.getfixturevalue(role)
    user.is_staff = True  # even with staff status: the admin asks for an operator
    user.save()
    client.force_login(user)

    response = client.get(reverse("admin:contest_entry_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_entry_admin_shows_credits_inline(client, operator):
    entry = EntryFactory(title_original="夜の海 🌊")
    client.force_login(operator)

    response = client.get(reverse("admin:contest_entry_change", args=[entry.pk]))

    assert response.status_code == 200
    assert "夜の海 🌊" in response.content.decode()
    assert "credits-TOTAL_FORMS" in response.content.decode()


@pytest.mark.django_db
def test_audit_events_are_read_only(client, operator, entrant):
    event = record(actor=entrant, action="entry.create", obj=entrant)
    client.force_login(operator)

    change = client.post(reverse("admin:core_auditevent_change", args=[event.pk]),
                         {"action": "forged"})
    delete = client.post(reverse("admin:core_auditevent_delete", args=[event.pk]),
                         {"post": "yes"})

    event.refresh_from_db()
    assert (change.status_code, delete.status_code, event.action) == (403, 403, "entry.create")


@pytest.mark.django_db
def test_service_owned_fields_are_read_only_in_the_admin(client, operator):
    contest = ContestFactory()
    entry = EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
    client.force_login(operator)

    contest_form = client.get(reverse("admin:contest_contest_change", args=[contest.pk]))
    entry_form = client.get(reverse("admin:contest_entry_change", args=[entry.pk]))

    contest_fields = set(contest_form.context["adminform"].form.fields)
    entry_fields = set(entry_form.context["adminform"].form.fields)
    assert {"results_published_at", "awards_locked_at", "rules_version"} & contest_fields == set()
    assert {"status", "submitted_at"} & entry_fields == set()
