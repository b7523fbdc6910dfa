import pytest
from django.urls import reverse

from judging.enums import ScoreStatus
from judging.models import Score
from judging.services.scoring import save_draft
from tests.factories import CreditFactory

from ..factories import JurorFactory

pytestmark = pytest.mark.django_db


def test_home_lists_rounds_with_progress(client, juror_user, make_assignments, open_round):
    first, *_ = make_assignments(3)
    Score.objects.create(assignment=first, status=ScoreStatus.SUBMITTED, weighted=7.0)
    client.force_login(juror_user)
    response = client.get(reverse("judging:home"))
    assert response.status_code == 200
    (progress,) = response.context["progress"]
    assert (progress.round, progress.total, progress.submitted) == (open_round, 3, 1)


def test_judging_pages_refuse_non_jurors(client, entrant, make_assignments):
    (assignment,) = make_assignments(1)
    client.force_login(entrant)
    for url in (
        reverse("judging:home"),
        reverse("judging:queue", kwargs={"round_id": assignment.round_id}),
        reverse("judging:score", kwargs={"assignment_id": assignment.pk}),
    ):
        assert client.get(url).status_code == 403


def test_judging_pages_send_anonymous_visitors_to_login(client, make_assignments):
    response = client.get(reverse("judging:home"))
    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("account_login"))


def test_queue_filters_by_status(client, juror_user, make_assignments, open_round):
    todo, draft, done = make_assignments(3)
    Score.objects.create(assignment=draft)
    Score.objects.create(assignment=done, status=ScoreStatus.SUBMITTED, weighted=5)
    client.force_login(juror_user)
    url = reverse("judging:queue", kwargs={"round_id": open_round.pk})
    for status, expected in (("todo", todo), ("draft", draft), ("submitted", done)):
        rows = client.get(url, {"status": status}).context["rows"]
        assert [assignment for assignment, _state, _score in rows] == [expected]


@pytest.mark.parametrize("count", [1, 6])
def test_queue_page_query_count_is_constant(client, juror_user, make_assignments, open_round,
                                            count, django_assert_num_queries):
    for assignment in make_assignments(count):
        Score.objects.create(assignment=assignment)
    client.force_login(juror_user)
    url = reverse("judging:queue", kwargs={"round_id": open_round.pk})
    # session, user, site roles (juror role check and menu), the juror's seats in contests
    # that require two-factor authentication, team memberships (menu), round progress, page
    # count, page rows.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [1, 4])
def test_home_query_count_is_constant(client, juror_user, make_assignments, contest, count,
                                      django_assert_num_queries):
    from ..factories import RoundFactory, add_rubric

    for _ in range(count):
        round_ = RoundFactory(contest=contest)
        add_rubric(round_)
        make_assignments(2, round_=round_)
    client.force_login(juror_user)
    # session, user, site roles (juror check and menu), seats in contests that require
    # two-factor authentication, team memberships (menu), rounds with progress, seats, open
    # final votes.
    with django_assert_num_queries(8):
        response = client.get(reverse("judging:home"))
    assert len(response.context["progress"]) == count


def test_score_page_shows_the_film_but_not_who_made_it(client, juror_user, make_assignments):
    (assignment,) = make_assignments(1)
    entry = assignment.entry
    CreditFactory(entry=entry, name_native="秘密の監督", name_latin="Secret Director")
    client.force_login(juror_user)
    page = client.get(reverse("judging:score", kwargs={"assignment_id": assignment.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    for shown in (entry.code, entry.title_english, entry.title_original, "3:00", "Sora",
                  entry.category.name, "A synopsis."):
        assert shown in html
    for hidden in (entry.entrant.email, entry.entrant.name_native, entry.entrant.name_latin,
                   "秘密の監督", "Secret Director", "Brazil"):
        assert hidden not in html


def test_score_page_shows_country_only_when_the_contest_allows(client, juror_user,
                                                               make_assignments, contest):
    (assignment,) = make_assignments(1)
    contest.hide_country_from_jurors = False
    contest.save()
    client.force_login(juror_user)
    page = client.get(reverse("judging:score", kwargs={"assignment_id": assignment.pk}))
    assert page.context["country"] == "BR"


def test_score_page_of_an_unassigned_entry_is_404(client, juror_user, seat, make_assignments,
                                                 contest):
    other = JurorFactory(contest=contest)
    (assignment,) = make_assignments(1, juror=other)
    client.force_login(juror_user)
    response = client.get(reverse("judging:score", kwargs={"assignment_id": assignment.pk}))
    assert response.status_code == 404


def test_score_page_never_shows_other_jurors_scores(client, juror_user, seat, make_assignments,
                                                    contest, open_round):
    (mine,) = make_assignments(1)
    other = JurorFactory(contest=contest)
    from judging.models import Assignment

    theirs = Assignment.objects.create(round=open_round, entry=mine.entry, juror=other)
    Score.objects.create(assignment=theirs, status=ScoreStatus.SUBMITTED, weighted=3.1415,
                         comment="their-private-remark")
    client.force_login(juror_user)
    html = client.get(reverse("judging:score", kwargs={"assignment_id": mine.pk})).content.decode()
    assert "their-private-remark" not in html
    assert "3.14" not in html


def test_score_form_without_javascript_saves_and_submits(client, juror_user, make_assignments,
                                                         open_round):
    (assignment,) = make_assignments(1)
    client.force_login(juror_user)
    url = reverse("judging:score", kwargs={"assignment_id": assignment.pk})
    data = {f"mark-{c.pk}": "8" for c in open_round.criteria.all()}
    response = client.post(url, {**data, "version": "0", "comment": "Fine.", "action": "submit"})
    assert response.status_code == 302
    score = Score.objects.get(assignment=assignment)
    assert (score.status, score.weighted, score.comment) == (ScoreStatus.SUBMITTED, 8.0, "Fine.")
    page = client.get(url)
    assert page.context["can_score"] is False


def test_score_form_with_a_stale_version_keeps_the_newer_draft(client, juror_user,
                                                               make_assignments, open_round):
    (assignment,) = make_assignments(1)
    save_draft(assignment=assignment, by=juror_user, marks={}, comment="newer",
               expected_version=0)
    client.force_login(juror_user)
    url = reverse("judging:score", kwargs={"assignment_id": assignment.pk})
    response = client.post(url, {"version": "0", "comment": "older", "action": "save"},
                           follow=True)
    assert "changed elsewhere" in response.content.decode()
    assert Score.objects.get(assignment=assignment).comment == "newer"


def test_base_navigation_links_judging_for_jurors_only(client, juror_user, entrant):
    client.force_login(juror_user)
    assert reverse("judging:home") in client.get("/").content.decode()
    client.force_login(entrant)
    assert reverse("judging:home") not in client.get("/").content.decode()


def test_score_page_plays_the_preview_with_its_poster(client, juror_user, make_assignments,
                                                       contest):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from contest.enums import VideoStatus
    from contest.models import Video

    (assignment,) = make_assignments(1)
    preview = default_storage.save("derived/test/preview.mp4", ContentFile(b"\x00" * 64))
    poster = default_storage.save("derived/test/poster.jpg", ContentFile(b"\xff\xd8"))
    video = Video.objects.create(entry=assignment.entry, file="videos/test/film.bin",
                                 original_filename="film.mp4", status=VideoStatus.VALID,
                                 preview=preview, poster=poster)
    preview_url = reverse("contest:video-preview", kwargs={"video_id": video.pk})
    poster_url = reverse("contest:video-poster", kwargs={"video_id": video.pk})
    client.force_login(juror_user)
    html = client.get(reverse("judging:score", kwargs={"assignment_id": assignment.pk})).content
    assert f'src="{preview_url}" poster="{poster_url}"' in html.decode()
    response = client.get(preview_url)
    # Reading the stream to the end lets the test client close the file.
    assert (response.status_code, b"".join(response.streaming_content)) == (200, b"\x00" * 64)
    client.force_login(JurorFactory(contest=contest).user)
    assert client.get(preview_url).status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_queue_and_score_pages_read_criteria_in_the_jurors_language_at_the_same_cost(
        client, juror_user, make_assignments, open_round, count, django_assert_num_queries):
    from tests.factories import with_texts

    contest = open_round.contest
    contest.languages = ["en", "ja"]
    contest.save(update_fields=["languages"])
    story = open_round.criteria.order_by("order").first()
    with_texts(story, default_language="en", name={"en": "Story", "ja": "物語"})
    assignments = make_assignments(count)
    juror_user.language = "ja"
    juror_user.save(update_fields=["language"])
    client.force_login(juror_user)

    # The pinned count of the queue above, in Japanese too.
    with django_assert_num_queries(8):
        client.get(reverse("judging:queue", kwargs={"round_id": open_round.pk}))
    html = client.get(reverse("judging:score", kwargs={"assignment_id": assignments[0].pk})
                      ).content.decode()
    assert "物語" in html
    assert "Story" not in html
