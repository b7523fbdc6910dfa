"""Bulk messages for tests: a draft with texts in the contest's languages."""

from judging.enums import BulkSegment
from judging.services import bulk_messages


def draft(contest, by, *, segment=BulkSegment.VALID_ENTRIES, subject="News", body="Hello.",
          **kwargs):
    values = {"subject_en": subject, "body_en": body, **kwargs.pop("values", {})}
    return bulk_messages.create_draft(contest=contest, by=by, segment=segment, values=values,
                                      **kwargs)


LANGUAGES = ("en", "zh-hans", "ja", "ko", "ru", "tr", "es", "fr", "ar")


def many_entrants(contest, count, *, start=0):
    """``count`` entrants with one submitted entry each, in the nine languages in turn, made
    with two inserts (a factory per person would take a query each)."""
    from accounts.models import User
    from contest.enums import EntryStatus
    from contest.models import Entry
    from tests.factories import CategoryFactory

    category = CategoryFactory(contest=contest)
    people = User.objects.bulk_create(
        User(email=f"many{contest.pk}-{start + n}@example.org", name_native=f"P {n}",
             language=LANGUAGES[n % len(LANGUAGES)])
        for n in range(count))
    Entry.objects.bulk_create(
        Entry(contest=contest, entrant=person, category=category, code=f"B{contest.pk}x{n}",
              title_original="T", title_english="T", original_language="en",
              synopsis_original="S", synopsis_english="S", runtime_s=60,
              rights_declared=True, status=EntryStatus.SUBMITTED)
        for n, person in enumerate(people))
    return people
