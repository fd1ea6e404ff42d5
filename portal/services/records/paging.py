"""Lists page in the database: one COUNT and one ORDER BY ... OFFSET/LIMIT query, so a
page costs the same few statements whatever the number of rows.

    found = paged(select(Authority).where(...).order_by(Authority.created_at,
                                                        Authority.id), page)
    found.items, found.page, found.pages, found.total

The select's ORDER BY must end in a unique column (usually the id), so that no row is
shown on two pages or on none. Eager loading options on the select apply to the page's
rows (the COUNT leaves them out). The select must not be DISTINCT or grouped: the
count is the same select with `count(*)` for its columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func

from portal.data.db import db

PER_PAGE = 25

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, which page it is (from 1), how many pages and
    rows there are in all, and how many rows a page holds."""

    items: list[T]
    page: int
    pages: int
    total: int
    per_page: int


def asked(page: Any) -> int:
    """The page number asked for: 1 for anything that is not a whole number above 0."""
    try:
        return max(int(page), 1)
    except (TypeError, ValueError):
        return 1


def clamp(page: Any, total: int, per_page: int = PER_PAGE) -> tuple[int, int]:
    """(page, pages): `page` kept within 1..pages (anything not a whole number is page
    1; past the end is the last page); there is always at least one page."""
    pages = max(1, -(-total // per_page))
    return min(asked(page), pages), pages


def paged(query: Select, page: Any = 1, *, per_page: int = PER_PAGE,
          scalars: bool = True, row: Callable[[Any], T] | None = None,
          count: Select | None = None) -> Page:
    """Page `page` of `query`: COUNT, then the page's rows. `scalars` gives the first
    entity of each row (False: whole rows); `row` turns each into what the page holds.
    `count` counts the same rows more cheaply (say, without joins that add nothing)."""
    if count is None:
        count = query.with_only_columns(func.count(), maintain_column_froms=True)
    total = db.session.scalar(count.order_by(None)) or 0
    number, pages = clamp(page, total, per_page)
    window = query.offset((number - 1) * per_page).limit(per_page)
    found = list(db.session.scalars(window) if scalars else db.session.execute(window))
    items = [row(r) for r in found] if row is not None else found
    return Page(items, number, pages, total, per_page)
