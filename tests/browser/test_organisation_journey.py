"""A newcomer runs a contest of their own, from sign-up to its first entry, in three languages.

She signs up and starts an organisation in English, switches the site to Japanese to set a
contest up (two categories and its rules) and opens it; an entrant signs up and enters it in
Arabic; the manager of another organisation finds no trace of it. Every page seen is checked
by axe (``Browser.shot``). Fields are found by their labels, in the page's language.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.enums import OrgRole
from accounts.models import Membership
from contest.enums import EntryStatus
from contest.forms_setup import LOCAL_INPUT, wall_clock
from contest.models import Contest, Entry
from tests.browser.steps import (
    NAMES,
    enter_film,
    see_it_validated,
    sign_up,
    staff_log_in,
    submit,
    upload_film,
    verify_email,
)
from tests.factories import ContestFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISER = "hana@example.org"
ENTRANT = "layla@example.org"
ORGANISATION = {"name": "Umi Film Society", "slug": "umi", "time_zone": "Asia/Tokyo"}
CONTEST = {
    "name": "海の短編映画祭 2027",
    "slug": "umi-2027",
    "rules": "応募作品の権利は応募者が持つものに限ります。\n審査の結果は公式サイトで発表します。",
}
CATEGORIES = [("短編ドラマ", "十五分以内の物語。"), ("アニメーション", "手描きも CG も。")]


def ja(text: str) -> str:
    with translation.override("ja"):
        return gettext(text)


def labelled(scope, text: str):
    """The field whose label reads ``text`` (Django adds a colon after it)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(text)}\s*[:：]?\s*$"))


def start_organisation(browser) -> None:
    page = browser.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name=NAMES["en"][0]).click()
    page.wait_for_url("**/accounts/profile/")
    browser.shot("profile")
    page.get_by_role("navigation", name="Account settings").get_by_role(
        "link", name="Organisations").click()
    page.wait_for_url("**/accounts/organisations/")
    browser.shot("no organisation yet")
    form = page.get_by_role("main").locator("form")
    labelled(form, "Name").fill(ORGANISATION["name"])
    labelled(form, "Short name").fill(ORGANISATION["slug"])
    labelled(form, "Time zone").select_option(ORGANISATION["time_zone"])
    form.get_by_role("button", name="Create the organisation").click()
    page.wait_for_url(f"**/accounts/organisations/{ORGANISATION['slug']}/team/")
    browser.shot("team of the new organisation")


def switch_to_japanese(browser) -> None:
    page = browser.page
    with page.expect_navigation():
        page.get_by_label("Language", exact=True).select_option("ja")
    assert (page.locator("html").get_attribute("lang"),
            page.locator("html").get_attribute("dir")) == ("ja", "ltr")
    browser.shot("team page in Japanese")


def create_contest(browser) -> None:
    page = browser.page
    page.get_by_role("navigation", name=ja("Main")).get_by_role(
        "link", name=ja("Organise")).click()
    page.wait_for_url("**/organise/")
    browser.shot("no contest yet")
    page.get_by_role("link", name=ja("Create a contest")).click()
    page.wait_for_url("**/organise/new/")
    browser.shot("new contest")
    form = page.get_by_role("main").locator("form")
    # Announced for tomorrow; opened once its categories are in place.
    opens, closes = (wall_clock(timezone.now() + delta, ORGANISATION["time_zone"])
                     for delta in (timedelta(days=1), timedelta(days=30)))
    labelled(form, ja("name")).fill(CONTEST["name"])
    labelled(form, ja("slug")).fill(CONTEST["slug"])
    labelled(form, ja("rules")).fill(CONTEST["rules"])
    form.get_by_role("button", name=ja("Create the contest")).click()
    page.wait_for_load_state()
    browser.shot("dates missing")
    form = page.get_by_role("main").locator("form")
    assert labelled(form, ja("closes at")).get_attribute("aria-invalid") == "true"
    labelled(form, ja("opens at")).fill(opens.strftime(LOCAL_INPUT))
    labelled(form, ja("closes at")).fill(closes.strftime(LOCAL_INPUT))
    form.get_by_role("button", name=ja("Create the contest")).click()
    page.wait_for_url(f"**/organise/{CONTEST['slug']}/")
    browser.shot("contest created")


def add_categories(browser) -> None:
    page = browser.page
    page.get_by_role("navigation", name=ja("Manage this contest")).get_by_role(
        "link", name=ja("Categories")).click()
    page.wait_for_url("**/categories/")
    browser.shot("no category yet")
    for number, (name, description) in enumerate(CATEGORIES, start=1):
        form = page.get_by_role("form", name=ja("Add a category"))
        labelled(form, ja("name")).fill(name)
        labelled(form, ja("description")).fill(description)
        form.get_by_role("button", name=ja("Add")).click()
        page.get_by_role("main").get_by_role("listitem").filter(
            has=page.locator(f"input[value='{name}']")).wait_for()
        browser.shot(f"category {number} added")


def tour(browser) -> None:
    """Every page of the contest's menu, except the administration site (Django's own)."""
    page = browser.page
    page.goto(f"/organise/{CONTEST['slug']}/")
    nav = page.get_by_role("navigation", name=ja("Manage this contest"))
    paths = nav.get_by_role("link").evaluate_all("links => links.map(link => link.pathname)")
    ours = [path for path in paths if "/admin/" not in path]
    for path in ours:
        page.goto(path)
        browser.shot("menu " + path.strip("/").rsplit("/", 1)[-1])
    assert [path.strip("/").rsplit("/", 1)[-1] for path in ours] == [
        "settings", "categories", "questions", "copy", "retention", "outbox", "messages",
        "dashboard", "jurors", "rounds", "awards", "audit"]


def preview_and_open(browser) -> None:
    page = browser.page
    page.goto(f"/contests/{CONTEST['slug']}/")
    browser.shot("preview of the public page")
    assert page.get_by_role("link", name=ja("Enter a film")).count() == 0
    page.goto(f"/organise/{CONTEST['slug']}/")
    page.get_by_role("navigation", name=ja("Manage this contest")).get_by_role(
        "link", name=ja("Settings")).click()
    page.wait_for_url("**/settings/")
    browser.shot("settings")
    form = page.get_by_role("main").locator("form")
    now = wall_clock(timezone.now() - timedelta(minutes=5), ORGANISATION["time_zone"])
    labelled(form, ja("opens at")).fill(now.strftime(LOCAL_INPUT))
    form.get_by_role("button", name=ja("Save")).click()
    page.wait_for_load_state()
    browser.shot("contest opened")
    page.goto(f"/contests/{CONTEST['slug']}/")
    page.get_by_role("link", name=ja("Enter a film")).wait_for()
    browser.shot("public page, open")


def enter_in_arabic(browser, *, film) -> Entry:
    page = browser.page
    page.goto("/")
    browser.shot("contests")
    page.get_by_role("heading", name=CONTEST["name"]).get_by_role("link").click()
    page.wait_for_url(f"**/contests/{CONTEST['slug']}/")
    contest = Contest.objects.get(slug=CONTEST["slug"])
    entry = enter_film(browser, contest=contest, language="ar", category=CATEGORIES[1][0])
    upload_film(browser, entry=entry, film=film, language="ar")
    see_it_validated(browser, entry=entry)
    submit(browser, entry=entry)
    return entry


ORGANISER_PAGES = ("/organise/{contest}/", "/organise/{contest}/settings/",
                   "/organise/{contest}/categories/", "/organise/{contest}/copy/",
                   "/judging/organise/{contest}/dashboard/",
                   "/accounts/organisations/{organisation}/team/")


def look_from_another_organisation(browser, manager) -> dict[str, int]:
    """The other manager's contest list, and the answer to each organiser page of the contest."""
    page = browser.page
    staff_log_in(browser, manager, lands_on="/organise/")
    browser.shot("their own contests")
    listed = page.get_by_role("main").locator("table tbody th").all_inner_texts()
    assert listed == ["Kawa Shorts 2027"]
    answers = {}
    for template in ORGANISER_PAGES:
        path = template.format(contest=CONTEST["slug"], organisation=ORGANISATION["slug"])
        answers[path] = page.goto(path).status
    browser.shot("refused")
    return answers


def test_new_organisation_sets_up_a_contest_in_japanese_and_takes_an_entry_in_arabic(
        open_browser, film_1080p):
    organiser = open_browser("organiser", "en")
    sign_up(organiser, email=ORGANISER, language="en")
    verify_email(organiser, email=ORGANISER)
    start_organisation(organiser)
    switch_to_japanese(organiser)
    create_contest(organiser)
    add_categories(organiser)
    tour(organiser)
    preview_and_open(organiser)

    entrant = open_browser("entrant", "ar")
    sign_up(entrant, email=ENTRANT, language="ar")
    verify_email(entrant, email=ENTRANT)
    entry = enter_in_arabic(entrant, film=film_1080p)

    other = MembershipFactory(
        role=OrgRole.MANAGER,
        user=UserFactory(email="kenji@example.org", name_native="森健二", name_latin="Mori Kenji"),
        organisation=OrganisationFactory(name="Kawa Cinema Club", slug="kawa"))
    ContestFactory(organisation=other.organisation, name="Kawa Shorts 2027", slug="kawa-2027")
    answers = look_from_another_organisation(open_browser("other-manager", "en"), other.user)

    contest = Contest.objects.get(slug=CONTEST["slug"])
    assert (contest.organisation.slug, contest.name, contest.time_zone,
            contest.rules_text.replace("\r\n", "\n"), contest.is_open(timezone.now())) == (
        ORGANISATION["slug"], CONTEST["name"], ORGANISATION["time_zone"], CONTEST["rules"], True)
    assert [(c.name, c.description) for c in contest.categories.all()] == CATEGORIES
    assert list(Membership.objects.filter(organisation=contest.organisation)
                .values_list("user__email", "role")) == [(ORGANISER, OrgRole.OWNER)]
    entry.refresh_from_db()
    assert (entry.category.name, entry.status, entry.entrant.email) == (
        CATEGORIES[1][0], EntryStatus.ELIGIBLE, ENTRANT)
    assert answers == dict.fromkeys(answers, 403)
    assert (organiser.console_errors, entrant.console_errors) == ([], [])
