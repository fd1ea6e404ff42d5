"""Checks every page the tests fetch must pass, whatever the page.

After alphagov/notifications-admin: valid HTML5, exactly one <h1>, a <title>
that starts with the <h1> (with "Error: " in front exactly when the page shows
an error summary), no duplicate ids, labels that point at something, and a CSRF
token in every form that posts.

    check_page(response.get_data(as_text=True), status=response.status_code)

`status` is only reported in the messages, so a failure says which kind of
page broke (the caller asserts the status itself).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import html5lib
from html5lib.html5parser import ParseError

ERROR_PREFIX = "Error: "


class PageCheckError(AssertionError):
    """A page broke one of the rules; the message says which and where."""


def check_page(html: str, *, status: int = 200) -> None:
    """Raise PageCheckError (an AssertionError) naming the first broken rule."""
    root = _parse(html, status)
    for rule in (_one_h1, _title_matches_h1, _unique_ids, _labels_point_somewhere, _csrf_in_posts):
        problem = rule(root)
        if problem:
            raise PageCheckError(f"{status} page: {problem}\n{_title_line(root)}")


def _parse(html: str, status: int) -> ET.Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parse(html)
    except ParseError as error:
        (line, column), _code, _vars = parser.errors[-1]
        lines = html.splitlines()
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        raise PageCheckError(
            f"{status} page is not valid HTML5: {error} at line {line}, column {column}:\n"
            f"    {source.strip()[:200]}"
        ) from None


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _title_line(root: ET.Element) -> str:
    return f"(page title: {_text(root.find('.//title'))!r})"


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _one_h1(root: ET.Element) -> str | None:
    headings = root.findall(".//h1")
    if len(headings) != 1:
        found = ", ".join(repr(_text(h)) for h in headings) or "none"
        return f"expected exactly one <h1>, found {len(headings)}: {found}"
    if not _text(headings[0]):
        return "the <h1> is empty"
    return None


def _title_matches_h1(root: ET.Element) -> str | None:
    titles = root.findall(".//title")
    if len(titles) != 1:
        return f"expected exactly one <title>, found {len(titles)}"
    title = _text(titles[0])
    h1 = _text(root.find(".//h1"))
    has_error_summary = any("govuk-error-summary" in _classes(e) for e in root.iter())
    if has_error_summary:
        if not title.startswith(ERROR_PREFIX):
            return (
                f"the page shows an error summary, so its <title> must start with "
                f"{ERROR_PREFIX!r}: {title!r}"
            )
        title = title[len(ERROR_PREFIX) :]
    elif title.startswith(ERROR_PREFIX):
        return f"<title> starts with {ERROR_PREFIX!r} but the page has no .govuk-error-summary"
    if not title.startswith(h1):
        return f"<title> must start with the <h1> text {h1!r}: {title!r}"
    return None


def _unique_ids(root: ET.Element) -> str | None:
    counts = Counter(e.get("id") for e in root.iter() if e.get("id") is not None)
    duplicates = sorted(i for i, n in counts.items() if n > 1)
    if duplicates:
        return "duplicate id attributes: " + ", ".join(f"{i!r} ×{counts[i]}" for i in duplicates)
    return None


def _labels_point_somewhere(root: ET.Element) -> str | None:
    ids = {e.get("id") for e in root.iter() if e.get("id") is not None}
    broken = [label.get("for") for label in root.iter("label") if label.get("for") is not None]
    broken = [target for target in broken if target not in ids]
    if broken:
        return "<label for=...> points at no element: " + ", ".join(repr(b) for b in broken)
    return None


def _csrf_in_posts(root: ET.Element) -> str | None:
    for form in root.iter("form"):
        if (form.get("method") or "get").strip().lower() != "post":
            continue
        has_token = any(
            (i.get("type") or "").lower() == "hidden" and i.get("name") == "csrf_token"
            for i in form.iter("input")
        )
        if not has_token:
            where = form.get("action") or "(no action)"
            return (
                f"<form method=post action={where!r}> has no "
                f'<input type="hidden" name="csrf_token">'
            )
    return None
