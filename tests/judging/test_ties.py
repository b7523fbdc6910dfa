"""Ties: places shared ex aequo in awards, and a round's stated, configurable tie-break."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.errors import ConflictError
from core.models import AuditEvent
from judging.enums import TieBreak
from judging.exports import build_export
from judging.models import Round
from judging.selectors.ranking import ranking
from judging.services.awards import assign_award, lock_awards, update_award
from judging.services.publication import publish_results
from judging.services.results import set_tie_break
from judging.tiebreak import break_ties

from .factories import AssignmentFactory, JurorFactory, RoundFactory, ScoreFactory

pytestmark = pytest.mark.django_db


# The pure rule ------------------------------------------------------------------------------

RANKED = [("a", 5.0), ("b", 4.0), ("c", 4.0), ("d", 1.0)]
MARKS = {"a": [5.0], "b": [3.0, 5.0], "c": [4.5, 4.0, 3.5], "d": [1.0]}


@pytest.mark.parametrize("rule,expected", [
    (TieBreak.COUNT_THEN_MEAN, [("a", 1), ("c", 2), ("b", 3), ("d", 4)]),
    (TieBreak.MEAN_THEN_COUNT, [("a", 1), ("c", 2), ("b", 3), ("d", 4)]),
    (TieBreak.MEDIAN, [("c", 2), ("b", 3)]),
    (TieBreak.LEAVE_TIED, [("a", 1), ("b", 2), ("c", 2), ("d", 4)]),
])
def test_break_ties_orders_equal_values_by_the_rule(rule, expected):
    result = [(entry, position) for entry, _value, position in break_ties(RANKED, MARKS, rule)]
    if len(expected) == 2:  # only the tie matters here
        result = result[1:3]
    assert result == expected


def test_break_ties_mean_then_count_prefers_the_higher_mean():
    marks = {"x": [4.0, 4.0], "y": [4.2]}  # equal values, x has more scores, y a higher mean
    ranked = [("x", 1.0), ("y", 1.0)]
    assert [e for e, _v, _p in break_ties(ranked, marks, TieBreak.COUNT_THEN_MEAN)] == ["x", "y"]
    assert [e for e, _v, _p in break_ties(ranked, marks, TieBreak.MEAN_THEN_COUNT)] == ["y", "x"]


# A round's rule -----------------------------------------------------------------------------

@pytest.fixture
def tied_round(contest, make_entry):
    """Two entries tied on the mean (6.0): the first with one score, the second with two."""
    round_ = RoundFactory(contest=contest, order=1)
    jurors = [JurorFactory(contest=contest) for _ in range(2)]
    one, two = make_entry(), make_entry()
    ScoreFactory(assignment=AssignmentFactory(round=round_, entry=one, juror=jurors[0]),
                 status="submitted", weighted=6.0)
    for juror, mark in zip(jurors, (5.0, 7.0), strict=True):
        ScoreFactory(assignment=AssignmentFactory(round=round_, entry=two, juror=juror),
                     status="submitted", weighted=mark)
    return round_, one, two


def test_set_tie_break_reorders_the_cached_ranking_and_is_audited(tied_round, organiser):
    round_, one, two = tied_round
    assert [(r.entry_id, r.position) for r in ranking(round=round_, method="mean")] == [
        (two.pk, 1), (one.pk, 2)]

    set_tie_break(round=round_, rule=TieBreak.LEAVE_TIED, by=organiser)

    assert sorted((r.entry_id, r.position) for r in ranking(round=round_, method="mean")) == [
        (one.pk, 1), (two.pk, 1)]
    event = AuditEvent.objects.get(action="judging.tie_break")
    assert (event.before, event.after) == ({"tie_break": "count_then_mean"},
                                           {"tie_break": "leave_tied"})


def test_results_page_states_the_rule_and_changes_it(client, organiser, tied_round):
    round_, _one, _two = tied_round
    client.force_login(organiser)
    url = reverse("judging:organiser_results", args=[round_.contest.slug, round_.pk])
    page = client.get(url).content.decode()
    assert "More scores first." in page and "Then the entry created first." in page

    response = client.post(reverse("judging:organiser_tie_break",
                                   args=[round_.contest.slug, round_.pk]),
                           {"tie_break": "median"})

    assert response.status_code == 302
    assert Round.objects.get(pk=round_.pk).tie_break == "median"
    assert "The higher median mark first." in client.get(url).content.decode()
    api = reverse("api:organiser-round-results", args=[round_.contest.slug, round_.pk])
    assert client.get(api).json()["tie_break"] == "median"


# Ex aequo places ----------------------------------------------------------------------------

@pytest.fixture
def shared_first(award, organiser, make_entry):
    """Two entries sharing first place of the 3-place award, a third in second place."""
    update_award(award=award, by=organiser, allow_ex_aequo=True)
    entries = [make_entry() for _ in range(3)]
    for entry, place in zip(entries, (1, 1, 2), strict=True):
        assign_award(award=award, place=place, entry=entry, by=organiser)
    return entries


def test_a_place_is_refused_twice_unless_the_award_allows_ex_aequo(award, organiser,
                                                                   make_entry):
    assign_award(award=award, place=1, entry=make_entry(), by=organiser)
    with pytest.raises(ConflictError) as error:
        assign_award(award=award, place=1, entry=make_entry(), by=organiser)
    assert error.value.code == "place_taken"


def test_ex_aequo_cannot_be_switched_off_while_a_place_is_shared(award, organiser,
                                                                 shared_first):
    with pytest.raises(ConflictError) as error:
        update_award(award=award, by=organiser, allow_ex_aequo=False)
    assert error.value.code == "places_shared"


def test_awards_page_and_api_show_shared_places(client, organiser, award, shared_first):
    client.force_login(organiser)
    page = client.get(reverse("judging:awards", args=[award.contest.slug])).content.decode()
    assert page.count("<td>1 ex aequo</td>") == 2  # the placements
    assert page.count("Grand Prize (1 ex aequo)") == 2  # the results table's award column
    body = client.get(reverse("api:awards", args=[award.contest.slug])).json()
    placements = body[0]["placements"]
    assert body[0]["allow_ex_aequo"] is True
    assert [(p["place"], p["ex_aequo"]) for p in placements] == [(1, True), (1, True),
                                                                 (2, False)]


def test_exports_write_shared_places(award, shared_first):
    text = b"".join(build_export(contest=award.contest, what="winners", fmt="csv").chunks)
    places = [row["Place"] for row in csv.DictReader(io.StringIO(text.decode("utf-8-sig")))]
    assert places == ["1 ex aequo", "1 ex aequo", "2"]
    data = b"".join(build_export(contest=award.contest, what="winners", fmt="xlsx").chunks)
    sheet = load_workbook(io.BytesIO(data)).active
    column = [cell.value for cell in next(sheet.iter_cols(min_col=2, max_col=2))]
    assert column[-3:] == ["1 ex aequo", "1 ex aequo", 2]
    results = b"".join(build_export(contest=award.contest, what="results", fmt="csv").chunks)
    assert "Grand Prize (1 ex aequo)" in results.decode("utf-8-sig")


def test_public_winners_show_shared_places(client, organiser, award, shared_first):
    lock_awards(contest=award.contest, by=organiser)
    publish_results(contest=award.contest, by=organiser)
    page = client.get(reverse("winners", args=[award.contest.slug])).content.decode()
    assert page.count("place 1 ex aequo") == 2
    body = client.get(reverse("api:winners", args=[award.contest.slug])).json()
    assert sorted((w["place_label"], w["ex_aequo"]) for w in body) == [
        ("1 ex aequo", True), ("1 ex aequo", True), ("2", False)]
