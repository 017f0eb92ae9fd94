"""hardlim (Hagan): 1 for v ≥ 0, 0 for v < 0 — unlike ``step``, 1 at v = 0."""

import sympy

from derive.model.activations.base import Threshold


class Hardlim(Threshold):
    name = "hardlim"
    names = {"text": "hardlim", "latex": r"\operatorname{hardlim}", "unicode": "hardlim"}
    states = ((0, "<"), (1, ">="))

    def sympy(self, x):
        return sympy.Heaviside(x, 1)

