"""The floor for bench/bench_scale.py: a bare Flask app that renders a 10-row page from a
Jinja template, served by the same gunicorn settings as the portal. No database, no
session, no login: what a page costs on this machine before the portal does anything.

    gunicorn --pythonpath bench floor_app:app
"""

from __future__ import annotations

from flask import Flask, render_template
from jinja2 import DictLoader

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<main>
  <h1>{{ title }}</h1>
  <table>
    <thead><tr><th>Reference</th><th>Resident</th><th>Postcode</th><th>Status</th>
      <th>Next due</th></tr></thead>
    <tbody>
    {% for row in rows %}
      <tr><td><a href="/complaints/{{ row.reference }}">{{ row.reference }}</a></td>
        <td>{{ row.resident }}</td><td>{{ row.postcode }}</td><td>{{ row.status }}</td>
        <td>{{ row.due }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
</main>
</body>
</html>
"""

app = Flask(__name__)
app.jinja_loader = DictLoader({"rows.html": PAGE})


@app.get("/")
def rows():
    found = [{"reference": f"CMP-2026-{n:06d}", "resident": f"Resident {n}",
              "postcode": "SE15 4QN", "status": "Stage 1: investigating",
              "due": f"{n + 1} December 2026"} for n in range(1, 11)]
    return render_template("rows.html", title="Open complaints", rows=found)
