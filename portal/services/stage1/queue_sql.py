"""The staff queue's statements, each built once for a tab and the shape of a search and
filters, and run with its values bound (`:on` today, `:actor` the person asking,
`:skip`/`:take` the page, `:cap` the count's limit): stage1.queue runs them.

A due date sorted by is the stored one (records.due_index), kept only for complaints in
the queue (open, not joined into a communal one), so the tabs that sort by it read its
index in order. When a search or filter narrows the rows, the other conditions are
written so that no index serves them, and the database starts from the narrow one.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import ColumnElement, and_, bindparam, func, literal, or_, select, union
from sqlalchemy.orm import aliased

from portal.data.models import Complaint, Issue, User
from portal.domain import lifecycle
from portal.services.records.casework import CLOSED_STATUSES
from portal.services.stage1.queue_search import search_condition_for

# The tabs a flagged complaint leaves (it stays in "mine" and, once closed, "closed").
WITHOUT_FLAGGED = frozenset({"open", "new", "due_today", "overdue", "stage1", "stage2"})
STAGE2 = tuple(sorted(lifecycle.REVIEW))
OPEN = tuple(sorted(lifecycle.OPEN))
ALL_STATUSES = frozenset(lifecycle.STATUSES)
# The other tabs are counted this far at most: an exact count of a big tab reads every
# one of its index entries, on every view of the queue, and each entry counted may be a
# row looked up (whether it is flagged). At 100,000 complaints, counting eight tabs to
# 1,000 took ~9 ms of SQLite a view (halving the queue's throughput); to 100, ~1 ms.
TAB_COUNT_CAP = 100

# Made once: an alias built per request costs more than the queries it names.
RESIDENT = aliased(User, name="resident")
HANDLER = aliased(User, name="handler")


def _status(statuses, searching: bool) -> ColumnElement[bool]:
    """`status IN (...)`; when a search is narrowing the rows, written as NOT IN the other
    statuses, which no index serves, so the database starts from the search's index."""
    statuses = set(statuses)
    if not searching:
        return Complaint.status.in_(sorted(statuses))
    return Complaint.status.not_in(sorted(ALL_STATUSES - statuses))


def _plain(column):
    """The column's value in an expression no index serves (COALESCE(x, x) is x), for a
    condition that must not lead the database away from a narrower index."""
    return func.coalesce(column, column)


def _tab_condition(tab: str, searching: bool, dated: bool | None = None,
                   for_page: bool = False, mine_by: str | None = None) -> ColumnElement[bool]:
    """Which complaints a tab holds (`:on` is today, `:actor` the person asking). The
    stored next due date is kept only for complaints in the queue (open, not joined into
    a communal one: records.due_index), so the tabs that sort by it need no other
    condition and read its index in order. When a search (or a page of "mine") narrows the rows,
    the other conditions are written so that no index serves them, and the database
    starts from the narrow one."""
    # A page of a stage tab reads the next-due index in order and checks the status of
    # each row, rather than sorting every complaint at that stage.
    narrow = searching or (for_page and tab in ("new", "stage1", "stage2", "mine"))
    due = _plain(Complaint.next_due_on) if searching else Complaint.next_due_on
    on = bindparam("on")
    if tab == "closed":
        if dated is None:
            return _status(CLOSED_STATUSES, searching)  # the count, on the status index
        # The page: every closed complaint has the day it closed, and that index, read
        # backwards, gives them in order (the status as NOT IN, which no index serves).
        return and_(Complaint.closed_on.is_not(None), _status(CLOSED_STATUSES, True))
    if tab == "due_today":
        return due == on
    if tab == "overdue":
        return due < on
    if tab == "open" and dated:
        return due.is_not(None)
    if tab == "safeguarding":  # on its partial index, in next due date order
        condition = and_(_status(OPEN, True), Complaint.safeguarding_on.is_not(None))
    elif tab == "new":
        condition = _status({"received"}, narrow)
    elif tab == "stage1":
        condition = _status({"stage1", "stage1_responded"}, narrow)
    elif tab == "stage2":
        condition = _status(STAGE2, narrow)
    else:
        condition = _status(OPEN, narrow)
    if tab == "mine":
        # Each branch whole on its own index: a page reads (handler or reviewer, next due
        # date) in order; a count reads (handler or reviewer, status), the open ones only,
        # not every complaint the person ever had.
        actor = bindparam("actor")
        mine = [and_(getattr(Complaint, by) == actor, condition)
                for by in ((mine_by,) if mine_by else ("handler_id", "reviewer_id"))]
        if dated is not None:
            mine = [and_(who, due.is_not(None) if dated else due.is_(None)) for who in mine]
        condition = or_(*mine)
    if dated is not None and tab != "mine":
        condition = and_(condition, due.is_not(None) if dated else due.is_(None))
    # A complaint joined into a communal one is handled there.
    return and_(condition, Complaint.joined_into_id.is_(None))


def _filtered(columns, tab: str | None, search: str | None, dated: bool | None = None,
              for_page: bool = False, filters: tuple[bool, bool] = (False, False),
              narrowed: bool = False, mine_by: str | None = None):
    """`filters`: (by handler, by category), each bound as `:handler` and `:category`;
    like a search, a filter narrows the rows on its own index (handler or category, then
    next due date)."""
    query = select(*columns).select_from(Complaint)
    searched = search_condition_for(search)
    if searched is not None:
        query = query.where(searched)
    by_handler, by_category = filters
    if by_handler:
        query = query.where(Complaint.handler_id == bindparam("handler"))
    if by_category:
        query = query.where(Complaint.category == bindparam("category"))
    narrowed = narrowed or searched is not None or by_handler or by_category
    if tab is None:  # every tab's condition is in the columns
        return query
    return query.where(_tab_condition(tab, narrowed, dated, for_page, mine_by))


def _tab_count(tab: str, search: str | None, dated: bool | None, filters: tuple[bool, bool]):
    counted = _filtered([func.count()], tab, search, dated, filters=filters).scalar_subquery()
    if tab not in WITHOUT_FLAGGED:
        return counted
    # Less the flagged ones: every other condition written so that no index serves it,
    # so the database reads only the safeguarding partial index.
    flagged = (_filtered([func.count()], tab, search, dated, filters=filters, narrowed=True)
               .where(Complaint.safeguarding_on.is_not(None)))
    return counted - flagged.scalar_subquery()


def _capped_count(tab: str, search: str | None, filters: tuple[bool, bool],
                  limit: str = "cap"):
    """How many complaints a tab holds, counted no further than `:cap` (or the bound
    `limit`): the first rows of the tab's own index range, with the same search and
    filters as the page."""
    chosen = _filtered([literal(1)], tab, search, None, filters=filters)
    if tab in WITHOUT_FLAGGED:
        chosen = chosen.where(Complaint.safeguarding_on.is_(None))
    capped = chosen.limit(bindparam(limit)).subquery(f"capped_{tab}")
    return select(func.count()).select_from(capped).scalar_subquery()


@lru_cache(maxsize=256)
def counts(tab: str, search: str | None, filters: tuple[bool, bool] = (False, False),
            others: tuple[str, ...] = ()):
    """One statement counting a tab: (with a due date, with nothing due), then each of
    `others` counted as far as `:cap`. The closed tab, which grows with every complaint
    ever closed, is counted only as far as `:reach`, a few pages past the one shown.
    Built once for each tab, shape of search and filters and set of tabs, its values
    bound when it runs (statements built per request cost more, in Python, than the
    database takes to answer them)."""
    capped = [_capped_count(other, search, filters) for other in others]
    if tab == "closed":  # an archive that only grows: counted as far as `:reach`
        return select(_capped_count(tab, search, filters, "reach"), literal(0), *capped)
    if tab in ("due_today", "overdue"):
        return select(_tab_count(tab, search, None, filters), literal(0), *capped)
    return select(_tab_count(tab, search, True, filters),
                  _tab_count(tab, search, False, filters), *capped)


# Searches that find a few complaints (one reference; the complaints of at most
# SEARCH_RESIDENTS residents): every tab is counted in one pass over them.
FEW = frozenset({"reference", "residents", "residents_in_confidence"})


@lru_cache(maxsize=256)
def counts_in_one_pass(tab: str, search: str, filters: tuple[bool, bool] = (False, False),
                       others: tuple[str, ...] = ()):
    """The same columns as `counts`, for a search in FEW: each complaint found is read
    once, and each tab counts those that meet its conditions (exactly: there are few).
    Counting each tab in its own subquery looked every resident up again for each tab,
    ten times over (a postcode's 31 residents and 108 complaints: ~14 ms on SQLite)."""
    def count(key: str, dated: bool | None = None):
        condition = _tab_condition(key, True, dated)
        if key in WITHOUT_FLAGGED:
            condition = and_(condition, Complaint.safeguarding_on.is_(None))
        return func.count().filter(condition)

    if tab in ("closed", "due_today", "overdue"):
        first = [count(tab), literal(0)]
    else:
        first = [count(tab, True), count(tab, False)]
    return _filtered([*first, *(count(other) for other in others)], None, search,
                     filters=filters)


FIRST_ISSUE = aliased(Issue, name="first_issue")


@lru_cache(maxsize=256)
def page(tab: str, search: str | None, dated: bool | None,
          filters: tuple[bool, bool] = (False, False)):
    """One page of a tab (`:skip` and `:take`), joined to the resident and handler names."""
    resident, handler = RESIDENT, HANDLER
    columns = [Complaint.reference, Complaint.status, Complaint.next_due_on,
               Complaint.next_due_key, Complaint.closed_on, Complaint.petition_id,
               resident.name.label("resident_name"), resident.postcode.label("postcode"),
               handler.name.label("handler_name"), Complaint.category, Complaint.health_risk,
               Complaint.safeguarding_on, Complaint.in_confidence,
               Complaint.identity_disclosed_on, Complaint.received_by_id,
               FIRST_ISSUE.summary.label("subject")]
    if tab == "closed":  # closed complaints all have the date they closed: its index, backwards
        order = (Complaint.closed_on.desc(), Complaint.reference.desc())
    elif dated is False:
        order = (Complaint.reference,)
    else:
        order = (Complaint.next_due_on, Complaint.reference)
    # The page's complaints are found first, on the index alone; only those 25 rows are
    # then joined to the names (an OFFSET of thousands skips index entries, not joins).
    # The outer query is ordered by the chosen rows' own columns, so the database reads
    # those 25 rows and looks each complaint up by its id (ordered by the complaints'
    # columns, SQLite may instead walk the whole next-due index looking for them).
    keys = [Complaint.id, Complaint.next_due_on, Complaint.closed_on, Complaint.reference]
    if tab == "mine" and dated is True:
        chosen = _mine_chosen(keys, order, search, filters)
    else:
        chosen = _filtered(keys, tab, search, dated, for_page=dated is True, filters=filters)
        if tab in WITHOUT_FLAGGED:  # checked on each row read, in the index's order
            chosen = chosen.where(Complaint.safeguarding_on.is_(None))
        chosen = (chosen.order_by(*order).offset(bindparam("skip")).limit(bindparam("take"))
                  .subquery("chosen"))
    if tab == "closed":
        outer = (chosen.c.closed_on.desc(), chosen.c.reference.desc())
    elif dated is False:
        outer = (chosen.c.reference,)
    else:
        outer = (chosen.c.next_due_on, chosen.c.reference)
    return (select(*columns).select_from(chosen)
            .join(Complaint, Complaint.id == chosen.c.id)
            .join(resident, Complaint.resident_id == resident.id)
            .outerjoin(handler, Complaint.handler_id == handler.id)
            .outerjoin(FIRST_ISSUE, and_(FIRST_ISSUE.complaint_id == Complaint.id,
                                         FIRST_ISSUE.position == 1))
            .order_by(*outer))


def _mine_chosen(keys, order, search: str | None, filters: tuple[bool, bool]):
    """A page of "Assigned to me": the first `skip + take` complaints the person handles
    and the first they review, each read in order along its own (person, next due date)
    index, then merged. An OR of the two would gather and sort every open complaint the
    person has, on every view (at 1,368 each, ~7 ms on SQLite)."""
    reach = bindparam("skip") + bindparam("take")
    branches = [select(_filtered(keys, "mine", search, True, for_page=True, filters=filters,
                                 mine_by=by).order_by(*order).limit(reach).subquery())
                for by in ("handler_id", "reviewer_id")]
    both = union(*branches).subquery("mine")  # once, when the person is both
    return (select(both).order_by(both.c.next_due_on, both.c.reference)
            .offset(bindparam("skip")).limit(bindparam("take")).subquery("chosen"))
