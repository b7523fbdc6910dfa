"""``entry_by_code``: the one lookup of an entry by the code people type."""

import pytest

from contest.selectors import entry_by_code
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "  {lower}\t", " {code} "])
def test_entry_by_code_forgives_case_and_spaces(contest, typed):
    entry = EntryFactory(contest=contest)
    code = typed.format(code=entry.code, lower=entry.code.lower())
    assert entry_by_code(contest=contest, code=code) == entry


def test_entry_by_code_unknown_code_is_none(contest):
    EntryFactory(contest=contest)
    assert entry_by_code(contest=contest, code="ZZZZZZ") is None


def test_entry_by_code_blank_code_is_none(contest):
    assert entry_by_code(contest=contest, code="   ") is None


def test_entry_by_code_of_another_contest_is_none(contest):
    stranger = EntryFactory()
    assert entry_by_code(contest=contest, code=stranger.code) is None
