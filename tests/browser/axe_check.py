"""axe-core on the pages a browser journey lands on: one copy for every journey.

A journey clicks a link and checks the next page at once. If axe starts while the browser
is still between the two documents, `document` has no element yet ("Cannot read
properties of null (reading 'documentElement')") or the page's context is destroyed under
it. That is the journey's timing, not the page: wait for the new document to load and run
axe again, a few times at most. Any other error, and any violation, fails the test.

Set PORTAL_SCREENSHOTS=/some/folder to keep a screenshot of every page checked.
"""

from __future__ import annotations

import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

AXE_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
SHOTS = os.environ.get("PORTAL_SCREENSHOTS")
_BETWEEN_DOCUMENTS = ("reading 'documentElement'", "Execution context was destroyed",
                      "Cannot find context", "navigat")
_TRIES = 5

_axe = Axe()


def run_axe(page: Page):
    """axe's results for the page as it stands once loaded, retried while it navigates."""
    for attempt in range(_TRIES):
        page.wait_for_load_state("load")
        try:
            return _axe.run(page, options=AXE_OPTIONS)
        except PlaywrightError as error:
            if attempt == _TRIES - 1 or not any(s in str(error) for s in _BETWEEN_DOCUMENTS):
                raise
            page.wait_for_timeout(200)
    raise AssertionError("unreachable")  # pragma: no cover


class Checked:
    """Zero axe violations on every page the journey lands on.

    axe is JavaScript: for a journey with JavaScript off (`aux` given), the page's DOM
    exactly as the browser built it is copied into a second page that may run scripts,
    and checked there."""

    def __init__(self, page: Page, aux: Page | None = None, name: str = "page") -> None:
        self.page = page
        self.aux = aux
        self.name = name
        self.seen: list[str] = []

    def check(self) -> None:
        self.page.wait_for_load_state("load")  # styles in place before contrast is checked
        target = self.page
        if self.aux is not None:
            self.aux.goto("/")  # same origin, so the page's CSS and scripts load
            self.aux.set_content(self.page.content())
            target = self.aux
        results = run_axe(target)
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"
        self.seen.append(self.page.url)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=f"{SHOTS}/{self.name}-{len(self.seen):02d}.png",
                                 full_page=True)
