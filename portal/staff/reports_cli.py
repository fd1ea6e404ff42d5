"""Reporting commands: the homes figures, TP09, the Regulator's measures, exports.

    flask reports homes set --stock-type LCRA --count 12000 --on 2026-03-31
    flask reports homes list
    flask reports tp09 set --year 2026 --percent 71.4
    flask reports tsm --year 2026 [--json]
    flask reports export --from 2026-04-01 --to 2027-03-31 --format xlsx --output y.xlsx
    flask reports stock-type CMP-2026-000123 LCHO
    flask reports rebuild

Call `register_reports_cli(app)` from portal/cli.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from portal.domain import reporting as rules

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])

DEFINITIONS = [
    ("CH01(1)", "stage 1 complaints received in the year per 1,000 homes"),
    ("CH01(2)", "stage 2 complaints received in the year per 1,000 homes (an escalated "
                "complaint counts in both)"),
    ("CH02(1)", "% of stage 1 responses sent in the year within the Code's timescale "
                "(10 working days from acknowledgement, or a valid extension of up to 10 more)"),
    ("CH02(2)", "% of stage 2 responses sent in the year within the Code's timescale "
                "(20 working days from acknowledgement, or a valid extension of up to 20 more)"),
]


def _shown(value) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _table(report) -> list[str]:
    f = report.figures
    columns = [("All", f), *[(kind, f.by_stock_type[kind]) for kind in rules.STOCK_TYPES]]
    lines = [f"Tenant Satisfaction Measures, reporting year {report.year.label} "
             f"({report.year.start.isoformat()} to {report.year.end.isoformat()})", ""]
    lines.append(f"{'':34}" + "".join(f"{name:>10}" for name, _ in columns))
    rows = [
        ("Homes", lambda x: "n/a" if x.homes is None else str(x.homes)),
        ("Stage 1 complaints received", lambda x: str(x.counts.stage1_received)),
        ("Stage 2 complaints received", lambda x: str(x.counts.stage2_received)),
        ("Stage 1 responses", lambda x: str(x.counts.stage1_responses)),
        ("  within the original timescale", lambda x: str(x.counts.stage1_within_original)),
        ("  within a valid extension", lambda x: str(x.counts.stage1_within_extension)),
        ("Stage 2 responses", lambda x: str(x.counts.stage2_responses)),
        ("  within the original timescale", lambda x: str(x.counts.stage2_within_original)),
        ("  within a valid extension", lambda x: str(x.counts.stage2_within_extension)),
        ("CH01(1) per 1,000 homes", lambda x: _shown(x.ch01_stage1)),
        ("CH01(2) per 1,000 homes", lambda x: _shown(x.ch01_stage2)),
        ("CH02(1) %", lambda x: _shown(x.ch02_stage1)),
        ("CH02(2) %", lambda x: _shown(x.ch02_stage2)),
    ]
    for label, value in rows:
        lines.append(f"{label:34}" + "".join(f"{value(x):>10}" for _, x in columns))
    lines += ["", "Definitions:"] + [f"  {name}: {words}" for name, words in DEFINITIONS]
    lines.append("  Homes: the latest figure per stock type dated on or before the year's "
                 "last day (flask reports homes list).")
    return lines


def register_reports_cli(app: Flask) -> None:
    from portal.services.records import report_index
    from portal.services.reporting import export as exports
    from portal.services.reporting import figures, tsm

    group = AppGroup("reports", help="Reports: homes figures, TP09, CH01/CH02, exports.")
    homes = AppGroup("homes", help="The homes owned per stock type (CH01's divisor).")

    @homes.command("set")
    @click.option("--stock-type", required=True, type=click.Choice(list(rules.STOCK_TYPES)))
    @click.option("--count", required=True, type=click.IntRange(min=0))
    @click.option("--on", "on", required=True, type=ISO_DATE)
    def homes_set(stock_type, count, on):
        """Record the homes of a stock type owned on a date."""
        figures.set_homes(stock_type, count, on.date())
        click.echo(f"{stock_type}: {count} homes on {on.date().isoformat()}")

    @homes.command("list")
    def homes_list():
        """Every dated homes figure, newest first."""
        found = figures.homes_figures()
        if not found:
            click.echo("No homes figures yet: flask reports homes set --stock-type LCRA ...")
        for figure in found:
            click.echo(f"{figure.on_date.isoformat()}\t{figure.stock_type}\t{figure.count}")

    group.add_command(homes)

    tp09 = AppGroup("tp09", help="TP09 from the annual tenant survey.")

    @tp09.command("set")
    @click.option("--year", "first_year", required=True, type=int,
                  help="The reporting year starting in this year")
    @click.option("--percent", required=True)
    @click.option("--respondents", type=click.IntRange(min=0), default=None)
    def tp09_set(first_year, percent, respondents):
        try:
            found = figures.set_tp09(first_year, percent, respondents)
        except figures.FigureError as error:
            raise click.BadParameter(str(error), param_hint="--percent") from error
        click.echo(f"TP09 {figures.year(first_year).label}: {found.percent}%")

    group.add_command(tp09)

    @group.command("tsm")
    @click.option("--year", "first_year", required=True, type=int,
                  help="The reporting year starting in this year (1 April by default)")
    @click.option("--json", "as_json", is_flag=True)
    def tsm_command(first_year, as_json):
        """CH01 and CH02 for a reporting year, overall and per stock type."""
        report = tsm.tsm(first_year)
        if as_json:
            click.echo(json.dumps(report.as_json()))
        else:
            click.echo("\n".join(_table(report)))

    @group.command("export")
    @click.option("--from", "start", required=True, type=ISO_DATE)
    @click.option("--to", "end", required=True, type=ISO_DATE)
    @click.option("--format", "kind", required=True, type=click.Choice(exports.FORMATS))
    @click.option("--output", required=True, type=click.Path(dir_okay=False))
    def export_command(start, end, kind, output):
        """One row per complaint received in the range (both dates included)."""
        if end < start:
            raise click.BadParameter("must be on or after --from", param_hint="--to")
        data = exports.export(exports.Filters(start.date(), end.date()), kind)
        Path(output).write_bytes(data)
        click.echo(f"Wrote {output}")

    @group.command("stock-type")
    @click.argument("reference")
    @click.argument("stock_type", type=click.Choice(list(rules.STOCK_TYPES)))
    def stock_type_command(reference, stock_type):
        """Set the stock type of a complaint's home (LCRA unless set)."""
        try:
            changed = figures.set_stock_type(reference, stock_type)
        except figures.FigureError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"{reference}: {stock_type}" + ("" if changed else " (already)"))

    @group.command("rebuild")
    def rebuild_command():
        """Work out every complaint's reporting dates again (after the migration)."""
        click.echo(f"{report_index.rebuild()} complaint(s) updated.")

    app.cli.add_command(group)
