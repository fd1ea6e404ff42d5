"""The queue's search: the shape of what was typed (a reference, the start of one, a
postcode or the start of one, a name), found on an index, as a condition on complaints
with its values bound when the statement runs (stage1.queue builds each statement once
per shape)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, bindparam, false, or_, select

from portal.data.accounts import name_keys, postcode_key
from portal.data.db import db
from portal.data.models import Complaint, User
from portal.services.records import confidence

REFERENCE = re.compile(r"^(CMP|CMP-\d{1,4}|CMP-\d{4}-\d{0,6})$", re.IGNORECASE)
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(\d[A-Z]{0,2})?$")
HIGHEST = "\U0010ffff"  # sorts after every character: `key >= q and key < q + HIGHEST`
SEARCH_RESIDENTS = 1000  # residents a name or postcode search looks at, at most


def _starts_with(column, low: str, high: str) -> ColumnElement[bool]:
    """An index range for `column` starting with a prefix given as two bound parameters
    (`:low` is the prefix, `:high` the prefix + HIGHEST); LIKE would not use the index on
    every database."""
    return and_(column >= bindparam(low), column < bindparam(high))


def _prefix(name: str, prefix: str) -> dict[str, str]:
    return {f"{name}_low": prefix, f"{name}_high": prefix + HIGHEST}




@dataclass(frozen=True)
class Search:
    """What was typed, as the shape of a condition and the values it is run with. The
    shape decides the statement (built once: statements), the values are bound."""

    shape: str | None  # None, "reference", "reference_prefix", "residents" or "nothing"
    values: dict


NOTHING = Search(None, {})


def search_for(q: str, sees_confidential: bool = True) -> Search:
    """What to look for, by the shape of what was typed. A name or postcode becomes the
    matching residents' ids, found first on the users' indexes (at most
    SEARCH_RESIDENTS of them). `sees_confidential`: whether the person searching sees who
    made complaints made in confidence; without it, those are not found by name or
    postcode."""
    q = " ".join(q.split())
    if not q:
        return NOTHING
    upper = q.upper()
    if REFERENCE.match(upper):
        if re.fullmatch(r"CMP-\d{4}-\d{6}", upper):
            return Search("reference", {"reference": upper})
        return Search("reference_prefix", _prefix("reference", upper))
    key = postcode_key(q)
    if key and POSTCODE.match(key):
        people = _RESIDENTS_BY_POSTCODE, _prefix("postcode", key)
    else:
        whole, _last = name_keys(q)
        people = _RESIDENTS_BY_NAME, _prefix("name", whole)
    statement, values = people
    residents = list(db.session.scalars(statement, {**values, "most": SEARCH_RESIDENTS}))
    if not residents:
        return Search("nothing", {})
    return Search("residents" if sees_confidential else "residents_in_confidence",
                  {"residents": residents})


_RESIDENTS_BY_POSTCODE = (select(User.id).where(_starts_with(User.postcode_key, "postcode_low",
                                                              "postcode_high"))
                          .order_by(User.id).limit(bindparam("most")))
_RESIDENTS_BY_NAME = (select(User.id)
                      .where(or_(_starts_with(User.name_key, "name_low", "name_high"),
                                 _starts_with(User.surname_key, "name_low", "name_high")))
                      .order_by(User.id).limit(bindparam("most")))


def search_condition_for(shape: str | None) -> ColumnElement[bool] | None:
    if shape is None:
        return None
    if shape == "reference":
        return Complaint.reference == bindparam("reference")
    if shape == "reference_prefix":
        return _starts_with(Complaint.reference, "reference_low", "reference_high")
    if shape == "residents":
        return Complaint.resident_id.in_(bindparam("residents", expanding=True))
    if shape == "residents_in_confidence":
        # For someone who may not see who made a complaint made in confidence, a search by
        # the resident's name or postcode does not find it (records.confidence).
        return and_(Complaint.resident_id.in_(bindparam("residents", expanding=True)),
                    confidence.visible_condition("actor"))
    return false()


