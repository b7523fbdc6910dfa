"""Two tabs save the same entry at once: one edit wins, the other is refused, nothing is lost.

Real threads, each with its own PostgreSQL connection, post the edit page at the same moment.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from contest.models import Entry
from core.models import AuditEvent
from tests.concurrency import run_together

from .test_entry_form import _post_data

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
CONFLICT = "This entry was changed elsewhere since you opened it. Reload it and try again."
VERSION = re.compile(r'name="version" value="(\d+)"')


def _open_tab(entrant, entry) -> tuple[Client, str]:
    tab = Client(HTTP_ACCEPT_LANGUAGE="en")
    tab.force_login(entrant)
    page = tab.get(reverse("contest:entry_edit", args=[entry.pk])).content.decode()
    return tab, VERSION.search(page).group(1)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_the_same_version_at_once_keep_exactly_one_edit(entrant, entry):
    tabs = [_open_tab(entrant, entry) for _ in range(2)]
    assert [version for _tab, version in tabs] == ["1", "1"]
    answers: dict[str, object] = {}

    def save(tab: Client, version: str, title: str):
        data = _post_data(entry.contest, title_english=title, version=version, initial_forms=1)

        def call() -> None:
            answers[title] = tab.post(reverse("contest:entry_edit", args=[entry.pk]), data)
        return call

    run_together(*(save(tab, version, f"Tab {n}") for n, (tab, version) in enumerate(tabs)))

    saved = Entry.objects.get(pk=entry.pk)
    winner = saved.title_english
    loser = ({"Tab 0", "Tab 1"} - {winner}).pop()
    assert (answers[winner].status_code, saved.version) == (302, 2)
    assert answers[loser].status_code == 200
    assert answers[loser].context["form"].non_field_errors() == [CONFLICT]
    # The refused tab keeps what its user typed, so nothing is silently thrown away.
    assert answers[loser].context["form"]["title_english"].value() == loser
    assert AuditEvent.objects.filter(action="entry.update").count() == 1


@pytest.mark.django_db
def test_entry_edit_without_the_version_it_was_based_on_is_refused(client, entrant, entry):
    client.force_login(entrant)
    title = entry.title_english
    data = _post_data(entry.contest, title_english="Blind overwrite", initial_forms=1)

    response = client.post(reverse("contest:entry_edit", args=[entry.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [CONFLICT]
    entry.refresh_from_db()
    assert (entry.title_english, entry.version) == (title, 1)
