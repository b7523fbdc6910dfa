"""The organisers' pages for a juror's seat: capacity and languages, deactivating, reactivating."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from judging.enums import ScoreStatus
from judging.models import Assignment, Juror
from judging.services.juror_seats import deactivate_juror

from ..factories import JurorFactory, ScoreFactory

pytestmark = pytest.mark.django_db



def url(name, juror):
    return reverse(f"judging:{name}",
                   kwargs={"contest_slug": juror.contest.slug, "juror_id": juror.pk})


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_juror_seat_page_lowers_capacity_and_says_how_many_moved(client, organiser, ring):
    _round, jurors, _entries = ring
    client.force_login(organiser)

    response = client.post(url("organiser_juror", jurors[0]),
                           {"capacity": "1", "languages": ["en", "ja"]})

    assert response.status_code == 302
    assert flashed(response) == ["The juror was saved. 2 assignments moved."]
    seat = Juror.objects.get(pk=jurors[0].pk)
    assert (seat.capacity, seat.languages) == (1, ["en", "ja"])
    assert Assignment.objects.filter(juror=seat).count() == 1


def test_juror_seat_page_refuses_an_unknown_language(client, organiser, ring):
    _round, jurors, _entries = ring
    client.force_login(organiser)

    response = client.post(url("organiser_juror", jurors[0]), {"languages": ["xx-none"]})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["languages"]
    assert Juror.objects.get(pk=jurors[0].pk).languages == ["en", "fr"]


def test_juror_seat_page_refuses_capacity_below_submitted_work(client, organiser, ring):
    round_, jurors, _entries = ring
    for assignment in Assignment.objects.filter(round=round_, juror=jurors[0])[:2]:
        ScoreFactory(assignment=assignment, status=ScoreStatus.SUBMITTED, weighted=4.0)
    client.force_login(organiser)

    response = client.post(url("organiser_juror", jurors[0]), {"capacity": "1"})

    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == ["At least 2."]


def test_deactivate_page_shows_what_will_move(client, organiser, ring):
    round_, jurors, _entries = ring
    first = Assignment.objects.filter(round=round_, juror=jurors[0]).order_by("pk").first()
    ScoreFactory(assignment=first, status=ScoreStatus.DRAFT)
    client.force_login(organiser)

    response = client.get(url("organiser_juror_deactivate", jurors[0]))

    assert response.status_code == 200
    work = [(r.name, r.unscored, r.drafts, r.submitted) for r in response.context["work"]]
    assert work == [("Screening", 2, 1, 0)]
    assert Juror.objects.get(pk=jurors[0].pk).is_active is True


def test_deactivate_page_post_moves_the_work_and_says_so(client, organiser, ring):
    _round, jurors, _entries = ring
    client.force_login(organiser)

    response = client.post(url("organiser_juror_deactivate", jurors[0]))

    assert response.status_code == 302
    assert flashed(response) == [
        f"{jurors[0].display_name} no longer judges. 3 assignments moved."]
    assert Juror.objects.get(pk=jurors[0].pk).is_active is False


def test_deactivate_page_post_of_an_inactive_juror_flashes_the_refusal(client, organiser,
                                                                       ring):
    _round, jurors, _entries = ring
    deactivate_juror(juror=jurors[0], by=organiser)
    client.force_login(organiser)

    response = client.post(url("organiser_juror_deactivate", jurors[0]))

    assert flashed(response) == ["This juror is already inactive."]


def test_reactivate_page_rebalances_when_asked(client, organiser, ring):
    round_, jurors, _entries = ring
    deactivate_juror(juror=jurors[0], by=organiser)
    client.force_login(organiser)

    response = client.post(url("organiser_juror_reactivate", jurors[0]), {"rebalance": "on"})

    assert flashed(response) == [f"{jurors[0].display_name} judges again. 3 assignments moved."]
    assert Assignment.objects.filter(round=round_, juror=jurors[0]).count() == 3


def test_reactivate_page_without_rebalance_moves_nothing(client, organiser, ring):
    round_, jurors, _entries = ring
    deactivate_juror(juror=jurors[0], by=organiser)
    client.force_login(organiser)

    response = client.post(url("organiser_juror_reactivate", jurors[0]))

    assert flashed(response) == [f"{jurors[0].display_name} judges again. 0 assignments moved."]
    assert Assignment.objects.filter(round=round_, juror=jurors[0]).count() == 0


def test_juror_seat_pages_of_another_contests_juror_are_404(client, organiser, ring):
    stranger = JurorFactory()
    client.force_login(organiser)
    ring_contest = ring[1][0].contest

    for name in ("organiser_juror", "organiser_juror_deactivate", "organiser_juror_reactivate"):
        response = client.get(reverse(f"judging:{name}", kwargs={
            "contest_slug": ring_contest.slug, "juror_id": stranger.pk}))
        assert response.status_code == 404


def test_jurors_page_links_each_seat_action(client, organiser, ring):
    _round, jurors, _entries = ring
    deactivate_juror(juror=jurors[3], by=organiser)
    client.force_login(organiser)

    page = client.get(reverse("judging:organiser_jurors",
                              kwargs={"contest_slug": jurors[0].contest.slug})).content.decode()

    assert page.count("/deactivate/") == 3
    assert page.count("/reactivate/") == 1


def test_jurors_page_query_count(client, organiser, contest, django_assert_num_queries):
    for _ in range(3):
        JurorFactory(contest=contest, capacity=5)
    url_ = reverse("judging:organiser_jurors", kwargs={"contest_slug": contest.slug})
    client.force_login(organiser)
    client.get(url_)
    # Session and user (2), the contest (1), the organiser's roles in organisations (1) and
    # their site roles (1), the jurors with their users and counts (1), the pending
    # invitations (1): seven however many jurors there are.
    with django_assert_num_queries(7):
        client.get(url_)
    for _ in range(20):
        JurorFactory(contest=contest)
    with django_assert_num_queries(7):
        assert client.get(url_).status_code == 200
