"""The language rule of a round: services, the rounds page and the API."""

import pytest
from django.urls import reverse

from contest.enums import EntryStatus
from core.errors import ContestError
from core.models import AuditEvent
from judging.models import Assignment, RoundEntry
from judging.services.round_languages import (
    LanguageShortfallError,
    relax_language_rule,
    set_language_rule,
)
from judging.services.rounds import run_assignment

from ...factories import EntryFactory
from ..factories import JurorFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(contest):
    """Four jurors (two read Japanese), four Japanese films, two English, one without words."""
    round = RoundFactory(contest=contest, jurors_per_entry=2, language_rule=True)
    jurors = {
        "ja1": JurorFactory(contest=contest, languages=["ja", "en"]),
        "ja2": JurorFactory(contest=contest, languages=["ja"]),
        "en1": JurorFactory(contest=contest, languages=["en"]),
        "en2": JurorFactory(contest=contest, languages=["en", "fr"]),
    }
    films = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE, original_language=lang)
             for lang in ["ja", "ja", "ja", "ja", "en", "en"]]
    films.append(EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE,
                              original_language="tr", no_dialogue=True))
    for entry in films:
        RoundEntry.objects.create(round=round, entry=entry)
    return round, jurors, films


def pairs(round):
    return list(Assignment.objects.filter(round=round).values_list(
        "entry__original_language", "entry__no_dialogue", "juror__languages"))


def test_every_pair_shares_a_language_or_the_film_needs_none(round_, organiser):
    round, _jurors, _films = round_
    run_assignment(round=round, by=organiser)
    made = pairs(round)
    assert Assignment.objects.filter(round=round).count() == 14
    for language, no_dialogue, understood in made:
        assert no_dialogue or language in understood


def test_missing_jurors_are_explained_per_language_and_nothing_is_assigned(round_, organiser):
    round, jurors, _films = round_
    jurors["ja2"].languages = ["ko"]
    jurors["ja2"].save()
    with pytest.raises(LanguageShortfallError) as raised:
        run_assignment(round=round, by=organiser)
    (short,) = raised.value.shortfalls
    assert (len(short.entries), short.needed, short.jurors, short.available) == (4, 8, 1, 4)
    assert "Japanese: 4 entries need 8 assignments, 1 juror can take 4." in raised.value.message
    assert not Assignment.objects.filter(round=round).exists()


def test_relaxing_frees_only_the_short_entries_and_then_assignment_runs(round_, organiser):
    round, jurors, films = round_
    jurors["ja2"].languages = ["ko"]
    jurors["ja2"].save()
    assert relax_language_rule(round=round, by=organiser) == 4
    relaxed = set(RoundEntry.objects.filter(round=round, language_rule_relaxed=True)
                  .values_list("entry__original_language", flat=True))
    assert relaxed == {"ja"}
    run_assignment(round=round, by=organiser)
    english = Assignment.objects.filter(round=round, entry__original_language="en")
    assert all("en" in a.juror.languages for a in english)
    event = AuditEvent.objects.get(action="judging.language_rule_relaxed")
    assert event.after["entries"] == 4


def test_nothing_to_relax_is_refused(round_, organiser):
    round, _jurors, _films = round_
    with pytest.raises(ContestError) as raised:
        relax_language_rule(round=round, by=organiser)
    assert raised.value.code == "nothing_to_relax"


def test_turning_the_rule_on_again_puts_relaxed_entries_back_under_it(round_, organiser):
    round, jurors, _films = round_
    jurors["ja2"].languages = ["ko"]
    jurors["ja2"].save()
    relax_language_rule(round=round, by=organiser)
    set_language_rule(round=round, required=False, by=organiser)
    set_language_rule(round=round, required=True, by=organiser)
    assert not RoundEntry.objects.filter(round=round, language_rule_relaxed=True).exists()
    with pytest.raises(LanguageShortfallError):
        run_assignment(round=round, by=organiser)


def test_without_the_rule_anyone_may_judge_anything(round_, organiser):
    round, jurors, _films = round_
    for juror in jurors.values():
        juror.languages = ["ko"]
        juror.save()
    set_language_rule(round=round, required=False, by=organiser)
    run_assignment(round=round, by=organiser)
    assert Assignment.objects.filter(round=round).count() == 14


def test_the_rounds_page_relaxes_and_explains(round_, organiser, client):
    round, jurors, _films = round_
    jurors["ja2"].languages = ["ko"]
    jurors["ja2"].save()
    client.force_login(organiser)
    url = reverse("judging:organiser_round_action", args=[round.contest.slug, round.pk, "assign"])
    page = client.post(url, follow=True)
    assert "Japanese: 4 entries need 8 assignments" in page.content.decode()
    url = reverse("judging:organiser_round_action",
                  args=[round.contest.slug, round.pk, "relax-languages"])
    page = client.post(url, follow=True)
    assert "Any juror may now judge 4 entries" in page.content.decode()


def test_the_api_reports_shortfalls_and_toggles_the_rule(round_, organiser, client):
    round, jurors, _films = round_
    jurors["ja2"].languages = ["ko"]
    jurors["ja2"].save()
    client.force_login(organiser)
    url = reverse("api:organiser-round-languages", args=[round.contest.slug, round.pk])
    body = client.get(url).json()
    assert body == {"language_rule": True, "relaxed_entries": 0, "shortfalls": [
        {"languages": ["ja"], "entries": 4, "needed": 8, "jurors": 1, "available": 4}]}
    assert client.patch(url, {"language_rule": False, "typo": 1},
                        content_type="application/json").status_code == 400
    body = client.patch(url, {"language_rule": False}, content_type="application/json").json()
    assert body["language_rule"] is False and body["shortfalls"] == []
    relax = reverse("api:organiser-round-languages-relax", args=[round.contest.slug, round.pk])
    assert client.post(relax).json()["code"] == "no_language_rule"
