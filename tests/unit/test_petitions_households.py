"""Households (SPEC §5; seed 001 Appendix 2.1: "a minimum of 5 signatures from 5
separate households"): a household is one address, compared after normalising case,
spacing, punctuation, common abbreviations and the postcode, so two signatures from one
home count once however the address was typed."""

from __future__ import annotations

import pytest

from portal.domain.petitions import (
    Progress,
    address_tokens,
    count_households,
    household_key,
    progress,
)


def test_the_same_flat_written_three_ways_counts_once():
    keys = [
        household_key("Flat 3, 12 High Street", "SW1A 1AA"),
        household_key("flat 3 12 HIGH ST.", "sw1a1aa"),
        household_key("Apartment 3,  12, High St", "Sw1a 1aA"),
    ]
    assert len(set(keys)) == 1
    assert count_households(keys) == 1


@pytest.mark.parametrize("one, other", [
    ("12 Rose Road", "12 rose rd"),
    ("12 Rose Road", "12, Rose Road."),
    ("Apt 4, Lily Court", "Flat 4 Lily Ct"),
    ("Apartment 4b, Lily Court", "flat 4B lily court"),
    ("Flat4 Lily Court", "Flat 4, Lily Court"),
    ("7 St John's Avenue", "7 Saint Johns Ave"),
    ("7 St. John’s Ave", "7 Saint John's Avenue"),
    ("3 Mill Lane", "3 MILL LN"),
    ("9 Park Crescent", "9 Pk Cres"),
    ("1 The Gardens", "1 Gardens"),
    ("2 Oak Terrace & Mews", "2 Oak Terr and Mews"),
    ("Flat 3, 12 High Street, SW1A 1AA", "Flat 3, 12 High Street"),  # postcode typed twice
])
def test_the_same_home_typed_differently_is_one_household(one, other):
    assert household_key(one, "SW1A 1AA") == household_key(other, "sw1a1aa")


@pytest.mark.parametrize("one, other, postcode_one, postcode_other", [
    ("Flat 3, 12 High Street", "Flat 4, 12 High Street", "SW1A 1AA", "SW1A 1AA"),
    ("12 High Street", "12 High Street", "SW1A 1AA", "SW1A 2AA"),  # same street, elsewhere
    ("12 Rose Road", "21 Rose Road", "E1 1AA", "E1 1AA"),
    ("Flat 1, Rose Court", "Flat 1, Lily Court", "E1 1AA", "E1 1AA"),
    ("12a Rose Road", "12b Rose Road", "E1 1AA", "E1 1AA"),
])
def test_different_homes_are_different_households(one, other, postcode_one, postcode_other):
    assert household_key(one, postcode_one) != household_key(other, postcode_other)


def test_abbreviations_are_compared_in_one_form():
    assert address_tokens("Apartment 3, 12 High Street") == ["flat", "3", "12", "high", "st"]
    assert address_tokens("Apt. 3, 12 High St.") == ["flat", "3", "12", "high", "st"]


def test_five_signatures_from_four_households_do_not_reach_five():
    signed = [
        household_key("Flat 1, 12 High Street", "SW1A 1AA"),
        household_key("flat 1 12 high st", "sw1a1aa"),  # the same home as the first
        household_key("Flat 2, 12 High Street", "SW1A 1AA"),
        household_key("4 Rose Road", "E1 1AA"),
        household_key("5 Rose Road", "E1 1AA"),
    ]
    found = progress(signed, 5)
    assert (found.signatures, found.households, found.met, found.remaining) == (5, 4, False, 1)


def test_five_signatures_from_five_households_reach_five():
    signed = [household_key(f"{n} Rose Road", "E1 1AA") for n in range(1, 6)]
    found = progress(signed, 5)
    assert (found.signatures, found.households, found.met, found.remaining) == (5, 5, True, 0)
    assert found.percent == 100


def test_progress_words():
    assert Progress(households=2, signatures=3, threshold=5).percent == 40
    assert Progress(households=7, signatures=7, threshold=5).remaining == 0
