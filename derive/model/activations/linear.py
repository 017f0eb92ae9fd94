"""linear (Hagan's purelin): y = a v, φ'(v) = a."""
from fractions import Fraction

import numpy as np
import sympy

from derive.model.activations.base import Activation
from derive.model.formula import Mul, Num, times


class Linear(Activation):
    name = "linear"
    aliases = ("purelin",)
    names = {"text": "linear", "latex": r"\operatorname{lin}", "unicode": "lin"}
    defaults = {"a": Fraction(1)}
    ranges = {"a": (Fraction(1, 2), Fraction(2))}
    formula_text = "a v"
    derivative_text = "a"

    def prepare(self):
        self.identity = self.a == 1
        self._a = float(self.a)

    def phi(self, v):
        return v if self.a == 1 else Mul((Num(self.a), v))

    def dphi(self, v, y):
        return Num(self.a)

    def exact(self, v):
        return v if self.a == 1 else times(self.a, v)

    def sympy(self, x):
        return sympy.Rational(self.a.numerator, self.a.denominator) * x

    def numpy(self, V, axis=-1):
        return V if self.identity else self._a * V

    def np_dphi(self, V, Y):
        return np.full_like(V, self._a)

    def backward_from(self, G, V, Y, axis=-1):
        return G if self.identity else self._a * G

    def torch(self, V):
        return V if self.identity else self._a * V
