"""step: 1 for v > 0, 0 for v ≤ 0 (the seed's φ; SymPy's ``Heaviside(v, 0)``)."""
from fractions import Fraction

import numpy as np
import sympy

from derive.model.activations.base import Activation


class Step(Activation):
    name = "step"
    names = {"text": "step", "latex": r"\operatorname{step}", "unicode": "step"}
    kind = "threshold"
    states = ((0, "<="), (1, ">"))
    formula_text = "1 for v > 0, 0 for v <= 0"

    def exact(self, v):
        return Fraction(1) if v > 0 else Fraction(0)

    def sympy(self, x):
        return sympy.Heaviside(x, 0)              # SymPy's default Heaviside(0) is 1/2

    def numpy(self, V, axis=-1):
        return (V > 0).astype(float)

    def torch(self, V):
        return (V > 0).to(V.dtype)
