"""WSGI entry point: `flask --app wsgi ...` and production servers load this.

An app server (gunicorn) gets the app without the `flask db` commands: it never
migrates, and Alembic would cost each worker about 12 MB. The `flask` command sets
FLASK_RUN_FROM_CLI before loading this file, so `flask --app wsgi db upgrade` has them."""

import os

from portal import create_app, follow_calendar_at_start

app = create_app(migrations=os.environ.get("FLASK_RUN_FROM_CLI") == "true")
follow_calendar_at_start(app)
