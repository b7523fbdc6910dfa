"""The entry page's uploader in Debian's chromium: it uploads, and resumes after a reload."""

import hashlib
import os

import pytest
from django.conf import settings as django_settings

from contest.models import Upload, Video
from tests.browser.accessibility import assert_accessible
from tests.factories import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIB = 1024 * 1024


@pytest.fixture
def browser_page(open_browser, live_server, client, entrant):
    client.force_login(entrant)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    browser = open_browser("entrant")
    browser.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session,
                                  "url": live_server.url}])
    return browser.page


@pytest.fixture
def film(tmp_path):
    path = tmp_path / "my film.mp4"
    path.write_bytes(os.urandom(3 * MIB + 4321))
    return path


def _wait_for(page, condition, what: str):
    # Waiting through the page lets Playwright run its route handlers meanwhile.
    for _ in range(600):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {what}")


def test_uploader_sends_film_and_resumes_after_reload(browser_page, live_server, entrant, film,
                                                      settings):
    settings.MARQUEE_TUS_CHUNK_SIZE = MIB
    entry = EntryFactory(entrant=entrant)
    page = browser_page
    offsets = []
    page.on("request", lambda request: request.method == "PATCH"
            and offsets.append(int(request.headers["upload-offset"])))

    # The second chunk never gets through: the entrant gives up and reloads the page.
    cutting = [True]

    def cut_after_first_chunk(route):
        offset = route.request.headers.get("upload-offset", "0")
        if not cutting[0] or route.request.method != "PATCH" or offset == "0":
            route.continue_()
        else:
            route.abort("connectionreset")

    page.route("**/uploads/tus/*", cut_after_first_chunk)
    page.goto(f"{live_server.url}/entries/{entry.pk}/")
    page.set_input_files("[data-uploader-input]", str(film))
    first_chunk_stored = Upload.objects.filter(entry=entry, offset=MIB).exists
    _wait_for(page, first_chunk_stored, "the first chunk")
    page.reload()
    cutting[0] = False
    status = page.locator("[data-uploader-status]")
    assert "my film.mp4" in status.inner_text()
    assert_accessible(page, step="upload to resume")
    offsets.clear()
    page.set_input_files("[data-uploader-input]", str(film))
    _wait_for(page, lambda: Video.objects.filter(entry=entry).exists(), "the finished video")

    assert offsets[0] == MIB  # resumed, not restarted
    assert Video.objects.get(entry=entry).sha256 == hashlib.sha256(film.read_bytes()).hexdigest()
    assert Upload.objects.filter(entry=entry).count() == 1



def test_entry_page_follows_the_validation_without_a_reload(browser_page, live_server, entrant):
    from tests.factories import VideoFactory

    video = VideoFactory(entry=EntryFactory(entrant=entrant), status="queued")
    page = browser_page
    loads = []
    page.on("load", lambda _page: loads.append(1))
    page.goto(f"{live_server.url}/entries/{video.entry_id}/")
    badge = page.locator("[data-video-status] [data-video-badge]")
    assert badge.inner_text() == "Queued"

    Video.objects.filter(pk=video.pk).update(status="validating", probe_checked_at=video.created_at)
    page.locator("[data-video-status] .status-validating").wait_for(timeout=30_000)
    assert "quick checks passed" in page.locator("[data-video-text]").inner_text()
    reasons = [{"code": "decode_error", "params": {}},
               {"code": "too_long", "params": {"duration": 1000.0, "max": 900.0}}]
    Video.objects.filter(pk=video.pk).update(status="invalid", reasons=reasons)
    page.locator("[data-video-status] .status-invalid").wait_for(timeout=30_000)

    assert (badge.inner_text(), len(loads)) == ("Invalid", 1)
    codes = page.locator("[data-video-reasons] li").evaluate_all(
        "items => items.map(item => item.dataset.code)")
    assert codes == ["decode_error", "too_long"]
    assert "What to do:" in page.locator("[data-video-reasons]").inner_text()
    assert_accessible(page, step="invalid film")
