"""A small expression tree for the formulas of a worked solution.

SymPy would reorder and simplify ``y(1 - y)(d - y)`` as it pleases; a worked solution must show
the formula as a student writes it, then the same formula with numbers, then the result. So the
formulas of :mod:`derive.backprop.quantities` are built from these nodes, which keep their order, and
convert to SymPy (:meth:`Expr.sympy`) for everything symbolic (differentiation, code generation).

:func:`evaluate` computes a formula exactly (Fractions) where it can and with ``WORK_DPS``
digits (mpmath) where it must; it is the one evaluator behind training steps, answer checking
and the slips catalogue. It, :func:`to_sympy` and the interval enclosures of
:mod:`derive.grading.intervals` are one walk, :func:`fold`, over different :class:`Arithmetic`.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from itertools import repeat
from typing import Callable, Mapping

import sympy

from derive.model.constants import Constant
from derive.model.numbers import bounded, to_mpf


class Expr:
    __slots__ = ()

    def __add__(self, other): return Add((self, lift(other)))
    def __radd__(self, other): return Add((lift(other), self))
    def __sub__(self, other): return Add((self, Neg(lift(other))))
    def __rsub__(self, other): return Add((lift(other), Neg(self)))
    def __mul__(self, other): return Mul((self, lift(other)))
    def __rmul__(self, other): return Mul((lift(other), self))
    def __neg__(self): return Neg(self)


@dataclass(frozen=True, slots=True)
class Sym(Expr):
    name: str          # a quantity name of CONTRACT.md (``y[1]``, ``w[2,3]``) or an input name


@dataclass(frozen=True, slots=True)
class Num(Expr):
    value: Fraction            # or a Constant written in the network file (``1 + sin(pi/4)``)


@dataclass(frozen=True, slots=True)
class Neg(Expr):
    arg: Expr


@dataclass(frozen=True, slots=True)
class Add(Expr):
    terms: tuple


@dataclass(frozen=True, slots=True)
class Mul(Expr):
    factors: tuple


@dataclass(frozen=True, slots=True)
class Pow(Expr):
    base: Expr
    exp: int


@dataclass(frozen=True, slots=True)
class Div(Expr):
    """num / den (softmax's e^{v_k} / Σ e^{v_j})."""
    num: Expr
    den: Expr


@dataclass(frozen=True, slots=True)
class Func(Expr):
    """A function (:class:`derive.model.functions.Function`: an activation with its parameters,
    exp, ln) applied to its argument; the function knows its exact and SymPy values."""
    act: object
    arg: Expr

    @property
    def name(self) -> str:
        return self.act.name


def lift(x) -> Expr:
    if isinstance(x, Expr):
        return x
    return Num(Fraction(x))


def rebuild(e: Expr, replace: Callable[[Expr], Expr | None]) -> Expr:
    """``e`` with every subtree for which ``replace`` gives an expression replaced by it (the
    rest rebuilt around the replacements)."""
    new = replace(e)
    if new is not None:
        return new
    if isinstance(e, (Sym, Num)):
        return e
    if isinstance(e, Neg):
        return Neg(rebuild(e.arg, replace))
    if isinstance(e, Add):
        return Add(tuple(rebuild(t, replace) for t in e.terms))
    if isinstance(e, Mul):
        return Mul(tuple(rebuild(f, replace) for f in e.factors))
    if isinstance(e, Pow):
        return Pow(rebuild(e.base, replace), e.exp)
    if isinstance(e, Div):
        return Div(rebuild(e.num, replace), rebuild(e.den, replace))
    if isinstance(e, Func):
        return Func(e.act, rebuild(e.arg, replace))
    raise TypeError(e)


def substitute(e: Expr, mapping: Mapping[str, Expr]) -> Expr:
    """Replace symbols by expressions (used by the slips catalogue)."""
    return rebuild(e, lambda n: mapping.get(n.name) if isinstance(n, Sym) else None)


def symbols(e: Expr, out: set | None = None) -> set:
    """The names of every symbol in ``e``."""
    out = set() if out is None else out
    if isinstance(e, Sym):
        out.add(e.name)
    elif isinstance(e, (Neg, Pow)):
        symbols(e.arg if isinstance(e, Neg) else e.base, out)
    elif isinstance(e, (Add, Mul)):
        for t in (e.terms if isinstance(e, Add) else e.factors):
            symbols(t, out)
    elif isinstance(e, Div):
        symbols(e.num, out)
        symbols(e.den, out)
    elif isinstance(e, Func):
        symbols(e.arg, out)
    return out


def plus(a, b):
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return bounded(a + b)
    return to_mpf(a) + to_mpf(b)


def divide(a, b):
    if isinstance(b, Fraction) and b == 0:
        raise ZeroDivisionError("division by zero")
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return bounded(a / b)
    if isinstance(a, Fraction) and a == 0:
        return Fraction(0)
    return to_mpf(a) / to_mpf(b)


def times(a, b):
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return bounded(a * b)
    if (isinstance(a, Fraction) and a == 0) or (isinstance(b, Fraction) and b == 0):
        return Fraction(0)
    return to_mpf(a) * to_mpf(b)


@dataclass(frozen=True)
class Arithmetic:
    """The operations a formula is computed with, one table per kind of value: exact numbers
    (:data:`EXACT`), SymPy (:data:`SYMPY`), intervals and their derivatives
    (:mod:`derive.grading.intervals`). ``add`` and ``mul`` take the values of all the terms or
    factors, in order; ``func`` the :class:`Func` node and the value of its argument."""
    num: Callable           # a Num's value (Fraction or Constant) -> value
    neg: Callable
    add: Callable           # [value, ...] -> value
    mul: Callable
    pow: Callable           # (value, int) -> value
    div: Callable
    func: Callable          # (Func, value) -> value


def fold(e: Expr, ar: Arithmetic, leaf: Callable[[str], object]):
    """The value of ``e`` computed with ``ar``, a symbol's value being ``leaf(name)``: the one
    walk behind :func:`evaluate`, :func:`to_sympy` and the interval enclosures."""
    if isinstance(e, Sym):
        return leaf(e.name)
    if isinstance(e, Num):
        return ar.num(e.value)
    if isinstance(e, Add):
        return ar.add([fold(t, ar, leaf) for t in e.terms])
    if isinstance(e, Mul):
        return ar.mul([fold(f, ar, leaf) for f in e.factors])
    if isinstance(e, Neg):
        return ar.neg(fold(e.arg, ar, leaf))
    if isinstance(e, Pow):
        return ar.pow(fold(e.base, ar, leaf), e.exp)
    if isinstance(e, Div):
        return ar.div(fold(e.num, ar, leaf), fold(e.den, ar, leaf))
    if isinstance(e, Func):
        return ar.func(e, fold(e.arg, ar, leaf))
    raise TypeError(f"no rule for {e!r}")


#: exact arithmetic: Fractions while they stay small, ``WORK_DPS``-digit mpfs past that
EXACT = Arithmetic(
    num=lambda value: value, neg=lambda a: -a,
    add=lambda values: reduce(plus, values, Fraction(0)),
    mul=lambda values: reduce(times, values, Fraction(1)),
    pow=lambda base, k: reduce(times, repeat(base, k), Fraction(1)),
    div=divide, func=lambda f, arg: f.act.exact(arg))


def evaluate(e: Expr, env: Mapping[str, object]):
    """The value of ``e`` with every symbol looked up in ``env`` (Fractions or mpfs)."""
    return fold(e, EXACT, env.__getitem__)


# --------------------------------------------------------------------------- SymPy
def _sympy_number(value) -> sympy.Expr:
    return value.expr if isinstance(value, Constant) else sympy.Rational(value.numerator, value.denominator)


SYMPY = Arithmetic(
    num=_sympy_number, neg=lambda a: -a, add=lambda values: sympy.Add(*values),
    mul=lambda values: sympy.Mul(*values), pow=lambda base, k: base ** k, div=lambda a, b: a / b,
    func=lambda f, arg: f.act.sympy(arg))


def to_sympy(e: Expr, symbol: Callable[[str], sympy.Expr] = sympy.Symbol) -> sympy.Expr:
    """The formula as a SymPy expression; ``symbol`` maps a name to a SymPy object."""
    return fold(e, SYMPY, symbol)


Expr.sympy = lambda self, symbol=sympy.Symbol: to_sympy(self, symbol)
