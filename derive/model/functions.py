"""A function that a formula applies to one argument: an activation, or exp and ln (softmax,
cross-entropy). Each owns its exact value (Fractions where rational, else ``WORK_DPS``-digit
mpmath), its SymPy form and its printed name per output format.

Printed names are keyed by format: ``text`` (plain ASCII), ``latex``, and ``unicode`` (plain
Unicode, for the HTML/MathML backend).
"""
from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

import sympy

from derive.model.numbers import MP, to_mpf


class Function:
    """φ of one argument. Subclasses set ``name`` and ``names`` and define the value forms."""
    name: ClassVar[str] = ""
    names: ClassVar[dict[str, str]] = {}

    def printed(self, fmt: str) -> str:
        """The name as the ``fmt`` output format prints it (text, latex, unicode)."""
        return self.names.get(fmt) or self.names.get("text") or self.name

    def exact(self, v):
        """φ(v) of a Fraction or an mpf: a Fraction where the value is rational and known so."""
        raise NotImplementedError

    def sympy(self, x: sympy.Expr) -> sympy.Expr:
        raise NotImplementedError

    def __repr__(self):
        return self.name


class Exp(Function):
    name = "exp"
    names = {"text": "exp", "latex": r"\exp", "unicode": "exp"}

    def exact(self, v):
        return Fraction(1) if isinstance(v, Fraction) and v == 0 else MP.exp(to_mpf(v))

    def sympy(self, x):
        return sympy.exp(x)


class Ln(Function):
    name = "ln"
    names = {"text": "ln", "latex": r"\ln", "unicode": "ln"}

    def exact(self, v):
        if isinstance(v, Fraction) and v == 1:
            return Fraction(0)
        if v <= 0:
            raise ZeroDivisionError(f"ln of {v}: not positive")
        return MP.log(to_mpf(v))

    def sympy(self, x):
        return sympy.log(x)


EXP, LN = Exp(), Ln()
