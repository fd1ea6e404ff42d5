"""The lists and notes a profile carries besides its timescales: exclusions (and the other
grounds shaped like them), notes the Code check reports on, other routes named in letters."""

from __future__ import annotations

from dataclasses import dataclass

from portal.domain.profile_reader import Citation, Reader


@dataclass(frozen=True)
class Exclusion:
    code: str
    title: str
    explanation: str
    signpost: str
    cite: Citation


@dataclass(frozen=True)
class PolicyNote:
    """Something a policy says that the portal reports on but does not enforce."""

    says: str
    cite: Citation


@dataclass(frozen=True)
class OtherRoute:
    """Somewhere else a resident can go, which the policy names (001 Appendix 1; 003)."""

    name: str
    for_what: str
    contact: str
    cite: Citation


def routes(top: Reader, seed: str, title: dict[str, str]) -> list[OtherRoute]:
    found = []
    for i, item in enumerate(top.get("other_routes", list, default=[])):
        if not isinstance(item, dict):
            raise top.fail(f"other_routes[{i}]", "must be a table")
        r = Reader(top.file, item, f"other_routes[{i}].")
        found.append(OtherRoute(r.get("name", str), r.get("for_what", str),
                                r.get("contact", str), r.cite(seed, title)))
    return found


def note(top: Reader, key: str, seed: str, title: dict[str, str]) -> PolicyNote | None:
    table = top.table(key, optional=True)
    return None if table is None else PolicyNote(table.get("says", str),
                                                 table.cite(seed, title))


def exclusions_list(top: Reader, key: str, seed: str, title: dict[str, str],
                seen: set[str]) -> list[Exclusion]:
    """A list of exclusions (or decline grounds): each code once across both lists."""
    found = []
    for i, item in enumerate(top.get(key, list, default=[])):
        if not isinstance(item, dict):
            raise top.fail(f"{key}[{i}]", "must be a table")
        ex = Reader(top.file, item, f"{key}[{i}].")
        code = ex.get("code", str)
        if code in seen:
            raise ex.fail("code", f"{code!r} is listed twice")
        seen.add(code)
        found.append(Exclusion(code=code, title=ex.get("title", str),
                               explanation=ex.get("explanation", str),
                               signpost=ex.get("signpost", str), cite=ex.cite(seed, title)))
    return found
