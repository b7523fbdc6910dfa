import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from judging.enums import ScoreStatus
from judging.models import Score
from tests.factories import CreditFactory

from ..factories import JurorFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api:juror-assignment-list")


def _url(name, assignment):
    return reverse(f"api:juror-assignment-{name}", kwargs={"pk": assignment.pk})


@pytest.fixture
def api(juror_user):
    client = APIClient()
    client.force_authenticate(juror_user)
    return client


def _marks(round_, mark):
    return {str(c.pk): mark for c in round_.criteria.all()}


def test_list_returns_only_my_assignments(api, make_assignments, contest):
    mine = make_assignments(2)
    make_assignments(1, juror=JurorFactory(contest=contest))
    response = api.get(LIST_URL)
    assert response.status_code == 200
    assert sorted(item["id"] for item in response.json()["results"]) == sorted(a.pk for a in mine)


def test_list_filters_by_round_and_status(api, make_assignments, open_round):
    todo, done = make_assignments(2)
    Score.objects.create(assignment=done, status=ScoreStatus.SUBMITTED, weighted=6)
    results = api.get(LIST_URL, {"round": open_round.pk, "status": "submitted"}).json()["results"]
    assert [(item["id"], item["queue_status"]) for item in results] == [(done.pk, "submitted")]
    results = api.get(LIST_URL, {"status": "todo"}).json()["results"]
    assert [item["id"] for item in results] == [todo.pk]


@pytest.mark.parametrize("count", [1, 5])
def test_list_query_count_is_constant(api, make_assignments, count, django_assert_num_queries):
    for assignment in make_assignments(count):
        Score.objects.create(assignment=assignment)
    # roles (juror check), seats in contests that require two-factor authentication, page
    # count, page rows.
    with django_assert_num_queries(4):
        response = api.get(LIST_URL)
    assert response.json()["count"] == count


def test_detail_is_blind(api, make_assignments):
    (assignment,) = make_assignments(1)
    CreditFactory(entry=assignment.entry, name_native="秘密の監督", name_latin="Secret Director")
    response = api.get(_url("detail", assignment))
    body = response.content.decode()
    assert response.status_code == 200
    entry = response.json()["entry"]
    assert (entry["code"], entry["country"]) == (assignment.entry.code, None)
    for hidden in (assignment.entry.entrant.email, assignment.entry.entrant.name_native,
                   assignment.entry.entrant.name_latin, "Secret Director", '"BR"'):
        assert hidden not in body
    assert [c["name"] for c in response.json()["criteria"]] == [
        "Story", "Visual craft", "Creative use of AI", "Emotional impact"]


def test_detail_of_unassigned_entry_is_404(api, make_assignments, contest):
    (assignment,) = make_assignments(1, juror=JurorFactory(contest=contest))
    assert api.get(_url("detail", assignment)).status_code == 404
    assert api.post(_url("draft", assignment), {"version": 0}, format="json").status_code == 404


def test_draft_then_submit_then_locked(api, make_assignments, open_round):
    (assignment,) = make_assignments(1)
    response = api.post(_url("draft", assignment),
                        {"marks": _marks(open_round, 9), "comment": "x", "version": 0},
                        format="json")
    assert (response.status_code, response.json()["version"]) == (200, 1)
    response = api.post(_url("submit", assignment), {"version": 1}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "submitted")
    response = api.post(_url("draft", assignment), {"marks": {}, "version": 2}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "score_locked")


def test_draft_with_stale_version_is_409_with_a_message(api, make_assignments, open_round):
    (assignment,) = make_assignments(1)
    api.post(_url("draft", assignment), {"marks": _marks(open_round, 4), "version": 0},
             format="json")
    response = api.post(_url("draft", assignment), {"marks": _marks(open_round, 5), "version": 0},
                        format="json")
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["fields"]) == ("stale_version", {"version": 1})
    assert "changed elsewhere" in body["message"]
    assert Score.objects.get(assignment=assignment).marks == _marks(open_round, 4)


def test_api_refuses_entrants_and_anonymous(entrant, make_assignments):
    (assignment,) = make_assignments(1)
    client = APIClient()
    assert client.get(LIST_URL).status_code in (401, 403)
    client.force_authenticate(entrant)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(_url("detail", assignment)).status_code == 403


def test_juror_endpoints_are_in_the_openapi_schema(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    paths = [path for path in schema["paths"] if "/juror/assignments/" in path]
    assert sorted(paths) == [
        "/api/v1/juror/assignments/",
        "/api/v1/juror/assignments/{id}/",
        "/api/v1/juror/assignments/{id}/conflict/",
        "/api/v1/juror/assignments/{id}/draft/",
        "/api/v1/juror/assignments/{id}/submit/",
    ]


def test_detail_shows_country_only_when_the_contest_allows(api, make_assignments, contest):
    (assignment,) = make_assignments(1)
    contest.hide_country_from_jurors = False
    contest.save()
    assert api.get(_url("detail", assignment)).json()["entry"]["country"] == "BR"
