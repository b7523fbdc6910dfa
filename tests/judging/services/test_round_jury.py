"""Juries per round and panels per category: the pure rule, the service, the page and the API."""

import pytest
from django.urls import reverse

from contest.enums import EntryStatus
from core.errors import ContestError
from core.models import AuditEvent
from judging.models import Assignment, PanelSeat, RoundEntry
from judging.panels import panel_conflicts, panels_from_seats, unstaffed_categories
from judging.services.round_jury import set_round_jury
from judging.services.rounds import reassign_after_conflict, run_assignment

from ...factories import CategoryFactory, ContestFactory, EntryFactory
from ..factories import JurorFactory, RoundFactory


def test_a_category_panel_judges_its_entries_and_the_jury_the_rest():
    panels = panels_from_seats([("a", None), ("b", None), ("c", "doc"), ("d", "doc")])
    assert panels.for_category("doc") == {"c", "d"}
    assert panels.for_category("fiction") == {"a", "b"}
    avoid = panel_conflicts(panels, {1: "doc", 2: "fiction"}, ["a", "b", "c", "d"])
    assert avoid == {(1, "a"), (1, "b"), (2, "c"), (2, "d")}


def test_no_seats_means_everyone_and_a_category_without_judges_is_named():
    assert panel_conflicts(panels_from_seats([]), {1: "doc"}, ["a"]) == set()
    assert unstaffed_categories(panels_from_seats([]), ["doc"]) == []
    assert unstaffed_categories(panels_from_seats([("c", "doc")]), ["doc", "fiction"]) == [
        "fiction"]


pytestmark_db = pytest.mark.django_db


@pytest.fixture
def two_rounds(contest):
    fiction, doc = CategoryFactory(contest=contest), CategoryFactory(contest=contest)
    screening = RoundFactory(contest=contest, jurors_per_entry=2, order=1)
    final = RoundFactory(contest=contest, jurors_per_entry=2, order=2)
    jurors = [JurorFactory(contest=contest) for _ in range(6)]
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE,
                            category=fiction if i % 2 else doc) for i in range(8)]
    for entry in entries:
        RoundEntry.objects.create(round=screening, entry=entry)
        RoundEntry.objects.create(round=final, entry=entry)
    return screening, final, jurors, fiction, doc


def judges(round):
    return set(Assignment.objects.filter(round=round).values_list("juror_id", flat=True))


@pytestmark_db
def test_screening_and_final_juries_are_kept_apart(two_rounds, organiser):
    screening, final, jurors, _fiction, _doc = two_rounds
    set_round_jury(round=screening, jurors=jurors[:4], panels={}, by=organiser)
    set_round_jury(round=final, jurors=jurors[4:], panels={}, by=organiser)
    run_assignment(round=screening, by=organiser)
    run_assignment(round=final, by=organiser)
    assert judges(screening) == {j.pk for j in jurors[:4]}
    assert judges(final) == {j.pk for j in jurors[4:]}


@pytestmark_db
def test_a_category_panel_takes_its_category_only(two_rounds, organiser):
    screening, _final, jurors, fiction, doc = two_rounds
    set_round_jury(round=screening, jurors=jurors[:3], panels={doc: jurors[3:5]}, by=organiser)
    run_assignment(round=screening, by=organiser)
    for assignment in Assignment.objects.filter(round=screening).select_related("entry"):
        expected = jurors[3:5] if assignment.entry.category_id == doc.pk else jurors[:3]
        assert assignment.juror_id in {j.pk for j in expected}
    event = AuditEvent.objects.get(action="judging.round_jury_set")
    assert event.after == {"jury": sorted(j.pk for j in jurors[:3]),
                           "panels": {str(doc.pk): sorted(j.pk for j in jurors[3:5])}}


@pytestmark_db
def test_a_category_nobody_may_judge_is_refused_by_name(two_rounds, organiser):
    screening, _final, jurors, fiction, doc = two_rounds
    set_round_jury(round=screening, jurors=[], panels={doc: jurors[:3]}, by=organiser)
    with pytest.raises(ContestError) as raised:
        run_assignment(round=screening, by=organiser)
    assert raised.value.code == "category_without_panel"
    assert fiction.name in raised.value.message
    assert not Assignment.objects.filter(round=screening).exists()


@pytestmark_db
def test_another_contests_juror_or_category_is_refused(two_rounds, organiser):
    screening, *_rest = two_rounds
    other = ContestFactory()
    with pytest.raises(ContestError):
        set_round_jury(round=screening, jurors=[JurorFactory(contest=other)], panels={},
                       by=organiser)
    with pytest.raises(ContestError):
        set_round_jury(round=screening, jurors=[],
                       panels={CategoryFactory(contest=other): []}, by=organiser)
    assert not PanelSeat.objects.exists()


@pytestmark_db
def test_a_conflicted_entry_is_reassigned_within_its_panel(two_rounds, organiser):
    screening, _final, jurors, _fiction, doc = two_rounds
    set_round_jury(round=screening, jurors=jurors[:3], panels={doc: jurors[3:6]}, by=organiser)
    run_assignment(round=screening, by=organiser)
    assignment = Assignment.objects.filter(round=screening, entry__category=doc).first()
    new = reassign_after_conflict(assignment=assignment)
    assert new.juror_id in {j.pk for j in jurors[3:6]}


@pytestmark_db
def test_the_jury_page_saves_panels(two_rounds, organiser, client):
    screening, _final, jurors, _fiction, doc = two_rounds
    client.force_login(organiser)
    url = reverse("judging:organiser_round_jury", args=[screening.contest.slug, screening.pk])
    page = client.get(url)
    assert page.status_code == 200 and doc.name in page.content.decode()
    response = client.post(url, {"jury": [jurors[0].pk, jurors[1].pk],
                                 f"panel_{doc.pk}": [jurors[2].pk]})
    assert response.status_code == 302
    assert set(PanelSeat.objects.values_list("juror_id", "category_id")) == {
        (jurors[0].pk, None), (jurors[1].pk, None), (jurors[2].pk, doc.pk)}
    other = JurorFactory()
    response = client.post(url, {"jury": [other.pk]})
    assert response.status_code == 200
    assert PanelSeat.objects.count() == 3


@pytestmark_db
def test_the_jury_api_round_trips_and_refuses_unknown_ids(two_rounds, organiser, client):
    screening, _final, jurors, _fiction, doc = two_rounds
    client.force_login(organiser)
    url = reverse("api:organiser-round-jury", args=[screening.contest.slug, screening.pk])
    body = {"jurors": [jurors[0].pk], "panels": [{"category": doc.slug,
                                                  "jurors": [jurors[1].pk, jurors[2].pk]}]}
    assert client.put(url, body, content_type="application/json").json() == body
    assert client.get(url).json() == body
    stranger = JurorFactory()
    response = client.put(url, {"jurors": [stranger.pk]}, content_type="application/json")
    assert response.status_code == 400 and "jurors" in response.json()["fields"]
    response = client.put(url, {"jurors": [], "panel": []}, content_type="application/json")
    assert response.status_code == 400
    response = client.put(url, {"jurors": [], "panels": [{"category": "nope", "jurors": []}]},
                          content_type="application/json")
    assert response.status_code == 400
    assert client.get(url).json() == body
