import pytest
from rest_framework.test import APIClient

from tests.factories import CategoryFactory, ContestFactory, EntryFactory, VideoFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def client_for(api):
    """An API client signed in as ``user`` (or anonymous for None)."""

    def make(user):
        if user is not None:
            api.force_authenticate(user=user)
        return api

    return make


@pytest.fixture
def api_contest(db):
    contest = ContestFactory(slug="nextgen", rules_version="3")
    CategoryFactory(contest=contest, slug="narrative", name="Narrative", order=1)
    CategoryFactory(contest=contest, slug="music-video", name="Music Video", order=2)
    return contest


@pytest.fixture
def entry_of(api_contest):
    def make(user, **fields):
        fields.setdefault("category", api_contest.categories.get(slug="narrative"))
        entry = EntryFactory(contest=api_contest, entrant=user,
                             rules_consent_version=api_contest.rules_version, **fields)
        VideoFactory(entry=entry)
        return entry

    return make
