"""Organiser permissions are always asked about an object: the contest, or a round of it."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from contest.rules import contest_of
from judging.models import Assignment

from .factories import RoundFactory

pytestmark = pytest.mark.django_db

ORGANISER_PERMS = ["judging.manage_rounds", "judging.manage_jurors", "judging.manage_awards",
                   "judging.export_results", "judging.view_audit_log"]


@pytest.mark.parametrize("perm", ORGANISER_PERMS)
def test_organiser_perm_holds_on_the_contest(organiser, contest, perm):
    assert organiser.has_perm(perm, contest) is True


@pytest.mark.parametrize("perm", ORGANISER_PERMS)
def test_organiser_perm_without_an_object_is_refused(organiser, perm):
    assert organiser.has_perm(perm) is False


@pytest.mark.parametrize("perm", ORGANISER_PERMS)
def test_organiser_perm_is_refused_to_a_juror(juror_user, contest, perm):
    assert juror_user.has_perm(perm, contest) is False


def test_organiser_perm_on_a_round_asks_about_its_contest(organiser, contest):
    round_ = RoundFactory(contest=contest)
    assert (contest_of(round_), organiser.has_perm("judging.manage_rounds", round_)) == (
        contest, True)


def test_organiser_perm_on_an_unrelated_object_is_refused(organiser):
    assert organiser.has_perm("judging.manage_rounds", object()) is False


def test_assignment_perms_are_declared_on_the_model(make_assignments, juror_user):
    (assignment,) = make_assignments(1)
    assert Assignment.get_perm("declare_conflict") == "judging.declare_conflict_assignment"
    assert [juror_user.has_perm(f"judging.{action}_assignment", assignment)
            for action in ("view", "score", "declare_conflict")] == [True, True, True]


def _api(client, user):
    token = Token.objects.get_or_create(user=user)[0]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def test_round_api_path_is_under_the_contest(contest):
    round_ = RoundFactory(contest=contest)
    url = reverse("api:organiser-round-results", kwargs={"slug": contest.slug,
                                                        "round_id": round_.pk})
    assert url == f"/api/v1/organise/{contest.slug}/rounds/{round_.pk}/results/"


@pytest.mark.parametrize("what", ["progress", "results"])
def test_round_api_of_another_contest_is_404(client, organiser, contest, what):
    elsewhere = RoundFactory()
    url = reverse(f"api:organiser-round-{what}", kwargs={"slug": contest.slug,
                                                        "round_id": elsewhere.pk})
    assert _api(client, organiser).get(url).status_code == 404


@pytest.mark.parametrize("who", ["entrant", "juror_user"])
def test_round_api_refuses_non_organisers_with_403(client, request, contest, who):
    round_ = RoundFactory(contest=contest)
    _api(client, request.getfixturevalue(who))
    kwargs = {"slug": contest.slug, "round_id": round_.pk}
    statuses = [client.get(reverse("api:organiser-round-progress", kwargs=kwargs)).status_code,
                client.get(reverse("api:organiser-round-results", kwargs=kwargs)).status_code,
                client.post(reverse("api:organiser-round-assignment", kwargs=kwargs)).status_code]
    assert statuses == [403, 403, 403]


@pytest.mark.parametrize("what", ["assignment", "progress", "results"])
def test_round_api_first_path_redirects_permanently(client, organiser, contest, what):
    round_ = RoundFactory(contest=contest)
    response = _api(client, organiser).get(f"/api/v1/organiser/rounds/{round_.pk}/{what}/?x=1")
    assert (response.status_code, response["Location"]) == (
        308, f"/api/v1/organise/{contest.slug}/rounds/{round_.pk}/{what}/?x=1")


def test_round_api_first_path_keeps_the_post(client, organiser, contest):
    round_ = RoundFactory(contest=contest)
    response = _api(client, organiser).post(
        f"/api/v1/organiser/rounds/{round_.pk}/assignment/", follow=True)
    assert (response.redirect_chain[0][1], response.request["REQUEST_METHOD"]) == (308, "POST")


@pytest.mark.parametrize("who", ["entrant", "juror_user", None])
def test_round_api_first_path_is_404_for_others(client, request, contest, who):
    round_ = RoundFactory(contest=contest)
    if who is not None:
        _api(client, request.getfixturevalue(who))
    response = client.get(f"/api/v1/organiser/rounds/{round_.pk}/results/")
    assert response.status_code == 404


def test_round_api_first_path_of_an_unknown_round_is_404(client, organiser):
    assert _api(client, organiser).get("/api/v1/organiser/rounds/999999/results/").status_code \
        == 404


def test_organiser_page_anonymous_is_sent_to_login(client, contest):
    response = client.get(reverse("judging:organiser_jurors", args=[contest.slug]))
    assert (response.status_code, response["Location"].startswith("/accounts/login/")) == (
        302, True)


def test_organiser_page_of_a_juror_is_403(client, juror_user, contest):
    client.force_login(juror_user)
    assert client.get(reverse("judging:organiser_jurors", args=[contest.slug])).status_code \
        == 403
