"""Steps of the browser journeys that more than one journey takes: signing up, confirming
the address, logging in, entering a film, uploading it and submitting it."""

import re

from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from contest.enums import EntryStatus, VideoStatus
from contest.models import Entry, Video

PASSWORD = "Lantern-Harbour-1947"
NAMES = {
    "en": ("Ada Lovelace", "Ada Lovelace", "GB"),
    "ar": ("ليلى مراد", "Layla Murad", "EG"),
    "ja": ("黒澤明", "Kurosawa Akira", "JP"),
}
LINK = re.compile(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/")


def submit_form(page, field_name: str) -> None:
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
    submit_form(page, "password1")
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
    submit_form(page, "password")
    browser.shot("dashboard")
    assert page.url.rstrip("/").endswith("/dashboard")


TITLES = {
    "en": ("The Night Sea", "The Night Sea"),
    "ar": ("بحر الليل", "The Night Sea"),
    "ja": ("夜の海", "The Night Sea"),
}
STAFF_PASSWORD = "correct horse battery staple"


def staff_log_in(browser, user, *, lands_on: str) -> None:
    page = browser.page
    page.goto("/accounts/login/")
    form = page.locator("main form:has([name=password])")
    form.locator("[name=login]").fill(user.email)
    form.locator("[name=password]").fill(STAFF_PASSWORD)
    submit_form(page, "password")
    # Signing in lands in the area of one's role.
    assert page.url.endswith(lands_on)


def enter_film(browser, *, contest, language: str, category: str = "Narrative") -> Entry:
    page = browser.page
    page.goto(f"/contests/{contest.slug}/")
    browser.shot("contest page")
    page.goto(f"/contests/{contest.slug}/enter/")
    form = page.locator("main form.entry-form")
    original, english = TITLES[language]
    form.locator("[name=category]").select_option(label=category)
    form.locator("[name=title_original]").fill(original)
    form.locator("[name=title_english]").fill(english)
    form.locator("[name=original_language]").select_option(language)
    form.locator("[name=runtime_s]").fill("240")
    form.locator("[name=synopsis_original]").fill(original)
    form.locator("[name=synopsis_english]").fill("A night at sea.")
    form.locator("[name=ai_tools][value=sora]").check()
    form.locator("[name=credits-0-name_native]").fill(NAMES[language][0])
    form.locator("[name=credits-0-name_latin]").fill(NAMES[language][1])
    form.locator("[name=credits-0-role]").select_option("director")
    form.locator("[name=credits-0-country]").select_option(NAMES[language][2])
    form.locator("[name=rights_declared]").check()
    form.locator("[name=rules_consent]").check()
    browser.shot("entry form")
    submit_form(page, "title_original")
    browser.shot("entry saved")
    entry = Entry.objects.get(contest=contest, title_original=original)
    assert page.url.rstrip("/").endswith(f"/entries/{entry.pk}")
    return entry


def upload_film(browser, *, entry: Entry, film, language: str) -> Video:
    page = browser.page
    # The file button is the page's own, in the page's language (not the browser's).
    with translation.override(language):
        expected = (gettext("Choose your film"), gettext("No file chosen yet."))
    picker = page.locator("[data-uploader] .file-picker")
    # Pause and resume belong to an upload under way: none has started yet.
    assert page.locator("[data-uploader-pause]").is_hidden()
    assert page.locator("[data-uploader-resume]").is_hidden()
    assert (picker.locator("label").inner_text().strip(),
            picker.locator("[data-uploader-filename]").inner_text().strip()) == expected
    page.set_input_files("[data-uploader-input]", str(film))
    assert picker.locator("[data-uploader-filename]").inner_text() == film.name
    status = page.locator("[data-uploader-status]")
    status.wait_for(state="visible")
    page.wait_for_function(
        "el => el.textContent.trim() && el.closest('[data-uploader]').querySelector("
        "'[data-uploader-progress]').value >= 100",
        arg=status.element_handle(), timeout=60_000,
    )
    browser.shot("upload complete")
    video = Video.objects.get(entry=entry, is_current=True)
    assert video.size_bytes == film.stat().st_size
    return video


def see_it_validated(browser, *, entry: Entry) -> None:
    """The validation (run in-process here, on the upload's commit) reaches the entry page."""
    page = browser.page
    page.locator("[data-video-status][data-status=valid]").wait_for(timeout=60_000)
    page.locator("[data-video-badge].status-valid").wait_for()
    browser.shot("film checked")
    video = Video.objects.get(entry=entry, is_current=True)
    assert (video.status, video.metadata["width"], video.metadata["height"]) == (
        VideoStatus.VALID, 1920, 1080)
    assert video.poster and video.preview
    assert len([m for m in mail.outbox if entry.entrant.email in m.to]) == 2  # + the verdict


def submit(browser, *, entry: Entry) -> None:
    page = browser.page
    form = page.locator(f"main form[action$='/entries/{entry.pk}/submit/']")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    browser.shot("entry submitted")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ELIGIBLE
