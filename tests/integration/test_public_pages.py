"""The public pages render and pass the page checks under every policy profile."""

from __future__ import annotations

import flask_migrate
import pytest

from portal import create_app
from portal.config import Settings
from tests.pagecheck import check_page

PROFILES = ["isha", "ids", "southern-2022", "ivh", "hos-code-2024"]
PUBLIC_PAGES = ["/", "/our-complaints-policy"]


@pytest.fixture(scope="module", params=PROFILES)
def profile_client(request, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp(request.param)
    app = create_app(
        Settings(
            env="test",
            secret_key="test",
            profile=request.param,
            database_url=f"sqlite:///{tmp_path / 't.sqlite'}",
        )
    )
    with app.app_context():
        flask_migrate.upgrade()
    return app.test_client()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_passes_the_page_checks(profile_client, path):
    response = profile_client.get(path)

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    check_page(response.get_data(as_text=True), status=response.status_code)


def test_policy_page_names_the_profile(profile_client):
    profile = profile_client.application.extensions["portal.profiles"][
        profile_client.application.config["PORTAL"].profile
    ]
    html = profile_client.get("/our-complaints-policy").get_data(as_text=True)

    assert profile.name in html


def test_unknown_page_is_a_checked_404(profile_client):
    response = profile_client.get("/no-such-page")

    assert response.status_code == 404
    html = response.get_data(as_text=True)
    check_page(html, status=404)
    assert "<h1" in html and "Page not found" in html


def test_pages_send_the_strict_csp(profile_client):
    csp = profile_client.get("/").headers["Content-Security-Policy"]

    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
