"""Guards on the shape of the code, so it cannot rot quietly."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_DOMAIN = ("flask", "flask_", "sqlalchemy", "wtforms", "portal.data",
                       "portal.services", "portal.web")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_domain_imports_nothing_from_flask_sqlalchemy_or_wtforms():
    offenders = []
    for path in (ROOT / "portal" / "domain").rglob("*.py"):
        for name in _imports(path):
            if name.startswith(FORBIDDEN_IN_DOMAIN):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_domain_reads_no_clock():
    """Domain functions take `today` as an argument; they never read the clock."""
    pattern = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time)\(")
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "portal" / "domain").rglob("*.py")
        if pattern.search(p.read_text())
    ]
    assert offenders == []


def test_import_linter_contracts_hold():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"),
         "--config", str(ROOT / ".importlinter")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_url_is_kebab_case():
    from portal import create_app
    from portal.config import Settings

    app = create_app(Settings(env="test", secret_key="x", database_url="sqlite://"))
    bad = []
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<[^>]+>", "", rule.rule)
        if not re.fullmatch(r"[a-z0-9/\-.]*", path):
            bad.append(rule.rule)
    assert bad == []
