"""The page of a list a request asks for (`?page=N`): lists page in the database
(services.records.paging) and templates/components/pagination.html links the pages."""

from __future__ import annotations

from flask import request


def page_asked(name: str = "page") -> int:
    """The page number in the query string; anything that is not a whole number is
    page 1 (the service keeps it within the pages there are, so nothing is a 500)."""
    return request.args.get(name, 1, type=int)
