import pytest

from tests.factories import CategoryFactory, ContestFactory, CreditFactory, EntryFactory


@pytest.fixture
def open_contest(db):
    contest = ContestFactory(rules_version="2.1", rules_text="Be <em>kind</em>.",
                             time_zone="Asia/Tokyo")
    CategoryFactory(contest=contest, slug="narrative", name="Narrative")
    CategoryFactory(contest=contest, slug="music-video", name="Music video")
    return contest


@pytest.fixture
def entry(open_contest, entrant):
    entry = EntryFactory(contest=open_contest, entrant=entrant,
                         category=open_contest.categories.first())
    CreditFactory(entry=entry)
    return entry


@pytest.fixture
def as_role(client, request):
    """Log ``client`` in as the named fixture's user (or stay anonymous)."""

    def login(role: str):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return login
