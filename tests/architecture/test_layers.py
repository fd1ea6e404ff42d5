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


def _import_cycles(package: str = "portal") -> list[list[str]]:
    """Strongly connected groups of modules in `package` (Tarjan), ignoring imports made
    only for type checking. Each group is an import circle."""
    import grimp

    graph = grimp.build_graph(package, exclude_type_checking_imports=True, cache_dir=None)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if not imported.startswith(package):
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(graph.modules):
        if module.startswith(package) and module not in index:
            visit(module)
    return cycles


def test_no_import_circles_anywhere_in_portal():
    """Modules that share helpers import them from one module, never from each other
    (a blueprint's route modules share `_shared.py`)."""
    assert _import_cycles() == []


def test_the_cycle_check_finds_a_circle(tmp_path, monkeypatch):
    """The check above can fail: two modules importing each other are found."""
    package = tmp_path / "portal_cycle_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from portal_cycle_probe import b\n")
    (package / "b.py").write_text("from portal_cycle_probe import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _import_cycles("portal_cycle_probe") == [
        ["portal_cycle_probe.a", "portal_cycle_probe.b"]]


def test_no_module_over_400_lines():
    """Split a module before it passes ~400 lines (STYLE.md habit 11)."""
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "portal").rglob("*.py")
            if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}


def test_services_are_grouped_by_capability():
    """Every service module lives in a capability package; none sits loose in services/."""
    services = ROOT / "portal" / "services"
    loose = sorted(p.name for p in services.glob("*.py") if p.name != "__init__.py")
    assert loose == []
    packages = sorted(p.name for p in services.iterdir()
                      if p.is_dir() and (p / "__init__.py").exists())
    assert packages == ["accounts", "actions", "correspondence", "intake", "records",
                        "reporting", "representation", "responses", "review", "stage1"]


def test_no_service_imports_the_demo_data():
    offenders = []
    for path in (ROOT / "portal" / "services").rglob("*.py"):
        for name in _imports(path):
            if name.startswith("portal.demo"):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


# Pages anyone may open, signed in or not. Everything else says who may call it.
PUBLIC_VIEWS = {
    "static",
    "public.home", "public.policy", "public.anonymous_complaint", "public.performance",
    "public.performance_pdf",
    "auth.register", "auth.check_email", "auth.resend_verification", "auth.verify_email",
    "auth.sign_in", "auth.sign_out", "auth.forgot_password", "auth.reset_password",
}
CALLERS = {"person", "signatory"}


def _who_may_call(view) -> str | None:
    from portal.web.guards import WHO_MAY_CALL

    if getattr(view, "staff_permission", None):
        return "staff"
    who = getattr(view, WHO_MAY_CALL, None)
    return who if who in CALLERS else None


def _unmarked(app) -> list[str]:
    return sorted(
        f"{rule.endpoint} {rule.rule}" for rule in app.url_map.iter_rules()
        if rule.endpoint not in PUBLIC_VIEWS
        and _who_may_call(app.view_functions[rule.endpoint]) is None)


def _app():
    from portal import create_app
    from portal.config import Settings

    return create_app(Settings(env="test", secret_key="x", database_url="sqlite://"))


def test_every_view_is_public_by_name_or_says_who_may_call_it():
    """A resident's or representative's page is `person_required` (never staff), a petition
    signer's is `signatory_token`, a staff page `staff_can(permission)`; a new route with
    none of these, and not listed as public, fails here."""
    app = _app()
    assert _unmarked(app) == []
    assert PUBLIC_VIEWS <= set(app.view_functions), "a public view was renamed or removed"
    staff = {e for e, v in app.view_functions.items() if _who_may_call(v) == "staff"}
    assert staff and all(endpoint.startswith("staff.") for endpoint in staff)
    assert all(_who_may_call(v) == "staff" for e, v in app.view_functions.items()
               if e.startswith("staff."))


def test_the_check_finds_a_route_that_says_nothing():
    from flask_login import login_required

    app = _app()
    app.add_url_rule("/probe", "probe", login_required(lambda: "hello"))
    assert _unmarked(app) == ["probe /probe"]


def test_a_signatory_view_must_take_the_token():
    import pytest

    from portal.web.guards import signatory_token

    with pytest.raises(TypeError, match="takes no token"):
        signatory_token(lambda reference: reference)
