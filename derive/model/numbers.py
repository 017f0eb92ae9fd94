"""Exact numbers in, correctly rounded numbers out.

Parsing never evaluates text: a number is an integer, a decimal (``0.15`` is 15/100), a
fraction ``"-3/2"`` or scientific notation ``"1e-3"``, matched by regular expressions and
converted with integer arithmetic.

Values flowing through a training step are :class:`fractions.Fraction` while they are exact
and small, and ``MP.mpf`` (a private mpmath context with ``WORK_DPS`` digits) once a
transcendental function or a digit explosion makes exactness impractical.
"""
from __future__ import annotations

import math
import re
import unicodedata
from fractions import Fraction

import mpmath

from derive.model.constants import Constant, ConstantError, ConstantSyntaxError, parse_constant

#: Private mpmath context: nobody else's global precision is touched.
MP = mpmath.MPContext()
WORK_DPS = 80
MP.dps = WORK_DPS
#: Decimal places printed for inexact values in JSON (the contract asks for at least 30).
JSON_DIGITS = 40
#: An exact value whose numerator or denominator grows past this many bits becomes an mpf.
MAX_EXACT_BITS = 512
#: Limits on what a user may write, so no input can ask for an astronomically large integer.
MAX_NUMBER_CHARS = 200
MAX_EXPONENT = 400

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_FRACTION = re.compile(r"([+-]?[0-9]+)\s*/\s*([+-]?[0-9]+)")
#: Characters people type for a minus sign: U+2212 MINUS SIGN, the hyphens and dashes
#: U+2010-U+2015, the small and fullwidth hyphen-minus.
MINUS_SIGNS = "\u2212\u2010\u2011\u2012\u2013\u2014\u2015\ufe63\uff0d"
_ASCII_MINUS = str.maketrans({c: "-" for c in MINUS_SIGNS})


class NumberError(ValueError):
    """A value that is not an exact finite number; the message says why."""


class TomlFloat:
    """A TOML float as it was written. Files are read with ``tomllib.loads(text,
    parse_float=TomlFloat)``, so ``0.15`` is 15/100 exactly and ``0.1820`` keeps its four
    significant digits, whatever binary floats would make of them."""
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text.replace("_", "")       # TOML allows 1_000.5

    def __repr__(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, TomlFloat) and other.text == self.text

    def __hash__(self):
        return hash(self.text)


def ascii_number(text: str) -> str:
    """One rule for what a keyboard types: every Unicode minus sign or dash (U+2212, en dash,
    ...) is a minus, and every Unicode decimal digit (fullwidth ``１``, Arabic-Indic ``١``, ...)
    the ASCII digit of the same value. Nothing else changes."""
    if text.isascii():
        return text
    text = text.translate(_ASCII_MINUS)
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.category(c) == "Nd"
                   else c for c in text)


def parse_decimal(text: str) -> Fraction:
    """The exact value of a decimal or fraction written as text (never evaluated as code);
    non-ASCII minus signs and digits are read by :func:`ascii_number`."""
    s = ascii_number(text.strip())
    if len(s) > MAX_NUMBER_CHARS:
        raise NumberError(f"number too long ({len(s)} characters, at most {MAX_NUMBER_CHARS})")
    m = _FRACTION.fullmatch(s)
    if m:
        num, den = int(m.group(1)), int(m.group(2))
        if den == 0:
            raise NumberError(f"{text!r} divides by zero")
        return Fraction(num, den)
    if not _DECIMAL.fullmatch(s):
        raise NumberError(f"{text!r} is not a number (expected e.g. 2, -1.5, \"-3/2\" or \"1e-3\")")
    mant, _, exp = s.lower().partition("e")
    e = int(exp) if exp else 0
    if abs(e) > MAX_EXPONENT:
        raise NumberError(f"{text!r}: exponent beyond ±{MAX_EXPONENT}")
    sign = -1 if mant.startswith("-") else 1
    mant = mant.lstrip("+-")
    whole, _, frac = mant.partition(".")
    digits = int((whole or "0") + frac)
    e -= len(frac)
    return sign * (Fraction(digits * 10**e) if e >= 0 else Fraction(digits, 10**-e))


def parse_number(value):
    """A TOML value (int, float, or string) as an exact Fraction — or, for a string holding an
    irrational constant expression (``"1 + sin(pi/4)"``, see :mod:`derive.model.constants`), a
    :class:`~derive.model.constants.Constant`.

    A TOML float is taken as the decimal it was written as (see :class:`TomlFloat`); a Python
    float, from a caller's own dict, as its shortest repr: ``repr(0.15)`` is ``'0.15'``.
    """
    if isinstance(value, bool):
        raise NumberError(f"{str(value).lower()} is a boolean, not a number")
    if isinstance(value, int):
        if abs(value).bit_length() > 4 * MAX_NUMBER_CHARS:
            raise NumberError("integer too large")
        return Fraction(value)
    if isinstance(value, TomlFloat):
        if value.text.lstrip("+-") in ("inf", "nan"):
            raise NumberError(f"{value.text} is not a finite number")
        return parse_decimal(value.text)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError(f"{value!r} is not a finite number")
        return parse_decimal(repr(value))
    if isinstance(value, str):
        s = ascii_number(value.strip())
        if _FRACTION.fullmatch(s) or _DECIMAL.fullmatch(s) or len(s) > MAX_NUMBER_CHARS:
            return parse_decimal(value)
        try:
            return parse_constant(s)
        except ConstantSyntaxError as e:
            raise NumberError(f"{value!r} is not a number (expected e.g. 2, -1.5, \"-3/2\", \"1e-3\" "
                              f"or a constant such as \"1 + sin(pi/4)\"): {e}") from None
        except ConstantError as e:
            raise NumberError(f"{value!r}: {e}") from None
    raise NumberError(f"expected a number, got {type(value).__name__}")


# --------------------------------------------------------------------------- conversions
def to_mpf(x):
    if isinstance(x, MP.mpf):
        return x
    if isinstance(x, Constant):
        return x.at(MP.dps)
    return MP.mpf(x.numerator) / x.denominator


def to_fraction(x) -> Fraction:
    """The exact rational value of a Fraction or an mpf (an mpf is a binary fraction)."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, MP.mpf):
        if not MP.isfinite(x):
            raise NumberError(f"{x} is not finite")
        sign, man, exp, _ = x._mpf_
        v = Fraction(man) * (Fraction(2) ** exp)
        return -v if sign else v
    return parse_number(x)


def bounded(x):
    """Keep a Fraction exact while it is small; past ``MAX_EXACT_BITS`` switch to an mpf."""
    if isinstance(x, Fraction) and (x.numerator.bit_length() > MAX_EXACT_BITS
                                    or x.denominator.bit_length() > MAX_EXACT_BITS):
        return to_mpf(x)
    return x


# --------------------------------------------------------------------------- formatting
def _terminating(q: Fraction) -> bool:
    d = q.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _plain(q: Fraction) -> str:
    """A terminating fraction as a plain decimal string, exactly."""
    sign = "-" if q < 0 else ""
    q = abs(q)
    places = 0
    while (q * 10**places).denominator != 1:
        places += 1
    n = int(q * 10**places)
    s = str(n).rjust(places + 1, "0")
    if places:
        s = s[:-places] + "." + s[-places:]
    return sign + s


def round_sig(x, digits: int) -> tuple[int, int]:
    """``(m, e)`` with ``x ≈ m * 10**e``, ``m`` having exactly ``digits`` digits (or 0).

    Rounds half away from zero, as a student does: exactly for a Fraction, and for an mpf in
    mpmath itself (an mpf like exp(-10^10) has no manageable exact rational form).
    """
    if digits < 1:
        raise ValueError("digits must be at least 1")
    if isinstance(x, MP.mpf):
        return _round_sig_mpf(x, digits)
    q = to_fraction(x)
    if q == 0:
        return 0, 0
    a = abs(q)
    e = _floor_log10(a) - digits + 1
    scaled = a / (Fraction(10) ** e)
    m = math.floor(scaled + Fraction(1, 2))
    if m >= 10**digits:  # 9.995 -> 10.0: one more digit appeared
        e += 1
        m = math.floor(a / (Fraction(10) ** e) + Fraction(1, 2))
    return (-m if q < 0 else m), e


_LOG10_2 = 0.30102999566398120


def _round_sig_mpf(x, digits: int) -> tuple[int, int]:
    sign, man, exp, bc = x._mpf_
    if not man:                     # 0, or ±inf or nan (mpmath's special values have no mantissa)
        if not MP.isfinite(x):
            raise NumberError(f"{x} is not finite")
        return 0, 0
    if abs(exp) <= MAX_EXACT_ROUNDING_BITS:
        return _round_sig_binary(-man if sign else man, exp, exp + bc, digits)
    a = abs(x)
    mag = MP.mag(a)
    if abs(mag) < 2**40:
        # 2^(mag-1) <= a < 2^mag bounds log10(a) to within 0.302 (no log needed; a float product
        # is within 10⁻⁴ of the true one): the decimal exponent is the estimate's or one more
        with MP.workdps(max(WORK_DPS, digits + 20)):
            e = math.floor((mag - 1) * _LOG10_2) - digits + 1
            return _settle(x < 0, lambda e: int(MP.floor(a * MP.mpf(10) ** (-e) + MP.mpf(1) / 2)), e, digits)
    # exp(±1e72) and beyond: the decimal exponent has more digits than a float, and 10^−e
    # would cost milliseconds; log10(a) to as many digits as the exponent has, plus the
    # mantissa's, gives both at once
    with MP.workdps(len(str(abs(mag))) + digits + 20):
        log = MP.log10(a)
        e = int(MP.floor(log)) - digits + 1
        return _settle(x < 0, lambda e: int(MP.floor(MP.power(10, log - e) + MP.mpf(1) / 2)), e, digits)


#: an mpf man·2^exp with |exp| up to this is rounded exactly in integers (a few hundred digits
#: at most: microseconds); beyond, in mpmath at a working precision
MAX_EXACT_ROUNDING_BITS = 4096


def _round_sig_binary(man: int, exp: int, mag: int, digits: int) -> tuple[int, int]:
    """``round_sig`` of the binary fraction man·2^exp (2^(mag−1) ≤ |man·2^exp| < 2^mag),
    exactly: m = ⌊|man|·2^exp / 10^e + ½⌋ in integers."""
    a = abs(man)

    def rounded(e: int) -> int:
        num = a << exp if exp > 0 else a
        den = 1 << -exp if exp < 0 else 1
        if e < 0:
            num *= 10 ** -e
        else:
            den *= 10 ** e
        return (2 * num + den) // (2 * den)
    return _settle(man < 0, rounded, math.floor((mag - 1) * _LOG10_2) - digits + 1, digits)


def _settle(negative: bool, rounded, e: int, digits: int) -> tuple[int, int]:
    """``(m, e)`` with m = ``rounded(e)`` (|x| / 10^e rounded half up) of exactly ``digits``
    digits, moving e by one where the estimate of the exponent was off."""
    for _ in range(4):
        m = rounded(e)
        if m >= 10**digits:
            e += 1
        elif m < 10 ** (digits - 1):
            e -= 1
        else:
            break
    return (-m if negative else m), e


def _floor_log10(a: Fraction) -> int:
    e = len(str(a.numerator)) - len(str(a.denominator))
    while Fraction(10) ** e > a:
        e -= 1
    while Fraction(10) ** (e + 1) <= a:
        e += 1
    return e


def format_sig(x, digits: int, sci_below: float = 1e-4, sci_from: float = 1e6) -> tuple[str, int | None]:
    """``(mantissa_text, exponent)`` for ``x`` to ``digits`` significant digits.

    Exact values that need no more digits than asked are written exactly (``-1.5``, ``2``),
    never padded (``-1.500``); other values keep their significant trailing zeros.
    ``exponent`` is None unless scientific notation is used (tiny or huge magnitudes).
    """
    if isinstance(x, Fraction) and _terminating(x):
        q = x
        s = _plain(q)
        sig = len(s.lstrip("-").replace(".", "").lstrip("0")) or 1
        if sig <= digits and (q == 0 or sci_below <= abs(q) < sci_from):
            return s, None
    if isinstance(x, Constant):
        x = x.value
    m, e = round_sig(x if isinstance(x, (Fraction, MP.mpf)) else to_fraction(x), digits)
    if m == 0:
        return "0", None
    sign = "-" if m < 0 else ""
    ds = str(abs(m))
    top = e + len(ds) - 1  # decimal exponent of the leading digit
    # e > 0 would print non-significant trailing zeros (1200 for 1.2e3): use scientific then
    if top < math.log10(sci_below) - 1e-9 or top >= math.log10(sci_from) - 1e-9 or e > 0:
        mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
        return sign + mant, top
    if e >= 0:
        return sign + ds + "0" * e, None
    point = len(ds) + e
    if point > 0:
        return sign + ds[:point] + "." + ds[point:], None
    return sign + "0." + "0" * (-point) + ds, None


def text_number(x, digits: int, **bounds) -> str:
    """``x`` to ``digits`` significant digits as plain text (``1.0e-5`` when scientific)."""
    mant, exp = format_sig(x, digits, **bounds)
    return mant if exp is None else f"{mant}e{exp}"


#: An exact number whose plain decimal form is longer than this is written in scientific
#: notation, exactly (every significant digit kept): 1e400 is ``1e400``, not 401 digits.
PLAIN_CHARS = 60


def exact_scientific(q: Fraction) -> tuple[str, int] | None:
    """``(mantissa, exponent)`` with q = mantissa × 10^exponent exactly, the mantissa written
    ``d.ddd`` with every significant digit and no trailing zero (``("-1.5", -390)``); None when
    q is 0 or not a terminating decimal."""
    if q == 0 or not _terminating(q):
        return None
    k = 0
    while (abs(q) * 10**k).denominator != 1:
        k += 1
    n = abs(q.numerator) * (10**k // q.denominator)
    digits = str(n).rstrip("0")
    exponent = len(str(n)) - 1 - k
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return ("-" if q < 0 else "") + mantissa, exponent


def exact_str(x, limit: int = PLAIN_CHARS) -> str:
    """JSON form of a value: its exact short form (scientific past ``limit`` characters,
    exactly), else a decimal of ``JSON_DIGITS`` digits. The numbers of a network file are
    written with ``limit=MAX_NUMBER_CHARS``, so they are always exact."""
    if isinstance(x, Constant):                # a constant as written, in SymPy's syntax
        return x.printed("sympy")
    if isinstance(x, Fraction):
        if _terminating(x):
            s = _plain(x)
            if len(s) <= limit:
                return s
            mantissa, exponent = exact_scientific(x)
            if len(mantissa) <= limit:
                return f"{mantissa}e{exponent}"
        elif len(str(x)) <= limit:
            return str(x)
    return text_number(x, JSON_DIGITS, sci_below=1e-30, sci_from=1e30)
