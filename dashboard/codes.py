"""全国地方公共団体コード (local government codes) and their check digit.

Lists arrive with 5 digits (N03_007, e-Stat) or 6 (with check digit, J-LIS lists), and
spreadsheets often drop the leading zero of Hokkaido's 01xxx.  We store 5-digit text.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"^\d+$")


def check_digit(code5: str) -> int:
    """The 6th digit of a 5-digit code: (11 − Σ dᵢ·wᵢ mod 11) mod 10, weights 6,5,4,3,2."""
    if len(code5) != 5 or not _DIGITS.match(code5):
        raise ValueError(f"not a 5-digit code: {code5!r}")
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


def with_check_digit(code5: str) -> str:
    """大町市 20212 → 202126."""
    return code5 + str(check_digit(code5))


def normalize_code(raw: object) -> str:
    """Return the 5-digit code for a 5- or 6-digit input; raise ValueError with the reason.

    Accepts ints and floats from spreadsheets (1100 → 01100, 11002 → 011002 is ambiguous,
    so a 5-digit value is always read as a code without check digit).
    """
    if raw is None:
        raise ValueError("empty code")
    text = str(raw).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text:
        raise ValueError("empty code")
    if not _DIGITS.match(text):
        raise ValueError(f"code {text!r} is not made of digits")
    if len(text) == 4:  # Hokkaido/Aomori/... codes that lost their leading zero
        text = "0" + text
    if len(text) == 5:
        return text
    if len(text) == 6:
        body, given = text[:5], int(text[5])
        expected = check_digit(body)
        if given != expected:
            raise ValueError(
                f"check digit of {text} is {given}, expected {expected} ({body}{expected})"
            )
        return body
    raise ValueError(f"code {text!r} has {len(text)} digits; expected 5, or 6 with check digit")


def pref_of(code5: str) -> str:
    """Two-digit prefecture code of a municipality code."""
    return code5[:2]
