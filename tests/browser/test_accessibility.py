"""axe-core (through axe-playwright-python) on every public page, in Danish, Arabic (right to
left) and Tigrinya (Ethiopic script), on a 390x844 phone: no violations.

axe-core skips its colour-contrast check on Arabic text: look at Arabic screenshots too."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from tests.browser.test_languages import PUBLIC_PAGES, open_public_page

AXE = Axe()

# axe-core 4.12 no longer reports duplicate ids as violations (only as "needs review" where
# ARIA uses them), so the page's id references are checked here too.
ID_SCRIPT = """
() => {
  const problems = [];
  const counts = new Map();
  for (const element of document.querySelectorAll("[id]")) {
    counts.set(element.id, (counts.get(element.id) || 0) + 1);
  }
  for (const [id, count] of counts) {
    if (count > 1) problems.push(`duplicate-id: id="${id}" is used ${count} times`);
  }
  for (const name of ["aria-labelledby", "aria-describedby", "aria-controls", "for"]) {
    for (const element of document.querySelectorAll(`[${name}]`)) {
      for (const id of element.getAttribute(name).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          const tag = element.tagName.toLowerCase();
          problems.push(`broken-reference: ${name}="${id}" on <${tag}> names no element`);
        }
      }
    }
  }
  return problems;
}
"""


def violations(page) -> list[str]:
    """One line per element that breaks a rule: rule, impact, element, what axe says."""
    found = []
    for violation in AXE.run(page).response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            messages = "; ".join(
                check["message"]
                for check in node.get("any", []) + node.get("all", []) + node.get("none", [])
            )
            found.append(f"{violation['id']} ({violation['impact']}) at {target}: {messages}")
    return found + page.evaluate(ID_SCRIPT)


@pytest.mark.parametrize("lang", ["da", "ar", "ti"])
def test_public_pages_have_no_axe_violations(live_server, group_with_cafes, make_page, lang):
    _group, cafes = group_with_cafes
    page = make_page()
    problems = []
    for name, status in PUBLIC_PAGES:
        try:
            shown, url = open_public_page(page, live_server, lang, name, cafes[0].id)
        except PlaywrightError as error:
            problems.append(f"{lang}: {name}: could not be used: {str(error).splitlines()[0]}")
            continue
        assert shown == status, f"{lang}: {name} ({url}): HTTP {shown}, expected {status}"
        problems.extend(f"{lang}: {name} ({url}): {line}" for line in violations(page))
    assert problems == [], "accessibility violations:\n" + "\n".join(problems)
