"""WSGI entry point: `flask --app wsgi ...` and production servers load this."""

from portal import create_app

app = create_app()
