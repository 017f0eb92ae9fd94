"""One activation = one small object: φ and φ' side by side — exactly (Fractions, or mpmath
where a transcendental function forces it), in SymPy, in NumPy, and as a worked solution writes
it.

φ'(v) is written the way a student writes it, in terms of the neuron's output y where that is
the custom (a·y(1 − y) for the sigmoid, 1 − y² for tanh). ``tests/derive/test_activations.py``
proves each written form equal to ``sympy.diff`` of φ.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import numpy as np
import sympy

from derive.model.formula import Expr, Func, Mul, Num, Pow, lift
from derive.model.numbers import MP, to_mpf

ONE = Fraction(1)


def _np_sigmoid(v, a=1.0):
    # Stable for |a v| up to 1e4 and beyond: never exponentiates a positive number.
    z = np.exp(-np.abs(a * v))
    return np.where(a * v >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def _exact_sigmoid(v, a):
    if isinstance(v, Fraction) and v == 0:
        return Fraction(1, 2)
    z = -to_mpf(ONE if a is None else a) * to_mpf(v)
    if z > 0:                                    # 1/(1+e^z) without overflow for large z
        ez = MP.exp(-z)
        return ez / (1 + ez)
    return 1 / (1 + MP.exp(z))


def _exact_tanh(v, a):
    return Fraction(0) if isinstance(v, Fraction) and v == 0 else MP.tanh(to_mpf(v))


@dataclass(frozen=True, eq=False)
class Activation:
    name: str
    threshold: bool                              # step/sign: part (a) and (b) apply, no gradient
    exact: Callable                              # φ(v, slope) on a Fraction or mpf; exact where rational
    sympy: Callable                              # φ(arg, slope) as a SymPy expression
    dphi: Callable[[Expr, Expr, Fraction], Expr] | None   # φ'(v) as written, from v, y, slope
    np_phi: Callable
    np_dphi: Callable | None                     # φ'(v) numerically, from v, y, slope
    doc: str

    def phi(self, v: Expr, slope: Fraction = ONE) -> Expr:
        return Func(self, v, None if slope == 1 or self.name != "sigmoid" else Num(slope))

    def derivative(self, v: Expr, y: Expr, slope: Fraction = ONE) -> Expr:
        if self.dphi is None:
            raise ValueError(f"the {self.name} activation has no useful derivative")
        return self.dphi(v, y, slope)


def _sigmoid_dphi(v, y, a):
    core = Mul((y, 1 - y))
    return core if a == 1 else Mul((Num(a), y, 1 - y))


STEP = Activation(
    "step", True,
    lambda v, a=None: ONE if v > 0 else Fraction(0),
    lambda x, a=None: sympy.Heaviside(x, 0),      # the seed's φ: 0 at v = 0 (SymPy's default is 1/2)
    None, lambda v, a=1.0: (v > 0).astype(float), None,
    "1 for v > 0, 0 for v <= 0")

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (
    STEP,
    Activation("sign", True,
               lambda v, a=None: Fraction((v > 0) - (v < 0)), lambda x, a=None: sympy.sign(x),
               None, lambda v, a=1.0: np.sign(v).astype(float), None,
               "1 for v > 0, 0 for v = 0, -1 for v < 0"),
    Activation("sigmoid", False,
               _exact_sigmoid, lambda x, a=None: 1 / (1 + sympy.exp(-(1 if a is None else a) * x)),
               _sigmoid_dphi, _np_sigmoid, lambda v, y, a=1.0: a * y * (1.0 - y),
               "1/(1+exp(-a v)); derivative a y (1 - y)"),
    Activation("tanh", False,
               _exact_tanh, lambda x, a=None: sympy.tanh(x),
               lambda v, y, a: 1 - Pow(y, 2), lambda v, a=1.0: np.tanh(v), lambda v, y, a=1.0: 1.0 - y * y,
               "tanh v; derivative 1 - y^2"),
    Activation("relu", False,
               lambda v, a=None: v if v > 0 else Fraction(0), lambda x, a=None: sympy.Max(0, x),
               lambda v, y, a: Func(STEP, v), lambda v, a=1.0: np.maximum(v, 0.0),
               lambda v, y, a=1.0: (v > 0).astype(float),
               "max(0, v); derivative step(v)"),
    Activation("linear", False,
               lambda v, a=None: v, lambda x, a=None: x,
               lambda v, y, a: lift(1), lambda v, a=1.0: v, lambda v, y, a=1.0: np.ones_like(v),
               "v; derivative 1"),
)}
