"""Conflicts found without being declared: credits by name, the same organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contest.models import Entry
from judging.conflicts import conflict_pairs
from judging.models import Juror

from ..factories import CreditFactory, EntryFactory, UserFactory
from .factories import JurorFactory

pytestmark = pytest.mark.django_db


def pairs(contest):
    return conflict_pairs(entries=Entry.objects.filter(contest=contest),
                          jurors=Juror.objects.filter(contest=contest))


def test_a_juror_credited_by_name_without_an_account_is_in_conflict(contest):
    juror = JurorFactory(contest=contest, user=UserFactory(name_native="曹一哲",
                                                           name_latin="Cao Yizhe"))
    credited = EntryFactory(contest=contest)
    CreditFactory(entry=credited, name_native="Someone", name_latin="cao  YIZHE")
    by_script = EntryFactory(contest=contest)
    CreditFactory(entry=by_script, name_native="曹一哲", name_latin="")
    other = EntryFactory(contest=contest)
    CreditFactory(entry=other, name_native="Cao Yi", name_latin="")
    assert pairs(contest) == {(credited.pk, juror.pk), (by_script.pk, juror.pk)}


def test_the_same_organisation_as_the_entrant_or_a_credit_is_a_conflict(contest):
    juror = JurorFactory(contest=contest, user=UserFactory(organisation=" CalArts "))
    by_entrant = EntryFactory(contest=contest, entrant=UserFactory(organisation="calarts"))
    by_credit = EntryFactory(contest=contest)
    CreditFactory(entry=by_credit, organisation="CALARTS")
    unrelated = EntryFactory(contest=contest, entrant=UserFactory(organisation="Gobelins"))
    found = pairs(contest)
    assert (by_entrant.pk, juror.pk) in found and (by_credit.pk, juror.pk) in found
    assert (unrelated.pk, juror.pk) not in found


def test_a_juror_without_an_organisation_matches_nobody_by_it(contest):
    juror = JurorFactory(contest=contest, user=UserFactory(organisation=""))
    entry = EntryFactory(contest=contest, entrant=UserFactory(organisation=""))
    CreditFactory(entry=entry, organisation="", name_native="Ann", name_latin="")
    assert (entry.pk, juror.pk) not in pairs(contest)


def test_queries_stay_four_whatever_the_number_of_entries(contest):
    JurorFactory(contest=contest)
    for _ in range(5):
        CreditFactory(entry=EntryFactory(contest=contest), organisation="X")
    with CaptureQueriesContext(connection) as queries:
        pairs(contest)
    assert len(queries) == 4
