"""axe-core in the page under test: serious and critical WCAG 2.1 A and AA violations fail.

axe is vendored from npm (``npm run vendor`` copies it to ``vendor/axe-core/``). It is
evaluated through the DevTools protocol rather than added as a ``<script>`` tag, which the
site's Content-Security-Policy (no inline script) rightly blocks.
"""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ["serious", "critical"]

RUN_AXE = """async ({tags, impacts}) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return results.violations.filter(rule => impacts.includes(rule.impact)).map(rule => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    targets: rule.nodes.map(node => node.target.join(" ")),
  }));
}"""


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def serious_violations(page, *, ignore_rules: tuple[str, ...] = ()) -> list[dict]:
    """The serious and critical violations axe finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(RUN_AXE, {"tags": TAGS, "impacts": FAILING_IMPACTS})
    return [rule for rule in violations if rule["id"] not in ignore_rules]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {rule['id']} ({rule['impact']}): {rule['help']}\n    "
        + "\n    ".join(rule["targets"])
        for rule in violations
    )


def assert_accessible(page, *, step: str = "", ignore_rules: tuple[str, ...] = ()) -> None:
    """Fail with each rule's id, help and the selectors of the elements at fault."""
    violations = serious_violations(page, ignore_rules=ignore_rules)
    assert violations == [], (
        f"axe found accessibility violations on {page.url} ({step}):\n{describe(violations)}"
    )
