"""Every form, sent junk by someone allowed to use it (with a valid CSRF token): each field
at 100,000 characters, NUL bytes, lone surrogates and invalid UTF-8 in the raw body, huge
and negative numbers, impossible dates, missing and duplicated fields, a text/plain and a
JSON body, and an empty and an oversized file where there is a file field. Nothing may
give a 5xx. Field names come from the form on the page (or the page that posts to it)."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import quote

import pytest
from werkzeug.datastructures import MultiDict

from portal.data.db import db
from portal.services.records.documents import MAX_BYTES
from tests.conftest import DATABASES
from tests.integration.test_authorization_matrix import EXPECTED
from tests.support import world as worlds
from tests.support.web import csrf_token

# Who sends each route's junk: the first identity in this order the matrix allows.
SENDERS = ("anonymous", "owner", "rep_pending", "complaints_manager", "administrator",
           "customer_services")
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_ACTION = re.compile(r'action="([^"]*)"')
_FIELD = re.compile(r'<(input|textarea|select)\b([^>]*)>', re.I)
_NAME = re.compile(r'\bname="([^"]+)"')
_TYPE = re.compile(r'\btype="([^"]+)"')
SKIP = {"csrf_token"}


def _fields(html: str, url: str) -> dict[str, str] | None:
    """{name: input type} of the form on `html` that posts to `url` (or to itself)."""
    found = None
    for attributes, body in _FORM.findall(html):
        action = _ACTION.search(attributes)
        target = action.group(1).replace("&amp;", "&") if action else ""
        if target.split("?")[0] not in ("", url):
            continue
        found = found or {}
        for tag, attrs in _FIELD.findall(body):
            name = _NAME.search(attrs)
            kind = _TYPE.search(attrs)
            if name and name.group(1) not in SKIP:
                found[name.group(1)] = kind.group(1) if kind else tag.lower()
    return found


def _sender(endpoint: str) -> str:
    row = EXPECTED[endpoint]
    return next((who for who in (*SENDERS, *row) if row[who] == "ok"), "anonymous")


def _forms(app, built, clients) -> list[tuple[str, str, dict[str, str]]]:
    """(sender, url, fields) for every POST route; fields from the route's own page, else
    from any page the sender can see that posts to it."""
    targets = []
    pages: dict[str, list[str]] = {}
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        who = _sender(rule.endpoint)
        url = worlds.url_for_rule(built, rule)
        targets.append((who, url))
    for rule in app.url_map.iter_rules():  # the pages each sender sees
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = worlds.url_for_rule(built, rule)
        for who in {w for w, _ in targets}:
            if EXPECTED[rule.endpoint][who] == "ok":
                response = clients[who].get(url)
                if response.status_code == 200 and response.mimetype == "text/html":
                    pages.setdefault(who, []).append((url, response.get_data(as_text=True)))
    forms = []
    for who, url in targets:
        fields = None
        for page_url, html in pages.get(who, []):
            if page_url == url or f'action="{url}' in html:
                fields = _fields(html, url) if page_url == url else _fields(
                    html.replace(f'action="{url}"', 'action=""'), "") or fields
                if fields:
                    break
        forms.append((who, url, fields or _class_fields(app, url)))
    return forms


# Forms whose page the fixtures do not show (the complaint is not at that point): their
# fields come from the WTForms class.
FORM_CLASSES = {
    "ask-for-a-review": "portal.resident.review_forms:ReviewForm",
    "ask-for-a-panel": "portal.resident.review_forms:PanelForm",
    "how-did-we-do": "portal.resident.review_forms:SurveyForm",
    "/extend": "portal.staff.forms:ExtendForm",
    "stage-2-extend": "portal.staff.forms:ExtendForm",
    "/compensation-paid": "portal.staff.payment_forms:PaymentForm",
}


def _class_fields(app, url: str) -> dict[str, str]:
    import importlib

    from wtforms import FieldList, FileField, FormField

    for ending, path in FORM_CLASSES.items():
        if url.endswith(ending):
            module, name = path.split(":")
            with app.test_request_context():
                form = getattr(importlib.import_module(module), name)(meta={"csrf": False})
            found = {}
            for field in form:
                if isinstance(field, FieldList | FormField):
                    found[f"{field.name}-0"] = "text"
                elif field.type == "GovDateField":
                    found.update({f"{field.name}-{p}": "text" for p in ("day", "month", "year")})
                else:
                    found[field.name] = "file" if isinstance(field, FileField) else "text"
            return found
    return {"name": "text", "reason": "textarea"}  # a form of buttons only: junk fields


@pytest.fixture(scope="module", params=DATABASES)
def world(request, tmp_path_factory):
    app, drop = worlds.make_app(request.param, tmp_path_factory.mktemp("fuzz"), request)
    built = worlds.build(app)
    yield app, built, worlds.clients(app, built)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if drop:
        drop()


def _date_parts(fields, day, month, year) -> dict[str, str]:
    values = {}
    for name in fields:
        for part, value in (("day", day), ("month", month), ("year", year)):
            if name.endswith(part):
                values[name] = value
    return values


def _cases(fields: dict[str, str]):
    """(label, keyword arguments for client.post) for one form's fields."""
    names = [n for n, kind in fields.items() if kind != "file"]
    files = [n for n, kind in fields.items() if kind == "file"]
    base = dict.fromkeys(names, "1")
    for name in names:
        yield f"long {name}", {"data": {**base, name: "x" * 100_000}}
    yield "nul", {"data": {n: "a\x00b" for n in names}}
    yield "huge", {"data": dict.fromkeys(names, "99999999999999999999")}
    yield "negative", {"data": dict.fromkeys(names, "-1")}
    yield "31/02", {"data": {**base, **_date_parts(names, "31", "2", "2026")}}
    yield "0/0/0", {"data": {**base, **_date_parts(names, "0", "0", "0")}}
    yield "missing", {"data": {}}
    yield "duplicated", {"data": [(n, v) for n in names for v in ("1", "2")]}
    for label, raw in (("invalid utf-8", b"\xff\xfe\xfa"), ("surrogate", b"\xed\xa0\x80")):
        body = "&".join(f"{quote(n)}=" for n in names).encode() or b"x="
        yield label, {"data": body.replace(b"=", b"=" + raw, 1) + b"&y=%ED%A0%80%FF",
                      "content_type": "application/x-www-form-urlencoded"}
    yield "text/plain", {"data": "just some text", "content_type": "text/plain"}
    yield "json", {"data": json.dumps(base), "content_type": "application/json"}
    for name in files:
        yield f"empty {name}", {"data": {**base, name: (io.BytesIO(b""), "empty.png")},
                                "content_type": "multipart/form-data"}
        yield f"oversized {name}", {
            "data": {**base, name: (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_BYTES),
                                    "big.png")},
            "content_type": "multipart/form-data"}


def test_no_form_gives_a_5xx_whatever_it_is_sent(world):
    app, built, clients = world
    forms = _forms(app, built, clients)
    sent = 0
    failures = []
    for who, url, fields in forms:
        client = clients[who]
        token = csrf_token(client.get("/").get_data(as_text=True))
        for label, kwargs in _cases(fields):
            data = kwargs.get("data")
            if isinstance(data, dict):
                data = {**data, "csrf_token": token}
            elif isinstance(data, list):
                data = MultiDict([*data, ("csrf_token", token)])
            response = client.post(url, **{**kwargs, "data": data},
                                   headers={"X-CSRFToken": token})
            sent += 1
            if response.status_code >= 500:
                failures.append((who, url, label, response.status_code))
    assert failures == []
    assert len(forms) >= 50
    print(f"fuzz: {len(forms)} forms, {sent} requests")
    assert sent > 500
