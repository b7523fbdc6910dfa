"""Organiser API for the jury: list, one seat's capacity and languages, (de)activation."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.enums import OrgRole
from judging.models import Assignment, Juror
from tests.factories import MembershipFactory

from ..factories import JurorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(organiser):
    client = APIClient()
    client.force_authenticate(organiser)
    return client



def url(name, juror=None, contest=None):
    if juror is None:
        return reverse(f"api:{name}", kwargs={"slug": contest.slug})
    return reverse(f"api:{name}", kwargs={"slug": juror.contest.slug, "juror_id": juror.pk})


def test_jury_endpoint_lists_jurors_with_capacity_and_loads(api, ring, contest):
    _round, jurors, _entries = ring
    jurors[1].capacity = 5
    jurors[1].save(update_fields=["capacity"])

    response = api.get(url("organiser-jurors", contest=contest))

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()}
    assert (rows[jurors[1].pk]["capacity"], rows[jurors[1].pk]["assignment_count"],
            rows[jurors[1].pk]["is_active"], rows[jurors[1].pk]["languages"]) == (
        5, 3, True, ["en", "fr"])
    assert rows[jurors[0].pk]["capacity"] is None


def test_juror_patch_sets_capacity_and_reports_moves(api, ring):
    _round, jurors, _entries = ring

    response = api.patch(url("organiser-juror", jurors[0]),
                         {"capacity": 1, "languages": ["ar", "en"]}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["moved"], body["juror"]["capacity"], body["juror"]["languages"],
            body["juror"]["assignment_count"]) == (2, 1, ["ar", "en"], 1)


def test_juror_patch_with_only_languages_keeps_the_capacity(api, ring):
    _round, jurors, _entries = ring
    jurors[0].capacity = 7
    jurors[0].save(update_fields=["capacity"])

    response = api.patch(url("organiser-juror", jurors[0]), {"languages": ["ja"]},
                         format="json")

    assert (response.status_code, response.json()["moved"]) == (200, 0)
    assert Juror.objects.get(pk=jurors[0].pk).capacity == 7


def test_juror_patch_unknown_language_is_a_400(api, ring):
    _round, jurors, _entries = ring

    response = api.patch(url("organiser-juror", jurors[0]), {"languages": ["xx-none"]},
                         format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["languages"]


def test_juror_patch_unknown_field_is_a_400(api, ring):
    response = api.patch(url("organiser-juror", ring[1][0]), {"is_active": False},
                         format="json")

    assert response.status_code == 400
    assert Juror.objects.get(pk=ring[1][0].pk).is_active is True


def test_deactivate_endpoint_moves_only_the_jurors_pairs(api, ring):
    round_, jurors, _entries = ring
    others = set(Assignment.objects.filter(round=round_).exclude(juror=jurors[0])
                 .values_list("pk", flat=True))

    response = api.post(url("organiser-juror-deactivate", jurors[0]))

    assert response.status_code == 200
    body = response.json()
    assert (body["moved"], body["released"], body["rounds"], body["juror"]["is_active"]) == (
        3, 3, [round_.pk], False)
    assert others <= set(Assignment.objects.filter(round=round_).values_list("pk", flat=True))


def test_deactivate_endpoint_twice_is_a_409(api, ring):
    api.post(url("organiser-juror-deactivate", ring[1][0]))

    response = api.post(url("organiser-juror-deactivate", ring[1][0]))

    assert (response.status_code, response.json()["code"]) == (409, "juror_inactive")


def test_reactivate_endpoint_rebalances_when_asked(api, ring):
    round_, jurors, _entries = ring
    api.post(url("organiser-juror-deactivate", jurors[0]))

    response = api.post(url("organiser-juror-reactivate", jurors[0]), {"rebalance": True},
                        format="json")

    assert (response.status_code, response.json()["moved"]) == (200, 3)
    assert Assignment.objects.filter(round=round_, juror=jurors[0]).count() == 3


def test_juror_endpoints_refuse_a_manager(ring):
    _round, jurors, _entries = ring
    manager = MembershipFactory(organisation=jurors[0].contest.organisation,
                                role=OrgRole.MANAGER).user
    client = APIClient()
    client.force_authenticate(manager)

    assert client.post(url("organiser-juror-deactivate", jurors[0])).status_code == 403
    assert Juror.objects.get(pk=jurors[0].pk).is_active is True


def test_juror_endpoint_of_another_contests_juror_is_404(api, contest):
    stranger = JurorFactory()

    response = api.get(reverse("api:organiser-juror",
                               kwargs={"slug": contest.slug, "juror_id": stranger.pk}))

    assert response.status_code == 404


def test_jury_endpoint_query_count(api, contest, django_assert_num_queries):
    for _ in range(3):
        JurorFactory(contest=contest)
    endpoint = url("organiser-jurors", contest=contest)
    api.get(endpoint)  # reads the user's organisation roles, kept on the forced user after
    # The contest (1) and the jurors with their users and counts (1): two however many jurors
    # there are (authentication is forced: no session or token query).
    with django_assert_num_queries(2):
        api.get(endpoint)
    for _ in range(20):
        JurorFactory(contest=contest)
    with django_assert_num_queries(2):
        assert len(api.get(endpoint).json()) == 23
