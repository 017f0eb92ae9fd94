"""SymPy expressions as the JSON writes them: SymPy's own ``str``, except that an exact integer
longer than ``numbers.PLAIN_CHARS`` digits is written ``(m*10**e)`` — still SymPy-parseable and
exact — so a weight of 1e400 is ``(10**400)*x1``, not 401 digits."""
from __future__ import annotations

import sympy
from sympy.printing.str import StrPrinter

from derive.model.numbers import PLAIN_CHARS


class _Printer(StrPrinter):
    def _print_Integer(self, expr):
        return _integer(int(expr))

    def _print_Rational(self, expr):
        return f"{_integer(int(expr.p))}/{_integer(int(expr.q))}"


def _integer(n: int) -> str:
    s = str(n)
    if len(s.lstrip("-")) <= PLAIN_CHARS:
        return s
    m = s.rstrip("0")
    zeros = len(s) - len(m)
    if zeros == 0:
        return s
    return f"({m}*10**{zeros})" if m not in ("1", "-1") else f"({m[:-1]}10**{zeros})"


def text(expr: sympy.Basic) -> str:
    """``str(expr)`` with long exact integers as powers of ten (see the module)."""
    return _Printer().doprint(expr)
