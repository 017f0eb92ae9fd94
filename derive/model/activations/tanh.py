"""tanh (Hagan's tansig): y = a tanh(b v), φ'(v) = (b/a)(a − y)(a + y); 1 − y² for a = b = 1.

Haykin's recommended a = 1.7159, b = 2/3; the bipolar sigmoid 2/(1 + e^(−v)) − 1 is a = 1,
b = 1/2.
"""
from fractions import Fraction

import numpy as np
import sympy

from derive.model.activations.base import Activation
from derive.model.formula import Div, Func, Mul, Num, Pow
from derive.model.numbers import MP, to_mpf


#: 1 as a 0-d array: a ufunc converts a Python float on every call (as long as the operation
#: itself on a small block)
_ONE = np.array(1.0)


def _rational(q):
    return sympy.Rational(q.numerator, q.denominator)


class Tanh(Activation):
    name = "tanh"
    aliases = ("tansig",)
    names = {"text": "tanh", "latex": r"\tanh", "unicode": "tanh"}
    defaults = {"a": Fraction(1), "b": Fraction(1)}
    ranges = {"a": (Fraction(1, 2), Fraction(2)), "b": (Fraction(1, 2), Fraction(2))}
    formula_text = "a tanh(b v)"
    derivative_text = "(b/a)(a - y)(a + y), 1 - y^2 for a = b = 1"

    def phi(self, v):
        if self.a == 1 and self.b == 1:
            return Func(self, v)
        inner = Func(Tanh(), v if self.b == 1 else Mul((Num(self.b), v)))
        return inner if self.a == 1 else Mul((Num(self.a), inner))

    def dphi(self, v, y):
        if self.a == 1 and self.b == 1:
            return 1 - Pow(y, 2)
        ratio = Num(self.b) if self.a == 1 else Div(Num(self.b), Num(self.a))     # b/a as written
        return Mul((ratio, Num(self.a) - y, Num(self.a) + y))

    def exact(self, v):
        if isinstance(v, Fraction) and v == 0:
            return Fraction(0)
        return to_mpf(self.a) * MP.tanh(to_mpf(self.b) * to_mpf(v))

    def sympy(self, x):
        return _rational(self.a) * sympy.tanh(_rational(self.b) * x)

    def prepare(self):
        self.unit = self.a == 1 and self.b == 1
        self._a, self._b = float(self.a), float(self.b)

    def numpy(self, V, axis=-1):
        return np.tanh(V) if self.unit else self._a * np.tanh(self._b * V)

    def forward_into(self, V, out, axis=-1):
        if self.unit:
            np.tanh(V, out)                      # the sine model's hot path: no temporary
        else:
            out[...] = self.numpy(V)

    def np_dphi(self, V, Y):
        if self.unit:
            return 1.0 - Y * Y
        a, b = self._a, self._b
        return (b / a) * (a - Y) * (a + Y)

    def dphi_into(self, V, Y, out):
        if not self.unit:
            return super().dphi_into(V, Y, out)
        np.multiply(Y, Y, out)                    # 1 − y² in place, no temporary
        return np.subtract(_ONE, out, out)

    def backward_from(self, G, V, Y, axis=-1):
        if not self.unit:
            return G * self.np_dphi(V, Y)
        gv = Y * Y                                # (1 − y²) G with one temporary
        np.subtract(_ONE, gv, gv)
        gv *= G
        return gv

    def torch(self, V):
        import torch
        return torch.tanh(V) if self.unit else self._a * torch.tanh(self._b * V)
