"""Web plumbing shared by every blueprint: CSRF, template globals, errors, htmx."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.routing import IntegerConverter

from portal.web.forms import DB_INT_MAX

csrf = CSRFProtect()

class DatabaseId(IntegerConverter):
    """`<int:...>` in an address: a number the database can hold (0 to 2**31 - 1), else 404."""

    def __init__(self, url_map, fixed_digits=0, min=0, max=DB_INT_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_web(app: Flask) -> None:
    from portal.data.db import enable_sqlite_foreign_keys
    from portal.domain import ombudsman

    app.url_map.converters["int"] = DatabaseId  # before any blueprint adds its rules

    enable_sqlite_foreign_keys()
    csrf.init_app(app)
    _init_login(app)

    from portal.web.assets import init_assets
    from portal.web.faults import init_faults
    from portal.web.filters import register_filters

    register_filters(app)
    init_faults(app)
    init_assets(app)

    @app.context_processor
    def landlord():
        settings = app.config["PORTAL"]
        return {"portal": settings, "ombudsman": ombudsman}

    @app.after_request
    def security_headers(response):
        # Nothing but the static files is kept by a browser or a proxy: no page seen signed
        # in, no download, no form with its CSRF token, no signer's own link.
        if request.endpoint != "static" and "no-store" not in response.headers.get(
                "Cache-Control", ""):
            response.headers["Cache-Control"] = "no-store"
        if app.config["PORTAL"].is_production:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
        )
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return (
            render_template(
                "errors/error.html",
                title="Your session has expired",
                message="For your security, the form could not be sent. Go back, reload the "
                "page and try again. Nothing has been saved yet.",
            ),
            400,
        )

    @app.errorhandler(404)
    def not_found(_error):
        return (
            render_template(
                "errors/error.html",
                title="Page not found",
                message="If you typed the web address, check it is correct. If you followed "
                "a link, the page may have moved or you may not have permission to see it.",
            ),
            404,
        )

    @app.errorhandler(405)
    def not_allowed(_error):
        return (
            render_template(
                "errors/error.html",
                title="This page cannot be used like that",
                message="This address does not accept that kind of request. Go back and "
                "use the page's own links and buttons.",
            ),
            405,
        )

    @app.errorhandler(413)
    def too_large(_error):
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return (
            render_template(
                "errors/error.html",
                title="The files are too large to send together",
                message=f"You can send up to {limit} MB at a time, with each file up to "
                "10 MB. Go back and choose fewer or smaller files, then send the rest in a "
                "second go. Your earlier answers are saved; nothing from this page was "
                "received.",
            ),
            413,
        )

    @app.errorhandler(500)
    def server_error(_error):
        return (
            render_template(
                "errors/error.html",
                title="Sorry, there is a problem with the service",
                message="We could not finish what you asked. Nothing was half-done: either "
                "it was saved or it was not. Go back, check, and try again in a few minutes. If "
                "you need to complain urgently, phone us.",
            ),
            500,
        )



def _init_login(app: Flask) -> None:
    from flask_login import LoginManager

    from portal.web.sessions import init_sessions

    manager = LoginManager()
    manager.login_view = "auth.sign_in"
    manager.login_message = None
    manager.session_protection = "basic"
    init_sessions(app, manager)
    manager.init_app(app)
