"""Staff commands, for administrators and cron.

    flask --app wsgi staff create --email a@example.org --name "Sam Patel" \\
        --role case_handler --password '...'
    flask --app wsgi staff list
    flask --app wsgi complaints close-no-reply [--today 2026-07-01]

Call `register_staff_cli(app)` from portal/cli.py.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from portal.domain.permissions import STAFF_ROLES

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


def register_staff_cli(app: Flask) -> None:
    from portal.services.accounts import staff as staff_accounts
    from portal.services.records import casework
    from portal.services.stage1 import jobs as stage1_jobs

    staff_group = AppGroup("staff", help="Staff accounts.")

    @staff_group.command("create")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option("--role", required=True, type=click.Choice(list(STAFF_ROLES)))
    @click.option("--password", required=True, help="Initial password, 10 characters or more")
    def create_command(email, name, role, password):
        """Create a staff account."""
        if len(password) < 10:
            raise click.BadParameter("must be 10 characters or more", param_hint="--password")
        try:
            user = staff_accounts.create_staff_account(None, email=email, name=name, role=role,
                                                 password=password)
        except casework.CaseworkError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Created {user.email} ({STAFF_ROLES[role]})")

    @staff_group.command("list")
    def list_command():
        """List staff accounts."""
        people = staff_accounts.staff_list()
        if not people:
            click.echo("No staff accounts.")
        for person in people:
            active = "" if person.is_active else "  (cannot sign in)"
            click.echo(f"{person.email}\t{person.name}\t"
                       f"{STAFF_ROLES.get(person.staff_role, person.staff_role)}{active}")

    app.cli.add_command(staff_group)

    complaints_group = AppGroup("complaints", help="Jobs on complaints.")

    @complaints_group.command("close-no-reply")
    @click.option("--today", type=ISO_DATE, default=None,
                  help="Run as if today were this date (Europe/London)")
    def close_no_reply_command(today):
        """Close stage 1 complaints the resident has not replied to in time, where the
        policy says so (IDS 5.7). Safe to run again, and at the same time."""
        closed = stage1_jobs.close_no_reply(today.date() if today else None)
        for reference in closed:
            click.echo(f"Closed {reference}: no reply after the stage 1 response")
        click.echo(f"{len(closed)} complaint(s) closed.")

    app.cli.add_command(complaints_group)
