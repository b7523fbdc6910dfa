"""Retention of a closed contest: refused films and drafts purged N days after the deadline,
entrants anonymised N years after it, a dry run that changes nothing, a second run that does
nothing. The clock is the ``now`` passed to the service."""

from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.enums import FilmsKept
from accounts.models import User
from contest.enums import EntryStatus, VideoStatus
from contest.models import Credit, Entry, Video
from contest.selectors import contest_stats
from contest.services import retention
from contest.services.retention import apply_retention, policy_of, retention_plan
from contest.services.setup import update_contest
from contest.tasks import apply_retention as apply_retention_task
from core import audit
from core.errors import ContestError
from core.models import AuditEvent
from tests.factories import ContestFactory, CreditFactory, EntryFactory, UserFactory

pytestmark = pytest.mark.django_db

CLOSED = datetime(2021, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def closed(db):
    """A contest closed on ``CLOSED`` that purges after 30 days and anonymises after 2 years."""
    return ContestFactory(opens_at=CLOSED - timedelta(days=60), closes_at=CLOSED,
                          purge_after_days=30, anonymise_after_years=2)


def stored_video(entry, *, status=VideoStatus.VALID, current=True) -> Video:
    video = Video(entry=entry, original_filename="Jane Doe final cut.mov", size_bytes=9,
                  status=status, is_current=current)
    video.file.save("film.bin", ContentFile(b"film bytes"), save=False)
    video.poster.save("poster.jpg", ContentFile(b"\xff\xd8poster"), save=False)
    video.preview.save("preview.mp4", ContentFile(b"preview"), save=False)
    video.save()
    return video


def names(video: Video) -> list[str]:
    return [video.file.name, video.poster.name, video.preview.name]


def all_stored(paths) -> list[bool]:
    return [default_storage.exists(name) for name in paths]


@pytest.fixture
def purgeable(closed):
    """A submitted entry with a refused film replaced by a valid one, and a draft with a film."""
    kept = EntryFactory(contest=closed, status=EntryStatus.SUBMITTED, submitted_at=CLOSED)
    refused = stored_video(kept, status=VideoStatus.INVALID, current=False)
    valid = stored_video(kept)
    draft = EntryFactory(contest=closed, status=EntryStatus.DRAFT)
    draft_video = stored_video(draft, status=VideoStatus.INVALID)
    return kept, refused, valid, draft, draft_video


def table_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_nothing_is_purged_a_day_before_the_period_ends(purgeable,
                                                         django_capture_on_commit_callbacks):
    kept, refused, valid, draft, draft_video = purgeable
    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_retention(now=CLOSED + timedelta(days=29))

    assert counts == {}
    assert Entry.objects.filter(pk=draft.pk).exists()
    refused.refresh_from_db()
    assert all_stored(names(refused) + names(draft_video)) == [True] * 6
    assert not AuditEvent.objects.filter(action__startswith="retention.").exists()


def test_refused_films_and_drafts_go_a_day_after_the_period(purgeable,
                                                            django_capture_on_commit_callbacks):
    kept, refused, valid, draft, draft_video = purgeable
    refused_files, draft_files, valid_files = names(refused), names(draft_video), names(valid)

    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_retention(now=CLOSED + timedelta(days=31))

    assert counts == {"refused_films": 1, "drafts": 1}
    refused.refresh_from_db()
    assert (refused.file.name, refused.poster.name, refused.preview.name) == ("", "", "")
    assert refused.status == VideoStatus.INVALID  # the record stays
    assert all_stored(refused_files + draft_files) == [False] * 6
    assert not Entry.objects.filter(pk=draft.pk).exists()
    assert not Video.objects.filter(pk=draft_video.pk).exists()
    assert all_stored(valid_files) == [True] * 3
    assert Entry.objects.get(pk=kept.pk).status == EntryStatus.SUBMITTED
    event = AuditEvent.objects.for_scope(kept.contest).get(action="retention.purged")
    assert event.after == {"refused_films": 1, "drafts": 1, "draft_codes": [draft.code]}
    assert event.actor is None


def test_files_are_deleted_only_after_the_transaction_commits(
        purgeable, django_capture_on_commit_callbacks):
    kept, refused, valid, draft, draft_video = purgeable
    files = names(refused)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply_retention(now=CLOSED + timedelta(days=31))

    refused.refresh_from_db()
    assert refused.file.name == ""
    assert all_stored(files) == [True] * 3  # not yet: the rows could still roll back
    for callback in callbacks:
        callback()
    assert all_stored(files) == [False] * 3


def test_a_second_run_does_nothing(purgeable, django_capture_on_commit_callbacks):
    now = CLOSED + timedelta(days=365 * 3)
    with django_capture_on_commit_callbacks(execute=True):
        first = apply_retention(now=now)
    before, events = table_counts(), AuditEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        second = apply_retention(now=now + timedelta(days=1))

    assert first["drafts"] == 1 and first["anonymised_entries"] == 1
    assert second == {}
    assert (table_counts(), AuditEvent.objects.count()) == (before, events)


def test_the_dry_run_lists_what_is_due_and_changes_nothing(purgeable):
    kept, refused, valid, draft, draft_video = purgeable
    before = table_counts()
    files = names(refused) + names(draft_video) + names(valid)

    plan = retention_plan(contest=kept.contest, now=CLOSED + timedelta(days=31))

    assert (plan.purge_due, plan.anonymise_due) == (True, False)
    assert [video.pk for video in plan.refused_films] == [refused.pk]
    assert [entry.pk for entry in plan.drafts] == [draft.pk]
    assert sorted(entry.pk for entry in plan.to_anonymise) == sorted([kept.pk, draft.pk])
    assert table_counts() == before
    assert all_stored(files) == [True] * 9
    refused.refresh_from_db()
    assert refused.file.name == files[0]


def test_anonymising_waits_for_the_years_to_pass(closed, django_capture_on_commit_callbacks):
    entry = EntryFactory(contest=closed, status=EntryStatus.ELIGIBLE, submitted_at=CLOSED)
    person = entry.entrant

    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(now=datetime(2023, 3, 1, 11, 59, tzinfo=UTC))

    entry.refresh_from_db()
    assert (entry.entrant_id, entry.retention_anonymised_at) == (person.pk, None)


def test_anonymising_replaces_people_and_keeps_the_figures(closed,
                                                          django_capture_on_commit_callbacks):
    first, second = UserFactory(country="KR"), UserFactory(country="BR")
    entries = [EntryFactory(contest=closed, entrant=person, status=EntryStatus.ELIGIBLE,
                            submitted_at=CLOSED, answers={"school": "Seoul Institute"})
               for person in (first, first, second)]
    credit = CreditFactory(entry=entries[0], user=second, name_native="김민지",
                           name_latin="Kim Minji", country="KR")
    video = stored_video(entries[2])
    files = names(video)
    stats_before = contest_stats(contest=closed)
    now = datetime(2023, 3, 2, tzinfo=UTC)

    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_retention(now=now)

    assert counts == {"anonymised_entries": 3, "anonymised_entrants": 2, "films_deleted": 1}
    after = {entry.pk: Entry.objects.select_related("entrant").get(pk=entry.pk)
             for entry in entries}
    pseudonyms = {after[entries[0].pk].entrant, after[entries[2].pk].entrant}
    assert after[entries[0].pk].entrant == after[entries[1].pk].entrant  # still one person
    assert len(pseudonyms) == 2
    for pseudonym in pseudonyms:
        assert pseudonym.pk not in (first.pk, second.pk)
        assert not pseudonym.is_active and not pseudonym.has_usable_password()
        assert (pseudonym.name_latin, pseudonym.organisation) == ("", "")
    assert {p.country.code for p in pseudonyms} == {"KR", "BR"}
    assert {entry.retention_anonymised_at for entry in after.values()} == {now}
    assert [entry.answers for entry in after.values()] == [{}, {}, {}]
    credit.refresh_from_db()
    assert (credit.name_native, credit.name_latin, credit.user, credit.country.code,
            credit.role) == ("", "", None, "KR", "director")
    video.refresh_from_db()
    assert (video.original_filename, video.file.name) == ("", "")
    assert all_stored(files) == [False] * 3
    assert contest_stats(contest=closed) == stats_before
    # The people themselves keep their accounts for other contests.
    assert User.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    event = AuditEvent.objects.for_scope(closed).get(action="retention.anonymised")
    assert event.after == {**counts, "films_kept": FilmsKept.AWARDED}


def test_the_entrants_audit_rows_follow_the_pseudonym(closed, django_capture_on_commit_callbacks):
    entry = EntryFactory(contest=closed, status=EntryStatus.ELIGIBLE, submitted_at=CLOSED)
    person = entry.entrant
    audit.record(actor=person, action="entry.submitted", obj=entry, scope=closed)

    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(now=datetime(2024, 1, 1, tzinfo=UTC))

    entry.refresh_from_db()
    assert AuditEvent.objects.get(action="entry.submitted").actor_id == entry.entrant_id
    assert not AuditEvent.objects.filter(actor=person).exists()


@pytest.mark.parametrize(("kept", "deleted"), [(FilmsKept.ALL, 0), (FilmsKept.NONE, 1)])
def test_the_films_kept_policy_decides_which_files_go(closed, kept, deleted,
                                                      django_capture_on_commit_callbacks):
    closed.films_kept = kept
    closed.save()
    entry = EntryFactory(contest=closed, status=EntryStatus.ELIGIBLE, submitted_at=CLOSED)
    files = names(stored_video(entry))

    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_retention(now=datetime(2024, 1, 1, tzinfo=UTC))

    assert counts["films_deleted"] == deleted
    assert all_stored(files) == [not deleted] * 3


def test_the_contest_overrides_the_organisation_default(closed):
    organisation = closed.organisation
    organisation.purge_after_days, organisation.anonymise_after_years = 10, 7
    organisation.films_kept = FilmsKept.NONE
    organisation.save()
    inherited = ContestFactory(opens_at=CLOSED - timedelta(days=1), closes_at=CLOSED)

    assert (policy_of(closed).purge_due_at, policy_of(closed).anonymise_due_at,
            policy_of(closed).films_kept) == (
        CLOSED + timedelta(days=30), datetime(2023, 3, 1, 12, tzinfo=UTC), FilmsKept.NONE)
    assert (policy_of(inherited).purge_due_at, policy_of(inherited).anonymise_due_at) == (
        CLOSED + timedelta(days=10), datetime(2028, 3, 1, 12, tzinfo=UTC))


def test_a_leap_day_deadline_anonymises_on_the_28th():
    moment = datetime(2024, 2, 29, 9, tzinfo=UTC)
    assert retention._years_after(moment, 1) == datetime(2025, 2, 28, 9, tzinfo=UTC)


def test_the_settings_service_sets_and_audits_retention(closed, organiser):
    update_contest(contest=closed, by=organiser,
                   changes={"purge_after_days": 60, "films_kept": FilmsKept.ALL})

    closed.refresh_from_db()
    assert (closed.purge_after_days, closed.films_kept) == (60, FilmsKept.ALL)
    event = AuditEvent.objects.for_scope(closed).get(action="contest.updated")
    assert event.after == {"purge_after_days": 60, "films_kept": FilmsKept.ALL}
    assert event.before == {"purge_after_days": 30, "films_kept": ""}


@pytest.mark.parametrize("changes", [{"purge_after_days": 0}, {"anonymise_after_years": 101},
                                     {"films_kept": "some"}])
def test_the_settings_service_refuses_retention_out_of_range(closed, organiser, changes):
    with pytest.raises(ContestError) as refusal:
        update_contest(contest=closed, by=organiser, changes=changes)

    assert list(refusal.value.fields) == list(changes)
    closed.refresh_from_db()
    assert (closed.purge_after_days, closed.anonymise_after_years, closed.films_kept) == (
        30, 2, "")


def test_the_daily_task_runs_the_service(purgeable, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_retention_task.apply().get()

    # Today is years after 2021: both acts are due.
    assert counts == {"refused_films": 1, "drafts": 1, "anonymised_entries": 1,
                      "anonymised_entrants": 1, "films_deleted": 1}
    assert Credit.objects.count() == 0


def test_anonymising_deletes_the_contests_messages_to_the_entrants(
        closed, django_capture_on_commit_callbacks):
    from core.models import Message
    from core.outbox import enqueue

    entry = EntryFactory(contest=closed, status=EntryStatus.ELIGIBLE, submitted_at=CLOSED)
    enqueue(kind="contest.submission_receipt", subject=entry, recipient=entry.entrant,
            scope=closed, send_after_commit=False)
    elsewhere = enqueue(kind="contest.submission_receipt", subject=entry,
                        recipient=entry.entrant, scope=ContestFactory(), occasion="other",
                        send_after_commit=False)
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(now=datetime(2023, 3, 2, tzinfo=UTC))
    assert list(Message.objects.values_list("pk", flat=True)) == [elsewhere.pk]
