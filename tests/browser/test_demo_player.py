"""A newcomer signs in to the demo as a juror and the film plays on the score page."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from demo import contests as demo
from judging.models import Assignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_juror_film_plays_with_its_poster(open_browser):
    call_command("load_demo", "--entries", "40", stdout=StringIO())
    juror = User.objects.get(email="juror1@marquee.test")
    assignment = Assignment.objects.filter(juror__user=juror, round__contest__slug=demo.SLUG,
                                           entry__status="eligible").first()
    browser = open_browser("juror")
    page = browser.page
    page.goto("/accounts/login/")
    form = page.locator("main form:has([name=password])")
    form.locator("[name=login]").fill(juror.email)
    form.locator("[name=password]").fill(demo.PASSWORD)
    form.locator("[name=password]").press("Enter")
    page.wait_for_url("**/judging/")
    page.goto(f"/judging/assignments/{assignment.pk}/")
    video = page.locator("video.judging-video")
    assert video.get_attribute("poster")
    # Played muted (a headless browser refuses to start sound without a gesture): the
    # picture advances, so the file arrived, decoded and the policy let it through.
    page.evaluate("""() => { const v = document.querySelector('video.judging-video');
                            v.muted = true; return v.play(); }""")
    # Polled from here: a predicate evaluated in the page would need 'unsafe-eval'.
    played = 0.0
    for _ in range(100):
        played = page.evaluate("() => document.querySelector('video.judging-video').currentTime")
        if played > 0.5:
            break
        page.wait_for_timeout(200)
    assert played > 0.5
    assert page.evaluate("() => document.querySelector('video.judging-video').videoHeight") == 720
    browser.shot("demo juror watching a film")
    assert browser.console_errors == []
