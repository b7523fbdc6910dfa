"""The whole contest in a real browser: sign-up to exported winner list.

Screenshots of every page land in test-artifacts/browser/<test>/<person>/.
"""

import re

import pytest
from django.core import mail

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Lantern-Harbour-1947"
NAMES = {
    "en": ("Ada Lovelace", "Ada Lovelace", "GB"),
    "ar": ("ليلى مراد", "Layla Murad", "EG"),
    "ja": ("黒澤明", "Kurosawa Akira", "JP"),
}
LINK = re.compile(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/")


def _submit(page, field_name: str) -> None:
    """Press the submit button of the form that holds ``field_name``."""
    form = page.locator(f"main form:has([name='{field_name}'])")
    form.locator("button[type=submit], input[type=submit]").last.click()
    page.wait_for_load_state()


def sign_up(browser, *, email: str, language: str) -> None:
    page = browser.page
    name_native, name_latin, country = NAMES[language]
    page.goto("/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    browser.shot("sign-up form")
    form = page.locator("main form:has([name=password1])")
    form.locator("[name=email]").fill(email)
    form.locator("[name=password1]").fill(PASSWORD)
    if form.locator("[name=password2]").count():
        form.locator("[name=password2]").fill(PASSWORD)
    form.locator("[name=name_native]").fill(name_native)
    form.locator("[name=name_latin]").fill(name_latin)
    form.locator("[name=country]").select_option(country)
    form.locator("[name=language]").select_option(language)
    if form.locator("[name=time_zone]").count():
        form.locator("[name=time_zone]").select_option("Asia/Tokyo" if language == "ja" else "UTC")
    _submit(page, "password1")
    browser.shot("verification sent")
    assert "/accounts/confirm-email/" in page.url


def verify_email(browser, *, email: str) -> None:
    page = browser.page
    messages = [m for m in mail.outbox if email in m.to]
    assert len(messages) == 1
    link = LINK.search(messages[0].body).group(0)
    page.goto(link)
    browser.shot("confirm email")
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_load_state()
    browser.shot("after confirmation")
    user = User.objects.get(email=email)
    assert user.emailaddress_set.get(email=email).verified is True


def log_out_and_in(browser, *, email: str) -> None:
    page = browser.page
    page.locator("form[action$='/accounts/logout/'] button").first.click()
    page.wait_for_load_state()
    page.goto("/accounts/login/")
    browser.shot("log in form")
    form = page.locator("main form:has([name=password])")
    form.locator("[name=login]").fill(email)
    form.locator("[name=password]").fill(PASSWORD)
    _submit(page, "password")
    browser.shot("dashboard")
    assert page.url.rstrip("/").endswith("/dashboard")


@pytest.mark.parametrize("language", ["en", "ar", "ja"])
def test_entrant_signs_up_verifies_and_logs_in(open_browser, language):
    browser = open_browser("entrant", language)
    email = f"entrant-{language}@example.org"

    sign_up(browser, email=email, language=language)
    verify_email(browser, email=email)
    log_out_and_in(browser, email=email)

    user = User.objects.get(email=email)
    assert (user.name_native, user.language) == (NAMES[language][0], language)
    assert browser.console_errors == []
