"""The scoring page in a real browser: keyboard marks, autosave, submit, stale version."""

import pytest
from django.urls import reverse

from judging.enums import ScoreStatus
from judging.models import Score
from judging.services.scoring import save_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def page(live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def _log_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "login" not in url)


def _score_url(live_server, assignment):
    return live_server.url + reverse("judging:score", kwargs={"assignment_id": assignment.pk})


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_keyboard_marks_autosave_and_submit(page, live_server, juror_user, make_assignments,
                                            open_round):
    (assignment,) = make_assignments(1)
    _log_in(page, live_server, juror_user)
    page.goto(_score_url(live_server, assignment))
    page.locator("fieldset.criterion input").first.focus()
    for key in "8790":  # 0 means 10; focus moves to the next criterion after each mark
        page.keyboard.press(key)
    expect(page.locator("[data-status]")).to_contain_text("Draft saved")
    criteria = list(open_round.criteria.order_by("order"))
    score = Score.objects.get(assignment=assignment)
    assert score.marks == {str(c.pk): m for c, m in zip(criteria, [8, 7, 9, 10], strict=True)}
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[data-submit]")
    page.wait_for_selector("fieldset.criterion[disabled]")
    score.refresh_from_db()
    assert score.status == ScoreStatus.SUBMITTED


def test_stale_tab_is_stopped_with_a_message(page, live_server, juror_user, make_assignments,
                                             open_round):
    (assignment,) = make_assignments(1)
    _log_in(page, live_server, juror_user)
    page.goto(_score_url(live_server, assignment))
    # Another tab saves first.
    save_draft(assignment=assignment, by=juror_user, marks={}, comment="other tab",
               expected_version=0)
    page.fill("textarea[name=comment]", "this tab")
    expect(page.locator(".autosave-status.error")).to_contain_text("changed elsewhere")
    assert Score.objects.get(assignment=assignment).comment == "other tab"


def _session_of(page, live_server, user):
    """Sign in by handing the browser a session cookie (the sign-in form has its own tests)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844},
                                      {"width": 1280, "height": 800}],
                         ids=["phone", "desktop"])
def test_subtitled_film_scored_by_keyboard(page, live_server, juror_user, seat,
                                           make_assignments, open_round, media_sample,
                                           viewport):
    from django.core.files import File
    from django.core.files.uploadedfile import SimpleUploadedFile

    from contest.services.materials import upload_material, validate
    from tests import material_samples as samples
    from tests.factories import VideoFactory

    seat.languages = ["fr"]
    seat.save()
    (assignment,) = make_assignments(1)
    video = VideoFactory(entry=assignment.entry)
    with open(media_sample("valid_1080p"), "rb") as film:
        video.preview.save("preview.mp4", File(film))
    for language in ("en", "fr"):
        material = upload_material(entry=assignment.entry, by=assignment.entry.entrant,
                                   kind="subtitle", language=language,
                                   upload=SimpleUploadedFile("s.srt", samples.srt(2, step_s=1.0)))
        validate(material_id=material.pk)
    page.set_viewport_size(viewport)
    _session_of(page, live_server, juror_user)
    page.goto(_score_url(live_server, assignment))
    # The juror's own language is the default track, and its cues load from the media view.
    page.wait_for_function(
        "() => { const t = document.querySelector('video').textTracks;"
        " return t.length === 2 && t[0].language === 'fr' && t[0].mode === 'showing'"
        " && t[0].cues && t[0].cues.length === 2; }")
    page.locator("fieldset.criterion input").first.focus()
    for key in "6789":
        page.keyboard.press(key)
    expect(page.locator("[data-status]")).to_contain_text("Draft saved")
    criteria = list(open_round.criteria.order_by("order"))
    assert Score.objects.get(assignment=assignment).marks == {
        str(c.pk): m for c, m in zip(criteria, [6, 7, 8, 9], strict=True)}
