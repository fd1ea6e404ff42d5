"""Helpers for driving the app through its pages in integration tests."""

from __future__ import annotations

import re

from tests.pagecheck import check_page
from tests.support.factories import PASSWORD

_TOKEN = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|<meta name="csrf-token" content="([^"]+)"'
)


def csrf_token(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    if response.mimetype == "text/html":
        check_page(response.get_data(as_text=True), status=status)
    return response


def post(client, url: str, data: dict | None = None, *, status: int | None = None,
         from_url: str | None = None, follow: bool = False, **kwargs):
    """POST with a real CSRF token taken from the page (from_url, else url)."""
    page = client.get(from_url or url)
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(page.get_data(as_text=True)))
    response = client.post(url, data=data, follow_redirects=follow, **kwargs)
    if status is not None:
        assert response.status_code == status, (url, response.status_code,
                                                response.get_data(as_text=True)[:3000])
    if response.mimetype == "text/html" and response.status_code != 303:
        check_page(response.get_data(as_text=True), status=response.status_code)
    return response


def sign_in(client, email: str, password: str = PASSWORD):
    response = post(client, "/sign-in", {"email": email, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response
