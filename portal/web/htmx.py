"""One helper decides page or fragment: a full page normally, the named block
of the same template for an htmx request (so the two can never drift)."""

from __future__ import annotations

from flask import make_response, render_template, request
from jinja2 import Template


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def page_or_fragment(template_name: str, block: str, **context):
    if is_htmx():
        from flask import current_app

        env = current_app.jinja_env
        template: Template = env.get_template(template_name)
        ctx = template.new_context(_merged(context))
        body = "".join(template.blocks[block](ctx))
    else:
        body = render_template(template_name, **context)
    response = make_response(body)
    response.headers["Vary"] = "HX-Request"
    return response


def _merged(context: dict) -> dict:
    from flask import current_app

    merged: dict = {}
    current_app.update_template_context(merged)
    merged.update(context)
    return merged


def validating() -> bool:
    """An inline-validation request: check the form, save nothing."""
    return is_htmx() and bool(request.form.get("_validate"))
