"""CH01/CH02 counted in SQL (services.reporting.tsm) on a hand-built set with real
dates (tests/support/reporting_set.py, each date worked out there), checked against the
hand-worked figures, against the domain's definition (`count_tsm`) on the same rows, and
through `flask reports tsm --json`; the homes and export commands."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from portal.data.db import db
from portal.data.models import Complaint
from portal.domain import reporting as rules
from portal.services.reporting import tsm
from tests.support import reporting_set
from tests.support.factories import make_resident, make_staff

KEYS = {"year", "homes", "stage1_received", "stage2_received", "stage1_responses",
        "stage1_within", "stage2_responses", "stage2_within", "ch01_stage1", "ch01_stage2",
        "ch02_stage1", "ch02_stage2", "by_stock_type"}


def _facts() -> list[rules.Facts]:
    rows = db.session.scalars(select(Complaint)).all()
    return [rules.Facts(
        c.received_on, c.stock_type, c.status, refused=c.status == "not_accepted",
        correspondence=c.councillor_enquiry, joined=c.joined_into_id is not None,
        stage1_answered_on=c.stage1_answered_on, stage1_code_due_on=c.stage1_code_due_on,
        stage1_code_limit_on=c.stage1_code_limit_on, stage1_extended_to=c.stage1_extended_to,
        stage2_requested_on=c.stage2_requested_on,
        stage2_declined=c.stage2_declined_on is not None, stage2_sent_on=c.stage2_sent_on,
        stage2_code_due_on=c.stage2_code_due_on, stage2_code_limit_on=c.stage2_code_limit_on,
        stage2_extended_to=c.stage2_extended_to) for c in rows]


def test_the_read_model_holds_the_codes_dates(app):
    with app.app_context():
        refs = reporting_set.build(make_resident().id)
        for name, due in reporting_set.CODE_DUE.items():
            found = db.session.scalar(select(Complaint).filter_by(reference=refs[name]))
            assert found.stage1_code_due_on == due, name
        found = db.session.scalar(select(Complaint).filter_by(reference=refs["valid_extension"]))
        assert found.stage1_code_limit_on == reporting_set.CODE_LIMIT["valid_extension"]
        escalated = db.session.scalar(select(Complaint).filter_by(reference=refs["escalated"]))
        assert escalated.stage2_code_due_on == date(2026, 7, 22)
        first = db.session.scalar(select(Complaint).filter_by(reference=refs["first_contact"]))
        assert first.stage1_answered_on == date(2026, 10, 5)


def test_sql_counts_agree_with_the_definition_and_the_hand_worked_figures(app, cli):
    with app.app_context():
        reporting_set.build(make_resident().id)
        for first_year in (2026, 2027):
            year = rules.reporting_year(first_year)
            assert tsm.counts(year) == rules.count_tsm(_facts(), year)
    result = cli.invoke(args=["reports", "tsm", "--year", "2026", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) == KEYS
    # Received in 2026/27: escalated, valid_extension, extension_beyond, march_april,
    # withdrawn, no_acknowledgement (LCRA: 6) and first_contact (LCHO: 1); refused not.
    # Responses: escalated, valid_extension (within), extension_beyond, no_acknowledgement
    # (late), first_contact (within): 5, 3 within. Homes 1,000 + 200 = 1,200.
    assert {k: out[k] for k in KEYS - {"by_stock_type"}} == {
        "year": "2026/27", "homes": 1200, "stage1_received": 7, "stage2_received": 1,
        "stage1_responses": 5, "stage1_within": 3, "stage2_responses": 1, "stage2_within": 1,
        "ch01_stage1": 5.8,  # 7 / 1,200 x 1,000 = 5.83
        "ch01_stage2": 0.8,  # 1 / 1,200 x 1,000 = 0.83
        "ch02_stage1": 60.0,  # 3 / 5
        "ch02_stage2": 100.0,
    }
    lcra, lcho = out["by_stock_type"]["LCRA"], out["by_stock_type"]["LCHO"]
    # LCRA: 6 / 1,000 x 1,000 = 6.0; 1.0; 2 within of 4 = 50.0. LCHO: 1 / 200 = 5.0.
    assert (lcra["ch01_stage1"], lcra["ch01_stage2"], lcra["ch02_stage1"]) == (6.0, 1.0, 50.0)
    assert (lcho["ch01_stage1"], lcho["ch02_stage1"], lcho["ch02_stage2"]) == (5.0, 100.0, None)
    # 2027/28: only march_april's answer (1 April 2027, by its due date that day).
    nxt = json.loads(cli.invoke(args=["reports", "tsm", "--year", "2027", "--json"]).output)
    assert (nxt["stage1_received"], nxt["stage1_responses"], nxt["stage1_within"]) == (0, 1, 1)
    table = cli.invoke(args=["reports", "tsm", "--year", "2026"]).output
    assert "2026/27" in table and "within a valid extension" in table and "CH02(1)" in table


def test_members_list_the_late_ones(app):
    with app.app_context():
        refs = reporting_set.build(make_resident().id)
        manager = make_staff("complaints_manager")
        late = tsm.members(manager, "stage1_late", rules.reporting_year(2026))
        assert [r.reference for r in late.items] == [refs["extension_beyond"],
                                                     refs["no_acknowledgement"]]
        assert {r.how for r in late.items} == {rules.LATE}


def test_homes_commands(cli, app):
    result = cli.invoke(args=["reports", "homes", "set", "--stock-type", "LCRA", "--count",
                              "12000", "--on", "2026-03-31"])
    assert result.exit_code == 0, result.output
    cli.invoke(args=["reports", "homes", "set", "--stock-type", "LCRA", "--count", "12100",
                     "--on", "2026-03-31"])  # a correction replaces the figure for that date
    listed = cli.invoke(args=["reports", "homes", "list"]).output
    assert listed.strip() == "2026-03-31\tLCRA\t12100"
    bad = cli.invoke(args=["reports", "homes", "set", "--stock-type", "XYZ", "--count", "1",
                           "--on", "2026-03-31"])
    assert bad.exit_code != 0


def test_exports_open_with_csv_and_openpyxl(app, cli, tmp_path):
    with app.app_context():
        refs = reporting_set.build(make_resident().id)
    out = tmp_path / "y.csv"
    result = cli.invoke(args=["reports", "export", "--from", "2026-04-01", "--to", "2027-03-31",
                              "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == len(reporting_set.CASES)  # one per complaint received in the year
    by_ref = {r["reference"]: r for r in rows}
    assert by_ref[refs["valid_extension"]]["stage1_against_code"] == "within a valid extension"
    assert by_ref[refs["extension_beyond"]]["stage1_against_code"] == "late"
    assert by_ref[refs["first_contact"]]["stock_type"] == "LCHO"
    xlsx = tmp_path / "y.xlsx"
    cli.invoke(args=["reports", "export", "--from", "2026-06-01", "--to", "2026-06-30",
                     "--format", "xlsx", "--output", str(xlsx)])
    sheet = load_workbook(xlsx).active
    values = list(sheet.values)
    assert values[0][0] == "reference" and len(values) == 2  # header + escalated
    assert values[1][0] == refs["escalated"]


def test_the_stock_type_of_a_complaints_home(app, cli):
    with app.app_context():
        refs = reporting_set.build(make_resident().id)
    result = cli.invoke(args=["reports", "stock-type", refs["escalated"], "LCHO"])
    assert result.exit_code == 0, result.output
    out = json.loads(cli.invoke(args=["reports", "tsm", "--year", "2026", "--json"]).output)
    # escalated moves from LCRA to LCHO: LCHO now 2 received (first_contact too) and the
    # stage 2 complaint: 2 / 200 x 1,000 = 10.0 and 1 / 200 x 1,000 = 5.0.
    lcho = out["by_stock_type"]["LCHO"]
    assert (lcho["stage1_received"], lcho["ch01_stage1"], lcho["ch01_stage2"]) == (2, 10.0, 5.0)
    with app.app_context():
        found = db.session.scalar(select(Complaint).filter_by(reference=refs["escalated"]))
        assert [e.kind for e in found.events][-1] == "stock_type_set"
    assert cli.invoke(args=["reports", "stock-type", "CMP-1999-000001", "LCHO"]).exit_code != 0
