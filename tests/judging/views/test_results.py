import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.enums import EntryStatus
from judging.enums import ConflictKind, RoundStatus, ScoreStatus
from judging.models import Assignment, JurorConflict, Round, RoundEntry

from ...factories import EntryFactory
from ..factories import (
    AssignmentFactory,
    CriterionFactory,
    JurorFactory,
    RoundFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.django_db


def scored_round(contest, entries: int, jurors: int = 3) -> Round:
    round = RoundFactory(contest=contest, order=1)
    panel = [JurorFactory(contest=contest) for _ in range(jurors)]
    for index in range(entries):
        entry = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
        RoundEntry.objects.create(round=round, entry=entry)
        for offset, juror in enumerate(panel):
            assignment = AssignmentFactory(round=round, entry=entry, juror=juror)
            ScoreFactory(assignment=assignment, status=ScoreStatus.SUBMITTED,
                         weighted=float(index + offset))
    return round


def results_url(round, **query):
    url = reverse("judging:organiser_results", args=[round.contest.slug, round.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def api_url(name, round):
    return reverse(f"api:organiser-round-{name}", args=[round.contest.slug, round.pk])


def api_results_url(round):
    return api_url("results", round)


def test_results_page_shows_ranking_jurors_and_reliability(client, organiser, contest):
    round = scored_round(contest, entries=3)
    client.force_login(organiser)
    response = client.get(results_url(round, method="mean"))
    assert response.status_code == 200
    results = response.context["results"]
    assert results.method == "mean"
    assert [row.value for row in results.ranking] == [3.0, 2.0, 1.0]
    assert (results.assigned, results.scored, results.unscored) == (9, 9, 0)
    assert results.alpha is not None
    page = response.content.decode()
    assert "Krippendorff" in page and "Trimmed mean" in page


def test_results_page_shows_the_ranking_a_page_at_a_time(client, organiser, contest,
                                                          monkeypatch):
    from judging.views import results as view

    monkeypatch.setattr(view, "RANKING_PAGE_SIZE", 2)
    round = scored_round(contest, entries=5, jurors=1)
    client.force_login(organiser)

    first = client.get(results_url(round, method="mean"))
    last = client.get(results_url(round, method="mean", page=3))

    assert [row.value for row in first.context["page"]] == [4.0, 3.0]
    assert [row.value for row in last.context["page"]] == [0.0]
    body = first.content.decode()
    assert "Page 1 of 3" in body
    # The next page keeps the ranking method the organiser chose.
    assert "?method=mean&amp;page=2" in body
    assert len(last.context["results"].ranking) == 5


def test_results_page_unknown_method_falls_back_to_the_default(client, organiser, contest):
    round = scored_round(contest, entries=2)
    client.force_login(organiser)
    response = client.get(results_url(round, method="median", cut="none"))
    assert response.context["results"].method == "calibrated"
    assert response.context["results"].cut is None


@pytest.mark.parametrize("who", ["entrant", "juror_user"])
def test_results_page_and_api_refuse_non_organisers(client, request, who, contest):
    round = scored_round(contest, entries=1)
    client.force_login(request.getfixturevalue(who))
    assert client.get(results_url(round)).status_code == 403
    assert client.get(api_results_url(round)).status_code == 403
    assert client.post(api_url("assignment", round)).status_code \
        == 403
    assert client.get(reverse("judging:organiser_rounds", args=[contest.slug])).status_code \
        == 403


def test_results_page_anonymous_is_sent_to_login(client, contest):
    round = scored_round(contest, entries=1)
    response = client.get(results_url(round))
    assert response.status_code == 302
    assert client.get(api_results_url(round)).status_code == 401


def test_results_of_another_contest_round_is_404(client, organiser, contest):
    other = RoundFactory()
    client.force_login(organiser)
    url = reverse("judging:organiser_results", args=[contest.slug, other.pk])
    assert client.get(url).status_code == 404


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_results_page_query_count_does_not_grow(client, organiser, contest, other_entrant):
    from tests.factories import ContestFactory

    small = scored_round(contest, entries=1, jurors=1)
    large = scored_round(ContestFactory(), entries=6, jurors=4)
    client.force_login(organiser)
    # Session, user, roles, round, then scores, entries and jurors: the same for any size.
    assert count_queries(client, results_url(small)) == count_queries(client, results_url(large))
    assert count_queries(client, api_results_url(small)) == count_queries(
        client, api_results_url(large))


def test_rounds_page_query_count_does_not_grow(client, organiser, contest):
    from tests.factories import ContestFactory

    scored_round(contest, entries=1, jurors=1)
    other = ContestFactory()
    for order in range(1, 4):
        round = scored_round(other, entries=2, jurors=2) if order == 1 else RoundFactory(
            contest=other, order=order)
        assert round
    client.force_login(organiser)
    small = count_queries(client, reverse("judging:organiser_rounds", args=[contest.slug]))
    large = count_queries(client, reverse("judging:organiser_rounds", args=[other.slug]))
    assert small == large


def test_api_results_lists_ranking_and_jurors(client, organiser, contest):
    round = scored_round(contest, entries=2)
    client.force_login(organiser)
    body = client.get(api_results_url(round) + "?method=trimmed").json()
    assert body["method"] == "trimmed"
    assert [row["value"] for row in body["ranking"]] == [2.0, 1.0]
    assert len(body["jurors"]) == 3
    assert set(body["jurors"][0]) >= {"mean", "spread", "agreement", "flags", "scored"}


def test_api_progress_counts_assigned_and_scored(client, organiser, contest):
    round = scored_round(contest, entries=2)
    AssignmentFactory(round=round)
    client.force_login(organiser)
    body = client.get(api_url("progress", round)).json()
    assert (body["entry_count"], body["assigned"], body["scored"]) == (2, 7, 6)


def test_api_run_assignment_assigns_and_reports_quality(client, organiser, contest):
    round = RoundFactory(contest=contest, jurors_per_entry=2)
    for _ in range(3):
        JurorFactory(contest=contest)
    for _ in range(3):
        RoundEntry.objects.create(round=round, entry=EntryFactory(contest=contest))
    client.force_login(organiser)
    body = client.post(api_url("assignment", round)).json()
    assert (body["created"], body["min_load"], body["max_load"]) == (6, 2, 2)


def test_api_run_assignment_error_explains_why(client, organiser, contest):
    round = RoundFactory(contest=contest, jurors_per_entry=3)
    JurorFactory(contest=contest)
    RoundEntry.objects.create(round=round, entry=EntryFactory(contest=contest))
    client.force_login(organiser)
    response = client.post(api_url("assignment", round))
    assert response.status_code == 400
    assert response.json()["code"] == "assignment_too_few_jurors"


def test_organiser_endpoints_are_in_the_schema(client):
    schema = client.get(reverse("api-schema")).content.decode()
    assert "/api/v1/organise/{slug}/rounds/{round_id}/results/" in schema
    assert "/api/v1/organise/{slug}/rounds/{round_id}/assignment/" in schema


def test_rounds_page_creates_a_round_with_criteria(client, organiser, contest):
    client.force_login(organiser)
    response = client.post(reverse("judging:organiser_rounds", args=[contest.slug]), {
        "name": "Screening", "kind": "screening", "deadline": "2030-01-01T12:00",
        "jurors_per_entry": "3", "scale_min": "1", "scale_max": "10",
        "criteria": "Story: 30\nVisual craft: 70",
    })
    assert response.status_code == 302
    round = Round.objects.get(contest=contest)
    assert list(round.criteria.values_list("name", flat=True)) == ["Story", "Visual craft"]


def test_rounds_page_actions_fill_assign_open_and_close(client, organiser, contest):
    round = RoundFactory(contest=contest, order=1, jurors_per_entry=1, status=RoundStatus.DRAFT)
    JurorFactory(contest=contest)
    EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    client.force_login(organiser)

    def act(action):
        url = reverse("judging:organiser_round_action", args=[contest.slug, round.pk, action])
        return client.post(url)

    for action in ["entries", "assign", "open", "close"]:
        assert act(action).status_code == 302
    round.refresh_from_db()
    assert (round.status, round.assignments.count()) == (RoundStatus.CLOSED, 1)


def test_manual_assignment_refuses_conflict_with_a_message(client, organiser, contest):
    round = RoundFactory(contest=contest)
    juror = JurorFactory(contest=contest)
    entry = EntryFactory(contest=contest)
    RoundEntry.objects.create(round=round, entry=entry)
    JurorConflict.objects.create(juror=juror, kind=ConflictKind.ENTRY, entry=entry)
    client.force_login(organiser)
    response = client.post(
        reverse("judging:organiser_manual_assignment", args=[contest.slug]),
        {"manual-round": round.pk, "manual-entry_code": entry.code.lower(),
         "manual-juror": juror.pk, "manual-action": "add"}, follow=True,
    )
    assert "conflict of interest" in response.content.decode()
    assert not Assignment.objects.filter(round=round).exists()


def test_advance_form_moves_top_entries(client, organiser, contest):
    first = scored_round(contest, entries=3)
    second = RoundFactory(contest=contest, order=2)
    client.force_login(organiser)
    client.post(reverse("judging:organiser_advance", args=[contest.slug]), {
        "advance-from_round": first.pk, "advance-to_round": second.pk,
        "advance-method": "mean", "advance-top_n": "2",
    })
    assert second.entries.count() == 2


def test_results_api_pages_the_ranking(client, organiser, contest, monkeypatch):
    from judging.selectors import rounds as selectors

    monkeypatch.setattr(selectors, "RANKING_PAGE_SIZE", 2)
    from judging.api.views import rounds as api_views

    monkeypatch.setattr(api_views, "RANKING_PAGE_SIZE", 2)
    round = scored_round(contest, entries=5, jurors=1)
    client.force_login(organiser)

    body = client.get(api_results_url(round), {"method": "mean", "page": 3}).json()

    assert [row["value"] for row in body["ranking"]] == [0.0]
    assert (body["ranked"], body["page"], body["pages"]) == (5, 3, 3)


def test_results_page_marks_entries_whose_interval_crosses_the_cut(client, organiser, contest):
    # Entry i gets i, i + 1, i + 2: means 1, 2, 3; the pooled spread within entries is 1, so
    # each standard error is sqrt(1/3) and each interval the mean plus or minus 1.13. A cut
    # after the best entry lies at 2.5, inside the intervals of the first two, not the third.
    round = scored_round(contest, entries=3)
    client.force_login(organiser)

    response = client.get(results_url(round, method="mean", cut=1))

    results = response.context["results"]
    assert results.cut_value == 2.5
    assert [(row.value, row.crosses_cut) for row in results.ranking] == [
        (3.0, True), (2.0, True), (1.0, False)]
    assert results.ranking[0].error == pytest.approx((1 / 3) ** 0.5)
    assert response.content.decode().count("uncertain at the cut</span>") == 2


def test_results_page_without_a_cut_marks_nothing(client, organiser, contest):
    round = scored_round(contest, entries=3)
    client.force_login(organiser)
    response = client.get(results_url(round, method="mean"))
    assert [row.crosses_cut for row in response.context["results"].ranking] == [False] * 3
    assert "uncertain at the cut</span>" not in response.content.decode()


def score_pairs(round, pairs) -> None:
    """Submitted scores for ``(entry, juror, weighted)``, each entry put in the round once."""
    for entry, juror, weighted in pairs:
        RoundEntry.objects.get_or_create(round=round, entry=entry)
        ScoreFactory(assignment=AssignmentFactory(round=round, entry=entry, juror=juror),
                     status=ScoreStatus.SUBMITTED, weighted=weighted)


def test_results_page_warns_when_the_jury_falls_apart(client, organiser, contest):
    # Jurors a and b scored entries 0 to 2, jurors c and d entries 3 and 4: no film and no
    # juror in common, so the two groups cannot be compared.
    round = RoundFactory(contest=contest, order=1)
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE) for _ in range(5)]
    a, b, c, d = (JurorFactory(contest=contest) for _ in range(4))
    score_pairs(round, [(entries[0], a, 8), (entries[1], a, 6), (entries[2], a, 4),
                        (entries[0], b, 7), (entries[1], b, 6), (entries[2], b, 2),
                        (entries[3], c, 9), (entries[4], c, 5),
                        (entries[3], d, 6), (entries[4], d, 3)])
    client.force_login(organiser)

    response = client.get(results_url(round))

    results = response.context["results"]
    assert results.groups == 2
    assert {row.entry.pk: row.group for row in results.ranking} == {
        entries[0].pk: 1, entries[1].pk: 1, entries[2].pk: 1, entries[3].pk: 2,
        entries[4].pk: 2}
    assert "These groups cannot be compared" in response.content.decode()
    api = client.get(api_results_url(round)).json()
    assert api["groups"] == 2
    assert sorted(row["group"] for row in api["ranking"]) == [1, 1, 1, 2, 2]


def test_results_page_connected_jury_has_no_group_warning(client, organiser, contest):
    round = scored_round(contest, entries=3)
    client.force_login(organiser)
    response = client.get(results_url(round))
    assert response.context["results"].groups == 1
    assert "These groups cannot be compared" not in response.content.decode()


def test_results_page_shows_incomplete_icc_and_reliability_per_criterion(
        client, organiser, contest):
    # Three entries, unequal numbers of scores (3, 2 and 4): the table is incomplete, so only
    # the one-way ICC(1) is defined, 10/11 on the weighted scores (see the reliability tests).
    round = RoundFactory(contest=contest, order=1)
    story = CriterionFactory(round=round, name="Story", order=1)
    sound = CriterionFactory(round=round, name="Sound", order=2)
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE) for _ in range(3)]
    jurors = [JurorFactory(contest=contest) for _ in range(4)]
    weighted = {0: [1, 2, 3], 1: [4, 5], 2: [7, 8, 9, 10]}
    for index, values in weighted.items():
        for juror, value in zip(jurors, values, strict=False):
            RoundEntry.objects.get_or_create(round=round, entry=entries[index])
            # Story agrees with the weighted score; Sound is the same mark for everything.
            ScoreFactory(assignment=AssignmentFactory(round=round, entry=entries[index],
                                                      juror=juror),
                         status=ScoreStatus.SUBMITTED, weighted=value,
                         marks={str(story.pk): value, str(sound.pk): 5})
    client.force_login(organiser)

    response = client.get(results_url(round))

    results = response.context["results"]
    assert results.icc is None
    assert results.icc_oneway.single == pytest.approx(10 / 11)
    assert [(row.criterion, row.icc.single if row.icc else None, row.alpha)
            for row in results.criteria][1] == ("Sound", None, None)
    assert results.criteria[0].criterion == "Story"
    assert results.criteria[0].icc.single == pytest.approx(10 / 11)
    body = response.content.decode()
    assert "0.909 for one juror" in body
    api = client.get(api_results_url(round)).json()
    assert api["icc_oneway"] == pytest.approx(10 / 11)
    assert [row["criterion"] for row in api["criteria"]] == ["Story", "Sound"]


def test_results_api_pages_the_ranking_with_intervals_and_the_cut(client, organiser, contest,
                                                                  monkeypatch):
    from judging.api.views import rounds as api_views

    monkeypatch.setattr(api_views, "RANKING_PAGE_SIZE", 2)
    round = scored_round(contest, entries=3)
    client.force_login(organiser)

    body = client.get(api_results_url(round), {"method": "mean", "cut": 1, "page": 1}).json()

    assert (body["ranked"], body["page"], body["pages"]) == (3, 1, 2)
    assert body["cut_value"] == 2.5
    assert [(row["value"], row["crosses_cut"]) for row in body["ranking"]] == [
        (3.0, True), (2.0, True)]
    assert {"error", "low", "high", "group", "crosses_cut"} <= set(body["ranking"][0])
