"""The unified social credit code of GB 32100-2015 (统一社会信用代码).

Eighteen characters from a 31-symbol alphabet (0-9 and the capitals without I, O, S, V, Z). The
eighteenth is a check character: with weights 3^(i-1) mod 31 for positions 1-17 and symbol values
0-30, check value = (31 - sum mod 31) mod 31. Positions 1-8 (registration authority, organisation type,
administrative division) are not required to be digits: real codes carry letters there (e.g. "MA" in
position 9-10 is common, and "N" or "Y" in position 2 for some organisation types).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 3^(i-1) mod 31 for positions i = 1..17
LENGTH = 18


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(VALUES[symbol] * weight for symbol, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    """Upper-case and strip surrounding and inner white space, as people paste codes."""
    return "".join(code.split()).upper()


def is_valid(code: str) -> bool:
    """True when the code has the right length, alphabet and check character."""
    if len(code) != LENGTH or any(symbol not in VALUES for symbol in code):
        return False
    return check_character(code[:17]) == code[17]


def validate_credit_code(code: str) -> None:
    """Django validator with a message that says which rule failed."""
    if len(code) != LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="credit_code_length",
            params={"n": len(code)},
        )
    # The first 17 must be in the alphabet; a wrong 18th is reported as a wrong check character,
    # with the one it should be, since that is what a person mistyping it needs to know.
    bad = sorted({symbol for symbol in code[:17] if symbol not in VALUES})
    if bad:
        raise ValidationError(
            _("Characters not allowed in a unified social credit code: %(chars)s (no I, O, S, V, Z)."),
            code="credit_code_alphabet",
            params={"chars": " ".join(bad)},
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character is wrong: it should be %(expected)s. Please check the code."),
            code="credit_code_check",
            params={"expected": expected},
        )
