"""UK postcodes: normalised to capitals with one space before the inward code, and a
postcode that is not a real UK postcode is refused with a message saying what to do
(SPEC §5: a signatory gives their postcode, seed 001 Appendix 2.1)."""

from __future__ import annotations

import pytest

from portal.domain.petitions import PostcodeError, is_postcode, normalise_postcode

GOOD = [
    ("sw1a1aa", "SW1A 1AA"),  # AA9A 9AA, typed without the space
    ("SW1A 1AA", "SW1A 1AA"),
    ("  sw1a   1aa ", "SW1A 1AA"),  # extra spaces
    ("Sw1A 1aA", "SW1A 1AA"),  # mixed case
    ("m11ae", "M1 1AE"),  # A9 9AA
    ("b338th", "B33 8TH"),  # A99 9AA
    ("w1a0ax", "W1A 0AX"),  # A9A 9AA
    ("cr26xh", "CR2 6XH"),  # AA9 9AA
    ("dn551pt", "DN55 1PT"),  # AA99 9AA
    ("ec1a 1bb", "EC1A 1BB"),  # AA9A 9AA
    ("e1 1aa", "E1 1AA"),
    ("gir0aa", "GIR 0AA"),  # the one historic exception
]

BAD = [
    ("", "Enter a postcode"),
    ("   ", "Enter a postcode"),
    (None, "Enter a postcode"),
    ("SW1A", "Enter a full UK postcode, like SW1A 1AA"),  # outward code only
    ("SW1A 1AAA", "Enter a full UK postcode, like SW1A 1AA"),  # too long
    ("sw1a-1aa", "Enter a postcode using only letters and numbers, like SW1A 1AA"),
    ("12345", "Enter a real UK postcode, like SW1A 1AA"),  # a US ZIP code
    ("QA1 1AA", "Enter a real UK postcode, like SW1A 1AA"),  # Q never starts a postcode
    ("AZ1 1AA", "Enter a real UK postcode, like SW1A 1AA"),  # Z never second
    ("SW1A 1CA", "Enter a real UK postcode, like SW1A 1AA"),  # C never in the inward code
    ("SW1A AAA", "Enter a real UK postcode, like SW1A 1AA"),  # inward must start with a digit
    ("1W1A 1AA", "Enter a real UK postcode, like SW1A 1AA"),
]


@pytest.mark.parametrize("typed, expected", GOOD)
def test_postcodes_are_normalised(typed, expected):
    assert normalise_postcode(typed) == expected
    assert is_postcode(typed)


@pytest.mark.parametrize("typed, message", BAD)
def test_a_postcode_that_is_not_a_real_uk_postcode_is_refused_clearly(typed, message):
    with pytest.raises(PostcodeError) as error:
        normalise_postcode(typed)
    assert str(error.value) == message
    assert not is_postcode(typed)


def test_normalising_twice_changes_nothing():
    for typed, expected in GOOD:
        assert normalise_postcode(normalise_postcode(typed)) == expected
