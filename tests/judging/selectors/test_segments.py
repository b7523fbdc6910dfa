"""Who each segment of a bulk message reaches: only people of the message's own contest."""

import pytest

from contest.enums import EntryStatus
from judging.enums import BulkSegment, ScoreStatus
from judging.models import BulkMessage
from judging.selectors.segments import count_by_language, recipient_batches, recipients
from tests.factories import CategoryFactory, ContestFactory, EntryFactory, UserFactory
from tests.judging.factories import AssignmentFactory, RoundFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def _ids(message):
    return list(recipients(message).values_list("pk", flat=True))


def _message(contest, segment, **kwargs):
    # Unsaved: a segment is a query of the contest, whatever the row holds besides.
    return BulkMessage(contest=contest, segment=segment, **kwargs)


def test_drafts_segment_is_entrants_with_drafts_each_once(contest):
    drafting = UserFactory()
    EntryFactory(contest=contest, entrant=drafting, status=EntryStatus.DRAFT)
    EntryFactory(contest=contest, entrant=drafting, status=EntryStatus.DRAFT)
    EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
    EntryFactory(contest=ContestFactory(), status=EntryStatus.DRAFT)

    assert _ids(_message(contest, BulkSegment.DRAFTS)) == [drafting.pk]


def test_valid_entries_segment_leaves_out_drafts_withdrawn_and_disqualified(contest):
    submitted = EntryFactory(contest=contest, status=EntryStatus.SUBMITTED).entrant
    eligible = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE).entrant
    for status in (EntryStatus.DRAFT, EntryStatus.WITHDRAWN, EntryStatus.DISQUALIFIED):
        EntryFactory(contest=contest, status=status)

    assert _ids(_message(contest, BulkSegment.VALID_ENTRIES)) == sorted(
        [submitted.pk, eligible.pk])


def test_category_segment_is_its_valid_entries(contest):
    category = CategoryFactory(contest=contest)
    inside = EntryFactory(contest=contest, category=category, status=EntryStatus.ELIGIBLE)
    EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)  # another category

    assert _ids(_message(contest, BulkSegment.CATEGORY, category=category)) == [
        inside.entrant_id]


def test_category_of_another_contest_reaches_nobody(contest):
    other = EntryFactory(contest=ContestFactory(), status=EntryStatus.ELIGIBLE)

    assert _ids(_message(contest, BulkSegment.CATEGORY, category=other.category)) == []


def test_country_segment_is_entrants_of_that_country(contest):
    french = EntryFactory(contest=contest, entrant=UserFactory(country="FR"),
                          status=EntryStatus.SUBMITTED)
    EntryFactory(contest=contest, entrant=UserFactory(country="JP"),
                 status=EntryStatus.SUBMITTED)
    EntryFactory(contest=ContestFactory(), entrant=UserFactory(country="FR"),
                 status=EntryStatus.SUBMITTED)

    assert _ids(_message(contest, BulkSegment.COUNTRY, country="FR")) == [french.entrant_id]
    assert _ids(_message(contest, BulkSegment.COUNTRY, country="")) == []


def test_unfinished_jurors_segment_leaves_out_finished_and_inactive_jurors(contest):
    round_ = RoundFactory(contest=contest)
    waiting = AssignmentFactory(round=round_)
    done = AssignmentFactory(round=round_)
    ScoreFactory(assignment=done, status=ScoreStatus.SUBMITTED)
    inactive = AssignmentFactory(round=round_)
    inactive.juror.is_active = False
    inactive.juror.save()

    assert _ids(_message(contest, BulkSegment.UNFINISHED_JURORS, round=round_)) == [
        waiting.juror.user_id]


def test_round_of_another_contest_reaches_nobody(contest):
    foreign = AssignmentFactory(round=RoundFactory(contest=ContestFactory()))

    assert _ids(_message(contest, BulkSegment.UNFINISHED_JURORS, round=foreign.round)) == []


def test_inactive_accounts_are_left_out(contest):
    gone = EntryFactory(contest=contest, status=EntryStatus.SUBMITTED).entrant
    gone.is_active = False
    gone.save()

    assert _ids(_message(contest, BulkSegment.VALID_ENTRIES)) == []


def test_batches_cover_everyone_once_in_one_query_each(contest, django_assert_num_queries):
    people = [EntryFactory(contest=contest, status=EntryStatus.SUBMITTED).entrant_id
              for _ in range(5)]
    batches = recipient_batches(_message(contest, BulkSegment.VALID_ENTRIES), size=2)
    seen = []
    for _ in range(3):
        with django_assert_num_queries(1):
            seen.append([person.pk for person in next(batches)])

    assert seen == [sorted(people)[0:2], sorted(people)[2:4], sorted(people)[4:5]]


def test_count_by_language_counts_each_person_once(contest):
    for language in ("en", "ja", "ja"):
        person = UserFactory(language=language)
        EntryFactory(contest=contest, entrant=person, status=EntryStatus.SUBMITTED)
        EntryFactory(contest=contest, entrant=person, status=EntryStatus.ELIGIBLE)

    assert count_by_language(_message(contest, BulkSegment.VALID_ENTRIES)) == {"en": 1, "ja": 2}
