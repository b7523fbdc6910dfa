import factory
import pytest

from contest.enums import EntryStatus
from judging.models import Award
from tests.factories import ContestFactory, CreditFactory, EntryFactory


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"Award {n}")
    places = 1
    order = factory.Sequence(lambda n: n)


@pytest.fixture
def eligible_entry(contest):
    return EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)


@pytest.fixture
def make_entry(contest):
    def make(**kwargs):
        kwargs.setdefault("status", EntryStatus.ELIGIBLE)
        kwargs.setdefault("contest", contest)
        entry = EntryFactory(**kwargs)
        CreditFactory(entry=entry)
        return entry

    return make


@pytest.fixture
def award(contest):
    return AwardFactory(contest=contest, name="Grand Prize", places=3)
