"""The safe parser for separation lines: linear equations only, nothing evaluated."""
from fractions import Fraction as F

import pytest
from hypothesis import given, strategies as st

from derive.grading.linear import LinearError, parse_equation

NAMES = ["x1", "x2"]


@pytest.mark.parametrize("text,coeffs,const", [
    ("x2 = -x1 + 1.5", (1, 1), F(-3, 2)),
    ("2*x1 + x2 = 5/2", (2, 1), F(-5, 2)),
    ("x1 + x2 - 0.5 = 0", (1, 1), F(-1, 2)),
    ("2(x1 + x2) = 5", (2, 2), -5),
    ("-(x1 - x2)/2 = 1e-1", (F(-1, 2), F(1, 2)), F(-1, 10)),
    ("x1 = 3", (1, 0), -3),
])
def test_parses(text, coeffs, const):
    assert parse_equation(text, NAMES) == (tuple(F(c) for c in coeffs), F(const))


@pytest.mark.parametrize("text,words", [
    ("x1*x2 = 1", "not linear"), ("1/x1 = 2", "division by an input"), ("x1 = 1/0", "division by zero"),
    ("__import__('os') = 1", "unexpected character"), ("__import__ = 1", "unknown name"), ("x1 + x2", "exactly one '='"), ("x1 = = 2", "exactly one"),
    ("3 = 3", "not a line"), ("x1 = (2", "expected ')'"), ("x1 ^ 2 = 1", "unexpected character"),
    ("x" * 400 + " = 1", "longer than"),
])
def test_rejects(text, words):
    with pytest.raises(LinearError, match=words.replace("(", r"\(").replace(")", r"\)")):
        parse_equation(text, NAMES)


@given(st.integers(-9, 9), st.integers(-9, 9), st.fractions(-10, 10, max_denominator=8))
def test_round_trip_of_written_lines(a, b, c):
    """a*x1 + b*x2 = c written out and read back gives the same line."""
    if a == 0 and b == 0:
        return
    text = f"{a}*x1 + {b}*x2 = {c}"
    coeffs, const = parse_equation(text, NAMES)
    assert coeffs == (F(a), F(b)) and const == -c
