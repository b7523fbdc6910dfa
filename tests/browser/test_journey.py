"""The whole contest in a real browser: sign-up to exported winner list, in three languages.

Screenshots of every page land in test-artifacts/browser/<test>/<person>/.
"""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.enums import OrgRole, Role
from accounts.models import Membership, User
from accounts.services import add_role
from contest.models import Entry
from judging.enums import RoundKind, ScoreStatus
from judging.models import Award, Juror, Score
from judging.services import rounds as round_services
from judging.services.rounds import CriterionSpec
from tests.browser.steps import (
    NAMES,
    TITLES,
    enter_film,
    log_out_and_in,
    see_it_validated,
    sign_up,
    staff_log_in,
    submit,
    upload_film,
    verify_email,
)
from tests.factories import CategoryFactory, ContestFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contest_with_jury(db):
    """An open contest with a category, a juror on its jury, an organiser and one award."""
    contest = ContestFactory(name="Festival 2026", slug="festival", time_zone="Europe/Paris",
                             opens_at=timezone.now() - timedelta(days=1),
                             closes_at=timezone.now() + timedelta(days=7))
    CategoryFactory(contest=contest, name="Narrative", slug="narrative")
    juror = UserFactory(email="juror@example.org")
    add_role(user=juror, role=Role.JUROR)
    seat = Juror.objects.create(contest=contest, user=juror, country="FR", languages=["en"])
    organiser = UserFactory(email="organiser@example.org")
    add_role(user=organiser, role=Role.ORGANISER)
    Membership.objects.create(organisation=contest.organisation, user=organiser,
                              role=OrgRole.OWNER)
    Award.objects.create(contest=contest, name="Grand Prize", places=1)
    return {"contest": contest, "juror": juror, "seat": seat, "organiser": organiser}


def open_judging(*, contest, organiser, seat, entry: Entry):
    round_ = round_services.create_round(
        contest=contest, name="First round", kind=RoundKind.SCREENING,
        deadline=timezone.now() + timedelta(days=3), jurors_per_entry=1, by=organiser,
        criteria=[CriterionSpec(name="Story", description="", weight=Decimal("2")),
                  CriterionSpec(name="Craft", description="", weight=Decimal("1"))],
    )
    round_services.add_eligible_entries(round=round_, by=organiser)
    round_services.open_round(round=round_, by=organiser)
    return round_services.add_assignment(round=round_, entry=entry, juror=seat, by=organiser)


def score_it(browser, *, juror, assignment) -> None:
    page = browser.page
    staff_log_in(browser, juror, lands_on="/judging/")
    browser.shot("juror home")
    page.goto(f"/judging/assignments/{assignment.pk}/")
    page.locator("fieldset.criterion input").first.focus()
    page.keyboard.press("9")
    page.keyboard.press("8")
    page.locator("[data-status]").filter(has_text=re.compile(".+")).wait_for()
    browser.shot("scoring page")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[data-submit]")
    page.wait_for_selector("fieldset.criterion[disabled]")
    browser.shot("score submitted")
    score = Score.objects.get(assignment=assignment)
    assert (score.status, sorted(score.marks.values())) == (ScoreStatus.SUBMITTED, [8, 9])


def award_publish_export(browser, *, contest, organiser, entry: Entry) -> str:
    page = browser.page
    staff_log_in(browser, organiser, lands_on="/organise/")
    page.goto(f"/judging/organise/{contest.slug}/awards/")
    browser.shot("awards page")
    form = page.locator("form.assign-form")
    form.locator("[name=entry_code]").fill(entry.code)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    browser.shot("award given")
    page.locator(f"form[action$='/organise/{contest.slug}/awards/lock/'] button").click()
    page.wait_for_load_state()
    page.locator(f"form[action$='/organise/{contest.slug}/publish/'] button").click()
    page.wait_for_load_state()
    browser.shot("results published")
    with page.expect_download() as download:
        page.locator("a[href$='/export/winners.csv']").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    page.goto(f"/winners/{contest.slug}/")
    browser.shot("winners page")
    return text


@pytest.mark.parametrize("language", ["en", "ar", "ja"])
def test_whole_contest_from_sign_up_to_exported_winner_list(open_browser, contest_with_jury,
                                                            film_1080p, language):
    contest = contest_with_jury["contest"]
    email = f"entrant-{language}@example.org"
    entrant = open_browser("entrant", language)

    sign_up(entrant, email=email, language=language)
    verify_email(entrant, email=email)
    log_out_and_in(entrant, email=email)
    entry = enter_film(entrant, contest=contest, language=language)
    upload_film(entrant, entry=entry, film=film_1080p, language=language)
    see_it_validated(entrant, entry=entry)
    submit(entrant, entry=entry)

    assignment = open_judging(contest=contest, organiser=contest_with_jury["organiser"],
                              seat=contest_with_jury["seat"], entry=entry)
    score_it(open_browser("juror", "en"), juror=contest_with_jury["juror"],
             assignment=assignment)
    exported = award_publish_export(open_browser("organiser", language), contest=contest,
                                    organiser=contest_with_jury["organiser"], entry=entry)

    assert entry.code in exported and TITLES[language][0] in exported
    user = User.objects.get(email=email)
    assert (user.name_native, user.language) == (NAMES[language][0], language)
    assert entrant.console_errors == []
