"""A student's number as typed: its exact value, its significant digits and the interval of
values that round to it.

Accepted (CONTRACT.md, "Checking, version 2"): integers and decimals (``.062``, ``-1.50``),
scientific notation (``1.84E-2``, ``1.824×10^-1``, ``-6.179 * 10^-2``, ``10^{-2}``), a decimal
comma (``0,182``: one comma, no point), any Unicode minus sign or dash and any Unicode decimal
digit (read by :func:`derive.model.numbers.ascii_number`, the rule network files follow too),
spaces around the number, its sign and its operators, and exact fractions ``"-3/2"``. Anything
else is refused with a message that says what to write instead. Nothing is evaluated as code.

The significant digits are those written: ``0.0620`` has 3, ``-2`` has 1, ``1.824×10^-1`` has 4,
and ``0`` or ``0.00`` has none. A decimal stands for the values within half a unit of its last
written digit (the interval that rounds to it); a fraction stands for itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from derive.model.numbers import (MAX_EXPONENT, MAX_NUMBER_CHARS, NumberError, TomlFloat, ascii_number,
                                  parse_decimal, text_number, to_mpf)

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_MANTISSA = r"(?P<sign>[+-]?)(?P<mant>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_SCIENTIFIC = re.compile(_MANTISSA + r"(?:[eE](?P<e1>[+-]?[0-9]+)"
                         r"|(?:[*×xX·⋅]|\\times|\\cdot)10(?:\^|\*\*)(?:\{(?P<e2>[+-]?[0-9]+)\}|\((?P<e3>[+-]?[0-9]+)\)"
                         r"|(?P<e4>[+-]?[0-9]+)))?")
_FRACTION = re.compile(r"[+-]?[0-9]+/[+-]?[0-9]+")
_SUM = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[+-](?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))+")


@dataclass(frozen=True)
class Typed:
    """A number as the student wrote it."""
    text: str                 # as typed (stripped), for messages
    value: Fraction           # its exact value
    sig: int | None           # significant digits written; None for an exact fraction
    unit: Fraction | None     # one unit of the last written digit; None for a fraction
    mantissa: str = ""        # normalised: digits with a point, no sign (for printing)
    exponent: int = 0         # the power of ten written after the mantissa

    @property
    def exact(self) -> bool:
        """A fraction: it claims every digit."""
        return self.unit is None

    @property
    def zero(self) -> bool:
        return self.value == 0

    def interval(self) -> tuple[Fraction, Fraction]:
        """The values that round to this number at the digits written (a fraction: itself)."""
        if self.unit is None:
            return self.value, self.value
        half = self.unit / 2
        return self.value - half, self.value + half

    def holds(self, x) -> bool:
        """Does the exact number x round to this one at the digits written? (A fraction holds
        only itself.) This is how ``check`` reads an answer: ``-2.0`` holds -2.011 and -2."""
        lo, hi = self.interval()
        if isinstance(x, Fraction):
            return lo <= x <= hi
        return to_mpf(lo) <= x <= to_mpf(hi)

    def negated(self) -> "Typed":
        text = self.text[1:] if self.text.startswith("-") else "-" + self.text
        return Typed(text, -self.value, self.sig, self.unit, self.mantissa, self.exponent)

    def normalised(self) -> str:
        """The number in plain ASCII (``-0.182``, ``1.84e-2``, ``-3/2``) for worked lines."""
        if self.unit is None:
            return str(self.value)
        sign = "-" if self.value < 0 or (self.value == 0 and self.text.startswith("-")) else ""
        return sign + self.mantissa + (f"e{self.exponent}" if self.exponent else "")


def significant(mantissa: str) -> int:
    """Significant digits of an unsigned mantissa as written: leading zeros do not count,
    trailing ones do; a mantissa of zeros has none."""
    return len(mantissa.replace(".", "").lstrip("0"))


def _decimal(sign: str, mant: str, exponent: int, text: str) -> Typed:
    if abs(exponent) > MAX_EXPONENT:
        raise NumberError(f"{text!r}: exponent beyond ±{MAX_EXPONENT}")
    if mant.startswith("."):
        mant = "0" + mant
    if mant.endswith("."):
        mant = mant[:-1]
    whole, _, frac = mant.partition(".")
    scale = exponent - len(frac)                  # the value is (whole frac) * 10^scale
    digits = int(whole + frac) * (-1 if sign == "-" else 1)
    if scale >= 0:
        value = Fraction(digits * 10**scale)
    else:
        value = Fraction(digits, 10**-scale)
    return Typed(text, value, significant(mant), _unit(scale), mant, exponent)


_UNITS: dict[int, Fraction] = {}


def _unit(scale: int) -> Fraction:
    """10^scale as a Fraction (a class writes the same few units over and over)."""
    unit = _UNITS.get(scale)
    if unit is None:
        unit = _UNITS[scale] = Fraction(10**scale) if scale >= 0 else Fraction(1, 10**-scale)
    return unit


def read_number(raw) -> Typed | None:
    """A TOML value as a typed number; None for an empty string (not answered).

    Raises :class:`NumberError` with a message that says what to write instead."""
    if isinstance(raw, bool):
        raise NumberError("true/false is not a number: write the value, e.g. -0.062")
    if isinstance(raw, int):
        if abs(raw).bit_length() > 4 * MAX_NUMBER_CHARS:
            raise NumberError("integer too large")
        text = str(raw)
        return _decimal("-" if raw < 0 else "", text.lstrip("-"), 0, text)
    if isinstance(raw, (TomlFloat, float)):
        text = raw.text if isinstance(raw, TomlFloat) else repr(raw)
        if text.lstrip("+-") in ("inf", "nan"):
            raise NumberError(f"{text} is not a finite number: write the value you computed")
        return read_text(text)
    if isinstance(raw, str):
        return read_text(raw)
    what = {list: "a list", dict: "a table"}.get(type(raw), type(raw).__name__)
    raise NumberError(f"{what} is not a number: write one value, e.g. \"-0.062\"")


def read_text(raw: str) -> Typed | None:
    text = raw.strip()
    if not text:
        return None
    if len(text) > MAX_NUMBER_CHARS:
        raise NumberError(f"number too long ({len(text)} characters, at most {MAX_NUMBER_CHARS})")
    s = _SPACES.sub("", ascii_number(text))
    if "," in s:
        if s.count(",") == 1 and "." not in s:
            s = s.replace(",", ".")                # a decimal comma: 0,182
        else:
            raise NumberError(f"{text!r}: write one decimal separator and no thousands separator, "
                              "e.g. 1234.5 or 1234,5")
    m = _SCIENTIFIC.fullmatch(s)
    if m:
        exp = next((m.group(g) for g in ("e1", "e2", "e3", "e4") if m.group(g) is not None), "0")
        return _decimal(m.group("sign"), m.group("mant"), int(exp), text)
    if _FRACTION.fullmatch(s):
        return Typed(text, parse_decimal(s), None, None)
    raise NumberError(_advice(text, s))


def _advice(text: str, s: str) -> str:
    """What to write instead of something that is not one number."""
    if s.endswith("%"):
        try:
            inner = read_text(s[:-1])
        except NumberError:
            inner = None
        if inner is not None:
            return (f"{text!r} is a percentage: write the number itself, "
                    f"{text_number(inner.value / 100, max(inner.sig or 4, 1))}")
    if _SUM.fullmatch(s):
        total = sum((parse_decimal(t) for t in re.findall(r"[+-]?[0-9.]+", s)), Fraction(0))
        return f"{text!r} is a sum: work it out and write one number ({text_number(total, 6)})"
    if re.search(r"[0-9]", s) and re.search(r"[A-Za-z]", s.replace("e", "").replace("E", "")):
        return f"{text!r}: write the number alone, with no letters or units (e.g. -0.062)"
    return (f"{text!r} is not a number: write a decimal such as -0.062, 0,182, 1.84e-2 or "
            "1.824×10^-1, or a fraction \"-3/2\"")
