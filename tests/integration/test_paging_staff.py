"""Staff lists page in the database (services.records.paging): promised actions, the
work list (to do and done), authority to check and the outbox. For each, with more rows
than one page: page 1 and page 2 hold the right rows in the right order, the count is
right, and `?page=abc` (page 1) and `?page=99999` (the last page) are not errors."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from portal.data.db import db
from portal.data.models import User
from portal.services.actions import tracking
from portal.services.correspondence import outbox, sending, worklist
from portal.services.records import clock
from portal.services.representation import casework as representation
from tests.integration.test_staff_support import get, sign_in
from tests.support import bulk
from tests.support.factories import make_complaint, make_resident, make_staff

PER_PAGE = 25


def shown(html: str, pattern: str) -> list[str]:
    """What the page lists, in order, each once (a visually hidden link text repeats it)."""
    return list(dict.fromkeys(re.findall(pattern, html)))


def in_order(values: list, ids: list[int], labels: list[str], reverse: bool = False) -> list[str]:
    """`labels` sorted by `values`, then by `ids` (the tie-breaker)."""
    return [label for *_, label in sorted(zip(values, ids, labels, strict=True),
                                          reverse=reverse)]


def check_pages(client, url: str, pattern: str, expected: list[str]) -> str:
    """Pages 1 and 2 of `url` show `expected` 25 at a time; a page number that is not
    a whole number (or below 1) is page 1, one past the end the last page. Page 1."""
    join = "&" if "?" in url else "?"
    first = get(client, url)
    assert shown(first, pattern) == expected[:PER_PAGE]
    assert 'class="govuk-pagination"' in first and 'rel="next"' in first
    second = get(client, f"{url}{join}page=2")
    assert shown(second, pattern) == expected[PER_PAGE:2 * PER_PAGE]
    assert 'rel="prev"' in second
    for bad in ("abc", "-3", "0", "2.5", ""):
        assert shown(get(client, f"{url}{join}page={bad}"), pattern) == expected[:PER_PAGE]
    last = -(-len(expected) // PER_PAGE)
    assert (shown(get(client, f"{url}{join}page=99999"), pattern)
            == expected[(last - 1) * PER_PAGE:])
    return first


def staff(app, role: str = "complaints_manager") -> tuple[int, str]:
    with app.app_context():
        me = make_staff(role)
        return me.id, me.email


def test_promised_actions_page_by_due_date_and_the_overdue_tab_filters_in_the_database(app):
    me_id, email = staff(app)
    with app.app_context():
        today = clock.today()
        complaint_ids = [make_complaint().id, make_complaint().id]
        due = [today + timedelta(days=(n * 7) % 11 - 5) for n in range(33)]  # ties
        ids = bulk.actions(complaint_ids, due)
        labels = [f"Promise {n:04d}" for n in range(33)]
        order = in_order(due, ids, labels)
        overdue = [label for label, on in zip(order, sorted(due), strict=True) if on < today]
        done_due = [today - timedelta(days=n % 4) for n in range(27)]
        done_on = [today - timedelta(days=n % 3) for n in range(27)]
        done_ids = bulk.actions(complaint_ids, done_due, done=done_on)
        # the most recently done first (then the latest due, the latest made)
        done = in_order(list(zip(done_on, done_due, strict=True)), done_ids,
                        [f"Promise {n:04d}" for n in range(27)], reverse=True)
        me = db.session.get(User, me_id)
        first = tracking.tracked_actions(me, "outstanding", 1)
        assert (first.total, first.pages, first.page, first.per_page) == (33, 2, 1, PER_PAGE)
        assert [r.action.description for r in first.items] == order[:PER_PAGE]
        second = tracking.tracked_actions(me, "outstanding", 2)
        assert [r.action.description for r in second.items] == order[PER_PAGE:]
        late = tracking.tracked_actions(me, "overdue", 1)
        assert late.total == len(overdue) and {r.state for r in late.items} == {"overdue"}
        assert [r.action.description for r in late.items] == overdue[:PER_PAGE]
        assert tracking.tracked_actions(me, "done", 2).total == 27
        assert tracking.tracked_actions(me, "all", 1).total == 60
    client = app.test_client()
    sign_in(client, email)
    pattern = r'<td class="govuk-table__cell">(Promise \d{4})</td>'
    first = check_pages(client, "/staff/actions", pattern, order)
    assert "Still to do: 33" in first
    assert 'href="/staff/actions?tab=outstanding&amp;page=2"' in first
    first = check_pages(client, "/staff/actions?tab=done", pattern, done)
    assert "Done: 27" in first and 'href="/staff/actions?tab=done&amp;page=2"' in first
    late = get(client, "/staff/actions?tab=overdue")
    assert f"Overdue: {len(overdue)}" in late and shown(late, pattern) == overdue[:PER_PAGE]
    assert get(client, "/staff/actions?tab=nonsense&page=nonsense").count("Promise") > 0


def test_the_work_list_pages_to_do_and_done_each_on_its_own(app):
    me_id, email = staff(app)
    with app.app_context():
        complaint_ids = [make_complaint().id]
        now = datetime.now(UTC).replace(microsecond=0)
        made = [now - timedelta(hours=100 - (n * 7) % 13) for n in range(30)]  # ties
        open_ids = bulk.contact_tasks(complaint_ids, made)
        to_do = in_order(made, open_ids, [f"Letter {n:04d}" for n in range(30)])
        done_at = [now - timedelta(days=n % 20, hours=1) for n in range(40)]  # ties
        done_ids = bulk.contact_tasks(complaint_ids, [now - timedelta(days=30)] * 40,
                                      done=done_at, done_by_id=me_id)
        since = now - timedelta(days=worklist.RECENT_DAYS)
        recent = in_order(done_at, done_ids, [f"Letter {n:04d}" if d >= since else "old"
                                              for n, d in enumerate(done_at)], reverse=True)
        recent = [label for label in recent if label != "old"]
        me = db.session.get(User, me_id)
        found = worklist.open_tasks(me, 2)
        assert (found.total, found.pages, found.page) == (30, 2, 2)
        assert [r.task.subject for r in found.items] == to_do[PER_PAGE:]
        finished = worklist.done_tasks(me, 1)
        assert finished.total == len(recent) == 28
        assert [r.task.subject for r in finished.items] == recent[:PER_PAGE]
    client = app.test_client()
    sign_in(client, email)
    subject = r'">(Letter \d{4})<span'

    def lists(html: str) -> tuple[list[str], list[str]]:
        to_do_part, done_part = html.split('id="done"')
        return shown(to_do_part, subject), shown(done_part, subject)

    first = get(client, "/staff/contact-tasks")
    assert "To do: 30, oldest first" in first
    assert lists(first) == (to_do[:PER_PAGE], recent[:PER_PAGE])
    both = get(client, "/staff/contact-tasks?page=2&done_page=2")
    assert lists(both) == (to_do[PER_PAGE:], recent[PER_PAGE:])
    # Each list's page links keep the other list's page.
    assert 'href="/staff/contact-tasks?done_page=2&amp;page=1"' in both
    assert 'href="/staff/contact-tasks?page=2&amp;done_page=1#done"' in both
    assert lists(get(client, "/staff/contact-tasks?done_page=2")) == (to_do[:PER_PAGE],
                                                                      recent[PER_PAGE:])
    for bad in ("page=abc&done_page=abc", "page=0&done_page=-1"):
        assert lists(get(client, f"/staff/contact-tasks?{bad}")) == (to_do[:PER_PAGE],
                                                                     recent[:PER_PAGE])
    assert lists(get(client, "/staff/contact-tasks?page=99999&done_page=99999")) == (
        to_do[PER_PAGE:], recent[PER_PAGE:])


def test_authority_to_check_pages_oldest_first(app):
    me_id, email = staff(app)
    with app.app_context():
        adviser = make_resident("Sam Adviser")
        start = datetime(2026, 3, 2, 9, tzinfo=UTC)
        made = [start + timedelta(hours=(n * 5) % 13) for n in range(31)]  # ties
        ids = bulk.authorities(adviser.id, made)
        bulk.authorities(adviser.id, [start] * 3, status="verified")  # not waiting
        expected = in_order(made, ids, [f"Resident {n:04d}" for n in range(31)])
        me = db.session.get(User, me_id)
        found = representation.pending_authorities(me, 2)
        assert (found.total, found.pages, found.page) == (31, 2, 2)
        assert [a.resident_name for a in found.items] == expected[PER_PAGE:]
    client = app.test_client()
    sign_in(client, email)
    pattern = r'<td class="govuk-table__cell">(Resident \d{4})</td>'
    assert "Sam Adviser" in check_pages(client, "/staff/authorities", pattern, expected)


def test_the_outbox_pages_newest_first_and_counts_what_failed(app):
    with app.app_context():
        email = make_staff("administrator").email
        sent = bulk.outbox_messages(52)
        failing = bulk.outbox_messages(23, attempts=3, subject="Failed")
        expected = ([f"Failed {n:04d}" for n in reversed(range(23))]
                    + [f"Email {n:04d}" for n in reversed(range(52))])
        found = outbox.recent_messages(3)
        assert (found.total, found.pages, found.page) == (75, 3, 3)
        assert [m.subject for m in found.items] == expected[2 * PER_PAGE:]
        assert found.items[-1].id == sent[0]
        listed = sending.failing_messages()
        assert listed.total == 23 and len(listed.items) == sending.FAILING_LISTED
        assert [m.id for m in listed.items] == failing[::-1][:sending.FAILING_LISTED]
    client = app.test_client()
    sign_in(client, email)
    first = check_pages(client, "/staff/outbox", r'">((?:Email|Failed) \d{4})</a></td>',
                        expected)
    assert "23 emails could not be sent." in first and "The 20 most recent:" in first
