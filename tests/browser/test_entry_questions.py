"""The entry form's questions in Debian's chromium: the organiser's eligibility message shows
as soon as the answer is chosen, and only the chosen category's questions show."""

import pytest
from django.conf import settings as django_settings

from contest.enums import QuestionType
from contest.services.questions import add_question
from tests.browser.accessibility import assert_accessible
from tests.factories import CategoryFactory, ContestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AI_MESSAGE = "This contest is for films made mainly with generative AI."


@pytest.fixture
def browser_page(open_browser, live_server, client, entrant):
    client.force_login(entrant)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    browser = open_browser("entrant")
    browser.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session,
                                  "url": live_server.url}])
    return browser.page


def test_entry_form_shows_the_eligibility_message_when_the_answer_is_chosen(
        browser_page, live_server, organiser):
    contest = ContestFactory()
    narrative = CategoryFactory(contest=contest, name="Narrative", order=0)
    music = CategoryFactory(contest=contest, name="Music video", order=1)
    add_question(contest=contest, by=organiser, values={
        "type": QuestionType.YES_NO, "label": "Made mainly with generative AI?",
        "ineligible_values": ["no"], "ineligible_message": AI_MESSAGE})
    add_question(contest=contest, by=organiser, values={
        "type": QuestionType.SHORT_TEXT, "label": "Song and artist",
        "categories": [music.pk]})
    page = browser_page
    page.goto(f"{live_server.url}/contests/{contest.slug}/enter/")
    message = page.get_by_text(AI_MESSAGE)
    song = page.locator("[data-question]", has_text="Song and artist")

    page.select_option("select[name=category]", str(narrative.pk))
    assert (message.is_visible(), song.is_visible()) == (False, False)
    page.get_by_label("No", exact=True).check()
    assert message.is_visible()
    page.get_by_label("Yes", exact=True).check()
    assert not message.is_visible()
    page.select_option("select[name=category]", str(music.pk))
    assert song.is_visible()
    assert_accessible(page, step="entry form with questions")
