"""hardlim (Hagan): 1 for v ≥ 0, 0 for v < 0 — unlike ``step``, 1 at v = 0."""
from fractions import Fraction

import sympy

from derive.model.activations.base import Activation


class Hardlim(Activation):
    name = "hardlim"
    names = {"text": "hardlim", "latex": r"\operatorname{hardlim}", "unicode": "hardlim"}
    kind = "threshold"
    states = ((0, "<"), (1, ">="))
    formula_text = "1 for v >= 0, 0 for v < 0"

    def exact(self, v):
        return Fraction(1) if v >= 0 else Fraction(0)

    def sympy(self, x):
        return sympy.Heaviside(x, 1)

    def numpy(self, V, axis=-1):
        return (V >= 0).astype(float)

    def torch(self, V):
        return (V >= 0).to(V.dtype)
