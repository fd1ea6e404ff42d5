"""Error pages: branded, honest, with a way on (never a bare server page)."""

from __future__ import annotations

from tests.pagecheck import check_page


def test_too_much_sent_at_once_gets_a_page_that_says_what_to_do(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    response = client.post("/sign-in", data={"email": "x" * (3 * 1024 * 1024)})
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    check_page(html, status=413)
    assert "The files are too large to send together" in html
    assert "up to 2 MB at a time" in html and "Riverside Homes" in html


def test_a_wrong_kind_of_request_is_not_called_page_not_found(app, client):
    response = client.post("/our-complaints-policy")
    html = response.get_data(as_text=True)
    assert response.status_code == 405
    check_page(html, status=405)
    assert "This page cannot be used like that" in html and "Page not found" not in html
