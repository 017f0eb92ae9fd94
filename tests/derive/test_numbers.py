from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st
from support import examples

from derive.grading.typed import read_number
from derive.model.numbers import MP, NumberError, exact_str, parse_number, round_sig, text_number, to_fraction


@pytest.mark.parametrize("value,expected", [
    (1, Fraction(1)), (0.15, Fraction(15, 100)), ("-3/2", Fraction(-3, 2)), ("1e-3", Fraction(1, 1000)),
    ("-0.5", Fraction(-1, 2)), (" 2.50 ", Fraction(5, 2)), ("+.5", Fraction(1, 2)), (1e300, Fraction(10**300)),
    ("6/-4", Fraction(-3, 2)), ("1+1", Fraction(2)),      # a constant expression (version 2)
])
def test_parse_exact(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", ["1/0", "nan", "inf", True, "__import__('os')", "", "1e999",
                                   float("nan"), float("inf"), [1], "0x10", "1_000"])
def test_parse_rejects(value):
    with pytest.raises(NumberError):
        parse_number(value)


@given(st.integers(-10**12, 10**12), st.integers(0, 12))
def test_parse_decimal_string_is_exact(n, places):
    text = str(Decimal(n).scaleb(-places))
    assert parse_number(text) == Fraction(n, 10**places)


@given(st.fractions(min_value=-10**6, max_value=10**6).filter(lambda q: q != 0), st.integers(1, 12))
def test_round_sig_matches_decimal_half_up(q, digits):
    m, e = round_sig(q, digits)
    assert len(str(abs(m))) == digits
    # reference: exact rational rounded half away from zero at the same exponent
    scaled = abs(q) / Fraction(10) ** e
    ref = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    assert abs(m) == ref
    # and the rounded value is within half a unit of the last digit
    assert abs(Fraction(m) * Fraction(10) ** e - q) <= Fraction(10) ** e / 2


@settings(max_examples=examples(500))
@given(st.integers(1, 2**270), st.integers(-6000, 6000), st.booleans(), st.integers(1, 50))
def test_round_sig_of_an_mpf_rounds_its_exact_binary_value(man, exp, negative, digits):
    """In integers up to 2^±4096 (numbers.MAX_EXACT_ROUNDING_BITS), in mpmath beyond: both
    round the exact binary value half away from zero."""
    x = MP.ldexp(MP.mpf(-man if negative else man), exp)             # ±man·2^exp (man to 80 digits)
    q = to_fraction(x)                                                # its exact binary value
    m, e = round_sig(x, digits)
    assert len(str(abs(m))) == digits and (m < 0) == negative
    scaled = abs(q) / Fraction(10) ** e                                  # half away from zero
    assert abs(m) == int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)


@pytest.mark.parametrize("x", ["1e300", "-1e-300", "exp(1e300)", "exp(-1e300)", "1e123456789012345"])
def test_round_sig_of_an_mpf_of_any_magnitude(x):
    v = MP.mpf(x) if not x.startswith("exp") else MP.exp(MP.mpf(x[4:-1]))
    m, e = round_sig(v, 4)
    assert 1000 <= abs(m) < 10000
    assert abs(MP.mpf(m) * MP.mpf(10) ** e / v - 1) < MP.mpf("1e-3")


@given(st.fractions(min_value=-1000, max_value=1000), st.integers(1, 10))
def test_format_round_trip(q, digits):
    """Printing to N digits and reading back is within half a unit of the last digit."""
    text = text_number(MP.mpf(q.numerator) / q.denominator, digits)
    back = parse_number(text)
    typed = read_number(text)                  # the checker reads what solve prints
    assert typed.value == back
    assert abs(back - q) <= typed.unit / 2 + Fraction(1, 10**60)
    if q != 0:
        assert typed.sig == digits


@pytest.mark.parametrize("x,digits,expected", [
    (Fraction(-3, 2), 4, "-1.5"), (Fraction(2), 4, "2"), (Fraction(1, 4), 1, "0.3"),
    (MP.mpf(1) / 4, 4, "0.2500"), (Fraction(1, 3), 3, "0.333"), (MP.mpf("1e-5"), 2, "1.0e-5"),
    (Fraction(123456789), 3, "1.23e8"), (MP.mpf("9.9996"), 4, "10.00"), (Fraction(-1, 8), 2, "-0.13"),
])
def test_format_examples(x, digits, expected):
    assert text_number(x, digits) == expected


def test_exact_str():
    assert exact_str(Fraction(-3, 2)) == "-1.5"
    assert exact_str(Fraction(1, 3)) == "1/3"
    s = exact_str(1 / (1 + MP.exp(MP.mpf(3) / 2)))
    assert s.startswith("0.18242552380635634039") and len(s.replace("0.", "", 1)) >= 30


@pytest.mark.parametrize("text,sig,unit", [
    ("0.0185", 3, Fraction(1, 10000)), ("1.50", 3, Fraction(1, 100)), ("-2", 1, 1), ("0", 0, 1),
    ("0.0", 0, Fraction(1, 10)), ("0.182", 3, Fraction(1, 1000)), ("1.5e-3", 2, Fraction(1, 10000)),
    (".062", 2, Fraction(1, 1000)), ("0.0620", 3, Fraction(1, 10000)), ("1.824×10^-1", 4, Fraction(1, 10000)),
])
def test_significant_digits_as_written(text, sig, unit):
    t = read_number(text)
    assert (t.sig, t.unit) == (sig, unit)


def test_one_rule_for_what_keyboards_type():
    """Unicode minus signs and dashes are a minus, Unicode decimal digits (fullwidth,
    Arabic-Indic) their ASCII digit: in network files and answers alike."""
    assert parse_number("\u22121.5") == parse_number("\u20131.5") == Fraction(-3, 2)
    assert parse_number("\uff11.\uff15") == parse_number("\u0661.\u0665") == Fraction(3, 2)
    assert read_number("\u22121.5").value == Fraction(-3, 2)
    with pytest.raises(NumberError):
        parse_number("1.5\u00b2")              # a superscript two is not a digit


def test_to_fraction_of_mpf_is_exact():
    x = MP.mpf(1) / 3
    assert abs(to_fraction(x) - Fraction(1, 3)) < Fraction(1, 10**70)


def test_round_sig_of_a_double_exponent_mpf():
    """exp(-1.48e36) has a binary exponent of 2·10^36: its decimal exponent must be exact."""
    x = MP.exp(-MP.mpf("1.4816e36"))
    m, e = round_sig(x, 5)
    with MP.workdps(60):
        assert 10**4 <= m < 10**5
        assert abs(MP.mpf(m) * MP.mpf(10) ** e / x - 1) < MP.mpf(10) ** -4

