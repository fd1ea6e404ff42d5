"""Petitions, pure: UK postcodes, households and the threshold (seed 001 §5, Appendix 2.1).

A household is one address. Two signatures from one home count once, however the
address was typed: addresses are compared after normalising case, spacing,
punctuation, common abbreviations (Rd/Road, St/Street, Flat/Apartment/Apt, ...)
and the postcode format (``sw1a1aa`` is ``SW1A 1AA``).

    normalise_postcode("sw1a1aa")                     -> "SW1A 1AA"
    household_key("Flat 3, 12 High St.", "sw1a1aa")   -> "SW1A1AA|flat 3 12 high st"
    count_households(keys)                            -> distinct households
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# -- postcodes ----------------------------------------------------------------------------


class PostcodeError(ValueError):
    """A postcode that is missing or is not a real UK postcode; the message says which."""


# The UK postcode format (Royal Mail): the outward code is one of A9, A99, A9A, AA9,
# AA99, AA9A; the inward code is 9AA. Letters that are never used in each position
# are left out. GIR 0AA (Girobank) is the one historic exception still in use.
_FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"  # never Q, V, X
_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"  # never I, J, Z
_THIRD = "ABCDEFGHJKPSTUW"  # A9A
_FOURTH = "ABEHMNPRVWXY"  # AA9A
_INWARD = "ABDEFGHJLNPQRSTUWXYZ"  # never C, I, K, M, O, V
_POSTCODE = re.compile(
    rf"^(?:"
    rf"[{_FIRST}][0-9]{{1,2}}"
    rf"|[{_FIRST}][0-9][{_THIRD}]"
    rf"|[{_FIRST}][{_SECOND}][0-9]{{1,2}}"
    rf"|[{_FIRST}][{_SECOND}][0-9][{_FOURTH}]"
    rf")[0-9][{_INWARD}]{{2}}$"
)

POSTCODE_EXAMPLE = "like SW1A 1AA"


def normalise_postcode(raw: str | None) -> str:
    """The postcode in capitals with one space before the last three characters,
    or PostcodeError with a message a person can act on."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    if not compact:
        raise PostcodeError("Enter a postcode")
    if not compact.isalnum():
        raise PostcodeError(f"Enter a postcode using only letters and numbers, {POSTCODE_EXAMPLE}")
    if not 5 <= len(compact) <= 7:
        raise PostcodeError(f"Enter a full UK postcode, {POSTCODE_EXAMPLE}")
    if compact != "GIR0AA" and not _POSTCODE.match(compact):
        raise PostcodeError(f"Enter a real UK postcode, {POSTCODE_EXAMPLE}")
    return f"{compact[:-3]} {compact[-3:]}"


def is_postcode(raw: str | None) -> bool:
    try:
        normalise_postcode(raw)
    except PostcodeError:
        return False
    return True


# -- addresses and households -------------------------------------------------------------

# Each word is compared in one canonical form: the abbreviation people write most.
ABBREVIATIONS = {
    "apartment": "flat", "apt": "flat", "apts": "flat", "flats": "flat",
    "road": "rd", "street": "st", "saint": "st", "avenue": "ave", "av": "ave",
    "lane": "ln", "drive": "dr", "court": "ct", "close": "cl", "place": "pl",
    "square": "sq", "crescent": "cres", "cresc": "cres", "gardens": "gdns",
    "terrace": "terr", "ter": "terr", "park": "pk", "house": "ho", "hse": "ho",
    "grove": "gr", "gro": "gr", "mansions": "mans", "building": "bldg", "bldgs": "bldg",
    "buildings": "bldg", "estate": "est", "parade": "pde", "mount": "mt", "north": "n",
    "south": "s", "east": "e", "west": "w", "upper": "upr", "lower": "lwr",
    "number": "no", "num": "no", "floor": "flr", "first": "1st", "second": "2nd",
    "third": "3rd", "ground": "gnd", "and": "&", "way": "wy",
}
# Words that say nothing about which home it is.
_FILLER = {"no", "the"}


def address_tokens(address: str) -> list[str]:
    """The words of an address in a form that compares equal however it was written."""
    text = (address or "").lower()
    text = re.sub(r"[’'`]", "", text)  # St John's -> st johns
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)  # 12a -> 12 a
    text = re.sub(r"([a-z])(\d)", r"\1 \2", text)  # flat3 -> flat 3
    text = re.sub(r"&", " and ", text)
    words = re.findall(r"[a-z0-9]+", text)
    canonical = [ABBREVIATIONS.get(word, word) for word in words]
    return [word for word in canonical if word not in _FILLER]


def household_key(address: str, postcode: str) -> str:
    """One key per home: the postcode without its space, then the address's words.
    The postcode is also taken out of the address if someone typed it there too."""
    code = normalise_postcode(postcode)
    outward, inward = (re.escape(part) for part in code.split(" "))
    address = re.sub(rf"\b{outward}\s*{inward}\b", " ", address or "", flags=re.IGNORECASE)
    key = f"{code.replace(' ', '')}|{' '.join(address_tokens(address))}"
    return key[:300]


def count_households(keys: Iterable[str]) -> int:
    """Distinct households among the keys of the signatures that count."""
    return len({key for key in keys if key})


@dataclass(frozen=True)
class Progress:
    """How far a petition is from the households it needs."""

    households: int
    signatures: int
    threshold: int

    @property
    def met(self) -> bool:
        return self.households >= self.threshold

    @property
    def remaining(self) -> int:
        return max(0, self.threshold - self.households)

    @property
    def percent(self) -> int:
        if self.threshold <= 0:
            return 100
        return min(100, round(100 * self.households / self.threshold))


def progress(keys: Iterable[str], threshold: int) -> Progress:
    keys = list(keys)
    return Progress(count_households(keys), len(keys), threshold)


# -- rejecting a petition (seed 001 Appendix 2.3) -----------------------------------------

REJECTION_GROUNDS = {
    "vexatious": "Vexatious",
    "discriminatory": "Discriminatory",
    "abusive": "Abusive",
    "inappropriate": "Otherwise inappropriate or not reasonable",
}
