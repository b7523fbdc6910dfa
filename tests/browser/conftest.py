"""Playwright on Debian's chromium against pytest-django's live server."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.browser.accessibility import assert_accessible

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
# the test itself are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


class Browser:
    """One person at one browser: a fresh profile, a language, and numbered screenshots of
    the pages they see, each checked by axe."""

    def __init__(self, driver, *, base_url: str, language: str, shots: Path):
        self.profile = tempfile.mkdtemp(prefix="marquee-chromium-")
        self.context = driver.chromium.launch_persistent_context(
            self.profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            locale=language,
            base_url=base_url,
            viewport={"width": 1280, "height": 900},
        )
        self.context.set_default_timeout(20_000)
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.shots = shots
        self.count = 0
        self.console_errors: list[str] = []
        self.page.on("console", self._console)

    def _console(self, message):
        if message.type == "error" and "favicon" not in (message.location or {}).get("url", ""):
            self.console_errors.append(message.text)

    def shot(self, step: str, *, ignore_rules: tuple[str, ...] = ()) -> None:
        """Screenshot the page, then fail on its serious or critical accessibility faults
        (but those of the axe rules in ``ignore_rules``)."""
        self.count += 1
        self.shots.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        self.page.screenshot(path=str(self.shots / f"{self.count:02d}-{name}.png"), full_page=True)
        assert_accessible(self.page, step=step, ignore_rules=ignore_rules)

    def close(self) -> None:
        self.context.close()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture
def open_browser(playwright_driver, live_server, request):
    """Factory: ``open_browser(person, language)`` opens a fresh chromium for that person."""
    opened: list[Browser] = []
    test_name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")

    def factory(person: str, language: str = "en") -> Browser:
        # The screenshots of an earlier run would mix with this run's under the same numbers.
        shutil.rmtree(ARTIFACTS / test_name / person, ignore_errors=True)
        browser = Browser(
            playwright_driver,
            base_url=live_server.url,
            language=language,
            shots=ARTIFACTS / test_name / person,
        )
        opened.append(browser)
        return browser

    yield factory
    for browser in opened:
        browser.close()


@pytest.fixture(scope="session")
def film_1080p(tmp_path_factory) -> Path:
    """A real 4-second 1080p H.264 film with sound, made once per run by FFmpeg."""
    path = tmp_path_factory.mktemp("films") / "night sea.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=24:d=4",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=4", "-c:v", "libx264",
         "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
         "-movflags", "+faststart", str(path)],
        check=True, timeout=120,
    )
    return path


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps rate limits (one confirmation email per address every few minutes) in
    the shared cache: a run must not inherit the previous run's counters."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
