"""sigmoid (Hagan's logsig): y = 1/(1 + e^(−a v)), φ'(v) = a y (1 − y)."""
from fractions import Fraction

import numpy as np
import sympy

from derive.model.activations.base import Activation, np_sigmoid
from derive.model.formula import Func, Mul, Num
from derive.model.numbers import MP, to_mpf


class Sigmoid(Activation):
    name = "sigmoid"
    aliases = ("logsig",)
    names = {"text": "sigmoid", "latex": r"\sigma", "unicode": "σ"}
    defaults = {"a": Fraction(1)}
    ranges = {"a": (Fraction(1, 2), Fraction(2))}
    takes_slope = True
    formula_text = "1/(1 + exp(-a v))"
    derivative_text = "a y (1 - y)"

    def prepare(self):
        self._a = float(self.a)

    def phi(self, v):
        # σ(a v): the unit sigmoid of a·v, so the slope is printed where it acts
        return Func(self, v) if self.a == 1 else Func(Sigmoid(), Mul((Num(self.a), v)))

    def dphi(self, v, y):
        core = Mul((y, 1 - y))
        return core if self.a == 1 else Mul((Num(self.a), y, 1 - y))

    def exact(self, v):
        if isinstance(v, Fraction) and v == 0:
            return Fraction(1, 2)
        z = -to_mpf(self.a) * to_mpf(v)
        if z > 0:                                # 1/(1 + e^z) without overflow for large z
            ez = MP.exp(-z)
            return ez / (1 + ez)
        return 1 / (1 + MP.exp(z))

    def sympy(self, x):
        a = sympy.Rational(self.a.numerator, self.a.denominator)
        return 1 / (1 + sympy.exp(-a * x))

    def numpy(self, V, axis=-1):
        return np_sigmoid(V if self._a == 1 else self._a * V)

    def np_dphi(self, V, Y):
        return self._a * Y * (1.0 - Y)

    def torch(self, V):
        import torch
        return torch.sigmoid(V if self._a == 1 else self._a * V)
