"""Which page a list shows: services.records.paging.clamp."""

from __future__ import annotations

import pytest

from portal.services.records.paging import clamp


@pytest.mark.parametrize(("asked", "total", "expected"), [
    (1, 0, (1, 1)),          # an empty list still has its one page
    (1, 25, (1, 1)),
    (2, 26, (2, 2)),
    (3, 26, (2, 2)),         # past the end: the last page
    (99999, 51, (3, 3)),
    (0, 100, (1, 4)),
    (-5, 100, (1, 4)),
    ("abc", 100, (1, 4)),    # not a whole number: page 1
    (None, 100, (1, 4)),
    ("2", 100, (2, 4)),
    (10**30, 100, (4, 4)),
])
def test_the_page_is_kept_within_the_pages_there_are(asked, total, expected):
    assert clamp(asked, total, 25) == expected
