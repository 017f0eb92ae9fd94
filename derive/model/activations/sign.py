"""sign: 1 for v > 0, 0 for v = 0, −1 for v < 0."""
from fractions import Fraction

import numpy as np
import sympy

from derive.model.activations.base import Activation


class Sign(Activation):
    name = "sign"
    names = {"text": "sign", "latex": r"\operatorname{sgn}", "unicode": "sgn"}
    kind = "threshold"
    states = ((-1, "<"), (0, "=="), (1, ">"))
    formula_text = "1 for v > 0, 0 for v = 0, -1 for v < 0"

    def exact(self, v):
        return Fraction((v > 0) - (v < 0))

    def sympy(self, x):
        return sympy.sign(x)

    def numpy(self, V, axis=-1):
        return np.sign(V).astype(float)

    def torch(self, V):
        return V.sign()
