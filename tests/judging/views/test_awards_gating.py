"""Nothing about results leaks before publication, through any page or endpoint."""

import pytest
from django.urls import reverse

from contest.enums import QuestionType, QuestionVisibility
from contest.models import Entry
from contest.services.questions import add_question
from judging.services.awards import lock_awards
from judging.services.publication import publish_results

pytestmark = pytest.mark.django_db


def _public_urls(contest):
    return [
        reverse("winners", args=[contest.slug]),
        reverse("api:winners", args=[contest.slug]),
    ]


@pytest.mark.parametrize("who", ["anonymous", "entrant", "juror_user", "organiser"])
def test_winners_before_publication_are_404_for_everyone(client, request, scored_contest, who):
    lock_awards(contest=scored_contest, by=None)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in _public_urls(scored_contest):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Grand Prize" not in response.content


def test_entrant_pages_and_api_do_not_reveal_award_before_publication(client, scored_contest):
    entry = scored_contest.entries_by_script[0]
    client.force_login(entry.entrant)
    urls = [
        "/", reverse("contest:dashboard"),
        reverse("contest:contest_detail", args=[scored_contest.slug]),
        reverse("contest:entry_detail", args=[entry.pk]),
        reverse("api:entry-list"), reverse("api:entry-detail", args=[entry.pk]),
        reverse("api:contest-detail", args=[scored_contest.slug]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Grand Prize" not in response.content, url
        assert b"Jury Prize" not in response.content, url
        assert b"award" not in response.content.lower().replace(b"awards", b""), url


@pytest.mark.parametrize("who", ["anonymous", "entrant", "juror_user"])
def test_organiser_pages_and_endpoints_are_closed_to_others(client, request, scored_contest, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    slug = scored_contest.slug
    urls = [
        reverse("judging:awards", args=[slug]),
        reverse("judging:dashboard", args=[slug]),
        reverse("judging:audit", args=[slug]),
        reverse("judging:export", args=[slug, "winners", "csv"]),
        reverse("api:awards", args=[slug]),
        reverse("api:export", args=[slug, "winners", "csv"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 401, 403), url
        assert b"Grand Prize" not in response.content


def test_winners_page_after_publication_shows_everything(client, scored_contest, organiser,
                                                         django_capture_on_commit_callbacks):
    lock_awards(contest=scored_contest, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        publish_results(contest=scored_contest, by=organiser)

    html = client.get(reverse("winners", args=[scored_contest.slug])).content.decode()
    for text in ("Grand Prize", "Jury Prize", "月光的回声", "Echo of Moonlight", "曹一哲",
                 "Cao Yizhe", "محمد الأحمد", "Mohammed Al-Ahmad", "China", "A synopsis."):
        assert text in html, text
    # Screening order first: the placement with order 1 comes before the others.
    assert html.index("ظل القمر") < html.index("月光的回声")
    assert "Quiet Town" not in html


def test_winners_api_after_publication_lists_placements(client, scored_contest, organiser,
                                                        django_capture_on_commit_callbacks):
    lock_awards(contest=scored_contest, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        publish_results(contest=scored_contest, by=organiser)

    data = client.get(reverse("api:winners", args=[scored_contest.slug])).json()
    assert [(row["award"], row["place"]) for row in data] == [
        ("Jury Prize", 1), ("Grand Prize", 1), ("Jury Prize", 2)
    ]
    assert data[1]["credits"][0] == {
        "name_native": "曹一哲", "name_latin": "Cao Yizhe", "role": "director", "country": "CN"
    }


def test_winners_page_queries_do_not_grow_with_winners(client, scored_contest, organiser,
                                                       django_assert_max_num_queries,
                                                       django_capture_on_commit_callbacks):
    lock_awards(contest=scored_contest, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        publish_results(contest=scored_contest, by=organiser)
    # contest, session-less permission check, placements, credits, videos
    with django_assert_max_num_queries(6):
        client.get(reverse("winners", args=[scored_contest.slug]))


def test_winners_page_and_api_show_only_public_answers(client, scored_contest, organiser,
                                                       django_capture_on_commit_callbacks):
    for label, visibility in (("Tagline", QuestionVisibility.PUBLIC),
                              ("Workflow", QuestionVisibility.JURORS),
                              ("Phone", QuestionVisibility.ORGANISERS)):
        add_question(contest=scored_contest, by=organiser, values={
            "type": QuestionType.SHORT_TEXT, "label": label, "visibility": visibility})
    Entry.objects.filter(contest=scored_contest).update(answers={
        "tagline": "Night falls", "workflow": "Sora", "phone": "+81 90 1234"})
    lock_awards(contest=scored_contest, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        publish_results(contest=scored_contest, by=organiser)

    html = client.get(reverse("winners", args=[scored_contest.slug])).content.decode()
    data = client.get(reverse("api:winners", args=[scored_contest.slug])).json()
    assert ("Night falls" in html, "+81 90 1234" in html, ">Sora<" in html) == (
        True, False, False)
    assert {tuple((a["label"], a["text"]) for a in row["answers"]) for row in data} == {
        (("Tagline", "Night falls"),)}
