"""hardlims (Hagan): 1 for v ≥ 0, −1 for v < 0 — unlike ``sign``, never 0."""
from fractions import Fraction

import numpy as np
import sympy

from derive.model.activations.base import Activation


class Hardlims(Activation):
    name = "hardlims"
    names = {"text": "hardlims", "latex": r"\operatorname{hardlims}", "unicode": "hardlims"}
    kind = "threshold"
    states = ((-1, "<"), (1, ">="))
    formula_text = "1 for v >= 0, -1 for v < 0"

    def exact(self, v):
        return Fraction(1) if v >= 0 else Fraction(-1)

    def sympy(self, x):
        return 2 * sympy.Heaviside(x, 1) - 1

    def numpy(self, V, axis=-1):
        return np.where(V >= 0, 1.0, -1.0)

    def torch(self, V):
        return (V >= 0).to(V.dtype) * 2 - 1
