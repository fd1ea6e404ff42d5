"""The complaints portal: create_app() and nothing else."""

from __future__ import annotations

import importlib

from flask import Flask

from portal.config import ROOT, ConfigError, Settings

# The front doors, each a module exposing `bp`. They are independent of each other:
# what two share lives in portal.web or in a service (.importlinter).
BLUEPRINTS = (
    "portal.public.routes",
    "portal.auth.routes",
    "portal.resident.blueprint",
    "portal.staff.blueprint",
    "portal.representatives.routes",
    "portal.petitions.routes",
)


def create_app(settings: Settings | None = None, *, migrations: bool = True) -> Flask:
    """The app. `migrations=False` leaves out the `flask db` commands (Alembic and
    Flask-Migrate, about 12 MB of each app server process that never uses them)."""
    settings = settings or Settings.from_env()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    from portal.services.records.policy import check_profiles_at_start

    profiles = check_profiles_at_start(settings.profile_dir)
    if settings.profile not in profiles:
        raise ConfigError(
            f"PORTAL_PROFILE={settings.profile!r} is not a profile: "
            f"choose one of {', '.join(sorted(profiles))}"
        )
    from portal.domain.calendar import NATIONS

    if settings.nation not in NATIONS:
        raise ConfigError(f"PORTAL_NATION must be one of {', '.join(NATIONS)}")

    app.config.update(
        PORTAL=settings,
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        # A server database's connection can drop between requests, so it is checked when
        # taken from the pool; a SQLite file cannot, and the check would cost a statement.
        SQLALCHEMY_ENGINE_OPTIONS=({} if settings.database_url.startswith("sqlite")
                                   else {"pool_pre_ping": True}),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        # The cookie is signed again only when the session changes (web.sessions touches
        # its last-seen time at most once a minute), not on every request: the time
        # limits are checked from the session's own times, so nothing is lost.
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=30 * 1024 * 1024,
    )
    app.extensions["portal.profiles"] = profiles

    from portal.data.db import configure_postgresql, configure_sqlite, db
    from portal.services.records import due_index  # noqa: F401  (keeps the read model)
    from portal.web import init_web

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)  # WAL, busy timeout, write transactions BEGIN IMMEDIATE
        configure_postgresql(db.engine)  # prepared statements kept across requests
    if migrations:
        _init_migrations(app, db)
    init_web(app)
    for module in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(module).bp)

    from portal.cli import register_cli

    register_cli(app)
    if settings.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0)
    return app


def follow_calendar_at_start(app: Flask) -> None:
    """When an app server starts: if a new release of the `holidays` package moved a bank
    holiday, rewrite every running complaint's stored next due date (records.due_index).
    Before the database is created or upgraded there is nothing to follow: that is
    logged, and `flask deadlines rebuild` (which `make db` runs) notes the calendar."""
    import logging

    from sqlalchemy.exc import SQLAlchemyError

    from portal.services.records import due_index

    log = logging.getLogger("portal.calendar")
    with app.app_context():
        try:
            followed = due_index.follow_calendar()
        except SQLAlchemyError as error:
            log.info("Calendar not checked at start-up (%s): run `flask db upgrade`.",
                     type(error).__name__)
            return
    if followed.rewritten and followed.changed:
        log.warning("The bank holidays changed: %d running complaint(s) had their next due "
                    "date moved.", followed.moved)


def _init_migrations(app: Flask, db) -> None:
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(ROOT / "migrations"))
