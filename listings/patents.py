"""Patent numbers: Chinese application numbers with their check digit, and publication numbers.

A Chinese patent application number (CNIPA, since 2003) is a 4-digit year, a 1-digit type, a 7-digit
serial, a dot and a check character: the 12 digits weighted 2,3,4,5,6,7,8,9,2,3,4,5, summed, modulo 11,
with 10 written X. Before 2003 it was 8 digits weighted 2..9. It is often written with "ZL" in front.
Publication numbers are a country code, digits and a kind code (CN112345678A, US10123456B2, EP1234567A1).
"""

from __future__ import annotations

import re

APPLICATION_RE = re.compile(r"^(?:ZL|CN)?(\d{12}|\d{8})\.?([\dX])$")
PUBLICATION_RE = re.compile(r"^[A-Z]{2}\d{5,12}[A-Z]\d?$")
_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def normalize(number: str) -> str:
    return re.sub(r"[\s-]", "", number).upper()


def check_character(digits: str) -> str:
    """The check character of a Chinese application number's 8 or 12 digits."""
    remainder = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False)) % 11
    return "X" if remainder == 10 else str(remainder)


def problem(number: str) -> str | None:
    """None for a well-formed patent number, else what is wrong with it (untranslated English)."""
    value = normalize(number)
    match = APPLICATION_RE.match(value)
    if match:
        digits, check = match.groups()
        expected = check_character(digits)
        return None if check == expected else f"check character should be {expected}"
    if PUBLICATION_RE.match(value):
        return None
    return "not a patent number"
