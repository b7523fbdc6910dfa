import pytest

from contest.enums import EntryStatus
from judging.models import Assignment, RoundEntry
from tests.factories import CreditFactory, EntryFactory, UserFactory

from .factories import AwardFactory, JurorFactory, RoundFactory, add_rubric


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


NAMES = [
    # (native, latin, country, title_original, title_english)
    ("曹一哲", "Cao Yizhe", "CN", "月光的回声", "Echo of Moonlight"),
    ("محمد الأحمد", "Mohammed Al-Ahmad", "EG", "ظل القمر", "Shadow of the Moon"),
    ("Анна Петрова", "Anna Petrova", "RU", "Тихий город", "Quiet Town"),
    ("Çağrı Işık", "Cagri Isik", "TR", "Güneşin İzi", "Trace of the Sun"),
    ("김민준", "Kim Minjun", "KR", "=HYPERLINK(\"http://x\")", "+Plus -Minus"),
]


@pytest.fixture
def scored_contest(contest, organiser):
    """Five eligible entries in five scripts, scored in one closed round, two awards given."""
    from datetime import timedelta

    from django.utils import timezone

    from judging.enums import RoundStatus, ScoreStatus
    from judging.models import Assignment, Juror, Round, Score
    from judging.services.awards import assign_award
    from tests.factories import UserFactory

    round_ = Round.objects.create(
        contest=contest, name="Final", kind="final", order=1, status=RoundStatus.CLOSED,
        deadline=timezone.now() - timedelta(days=1),
    )
    jurors = [Juror.objects.create(contest=contest, user=UserFactory()) for _ in range(2)]
    entries = []
    for index, (native, latin, country, title, english) in enumerate(NAMES):
        entrant = UserFactory(name_native=native, name_latin=latin, country=country,
                              language=["zh-hans", "ar", "ru", "tr", "ko"][index])
        entry = EntryFactory(contest=contest, entrant=entrant, status=EntryStatus.ELIGIBLE,
                             title_original=title, title_english=english)
        CreditFactory(entry=entry, name_native=native, name_latin=latin, country=country)
        for juror in jurors:
            assignment = Assignment.objects.create(round=round_, entry=entry, juror=juror)
            Score.objects.create(assignment=assignment, weighted=9.0 - index,
                                 status=ScoreStatus.SUBMITTED)
        entries.append(entry)
    grand = AwardFactory(contest=contest, name="Grand Prize", places=1, order=1)
    jury = AwardFactory(contest=contest, name="Jury Prize", places=2, order=2)
    assign_award(award=grand, place=1, entry=entries[0], by=organiser)
    assign_award(award=jury, place=1, entry=entries[1], by=organiser, screening_order=1)
    assign_award(award=jury, place=2, entry=entries[4], by=organiser)
    contest.entries_by_script = entries
    return contest


@pytest.fixture
def ring(contest):
    """Every two of four jurors share one of six entries: three entries each, and the
    entries of any juror can go to the other three without anyone judging a film twice."""
    round_ = RoundFactory(contest=contest, jurors_per_entry=2, name="Screening")
    jurors = [JurorFactory(contest=contest) for _ in range(4)]
    entries = [EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE) for _ in range(6)]
    RoundEntry.objects.bulk_create(RoundEntry(round=round_, entry=e) for e in entries)
    couples = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    Assignment.objects.bulk_create(
        Assignment(round=round_, entry=entry, juror=jurors[j])
        for entry, couple in zip(entries, couples, strict=True) for j in couple)
    return round_, jurors, entries
