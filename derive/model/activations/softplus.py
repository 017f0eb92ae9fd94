"""softplus: y = ln(1 + e^v), φ'(v) = σ(v) = 1/(1 + e^(−v)) (the sigmoid of the field)."""
import numpy as np
import sympy

from derive.model.activations.base import Activation, np_sigmoid
from derive.model.activations.sigmoid import Sigmoid
from derive.model.formula import Func
from derive.model.numbers import MP, to_mpf


class Softplus(Activation):
    name = "softplus"
    names = {"text": "softplus", "latex": r"\operatorname{softplus}", "unicode": "softplus"}
    formula_text = "ln(1 + exp(v))"
    derivative_text = "sigmoid(v)"

    def dphi(self, v, y):
        return Func(Sigmoid(), v)

    def exact(self, v):
        z = to_mpf(v)
        # ln(1 + e^v) = v + ln(1 + e^(−v)): never exponentiates a large positive number
        return z + MP.log1p(MP.exp(-z)) if z > 0 else MP.log1p(MP.exp(z))

    def sympy(self, x):
        return sympy.log(1 + sympy.exp(x))

    def numpy(self, V, axis=-1):
        return np.logaddexp(0.0, V)

    def np_dphi(self, V, Y):
        return np_sigmoid(V)

    def torch(self, V):
        import torch
        return torch.nn.functional.softplus(V)
