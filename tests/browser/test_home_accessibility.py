"""The public pages in a real browser: accessible, styled, scripted, CSP-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe_check import run_axe

pytestmark = pytest.mark.browser

PAGES = ["/", "/our-complaints-policy"]

def open_page(page: Page, path: str) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None and response.status == 200, f"GET {path}: {response}"
    # app.js (a module) has run once GOV.UK Frontend's support class is on <body>.
    expect(page.locator("body.govuk-frontend-supported")).to_have_count(1)


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(page: Page, problems, path):
    open_page(page, path)

    results = run_axe(page)

    assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
    problems.assert_none()


@pytest.mark.parametrize("path", PAGES)
def test_assets_load_without_console_errors(page: Page, problems, path):
    open_page(page, path)

    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "arial" in font.lower(), f"app.css did not load: body font-family is {font!r}"
    h1_font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "arial" in h1_font.lower(), f"h1 font-family is {h1_font!r}"
    header = page.evaluate(
        "getComputedStyle(document.querySelector('.portal-header')).backgroundColor"
    )
    assert header not in ("", "rgba(0, 0, 0, 0)", "transparent"), "header has no brand colour"
    assert page.evaluate("window.htmx && htmx.version") == "2.0.11"
    # htmx's own indicator <style> would break the CSP: includeIndicatorStyles is off.
    assert page.locator("style").count() == 0
    # No GOV.UK crown, logotype or font.
    assert page.locator(".govuk-header, .govuk-logo, .govuk-footer__crown").count() == 0
    assert "GDS Transport" not in font
    # CSP violations and 404s show up here.
    problems.assert_none()


@pytest.mark.parametrize("path", PAGES)
def test_skip_link_is_the_first_tab_stop_and_works(page: Page, problems, path):
    open_page(page, path)

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.className, document.activeElement.textContent.trim()]"
    )
    assert focused == ["govuk-skip-link", "Skip to main content"]
    skip_link = page.locator(".govuk-skip-link")
    assert skip_link.is_visible(), "the skip link must show when it has focus"

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main-content"
    problems.assert_none()


def test_htmx_sends_the_csrf_token_on_changes_only(page: Page, problems):
    open_page(page, "/")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    seen: dict[str, dict[str, str]] = {}

    def probe(route):
        seen[route.request.method] = route.request.headers
        route.fulfill(status=204, body="")

    page.route("**/htmx-probe", probe)

    for method in ("GET", "POST", "DELETE"):
        # htmx.ajax returns a promise that settles when the request is done.
        page.evaluate(
            "method => htmx.ajax(method, '/htmx-probe', {target: 'body', swap: 'none'})",
            method,
        )

    assert set(seen) == {"GET", "POST", "DELETE"}, seen
    assert "x-csrftoken" not in seen["GET"]
    assert seen["POST"].get("x-csrftoken") == token
    assert seen["DELETE"].get("x-csrftoken") == token
    problems.assert_none()
