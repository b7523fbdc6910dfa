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
    form = page.locator(f"form:has([name='{field_name}'])")
    form.locator("button[type=submit], input[type=submit]").last.click()
    page.wait_for_load_state()


def sign_up(browser, *, email: str, language: str) -> None:
    page = browser.page
    name_native, name_latin, country = NAMES[language]
    page.goto("/accounts/signup/")
    #LANG assert page.locator("html").get_attribute("lang") == language
    #DIR assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    browser.shot("sign-up form")
    page.fill("[name=email]", email)
    page.fill("[name=password1]", PASSWORD)
    if page.locator("[name=password2]").count():
        page.fill("[name=password2]", PASSWORD)
    page.fill("[name=name_native]", name_native)
    page.fill("[name=name_latin]", name_latin)
    page.select_option("[name=country]", country)
    page.select_option("[name=language]", language)
    if page.locator("[name=time_zone]").count():
        page.select_option("[name=time_zone]", "Asia/Tokyo" if language == "ja" else "UTC")
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
    page.fill("[name=login]", email)
    page.fill("[name=password]", PASSWORD)
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
