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


def _seated_juror_with_a_submitted_score():
    from judging.enums import ScoreStatus
    from tests.judging.factories import ScoreFactory

    score = ScoreFactory(status=ScoreStatus.SUBMITTED, weighted=7.5)
    return score.assignment.juror


def _awarded_entrant():
    from judging.models import Award, AwardPlacement

    entry = EntryFactory()
    AwardPlacement.objects.create(award=Award.objects.create(contest=entry.contest, name="Prix"),
                                  entry=entry)
    return entry.entrant


AWARD_REFUSAL = ("One of your films has received an award. Please contact the organisers to "
                 "delete your account.")


@pytest.mark.django_db
def test_deleting_a_user_in_the_admin_runs_the_erasure_service(client, operator):
    from core.models import AuditEvent

    seat = _seated_juror_with_a_submitted_score()
    user_id = seat.user_id
    client.force_login(operator)

    confirm = client.get(reverse("admin:accounts_user_delete", args=[user_id]))
    response = client.post(reverse("admin:accounts_user_delete", args=[user_id]),
                           {"post": "yes"}, follow=True)

    assert confirm.status_code == 200
    assert response.redirect_chain == [(reverse("admin:accounts_user_changelist"), 302)]
    assert [str(m) for m in response.context["messages"]] == ["The account was deleted."]
    seat.refresh_from_db()
    assert (seat.user_id, seat.former_number, seat.assignments.count()) == (None, 1, 1)
    (event,) = AuditEvent.objects.filter(action="account.deleted")
    assert (event.actor_id, event.object_id) == (operator.pk, str(user_id))


@pytest.mark.django_db
def test_a_refused_deletion_in_the_admin_shows_the_reason(client, operator):
    from accounts.models import User

    entrant = _awarded_entrant()
    client.force_login(operator)

    response = client.post(reverse("admin:accounts_user_delete", args=[entrant.pk]),
                           {"post": "yes"}, follow=True)

    assert response.redirect_chain == [
        (reverse("admin:accounts_user_change", args=[entrant.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [AWARD_REFUSAL]
    assert User.objects.filter(pk=entrant.pk).exists()


@pytest.mark.django_db
def test_bulk_deletion_in_the_admin_erases_each_person_and_reports_refusals(client, operator):
    from accounts.models import User
    from judging.models import Juror

    seat = _seated_juror_with_a_submitted_score()
    juror_id, refused = seat.user_id, _awarded_entrant()
    client.force_login(operator)
    selection = {"action": "delete_selected", "_selected_action": [juror_id, refused.pk]}

    confirm = client.post(reverse("admin:accounts_user_changelist"), selection)
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {**selection, "post": "yes"}, follow=True)

    assert confirm.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        f"{refused.email}: {AWARD_REFUSAL}", "1 account was deleted."]
    assert sorted(User.objects.filter(pk__in=[juror_id, refused.pk]).values_list(
        "pk", flat=True)) == [refused.pk]
    assert Juror.objects.get(pk=seat.pk).former_number == 1


@pytest.mark.django_db
def test_memberships_are_read_only_in_the_admin(client, operator, organiser):
    from accounts.models import Membership

    membership = Membership.objects.get(user=organiser)
    client.force_login(operator)

    page = client.get(reverse("admin:accounts_organisation_change",
                              args=[membership.organisation_id]))

    formset = page.context["inline_admin_formsets"][0].formset
    assert [set(form.fields) & {"user", "role"} for form in formset.forms] == [set()]
    assert (formset.can_delete, formset.max_num) == (False, 0)


@pytest.mark.django_db
def test_videos_uploads_and_entries_cannot_be_written_in_the_admin(client, operator):
    from tests.factories import VideoFactory

    video = VideoFactory()
    client.force_login(operator)

    answers = [
        client.post(reverse("admin:contest_video_change", args=[video.pk]), {"status": "valid"}),
        client.post(reverse("admin:contest_video_delete", args=[video.pk]), {"post": "yes"}),
        client.get(reverse("admin:contest_video_add")),
        client.get(reverse("admin:contest_upload_add")),
        client.get(reverse("admin:contest_entry_add")),
        client.post(reverse("admin:contest_entry_delete", args=[video.entry_id]), {"post": "yes"}),
    ]

    assert [answer.status_code for answer in answers] == [403] * 6
