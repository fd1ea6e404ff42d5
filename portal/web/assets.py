"""Static files a browser keeps: every address the portal builds for one carries a hash of
the file (`/static/build/app.css?v=3f2a9c...`), and a request with the file's current hash
is answered "keep this for a year, it will not change" (max-age and immutable). A new
release changes the hash, so the next page asks for the new file. Without this, each page
asked again for the stylesheet and every script (a round trip each, slow on a phone).

A request without the hash, or with an old one (a module a script imports by a relative
address, a page kept from before a release), is answered as before: the browser checks it
again next time. The hash is read again when the file changes (its modification time).
"""

from __future__ import annotations

import hashlib
import os

from flask import Flask, request
from werkzeug.security import safe_join

KEEP_FOR = 365 * 24 * 3600  # seconds


def init_assets(app: Flask) -> None:
    known: dict[str, tuple[float, str]] = {}

    def version(filename: str) -> str | None:
        path = safe_join(app.static_folder, filename) if app.static_folder else None
        if path is None:
            return None
        try:
            changed = os.stat(path).st_mtime
        except OSError:
            return None
        seen = known.get(filename)
        if seen is None or seen[0] != changed:
            with open(path, "rb") as file:
                seen = (changed, hashlib.sha256(file.read()).hexdigest()[:12])
            known[filename] = seen
        return seen[1]

    @app.url_defaults
    def with_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            found = version(values.get("filename", ""))
            if found:
                values["v"] = found

    default_max_age = app.get_send_file_max_age

    def max_age(filename: str | None) -> int | None:
        asked = request.args.get("v")
        if filename and asked and asked == version(filename):
            return KEEP_FOR
        return default_max_age(filename)

    app.get_send_file_max_age = max_age

    @app.after_request
    def immutable(response):
        if request.endpoint == "static" and response.cache_control.max_age == KEEP_FOR:
            response.cache_control.immutable = True
        return response
