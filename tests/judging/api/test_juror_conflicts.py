import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import AuditEvent
from judging.enums import ConflictKind, ScoreStatus
from judging.models import Assignment, JurorConflict, Score

from ..factories import JurorFactory

pytestmark = pytest.mark.django_db


def _conflict_url(assignment):
    return reverse("api:juror-assignment-conflict", kwargs={"pk": assignment.pk})


def test_declaring_a_conflict_reassigns_the_entry(juror_user, seat, make_assignments, contest):
    (assignment,) = make_assignments(1)
    replacement_juror = JurorFactory(contest=contest)
    client = APIClient()
    client.force_authenticate(juror_user)
    response = client.post(_conflict_url(assignment), {"reason": "My cousin's film."},
                           format="json")
    assert (response.status_code, response.json()["reassigned"]) == (200, True)
    assert list(Assignment.objects.filter(entry=assignment.entry).values_list("juror", flat=True)) \
        == [replacement_juror.pk]
    conflict = JurorConflict.objects.get(juror=seat)
    assert (conflict.kind, conflict.entry, conflict.reason) == (
        ConflictKind.ENTRY, assignment.entry, "My cousin's film.")
    assert AuditEvent.objects.filter(action="juror.conflict_declared").count() == 1


def test_declaring_a_conflict_from_the_page_returns_to_the_queue(client, juror_user, seat,
                                                                 make_assignments, open_round):
    (assignment,) = make_assignments(1)
    client.force_login(juror_user)
    url = reverse("judging:declare_conflict", kwargs={"assignment_id": assignment.pk})
    response = client.post(url, {"reason": ""})
    assert response.url == reverse("judging:queue", kwargs={"round_id": open_round.pk})
    # Nobody else on the jury: the entry leaves this queue and waits for the organisers.
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert JurorConflict.objects.filter(juror=seat, kind=ConflictKind.ENTRY).count() == 1


def test_conflict_after_submitting_is_refused(juror_user, make_assignments):
    (assignment,) = make_assignments(1)
    Score.objects.create(assignment=assignment, status=ScoreStatus.SUBMITTED, weighted=5)
    client = APIClient()
    client.force_authenticate(juror_user)
    response = client.post(_conflict_url(assignment), {}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "score_locked")
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_conflict_on_someone_elses_assignment_is_404(juror_user, seat, make_assignments, contest):
    (assignment,) = make_assignments(1, juror=JurorFactory(contest=contest))
    client = APIClient()
    client.force_authenticate(juror_user)
    assert client.post(_conflict_url(assignment), {}, format="json").status_code == 404
    assert JurorConflict.objects.count() == 0
