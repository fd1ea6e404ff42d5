"""Reading a profile's TOML: typed fields, each error naming the file and the field, and
citations with the title of the document each rule comes from (SPEC §4: a rule taken
from another document than the landlord's policy is cited with that document's title)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The Code is cited from SPEC.md §4, which quotes its numbering; its own title is shown.
CODE_SEED = "SPEC.md §4 (Housing Ombudsman Complaint Handling Code 2024)"
CODE_TITLE = "Housing Ombudsman Complaint Handling Code 2024"
KNOWN_DOCUMENTS = {CODE_SEED: CODE_TITLE}


class ProfileError(ValueError):
    """A profile file that cannot be used, with the file and field named."""

    def __init__(self, file: str, field: str, message: str) -> None:
        self.file = file
        self.field = field
        super().__init__(f"Policy profile {file}: field '{field}': {message}")


@dataclass(frozen=True)
class Citation:
    seed: str
    section: str
    title: str

    def __str__(self) -> str:
        return f"{self.title}, {self.section}" if self.section else self.title


# -- reading ------------------------------------------------------------------


class Reader:
    """Pulls typed fields out of a parsed TOML table, naming the field on error."""

    def __init__(self, file: str, data: dict[str, Any], prefix: str = "") -> None:
        self.file = file
        self.data = data
        self.prefix = prefix

    def _name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str, message: str) -> ProfileError:
        return ProfileError(self.file, self._name(key), message)

    def get(self, key: str, kind: type, *, default: Any = ..., choices: tuple = ()) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "is missing")
            return default
        value = self.data[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            raise self.fail(key, f"must be {kind.__name__}, not {type(value).__name__}")
        if kind is str and not value.strip():
            raise self.fail(key, "must not be empty")
        if choices and value not in choices:
            raise self.fail(key, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def table(self, key: str, *, optional: bool = False) -> Reader | None:
        if key not in self.data:
            if optional:
                return None
            raise self.fail(key, "is missing")
        value = self.data[key]
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return Reader(self.file, value, self._name(key) + ".")

    def cite(self, default_seed: str, titles: dict[str, str]) -> Citation:
        """The citation, titled with the document its seed names: the landlord's policy,
        the Code, or another document the profile lists under [documents]."""
        seed = self.get("seed", str, default=default_seed)
        if seed not in titles:
            raise self.fail("seed", f"names {seed!r}, which has no title: add it under "
                                    "[documents] with the document's own title")
        return Citation(seed=seed, section=self.get("section", str), title=titles[seed])


def positive(reader: Reader, key: str) -> int:
    value = reader.get(key, int)
    if value < 1:
        raise reader.fail(key, "must be at least 1")
    return value
