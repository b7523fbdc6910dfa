import pytest

from tests.factories import CategoryFactory, ContestFactory, EntryFactory, VideoFactory


@pytest.fixture
def open_contest(db):
    contest = ContestFactory(max_entries_per_entrant=2, rules_version="2.1")
    CategoryFactory(contest=contest, slug="narrative", name="Narrative")
    return contest


@pytest.fixture
def make_entry(open_contest, entrant):
    """A draft of ``entrant`` ready to submit: consent to the current rules and a video."""

    def make(*, user=None, video_status="valid", **fields):
        fields.setdefault("rules_consent_version", open_contest.rules_version)
        entry = EntryFactory(
            contest=open_contest, entrant=user or entrant,
            category=open_contest.categories.first(), **fields,
        )
        if video_status:
            VideoFactory(entry=entry, status=video_status)
        return entry

    return make
