"""relu (Hagan's poslin): y = max(0, v), φ'(v) = step(v) (0 at the kink v = 0)."""
from fractions import Fraction

import numpy as np
import sympy

from derive.model.activations.base import Activation
from derive.model.activations.step import Step
from derive.model.formula import Func


class ReLU(Activation):
    name = "relu"
    aliases = ("poslin",)
    names = {"text": "relu", "latex": r"\operatorname{ReLU}", "unicode": "ReLU"}
    kind = "kink"
    kinks = (Fraction(0),)
    formula_text = "max(0, v)"
    derivative_text = "step(v)"

    def dphi(self, v, y):
        return Func(Step(), v)

    def exact(self, v):
        return v if v > 0 else Fraction(0)

    def sympy(self, x):
        return sympy.Max(0, x)

    def numpy(self, V, axis=-1):
        return np.maximum(V, 0.0)

    def np_dphi(self, V, Y):
        return (V > 0).astype(float)

    def torch(self, V):
        import torch
        return torch.relu(V)
