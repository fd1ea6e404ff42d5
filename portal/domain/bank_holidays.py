"""The UK nations' bank holidays, from the `holidays` package, without loading it on
every app server.

Asking `holidays` for the United Kingdom imports every country it knows (about 300
modules, some 20 MB in each worker). So the days it gives are also kept in a table,
`bank_holidays.json` beside this module, made from a named release of the package by
`scripts/bank_holidays_table.py`. The table is used only while that release is the one
installed and for the years it holds; otherwise the package itself is asked, so a new
release (which may move a bank holiday) is always followed, just without the saving
until the table is made again. A test compares the table with the installed package.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path

TABLE = Path(__file__).with_name("bank_holidays.json")
FIRST_YEAR = 2010
LAST_YEAR = 2060


def from_package(nation: str, first_year: int, last_year: int) -> dict[date, str]:
    """Ask the `holidays` package (this loads it, and every country it knows)."""
    import holidays

    found = holidays.UK(subdiv=nation, years=range(first_year, last_year + 1))
    return {d: str(name) for d, name in sorted(found.items())}


def installed_release() -> str | None:
    try:
        return metadata.version("holidays")
    except metadata.PackageNotFoundError:  # pragma: no cover - it is a requirement
        return None


@lru_cache(maxsize=1)
def _table() -> dict | None:
    try:
        table = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return table if table.get("release") == installed_release() else None


def for_nation(nation: str, first_year: int, last_year: int) -> dict[date, str]:
    """The nation's bank holidays in the years given, each with its name: from the table
    when it was made from the installed release and holds those years, else from the
    package."""
    table = _table()
    if (table is not None and nation in table["nations"]
            and table["first_year"] <= first_year and last_year <= table["last_year"]):
        days = table["nations"][nation]
        return {date.fromisoformat(d): name for d, name in days.items()
                if first_year <= int(d[:4]) <= last_year}
    return from_package(nation, first_year, last_year)


def make_table(nations, first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> dict:
    """The table's contents, from the installed package."""
    return {"release": installed_release(), "first_year": first_year, "last_year": last_year,
            "nations": {nation: {d.isoformat(): name for d, name in
                                 from_package(nation, first_year, last_year).items()}
                        for nation in nations}}
