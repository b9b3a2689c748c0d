"""The unified social credit code check of GB 32100-2015."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from accounts.credit_code import ALPHABET, check_character, is_valid, normalize, validate_credit_code

VALID = ["91110000600037341L", "91512081MA62K0260E"]


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    body = "".join(draw(st.lists(st.sampled_from(ALPHABET), min_size=17, max_size=17)))
    return body + check_character(body)


@pytest.mark.parametrize("code", VALID)
def test_published_codes_are_valid(code: str) -> None:
    assert is_valid(code)
    validate_credit_code(code)  # does not raise


def test_wrong_check_character_is_rejected_with_the_expected_one_named() -> None:
    # Given a code whose check character should be 3
    code = "91350100M000100Y4Z"
    # Then it is invalid and the message says what the check character should be
    assert not is_valid(code)
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert "3" in error.value.messages[0]
    assert check_character(code[:17]) == "3"


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("91110000600037341", "credit_code_length"),
        ("91110000600037341LX", "credit_code_length"),
        ("91110000600O37341L", "credit_code_alphabet"),  # letter O is not in the alphabet
        ("9111000060003734IL", "credit_code_alphabet"),
        ("91110000600037341l", "credit_code_check"),  # lower case before normalisation
        ("9111000060003734iL", "credit_code_alphabet"),
    ],
)
def test_malformed_codes_name_the_rule_they_break(code: str, rule: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert error.value.error_list[0].code == rule


def test_letters_are_allowed_in_the_first_eight_positions() -> None:
    body = "Y1A2B3C4" + "MA62K0260"
    assert is_valid(body + check_character(body))


def test_normalize_strips_spaces_and_upper_cases() -> None:
    assert normalize(" 9151 2081ma62k0260e ") == "91512081MA62K0260E"


@pytest.mark.parametrize("code", VALID)
def test_every_single_substitution_of_a_published_code_is_rejected(code: str) -> None:
    for position in range(17):
        for symbol in ALPHABET:
            if symbol != code[position]:
                assert not is_valid(code[:position] + symbol + code[position + 1 :]), (position, symbol)


@given(code=valid_codes(), position=st.integers(0, 16), shift=st.integers(1, 30))
def test_any_single_substitution_in_positions_1_to_17_is_rejected(
    code: str, position: int, shift: int
) -> None:
    assert is_valid(code)
    replacement = ALPHABET[(ALPHABET.index(code[position]) + shift) % 31]
    assert not is_valid(code[:position] + replacement + code[position + 1 :])


@given(code=valid_codes(), position=st.integers(0, 15))
def test_any_swap_of_adjacent_different_characters_is_rejected(code: str, position: int) -> None:
    a, b = code[position], code[position + 1]
    swapped = code[:position] + b + a + code[position + 2 :]
    if a != b:
        assert not is_valid(swapped)
    else:
        assert swapped == code
