import pytest

from tests.factories import EntryFactory, UserFactory

from .factories import JurorFactory, RoundFactory, add_rubric


@pytest.fixture
def open_round(contest):
    round_ = RoundFactory(contest=contest)
    add_rubric(round_)
    return round_


@pytest.fixture
def seat(juror_user, contest):
    """The juror_user's seat on the contest's jury."""
    return JurorFactory(contest=contest, user=juror_user)


@pytest.fixture
def make_assignments(open_round, seat):
    """``make_assignments(n)``: n entries of distinct entrants assigned to the juror."""
    from judging.models import Assignment

    def make(count: int, *, round_=None, juror=None):
        round_ = round_ or open_round
        juror = juror or seat
        return [
            Assignment.objects.create(
                round=round_, juror=juror,
                entry=EntryFactory(contest=round_.contest, entrant=UserFactory(country="BR")),
            )
            for _ in range(count)
        ]

    return make
