"""An entrant who deletes their account: entries go before the results are locked, stay
anonymised after, and awarded films are refused."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import delete_account
from contest.enums import EntryStatus
from contest.models import Credit, Entry, Upload, Video
from core.errors import ContestError
from core.models import AuditEvent
from judging.enums import AggregationMethod, RoundStatus, ScoreStatus
from judging.exports.rows import result_rows
from judging.models import Assignment, AwardPlacement, Juror, Round, Score
from judging.selectors.ranking import ranking
from judging.services.awards import assign_award, lock_awards
from judging.services.publication import entrants_to_notify
from tests.factories import CreditFactory, EntryFactory, UserFactory
from tests.judging.factories import AwardFactory

pytestmark = pytest.mark.django_db


def _film(entry) -> Video:
    video = Video(entry=entry, original_filename="film.mp4", size_bytes=4)
    video.file.save("film.mp4", ContentFile(b"\x00\x00\x00\x18"), save=False)
    video.poster.save("poster.jpg", ContentFile(b"\xff\xd8"), save=False)
    video.save()
    return video


@pytest.fixture
def judged(contest, organiser, entrant):
    """A closed round of five eligible entries scored by three jurors; the entrant made the
    third best and also keeps a draft; another entrant's film won the one award."""
    round_ = Round.objects.create(contest=contest, name="Final", kind="final", order=1,
                                  status=RoundStatus.CLOSED,
                                  deadline=timezone.now() - timedelta(days=1))
    jurors = [Juror.objects.create(contest=contest, user=UserFactory()) for _ in range(3)]
    entries = []
    for index in range(5):
        owner = entrant if index == 2 else UserFactory()
        entry = EntryFactory(contest=contest, entrant=owner, status=EntryStatus.ELIGIBLE,
                             answers={"school": "La Fémis"})
        CreditFactory(entry=entry)
        for offset, juror in enumerate(jurors):
            assignment = Assignment.objects.create(round=round_, entry=entry, juror=juror)
            Score.objects.create(assignment=assignment, weighted=8.0 - index + offset / 10,
                                 status=ScoreStatus.SUBMITTED)
        entries.append(entry)
    award = AwardFactory(contest=contest, name="Grand Prize")
    assign_award(award=award, place=1, entry=entries[0], by=organiser)
    draft = EntryFactory(contest=contest, entrant=entrant, status=EntryStatus.DRAFT)
    return round_, entries[2], draft


def _results(contest):
    return list(result_rows(contest=contest).rows)


def test_before_results_are_locked_the_entrants_entries_go(judged, entrant):
    round_, entry, draft = judged

    delete_account(user=entrant)

    assert list(Entry.objects.filter(pk__in=[entry.pk, draft.pk])) == []
    assert Score.objects.filter(assignment__round=round_).count() == 12


def test_after_results_are_locked_the_entry_stays_anonymised(
        judged, entrant, organiser, django_capture_on_commit_callbacks):
    round_, entry, draft = judged
    contest = round_.contest
    video = _film(entry)
    files = [video.file.name, video.poster.name]
    Upload.objects.create(entry=entry, uploader=entrant, filename="next.mp4", length=9)
    lock_awards(contest=contest, by=organiser)
    before = {method: ranking(round=round_, method=method).rows
              for method in AggregationMethod.values}
    results_before = _results(contest)
    placements = list(AwardPlacement.objects.values_list("award_id", "place", "entry_id"))

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=entrant)

    kept = Entry.objects.get(pk=entry.pk)
    assert (kept.entrant_id, kept.code, kept.status, kept.category_id) == (
        None, entry.code, EntryStatus.ELIGIBLE, entry.category_id)
    assert kept.anonymised_at is not None
    assert (kept.title_original, kept.title_english, str(kept)) == (
        "Entry withdrawn by its author",) * 3
    assert (kept.synopsis_original, kept.synopsis_english, kept.ai_tools, kept.answers) == (
        "", "", [], {})
    assert (Credit.objects.filter(entry=kept).count(), Video.objects.filter(entry=kept).count(),
            Upload.objects.filter(entry=kept).count()) == (0, 0, 0)
    assert [default_storage.exists(name) for name in files] == [False, False]
    assert not Entry.objects.filter(pk=draft.pk).exists()
    assert {method: ranking(round=round_, method=method).rows
            for method in AggregationMethod.values} == before
    assert list(AwardPlacement.objects.values_list("award_id", "place", "entry_id")) == placements
    withdrawn = {**results_before[2], "title_original": "Entry withdrawn by its author",
                 "title_english": "Entry withdrawn by its author", "entrant_native": "",
                 "entrant_latin": "", "country": ""}
    assert _results(contest) == [*results_before[:2], withdrawn, *results_before[3:]]
    assert AuditEvent.objects.filter(action="entry.anonymised", object_id=str(entry.pk)).exists()


def test_anonymised_entries_are_not_notified_and_open_for_organisers(
        judged, entrant, organiser, client):
    round_, entry, _draft = judged
    lock_awards(contest=round_.contest, by=organiser)
    delete_account(user=entrant)
    client.force_login(organiser)
    api = APIClient()
    api.force_authenticate(organiser)

    page = client.get(reverse("contest:organiser_entry",
                              kwargs={"slug": round_.contest.slug, "pk": entry.pk}))
    listing = api.get(f"/api/v1/contests/{round_.contest.slug}/entries/")

    assert page.status_code == 200
    assert "Entry withdrawn by its author" in page.content.decode()
    assert listing.status_code == 200
    assert None not in entrants_to_notify(contest=round_.contest)


def test_nobody_owns_an_anonymised_entry(judged, entrant, organiser, client):
    from django.contrib.auth.models import AnonymousUser

    round_, entry, _draft = judged
    lock_awards(contest=round_.contest, by=organiser)
    delete_account(user=entrant)
    kept = Entry.objects.get(pk=entry.pk)

    assert [AnonymousUser().has_perm("contest.own_entry", kept),
            UserFactory().has_perm("contest.own_entry", kept)] == [False, False]


def test_awarded_film_is_still_refused_after_the_lock(judged, organiser):
    round_, _entry, _draft = judged
    lock_awards(contest=round_.contest, by=organiser)
    winner = AwardPlacement.objects.get().entry

    with pytest.raises(ContestError) as refused:
        delete_account(user=winner.entrant)

    assert refused.value.code == "account_has_awards"
    assert Entry.objects.get(pk=winner.pk).anonymised_at is None


def test_erasure_keeps_a_stored_file_another_video_still_names(
    contest, entrant, django_capture_on_commit_callbacks
):
    """The demo's entries share a few stored films: one entrant leaving must not take them."""
    mine = _film(EntryFactory(contest=contest, entrant=entrant))
    shared = mine.file.name
    Video.objects.create(entry=EntryFactory(contest=contest), original_filename="film.mp4",
                         file=shared)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=entrant)

    assert default_storage.exists(shared)
    assert not default_storage.exists(mine.poster.name)  # named by no other row
