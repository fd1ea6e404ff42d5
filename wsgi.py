"""WSGI entry point: `flask --app wsgi ...` and production servers load this."""

from portal import create_app, follow_calendar_at_start

app = create_app()
follow_calendar_at_start(app)
