"""sign: 1 for v > 0, 0 for v = 0, −1 for v < 0."""

import sympy

from derive.model.activations.base import Threshold


class Sign(Threshold):
    name = "sign"
    names = {"text": "sign", "latex": r"\operatorname{sgn}", "unicode": "sgn"}
    states = ((-1, "<"), (0, "=="), (1, ">"))

    def sympy(self, x):
        return sympy.sign(x)

