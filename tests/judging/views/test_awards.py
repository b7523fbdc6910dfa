import pytest
from django.urls import reverse

from contest.enums import EntryStatus, VideoStatus
from contest.models import Video
from core.models import AuditEvent
from judging.models import Award, AwardPlacement, Score
from judging.services.awards import assign_award
from tests.factories import EntryFactory

from ..factories import AwardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_awards_page_lists_awards_flags_and_ranking(organiser_client, scored_contest):
    url = reverse("judging:awards", args=[scored_contest.slug])
    html = organiser_client.get(url).content.decode()

    assert "Grand Prize" in html and "Jury Prize" in html
    assert "Quiet Town" in html  # ranked but not awarded
    assert reverse("judging:export", args=[scored_contest.slug, "results", "pdf"]) in html


def test_awards_page_flags_tie_around_the_cut(organiser_client, contest, organiser, make_entry):
    from tests.judging.presenters.test_dashboard import score_entries

    first, second = make_entry(), make_entry()
    score_entries(contest, [(first, 8.0), (second, 8.0)])
    award = AwardFactory(contest=contest, places=1)
    assign_award(award=award, place=1, entry=first, by=organiser)

    html = organiser_client.get(reverse("judging:awards", args=[contest.slug])).content.decode()
    assert f"{first.code} is awarded but ties in the ranking with {second.code}" in html


def test_award_create_post_creates_award(organiser_client, contest):
    response = organiser_client.post(
        reverse("judging:award_create", args=[contest.slug]),
        {"name_en": "Audience Award", "places": 1, "order": 4, "allows_other_awards": "on"},
    )

    assert response.status_code == 302
    award = Award.objects.get(contest=contest)
    assert (award.name, award.allows_other_awards) == ("Audience Award", True)


def test_award_assign_post_by_code_assigns(organiser_client, contest, award, make_entry):
    entry = make_entry()
    organiser_client.post(
        reverse("judging:award_assign", args=[contest.slug]),
        {"award": award.pk, "place": 2, "entry_code": entry.code.lower(), "notes": "Clear."},
    )

    placement = AwardPlacement.objects.get()
    assert (placement.entry, placement.place, placement.notes) == (entry, 2, "Clear.")


def test_award_assign_post_refusal_is_shown(organiser_client, contest, award, make_entry):
    entry = make_entry(status=EntryStatus.DISQUALIFIED)
    response = organiser_client.post(
        reverse("judging:award_assign", args=[contest.slug]),
        {"award": award.pk, "place": 1, "entry_code": entry.code}, follow=True,
    )

    assert "Only eligible entries can win an award." in response.content.decode()
    assert AwardPlacement.objects.count() == 0


def test_placement_remove_lock_and_publish_posts(organiser_client, contest, award, make_entry,
                                                 django_capture_on_commit_callbacks):
    placement = assign_award(award=award, place=1, entry=make_entry(), by=None)
    slug = contest.slug
    organiser_client.post(reverse("judging:placement_update", args=[slug, placement.pk]),
                          {"notes": "Long debate.", "screening_order": 3})
    organiser_client.post(reverse("judging:placement_remove", args=[slug, placement.pk]))
    organiser_client.post(reverse("judging:awards_lock", args=[slug]))
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(reverse("judging:results_publish", args=[slug]))

    contest.refresh_from_db()
    assert contest.results_published_at is not None
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["award.assign", "award.update_placement", "award.unassign", "awards.lock",
                       "results.publish"]


def test_audit_page_filters_by_action(organiser_client, contest, award, make_entry, organiser):
    placement = assign_award(award=award, place=1, entry=make_entry(), by=organiser)
    from judging.services.awards import unassign_award

    unassign_award(placement=placement, by=organiser)
    url = reverse("judging:audit", args=[contest.slug])
    html = organiser_client.get(url, {"action": "award.unassign"}).content.decode()

    assert "award.unassign" in html
    assert "<code>award.assign</code>" not in html


def _audit_rows(contest, count):
    AuditEvent.objects.bulk_create([
        AuditEvent(scope_type="contest.contest", scope_id=str(contest.pk), action="award.update",
                   object_type="judging.award", object_id=str(i)) for i in range(count)
    ])


def test_audit_page_queries_do_not_grow_with_events(organiser_client, contest,
                                                    django_assert_num_queries):
    url = reverse("judging:audit", args=[contest.slug])
    _audit_rows(contest, 1)
    organiser_client.get(url)  # warm the session and the role cache
    # session, user, contest, team memberships (permission and menu), site roles (menu),
    # actions for the filter, count, page
    with django_assert_num_queries(8):
        organiser_client.get(url)
    _audit_rows(contest, 120)
    with django_assert_num_queries(8):
        response = organiser_client.get(url, {"page": 2})
    assert "Page 2 of 3" in response.content.decode()


def test_export_download_streams_csv(organiser_client, scored_contest):
    response = organiser_client.get(
        reverse("judging:export", args=[scored_contest.slug, "winners", "csv"])
    )

    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content).decode()
    assert "曹一哲" in body


def test_export_download_unknown_kind_is_404(organiser_client, contest):
    response = organiser_client.get(reverse("judging:export", args=[contest.slug, "x", "csv"]))
    assert response.status_code == 404


def _poster_video(entry):
    from django.core.files.base import ContentFile

    video = Video.objects.create(entry=entry, file="videos/x.bin", original_filename="x.mp4",
                                 status=VideoStatus.VALID)
    video.poster.save("poster.jpg", ContentFile(b"\xff\xd8poster"), save=True)
    return video


def test_published_winner_poster_is_public_and_shown(client, scored_contest, organiser):
    from judging.services.awards import lock_awards
    from judging.services.publication import publish_results

    video = _poster_video(scored_contest.entries_by_script[0])
    poster = reverse("contest:video-poster", kwargs={"video_id": video.pk})
    original = reverse("contest:video-original", kwargs={"video_id": video.pk})
    assert client.get(poster).status_code == 404
    lock_awards(contest=scored_contest, by=organiser)
    publish_results(contest=scored_contest, by=organiser)

    html = client.get(reverse("winners", args=[scored_contest.slug])).content.decode()
    assert f'src="{poster}"' in html
    response = client.get(poster)
    assert (response.status_code, b"".join(response.streaming_content)) == (200, b"\xff\xd8poster")
    assert client.get(original).status_code == 404


def test_poster_of_entry_without_award_stays_private(client, scored_contest, organiser):
    from judging.services.awards import lock_awards
    from judging.services.publication import publish_results

    video = _poster_video(scored_contest.entries_by_script[2])
    lock_awards(contest=scored_contest, by=organiser)
    publish_results(contest=scored_contest, by=organiser)

    poster = reverse("contest:video-poster", kwargs={"video_id": video.pk})
    assert client.get(poster).status_code == 404


def test_eligible_entry_of_other_contest_cannot_be_assigned_by_code(organiser_client, contest,
                                                                    award):
    other = EntryFactory(status=EntryStatus.ELIGIBLE)
    response = organiser_client.post(
        reverse("judging:award_assign", args=[contest.slug]),
        {"award": award.pk, "place": 1, "entry_code": other.code}, follow=True,
    )
    assert "No entry with this code in this contest." in response.content.decode()


def test_awards_page_shows_places_the_scores_do_not_separate(organiser_client, contest,
                                                               organiser, make_entry):
    from tests.judging.presenters.test_dashboard import score_entries

    close_first, close_second, far = make_entry(), make_entry(), make_entry()
    middle = make_entry()
    round_ = score_entries(contest, [(close_first, 9.0), (close_second, 8.5), (middle, 5.5),
                                     (far, 2.0)], jurors=3)
    # Jurors disagree a little, the same way on every entry but the two close ones.
    for score, nudge in zip(Score.objects.filter(assignment__round=round_)
                            .order_by("assignment__entry_id", "assignment__juror_id"),
                            [0, -0.5, 0.5, 0.5, 0, -0.5, 0, -0.5, 0.5, 0, -0.5, 0.5],
                            strict=True):
        score.weighted += nudge
        score.save()
    award = AwardFactory(contest=contest, places=3)
    for place, entry in enumerate([close_first, close_second, far], start=1):
        assign_award(award=award, place=place, entry=entry, by=organiser)

    response = organiser_client.get(reverse("judging:awards", args=[contest.slug]))

    placements = {p.entry_id: p.indistinct_from for p in response.context["awards"][0]
                  .placement_list}
    assert placements == {close_first.pk: [2], close_second.pk: [1], far.pk: []}
    html = response.content.decode()
    assert html.count("not told apart from place") == 2
    close = response.context["table"].close_to_next
    assert close_first.code in close
    assert far.code not in close  # ranked last: nothing below it
    assert html.count("≈ next</span>") == len(close)
