"""leaky_relu: y = v for v > 0, α v for v ≤ 0 (α = 0.01 by default); φ'(v) = 1 for v > 0,
α for v ≤ 0 (α at the kink v = 0, as relu's φ' is 0 there)."""
from fractions import Fraction

import numpy as np
import sympy

from derive.model.activations.base import Activation
from derive.model.formula import Func, times
from derive.model.functions import Function
from derive.model.numbers import exact_str


class LeakyStep(Function):
    """φ' of leaky_relu: 1 for v > 0, α for v ≤ 0."""
    name = "leaky_relu'"
    names = {"text": "leaky_relu'", "latex": r"\operatorname{LReLU}'", "unicode": "LReLU′"}

    def __init__(self, alpha: Fraction):
        self.alpha = alpha

    def __eq__(self, other):
        return isinstance(other, LeakyStep) and other.alpha == self.alpha

    def __hash__(self):
        return hash(("leaky_relu'", self.alpha))

    def exact(self, v):
        return Fraction(1) if v > 0 else self.alpha

    def sympy(self, x):
        alpha = sympy.Rational(self.alpha.numerator, self.alpha.denominator)
        return sympy.Piecewise((1, x > 0), (alpha, True))


class LeakyReLU(Activation):
    name = "leaky_relu"
    names = {"text": "leaky_relu", "latex": r"\operatorname{LReLU}", "unicode": "LReLU"}
    kind = "kink"
    kinks = (Fraction(0),)
    defaults = {"alpha": Fraction(1, 100)}
    ranges = {"alpha": (Fraction(1, 100), Fraction(1, 2))}
    formula_text = "v for v > 0, alpha v for v <= 0"
    derivative_text = "1 for v > 0, alpha for v <= 0"

    def check(self):
        if not 0 <= self.alpha < 1:
            return "alpha", f"must be from 0 to 1 (1 excluded), got {exact_str(self.alpha)}"
        return None

    def dphi(self, v, y):
        return Func(LeakyStep(self.alpha), v)

    def exact(self, v):
        return v if v > 0 else times(self.alpha, v)

    def sympy(self, x):
        alpha = sympy.Rational(self.alpha.numerator, self.alpha.denominator)
        return sympy.Piecewise((x, x > 0), (alpha * x, True))

    def numpy(self, V, axis=-1):
        return np.where(V > 0, V, float(self.alpha) * V)

    def np_dphi(self, V, Y):
        return np.where(V > 0, 1.0, float(self.alpha))

    def torch(self, V):
        import torch
        return torch.where(V > 0, V, float(self.alpha) * V)
