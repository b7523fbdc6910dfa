"""The axe gate itself: it fails on a serious fault, naming the rule and the element."""

import pytest

from tests.browser.accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAULTY = """<!doctype html><html lang="en"><head><title>Faulty</title></head><body>
<main><h1>Faulty</h1><button id="unnamed"></button>
<p id="pale" style="color: #bbb; background: #fff">Pale text</p></main></body></html>"""


def test_assert_accessible_fails_on_serious_violations_with_rule_help_and_target(open_browser):
    page = open_browser("visitor").page
    page.set_content(FAULTY)

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, step="faulty page")

    report = str(failure.value)
    assert "- button-name (critical): Buttons must have discernible text\n    #unnamed" in report
    assert ("- color-contrast (serious): Elements must meet minimum color contrast ratio "
            "thresholds\n    #pale") in report
    assert_accessible(page, ignore_rules=("button-name", "color-contrast"))
