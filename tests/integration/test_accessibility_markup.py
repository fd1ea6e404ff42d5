"""Accessibility markup that axe cannot see by itself: every data table scrolls in its
own named, focusable region (WCAG 1.4.10 Reflow), the queue's live search announces
the new count through a live region that is never swapped out (WCAG 4.1.3), and the
petition page's live household count changes only when the count does."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.factories import make_complaint, make_resident, make_staff
from tests.support.web import get, post, sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
HTMX = {"HX-Request": "true"}
SCROLL_REGION = re.compile(
    r'<div class="portal-table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*'
    r'<table class="govuk-table">')
# Being edited elsewhere at the time of writing; their tables are to be wrapped too.
NOT_YET: set[str] = set()


def test_every_data_table_scrolls_in_a_named_focusable_region():
    unwrapped = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        text = path.read_text(encoding="utf-8")
        tables = text.count('<table class="govuk-table">')
        if tables and name not in NOT_YET and len(SCROLL_REGION.findall(text)) != tables:
            unwrapped.append(name)
    assert unwrapped == []


# -- the queue's live search ------------------------------------------------------------------


def test_queue_search_announces_the_count_out_of_band(app, client):
    with app.app_context():
        email = make_staff("complaints_manager").email
        bob = make_resident("Bob Builder", postcode="SW1A 2BB")
        make_complaint(bob)
        make_complaint(bob)
        make_complaint(make_resident("Ada Lovelace"))
    sign_in(client, email)

    # The full page: one polite live region, empty, outside what a search replaces.
    page = get(client, "/staff").get_data(as_text=True)
    region = re.search(r'<div id="queue-announcement"([^>]*)>(.*?)</div>', page, re.S)
    assert region and 'aria-live="polite"' in region.group(1)
    assert "govuk-visually-hidden" in region.group(1) and region.group(2).strip() == ""
    assert page.count('aria-live="polite"') == 1
    assert page.index('id="queue-announcement"') < page.index('id="queue-results"')
    assert "All open: 3 complaints</h2>" in page
    assert '<table class="govuk-table">' in page
    assert 'role="region" aria-label="All open complaints, the soonest due first"' in page

    # A search (htmx): the results, and the count for the live region out of band.
    response = client.get("/staff?q=Bob", headers=HTMX)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and '<div id="queue-announcement"' not in fragment
    oob = re.search(r'<div id="queue-count" hidden '
                    r'data-hx-swap-oob="innerHTML:#queue-announcement">(.*?)</div>', fragment, re.S)
    assert oob, fragment[:2000]
    assert oob.group(1) == "All open: 2 complaints matching “Bob”"
    assert "aria-live" not in fragment  # the live region itself is never swapped

    nothing = client.get("/staff?q=nobody&tab=closed", headers=HTMX).get_data(as_text=True)
    assert ">Closed: 0 complaints matching “nobody”</div>" in nothing

    # Without JavaScript the same URL is an ordinary page.
    assert "<html" in get(client, "/staff?q=Bob").get_data(as_text=True)


# -- the petition's live household count -------------------------------------------------------


def _petition(app, client) -> tuple[int, str]:
    with app.app_context():
        make_resident("Lee Lead", email="lee@example.org")
    sign_in(client, "lee@example.org")
    response = post(client, "/petitions/new", {
        "subject": "Repair the lifts at Rose Court",
        "issues_text": "Both lifts have been broken since May.",
        "actions_requested": "Repair both lifts within four weeks.",
        "summary": "Households ask for the lifts to be repaired.",
        "lead_address": "6 Rose Road\nLondon", "lead_postcode": "E1 1AA",
    }, status=303)
    petition_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = get(client, f"/petitions/{petition_id}").get_data(as_text=True)
    share = re.search(r"http://127\.0\.0\.1:5000(/petitions/sign/[\w-]+)", page).group(1)
    return petition_id, share


def _poll_url(html: str) -> str:
    found = re.search(r'<div id="households-poll" data-hx-get="([^"]+)" data-hx-trigger="every 5s" '
                      r'data-hx-swap="outerHTML"></div>', html)
    assert found, html[:3000]
    return found.group(1).replace("&amp;", "&")


def test_petition_count_is_sent_only_when_it_changes(app, client):
    petition_id, share = _petition(app, client)
    page = get(client, f"/petitions/{petition_id}").get_data(as_text=True)
    assert '<div id="households" tabindex="-1" aria-live="polite" aria-atomic="true">' in page
    # The Code profile: a group complaint from 2 households or more (SPEC §5).
    assert "0 of 2 households" in page and "hx-swap-oob" not in page
    poll = _poll_url(page)
    assert poll == f"/petitions/{petition_id}?households=0&signatures=0"

    # Nothing changed: 204 No Content, which htmx does not swap.
    unchanged = client.get(poll, headers=HTMX)
    assert unchanged.status_code == 204 and unchanged.get_data() == b""

    # Someone signs: the next poll gets the new count for the live region (out of band)
    # and a poll that carries it.
    post(app.test_client(), share, {
        "name": "Ann Able", "address_line_1": "1 Rose Road", "town": "London",
        "postcode": "E1 1AA", "signed_name": "Ann Able", "declaration": "y"}, status=303)
    changed = client.get(poll, headers=HTMX)
    assert changed.status_code == 200
    html = changed.get_data(as_text=True)
    assert "<html" not in html
    oob = re.search(r'<div id="households" data-hx-swap-oob="innerHTML">(.*?)</div>\s*$', html,
                    re.S)
    assert oob and "1 of 2 households" in oob.group(1) and "1 signature so far" in oob.group(1)
    assert "aria-live" not in html  # the live region stays in the page; only its text changes
    new_poll = _poll_url(html)
    assert new_poll == f"/petitions/{petition_id}?households=1&signatures=1"
    assert client.get(new_poll, headers=HTMX).status_code == 204
    # A stale count (or none, as before this change) gets the update again.
    assert client.get(poll, headers=HTMX).status_code == 200
    assert client.get(f"/petitions/{petition_id}", headers=HTMX).status_code == 200

    # Without JavaScript nothing polls, and the same URL is the whole page.
    assert "<html" in get(client, new_poll).get_data(as_text=True)
