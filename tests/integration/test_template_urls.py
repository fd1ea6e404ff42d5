"""Templates' `url_for` reuses an address already built (portal.web.filters), and
`url_each` builds a row's address from one built once: both give exactly what Flask's
`url_for` gives."""

from __future__ import annotations

import pytest
from flask import url_for

from portal.web.filters import remembered_url_for, url_each


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_remembered_and_per_row_addresses_are_flask_s_own(app):
    cases = [("staff.queue", {}), ("staff.queue", {"tab": "mine", "q": "E1 1AA"}),
             ("staff.queue", {"tab": "mine", "q": None}), ("staff.queue", {"page": 2}),
             ("staff.complaint", {"reference": "CMP-2026-000123"}),
             ("staff.contact_tasks", {"done_page": 2, "_anchor": "done"})]
    with app.test_request_context("/"):
        for endpoint, values in cases:
            assert remembered_url_for(endpoint, **values) == url_for(endpoint, **values)
            assert remembered_url_for(endpoint, **values) == url_for(endpoint, **values)
        assert remembered_url_for("staff.queue", tab="new") != remembered_url_for("staff.queue")
        row = url_each("staff.complaint", "reference")
        for reference in ("CMP-2026-000123", "CMP-2027-999999"):
            assert row(reference) == url_for("staff.complaint", reference=reference)
    with app.test_request_context("/", base_url="http://localhost/portal"):
        assert remembered_url_for("staff.queue") == "/portal/staff"
