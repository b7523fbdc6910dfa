"""A round's own ranking method: chosen once by its organisers, audited, and followed by
everything that reads the round's ranking without naming a method (awards, advancement,
exports, the results page's default)."""

import pytest
from django.urls import reverse

from core.errors import ContestError
from core.models import AuditEvent
from judging.exports.rows import result_rows
from judging.models import Round
from judging.selectors.ranking import current_version, final_ranking, ranking
from judging.services.results import set_ranking_method
from judging.services.rounds import advance_entries

from .factories import AssignmentFactory, JurorFactory, RoundFactory, ScoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def split_round(contest, make_entry):
    """A harsh juror (2, 3) and a lenient one (8, 9) on two films each: the mean ranks the
    lenient juror's films first, the z-score puts each juror's better film first."""
    round_ = RoundFactory(contest=contest, order=1)
    harsh, lenient = JurorFactory(contest=contest), JurorFactory(contest=contest)
    entries = {}
    for name, juror, mark in (("h_low", harsh, 2.0), ("h_high", harsh, 3.0),
                              ("l_low", lenient, 8.0), ("l_high", lenient, 9.0)):
        entries[name] = make_entry()
        ScoreFactory(assignment=AssignmentFactory(round=round_, entry=entries[name],
                                                  juror=juror),
                     status="submitted", weighted=mark)
    return round_, entries


def codes(ranked, entries):
    names = {entry.pk: name for name, entry in entries.items()}
    return [names[row.entry_id] for row in ranked]


def test_the_methods_disagree_on_this_round(split_round):
    round_, entries = split_round
    assert codes(ranking(round=round_, method="mean"), entries) == [
        "l_high", "l_low", "h_high", "h_low"]
    assert codes(ranking(round=round_, method="zscore"), entries)[2] == "l_low"


def test_a_new_round_follows_the_calibrated_model(split_round):
    round_, _entries = split_round
    assert round_.ranking_method == "calibrated"
    assert ranking(round=round_).method == "calibrated"


def test_setting_the_method_is_audited_and_awards_exports_and_advancement_follow_it(
    split_round, organiser, contest
):
    round_, entries = split_round
    version = current_version(round_)

    set_ranking_method(round=round_, method="mean", by=organiser)

    assert Round.objects.get(pk=round_.pk).ranking_method == "mean"
    assert current_version(round_) == version + 1  # every cached figure is recomputed
    event = AuditEvent.objects.get(action="judging.ranking_method")
    assert (event.before, event.after) == ({"ranking_method": "calibrated"},
                                           {"ranking_method": "mean"})
    final = final_ranking(contest=contest)
    assert (final.method, codes(final, entries)) == (
        "mean", ["l_high", "l_low", "h_high", "h_low"])
    exported = [row["code"] for row in result_rows(contest=contest).rows]
    assert exported == [entries[name].code for name in ("l_high", "l_low", "h_high", "h_low")]
    later = RoundFactory(contest=contest, order=2)
    chosen = advance_entries(from_round=round_, to_round=later, by=organiser, top_n=2)
    assert set(chosen) == {entries["l_high"].pk, entries["l_low"].pk}


def test_setting_the_same_method_again_writes_nothing(split_round, organiser):
    round_, _entries = split_round
    set_ranking_method(round=round_, method="mean", by=organiser)
    version = current_version(round_)

    set_ranking_method(round=round_, method="mean", by=organiser)

    assert current_version(round_) == version
    assert AuditEvent.objects.filter(action="judging.ranking_method").count() == 1


def test_an_unknown_method_is_refused_and_changes_nothing(split_round, organiser):
    round_, _entries = split_round

    with pytest.raises(ContestError) as refused:
        set_ranking_method(round=round_, method="<b>median</b>", by=organiser)

    assert refused.value.fields == {"ranking_method": ["<b>median</b>"]}
    assert Round.objects.get(pk=round_.pk).ranking_method == "calibrated"
    assert not AuditEvent.objects.filter(action="judging.ranking_method").exists()


def test_the_results_page_shows_the_rounds_method_and_makes_the_shown_one_its_own(
    client, organiser, split_round
):
    round_, _entries = split_round
    client.force_login(organiser)
    url = reverse("judging:organiser_results", args=[round_.contest.slug, round_.pk])
    action = reverse("judging:organiser_ranking_method", args=[round_.contest.slug, round_.pk])

    own = client.get(url)
    other = client.get(url, {"method": "mean"})

    assert own.context["results"].method == "calibrated"
    assert "follow this round's method: Calibrated jury model" in own.content.decode()
    assert action not in own.content.decode()  # nothing to switch to
    assert action in other.content.decode()

    response = client.post(action, {"ranking_method": "mean"})

    assert response.status_code == 302
    assert client.get(url).context["results"].method == "mean"
    api = reverse("api:organiser-round-results", args=[round_.contest.slug, round_.pk])
    assert client.get(api).json()["ranking_method"] == "mean"
    assert client.get(api, {"method": "zscore"}).json()["method"] == "zscore"


def test_the_page_refuses_an_unknown_method_with_a_message(client, organiser, split_round):
    round_, _entries = split_round
    client.force_login(organiser)
    action = reverse("judging:organiser_ranking_method", args=[round_.contest.slug, round_.pk])

    response = client.post(action, {"ranking_method": "dictator"}, follow=True)

    assert "Choose one of the ranking methods." in response.content.decode()
    assert Round.objects.get(pk=round_.pk).ranking_method == "calibrated"


def test_the_api_sets_the_method_and_the_tie_break_together(client, organiser, split_round):
    round_, _entries = split_round
    client.force_login(organiser)
    url = reverse("api:organiser-round-ranking", args=[round_.contest.slug, round_.pk])

    response = client.patch(url, {"ranking_method": "trimmed", "tie_break": "median"},
                            content_type="application/json")

    assert response.status_code == 200
    assert response.json() == {"ranking_method": "trimmed", "tie_break": "median"}
    assert client.get(url).json() == {"ranking_method": "trimmed", "tie_break": "median"}
    assert set(AuditEvent.objects.filter(object_id=str(round_.pk)).values_list(
        "action", flat=True)) >= {"judging.ranking_method", "judging.tie_break"}


@pytest.mark.parametrize("body", [
    {"ranking_method": "dictator"}, {"tie_break": "coin"}, {"ranking_method": "mean", "x": 1},
    {"ranking_method": "mean", "tie_break": "coin"},
])
def test_the_api_refuses_bad_input_and_changes_nothing(client, organiser, split_round, body):
    round_, _entries = split_round
    client.force_login(organiser)
    url = reverse("api:organiser-round-ranking", args=[round_.contest.slug, round_.pk])

    response = client.patch(url, body, content_type="application/json")

    assert response.status_code == 400
    round_.refresh_from_db()
    assert (round_.ranking_method, round_.tie_break) == ("calibrated", "count_then_mean")
