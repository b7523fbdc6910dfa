"""Judging's part of retention: awarded entries keep their films, rankings and awards are the
same after anonymisation, result notices and conflicts follow the entrant's pseudonym."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from contest.enums import EntryStatus
from contest.models import Video
from contest.selectors import contest_stats
from contest.services.retention import apply_retention, retention_plan
from judging.enums import ConflictKind, ScoreStatus
from judging.models import AwardPlacement, JurorConflict, ResultNotice
from judging.selectors.ranking import ranking
from tests.factories import ContestFactory, EntryFactory, UserFactory

from ..factories import AssignmentFactory, AwardFactory, JurorFactory, RoundFactory, ScoreFactory

pytestmark = pytest.mark.django_db

CLOSED = datetime(2020, 6, 30, 22, 0, tzinfo=UTC)
LATER = datetime(2026, 7, 1, tzinfo=UTC)  # past the default five years


@pytest.fixture
def judged():
    """A closed contest: four entrants of three countries, a scored round, one award."""
    contest = ContestFactory(opens_at=CLOSED - timedelta(days=90), closes_at=CLOSED)
    people = [UserFactory(country=code) for code in ("FR", "FR", "JP", "NG")]
    entries = [EntryFactory(contest=contest, entrant=person, status=EntryStatus.ELIGIBLE,
                            submitted_at=CLOSED) for person in people]
    round_ = RoundFactory(contest=contest, order=1)
    jurors = [JurorFactory(contest=contest) for _ in range(3)]
    for index, entry in enumerate(entries):
        for offset, juror in enumerate(jurors):
            assignment = AssignmentFactory(round=round_, entry=entry, juror=juror)
            ScoreFactory(assignment=assignment, status=ScoreStatus.SUBMITTED,
                         weighted=3.0 + 1.7 * index - offset * (index % 2))
    award = AwardFactory(contest=contest, places=1)
    AwardPlacement.objects.create(award=award, entry=entries[2], place=1)
    for person in people:
        ResultNotice.objects.create(contest=contest, entrant=person, language="en")
    JurorConflict.objects.create(juror=jurors[0], kind=ConflictKind.ENTRANT, entrant=people[1],
                                 organisation="Studio Nord")
    return contest, entries, round_, people


def _stored_film(entry) -> list[str]:
    video = Video(entry=entry, original_filename="film.mov", size_bytes=9)
    video.file.save("film.bin", ContentFile(b"film"), save=False)
    video.save()
    return [video.file.name]


def test_anonymising_keeps_rankings_counts_and_awards(judged, django_capture_on_commit_callbacks):
    contest, entries, round_, _people = judged
    ranked_before = [(row.position, row.entry_id, row.value) for row in ranking(round=round_).rows]
    assert len(ranked_before) == 4
    stats_before = contest_stats(contest=contest)
    placements_before = list(AwardPlacement.objects.values_list("award_id", "entry_id", "place"))

    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_retention(now=LATER)

    assert counts["anonymised_entries"] == 4
    assert [(row.position, row.entry_id, row.value)
            for row in ranking(round=round_).rows] == ranked_before
    assert contest_stats(contest=contest) == stats_before
    assert [code.code for code in stats_before.by_country] == ["FR", "JP", "NG"]
    assert list(AwardPlacement.objects.values_list("award_id", "entry_id", "place")) == (
        placements_before)


def test_only_awarded_entries_keep_their_films_by_default(judged,
                                                          django_capture_on_commit_callbacks):
    contest, entries, _round, _people = judged
    awarded, plain = _stored_film(entries[2]), _stored_film(entries[0])

    plan = retention_plan(contest=contest, now=LATER)
    assert (plan.keeping_films, plan.films_deleted_on_anonymising) == ({entries[2].pk}, 3)
    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_retention(now=LATER)

    assert counts["films_deleted"] == 1  # the only other stored film
    assert default_storage.exists(awarded[0])
    assert not default_storage.exists(plain[0])


def test_notices_and_conflicts_follow_the_pseudonym(judged, django_capture_on_commit_callbacks):
    contest, entries, _round, people = judged

    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(now=LATER)

    pseudonyms = {entry.entrant_id for entry in contest.entries.all()}
    assert set(ResultNotice.objects.filter(contest=contest)
               .values_list("entrant_id", flat=True)) == pseudonyms
    conflict = JurorConflict.objects.get()
    assert conflict.entrant_id in pseudonyms
    assert conflict.entrant_id != people[1].pk and conflict.organisation == ""
