"""Jinja filters for dates: always Europe/London, always in words."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from markupsafe import Markup, escape

from portal.domain.calendar import london_date
from portal.domain.lifecycle import ADJUSTMENTS
from portal.domain.screening import SCREENING


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = london_date(value)
    return f"{value:%A} {value.day} {value:%B %Y}"


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = london_date(value)
    return f"{value.day} {value:%B %Y}"


def iso_long(value: str | None) -> str:
    return long_date(date.fromisoformat(value)) if value else ""


def nl2br(value: str | None) -> Markup:
    if not value:
        return Markup("")
    return Markup("<br>").join(escape(value).split("\n"))


def adjustment_word(value: str) -> str:
    return ADJUSTMENTS.get(value, value)


def screening_words(values: list[str]) -> str:
    words = dict(SCREENING)
    return "; ".join(words.get(v, v) for v in values) or "Not answered"


def file_size(size: int | None) -> str:
    """"less than 1 KB", "35 KB", "2.4 MB": never "0 KB"."""
    size = size or 0
    if size < 1024:
        return "less than 1 KB"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def pounds(pence: int | None) -> str:
    return "" if pence is None else f"£{pence / 100:,.2f}"


def email_shown(value: str | None) -> str:
    """An email address, or words in place of the placeholder given to a resident who has
    none (services.recipients.NO_EMAIL_DOMAIN)."""
    from portal.services.correspondence.recipients import real_email

    return real_email(value) or "None given: write by post"


def sentence(value: str | None) -> str:
    """First letter capital, the rest as written (Jinja's `capitalize` lower-cases the
    rest: "until 26 may 2027")."""
    value = value or ""
    return value[:1].upper() + value[1:]


def url_each(endpoint: str, field: str, **values):
    """`url_for` for a row of a long list: the address is built once, with a marker where
    `field` goes, and each row's value is put in its place (25 rows cost one build, not
    25). For path values of letters, digits and hyphens, such as a reference."""
    from urllib.parse import quote

    from flask import url_for

    marker = "__portal_value__"
    built = url_for(endpoint, **{field: marker}, **values)
    return lambda value: built.replace(marker, quote(str(value), safe=""))


_URLS: dict = {}
_URLS_KEPT = 4096


def remembered_url_for(endpoint: str, **values) -> str:
    """Templates' `url_for`: a page links to the same few dozen addresses on every
    request, and building each costs Werkzeug ~20 microseconds, so an address already
    built (same endpoint, same values, same application root) is reused. Anything
    unusual (an anchor, an external address, values that cannot be a key) is built
    as usual."""
    from flask import has_request_context, request, url_for

    if not has_request_context() or any(name.startswith("_") for name in values):
        return url_for(endpoint, **values)
    try:
        key = (request.script_root, request.blueprint if endpoint.startswith(".") else None,
               endpoint, tuple(sorted(values.items())))
        hash(key)
    except TypeError:
        return url_for(endpoint, **values)
    found = _URLS.get(key)
    if found is None:
        found = url_for(endpoint, **values)
        if len(_URLS) >= _URLS_KEPT:
            _URLS.clear()
        _URLS[key] = found
    return found


def resident_name(complaint) -> str:
    """The resident's name on a staff page, withheld from a member of staff who may not
    see who made a complaint made in confidence (services.records.confidence)."""
    from flask_login import current_user

    from portal.services.records import confidence

    return confidence.identity(current_user, complaint).name


def shown_name(complaint, person) -> str:
    """A person's name on a complaint's staff page (an event's actor)."""
    from flask_login import current_user

    from portal.services.records import confidence

    return confidence.shown_name(current_user, complaint, person)


def identity_withheld(complaint) -> bool:
    """Whether who made this complaint is withheld from the person viewing the page."""
    from flask_login import current_user

    from portal.services.records import confidence

    return confidence.hidden_from(current_user, complaint)


def shown_words(complaint, text):
    """Words recorded on a complaint (an event's summary), without who made it where
    that is withheld from the person viewing the page."""
    from flask_login import current_user

    from portal.services.records import confidence

    return confidence.redact(current_user, complaint, text)


def register_filters(app: Flask) -> None:
    app.add_template_global(url_each, "url_each")
    app.add_template_global(shown_words, "shown_words")
    app.add_template_global(identity_withheld, "identity_withheld")
    app.add_template_global(resident_name, "resident_name")
    app.add_template_global(shown_name, "shown_name")
    app.jinja_env.globals["url_for"] = remembered_url_for
    app.add_template_filter(sentence, "sentence")
    app.add_template_filter(email_shown, "email_shown")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(short_date, "short_date")
    app.add_template_filter(iso_long, "iso_long")
    app.add_template_filter(nl2br, "nl2br")
    app.add_template_filter(adjustment_word, "adjustment_word")
    app.add_template_filter(screening_words, "screening_words")
    app.add_template_filter(pounds, "pounds")
    app.add_template_filter(file_size, "file_size")
