"""The API docs render in Debian's chromium under the strict Content-Security-Policy."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_without_a_policy_violation(open_browser):
    browser = open_browser("visitor")

    browser.page.goto("/api/docs/")
    browser.page.locator(".swagger-ui .info .title").wait_for()
    browser.page.locator(".opblock").first.wait_for()
    # Swagger UI nests each operation's deep link inside the button that opens it: its own
    # markup, which no template or style sheet of ours reaches. Every other rule applies.
    browser.shot("api docs", ignore_rules=("nested-interactive",))

    assert "Marquee API" in browser.page.locator(".swagger-ui .info .title").inner_text()
    assert browser.console_errors == []
