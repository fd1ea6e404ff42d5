"""Command-line interface: a stable interface for staff, cron and tests.

    flask --app wsgi deadlines --profile ids --received 2026-06-01 --json
    flask --app wsgi profiles check [NAME]
    flask --app wsgi closures add 2026-12-29 "Christmas closure"
"""

from __future__ import annotations

import json
import sys
from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from portal.domain.calendar import NATIONS, WorkingCalendar
from portal.domain.code_check import departures
from portal.domain.deadlines import OUTPUTS, ComplaintDates, compute_deadlines

ISO_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _d(value) -> date | None:
    return value.date() if value is not None else None


def register_cli(app: Flask) -> None:
    from portal.services.records import policy as policy_service
    from portal.staff.cli import register_staff_cli
    from portal.staff.reports_cli import register_reports_cli

    register_staff_cli(app)
    register_reports_cli(app)

    @app.cli.group("deadlines", invoke_without_command=True)
    @click.pass_context
    @with_appcontext
    @click.option("--profile", "profile_key", help="Policy profile, e.g. ids")
    @click.option("--nation", type=click.Choice(list(NATIONS)), default=None,
                  help="Bank holidays of this nation (default: PORTAL_NATION)")
    @click.option("--received", type=ISO_DATE)
    @click.option("--acknowledged", type=ISO_DATE)
    @click.option("--stage1-sent", type=ISO_DATE)
    @click.option("--stage1-delivery", type=click.Choice(["email", "post"]),
                  help="How the stage 1 response was sent (IVH counts from when it was received)")
    @click.option("--stage2-requested", type=ISO_DATE)
    @click.option("--stage2-acknowledged", type=ISO_DATE)
    @click.option("--panel-requested", type=ISO_DATE)
    @click.option("--panel-met", type=ISO_DATE)
    @click.option("--closures/--no-closures", default=False,
                  help="Also skip the landlord's closure days from the database")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object of ISO dates")
    def deadlines_command(context, profile_key, nation, received, acknowledged, stage1_sent,
                          stage1_delivery, stage2_requested, stage2_acknowledged,
                          panel_requested, panel_met, closures, as_json):
        """Due dates for a complaint, with how each was worked out (--profile and
        --received); or, with a command, the stored next due dates (the read model)."""
        if context.invoked_subcommand is not None:
            return
        if profile_key is None or received is None:
            raise click.UsageError("give --profile and --received (or a command: rebuild, "
                                   "verify)")
        profiles = policy_service.profiles()
        if profile_key not in profiles:
            raise click.BadParameter(
                f"no profile {profile_key!r}; choose one of {', '.join(sorted(profiles))}",
                param_hint="--profile",
            )
        nation = nation or app.config["PORTAL"].nation
        closure_days = policy_service.closure_days() if closures else {}
        calendar = (
            policy_service.calendar_for(nation, closure_days)
            if closure_days else WorkingCalendar(nation)
        )
        dates = ComplaintDates(
            received=_d(received),
            acknowledged=_d(acknowledged),
            stage1_sent=_d(stage1_sent),
            stage2_requested=_d(stage2_requested),
            stage2_acknowledged=_d(stage2_acknowledged),
            panel_requested=_d(panel_requested),
            panel_met=_d(panel_met),
            stage1_delivery=stage1_delivery,
        )
        due = compute_deadlines(profiles[profile_key], calendar, dates)
        if as_json:
            click.echo(json.dumps({key: d.due_on.isoformat() for key, d in due.items()}))
            return
        profile = profiles[profile_key]
        click.echo(f"{profile.name} ({profile.key}), bank holidays of {NATIONS[nation]}")
        if not due:
            click.echo("No deadlines follow from the dates given.")
        for key in OUTPUTS:
            if key in due:
                d = due[key]
                click.echo(f"\n{d.label}: {d.due_on:%a %d %b %Y} ({d.due_on.isoformat()})")
                for line in d.explanation():
                    click.echo(f"    {line}")

    @deadlines_command.command("rebuild")
    @click.option("--running-only", is_flag=True,
                  help="Only complaints still running (and any with a stored date)")
    def deadlines_rebuild(running_only):
        """Work out every complaint's next due date again and store it, in one
        transaction (after a migration, a bulk import, a restore or a holidays update)."""
        from portal.services.records import due_index

        moved = due_index.rebuild(running_only=running_only)
        click.echo(f"Next due dates rewritten: {moved} changed.")

    @deadlines_command.command("verify")
    def deadlines_verify():
        """Work out every open complaint's next due date from scratch and report any that
        differs from the stored one (exit 1 if any)."""
        from portal.services.records import due_index

        differences = due_index.verify()
        for d in differences:
            click.echo(f"{d.reference}: stored {d.stored.on} {d.stored.key or '-'}, "
                       f"worked out {d.computed.on} {d.computed.key or '-'}")
        if differences:
            click.echo(f"{len(differences)} complaint(s) differ. Run `flask deadlines "
                       "rebuild`.")
            raise SystemExit(1)
        click.echo("Every stored next due date matches the deadline engine.")

    profiles_group = AppGroup("profiles", help="Policy profiles.")

    @profiles_group.command("list")
    def profiles_list():
        """The profiles this portal can use."""
        current = app.config["PORTAL"].profile
        for key, profile in sorted(policy_service.profiles().items()):
            mark = "*" if key == current else " "
            click.echo(f"{mark} {key:15} {profile.name} ({profile.file})")

    @profiles_group.command("check")
    @click.argument("name", required=False)
    def profiles_check(name):
        """Where a profile (or each profile) departs from the Complaint Handling Code 2024."""
        profiles = policy_service.profiles()
        if name and name not in profiles:
            raise click.BadParameter(f"no profile {name!r}", param_hint="NAME")
        for key in [name] if name else sorted(profiles):
            profile = profiles[key]
            found = departures(profile)
            click.echo(f"{key}: {profile.name}")
            if not found:
                click.echo("  Follows the Complaint Handling Code 2024 on every point checked.")
            for dep in found:
                click.echo(f"  - Code {dep.section}, {dep.topic}: {dep.profile_says}")
                click.echo(f"      The Code: {dep.code_says}")

    app.cli.add_command(profiles_group)

    closures_group = AppGroup("closures", help="The landlord's closure days (not working days).")

    @closures_group.command("add")
    @click.argument("day", type=ISO_DATE)
    @click.argument("name")
    def closures_add(day, name):
        """Add a closure day: due dates of running complaints move with it."""
        from portal.services.records.closures import add_closure

        add_closure(day.date(), name)
        click.echo(f"Added {day.date().isoformat()}: {name}")

    @closures_group.command("remove")
    @click.argument("day", type=ISO_DATE)
    def closures_remove(day):
        from portal.services.records.closures import remove_closure

        if not remove_closure(day.date()):
            click.echo(f"{day.date().isoformat()} is not a closure day", err=True)
            sys.exit(1)
        click.echo(f"Removed {day.date().isoformat()}")

    @closures_group.command("list")
    def closures_list():
        for day, name in sorted(policy_service.closure_days().items()):
            click.echo(f"{day.isoformat()}  {name}")

    app.cli.add_command(closures_group)

    outbox_group = AppGroup("outbox", help="Emails waiting in (or sent from) the outbox.")

    @outbox_group.command("list")
    @click.option("--limit", default=20, show_default=True)
    def outbox_list(limit):
        """The newest messages: id, when, to, subject, sent or waiting."""
        from portal.services.correspondence.outbox import recent_messages

        for m in recent_messages(per_page=limit).items:
            state = "sent" if m.sent_at else ("gave up" if m.gave_up_at else "waiting")
            click.echo(f"{m.id:>5}  {m.created_at:%Y-%m-%d %H:%M}  {state:8} {m.to:35} {m.subject}")

    @outbox_group.command("show")
    @click.argument("message_id", type=int)
    def outbox_show(message_id):
        """One message in full (its plain-text part), links included."""
        from portal.services.correspondence.outbox import message

        m = message(message_id)
        if m is None:
            click.echo(f"No message {message_id}", err=True)
            sys.exit(1)
        click.echo(f"To: {m.to}\nSubject: {m.subject}\nKind: {m.kind}\n\n{m.text}")

    app.cli.add_command(outbox_group)

    notifications_group = AppGroup(
        "notifications", help="Deliver the outbox; reminders and the staff digest (for cron).")

    @notifications_group.command("send")
    @click.option("--limit", default=500, show_default=True,
                  help="At most this many messages in one run")
    def notifications_send(limit):
        """Send the emails that are due over SMTP (for cron or a systemd timer).

        Safe to run again and again, and, on PostgreSQL, at the same time on
        several servers: each message is locked while it is sent."""
        from portal.services.correspondence.sending import send_due

        settings = app.config["PORTAL"]
        if not settings.smtp_host:
            click.echo("No SMTP server configured (PORTAL_SMTP_HOST): messages stay in the "
                       "outbox. Read them with `flask outbox list`.")
            return
        report = send_due(limit=limit)
        click.echo(f"sent {report.sent}, failed {report.failed} (will retry), "
                   f"gave up {report.gave_up}")
        if report.gave_up:
            sys.exit(2)

    @notifications_group.command("remind")
    @click.option("--today", type=ISO_DATE, default=None,
                  help="Run as if today were this date (Europe/London)")
    def notifications_remind(today):
        """Remind residents and representatives the working day before an agreed contact
        date, and when the time to ask for a review ends in 3 working days. Does nothing
        on a day that is not a working day. Safe to run again, and at the same time on
        several servers: each reminder is given once. Then `flask notifications send`."""
        from portal.services.correspondence import reminders

        contacts = reminders.remind_agreed_contacts(_d(today))
        windows = reminders.remind_stage2_window(_d(today))
        for reference in contacts:
            click.echo(f"{reference}: reminded of the agreed contact date")
        for reference in windows:
            click.echo(f"{reference}: reminded that the time to ask for a review is ending")
        click.echo(f"{len(contacts)} agreed contact reminder(s), "
                   f"{len(windows)} review window reminder(s).")

    @notifications_group.command("digest")
    @click.option("--today", type=ISO_DATE, default=None,
                  help="Run as if today were this date (Europe/London)")
    def notifications_digest(today):
        """Email each member of staff what is due today and overdue on their complaints
        (working days only); complaints managers also get the week's headline figures in
        their first digest of the week. Safe to run again, and at the same time on
        several servers: one digest per person per day, one summary per manager per
        week. Then `flask notifications send`."""
        from portal.services.correspondence import digest
        from portal.services.reporting import weekly

        sent = digest.staff_digest(_d(today), headline=weekly.headline)
        click.echo(f"{len(sent)} digest(s) queued.")

    app.cli.add_command(notifications_group)

    @app.cli.command("demo")
    def demo_command():
        """Load demo data (safe to run again: it adds only what is missing)."""
        from portal.demo import load_demo

        for line in load_demo():
            click.echo(line)
