"""Each rule of check_page can fail, and a good page passes them all."""

from __future__ import annotations

import pytest

from tests.pagecheck import PageCheckError, check_page


def page(body: str, *, title: str = "Make a complaint – Riverside Homes complaints") -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        f'<head><meta charset="utf-8"><title>{title}</title></head>\n'
        f"<body>\n{body}\n</body>\n"
        "</html>\n"
    )


GOOD_FORM = """
<main id="main-content">
  <h1 class="govuk-heading-l">Make a complaint</h1>
  <form method="post" action="/complaints" novalidate>
    <input type="hidden" name="csrf_token" value="abc">
    <label class="govuk-label" for="summary">What went wrong?</label>
    <textarea class="govuk-textarea" id="summary" name="summary"></textarea>
    <button class="govuk-button" type="submit">Continue</button>
  </form>
  <form method="get" action="/search"><input type="search" name="q" aria-label="Search"></form>
</main>
"""

ERROR_SUMMARY = """
<div class="govuk-error-summary" data-module="govuk-error-summary">
  <div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2></div>
</div>
"""


def test_a_good_page_passes():
    check_page(page(GOOD_FORM))


def test_a_good_page_with_errors_passes():
    body = GOOD_FORM.replace("<form", ERROR_SUMMARY + "<form", 1)
    check_page(page(body, title="Error: Make a complaint – Riverside Homes complaints"))


def test_h1_and_title_are_compared_with_whitespace_collapsed():
    body = GOOD_FORM.replace("Make a complaint</h1>", "\n   Make a\n complaint\n</h1>")
    check_page(page(body, title="\n  Make a complaint  – Riverside Homes complaints\n"))


def test_an_error_page_passes_with_its_status():
    # The status only labels the messages.
    check_page(page("<h1>Page not found</h1>", title="Page not found – X"), status=404)


def fails(html: str, *words: str, status: int = 200) -> str:
    with pytest.raises(PageCheckError) as caught:
        check_page(html, status=status)
    message = str(caught.value)
    for word in words:
        assert word in message, message
    return message


def test_invalid_html_fails_with_the_place():
    broken = page(GOOD_FORM.replace("</form>", "</div></form>", 1))
    message = fails(broken, "not valid HTML5", "line ")
    assert "</div></form>" in message


def test_missing_doctype_fails():
    fails(page(GOOD_FORM).replace("<!DOCTYPE html>\n", ""), "not valid HTML5", "DOCTYPE")


def test_duplicate_attribute_is_invalid_html():
    fails(page(GOOD_FORM.replace('id="summary"', 'id="summary" id="other"')), "not valid HTML5")


def test_the_status_is_named_in_the_message():
    fails(page("<p>No heading</p>"), "404 page", status=404)


def test_no_h1_fails():
    fails(page(GOOD_FORM.replace("h1", "h2")), "exactly one <h1>", "found 0")


def test_two_h1s_fail():
    fails(page(GOOD_FORM + "<h1>Another</h1>"), "exactly one <h1>", "found 2", "'Another'")


def test_empty_h1_fails():
    fails(page("<h1> </h1>", title="x"), "<h1> is empty")


def test_title_not_starting_with_h1_fails():
    fails(page(GOOD_FORM, title="Riverside Homes – Make a complaint"), "must start with the <h1>")


def test_error_summary_without_error_prefix_fails():
    body = GOOD_FORM.replace("<form", ERROR_SUMMARY + "<form", 1)
    fails(page(body), "error summary", "'Error: '")


def test_error_prefix_without_error_summary_fails():
    fails(
        page(GOOD_FORM, title="Error: Make a complaint – Riverside Homes complaints"),
        "no .govuk-error-summary",
    )


def test_duplicate_ids_fail():
    body = GOOD_FORM.replace("<main", '<div id="summary"></div><main', 1)
    fails(page(body), "duplicate id", "'summary' ×2")


def test_label_for_a_missing_id_fails():
    fails(page(GOOD_FORM.replace('for="summary"', 'for="sumary"')), "<label for=", "'sumary'")


def test_post_form_without_csrf_token_fails():
    body = GOOD_FORM.replace('<input type="hidden" name="csrf_token" value="abc">', "")
    fails(page(body), "csrf_token", "/complaints")


def test_post_form_with_csrf_token_not_hidden_fails():
    body = GOOD_FORM.replace('type="hidden" name="csrf_token"', 'type="text" name="csrf_token"')
    fails(page(body), "csrf_token")


def test_method_is_case_insensitive():
    body = GOOD_FORM.replace('method="post"', 'method="POST"').replace(
        '<input type="hidden" name="csrf_token" value="abc">', ""
    )
    fails(page(body), "csrf_token")


def test_get_forms_need_no_token():
    body = GOOD_FORM.replace('<input type="hidden" name="csrf_token" value="abc">', "")
    check_page(page(body.replace('method="post"', 'method="get"')))
