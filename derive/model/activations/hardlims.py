"""hardlims (Hagan): 1 for v ≥ 0, −1 for v < 0 — unlike ``sign``, never 0."""

import sympy

from derive.model.activations.base import Threshold


class Hardlims(Threshold):
    name = "hardlims"
    names = {"text": "hardlims", "latex": r"\operatorname{hardlims}", "unicode": "hardlims"}
    states = ((-1, "<"), (1, ">="))

    def sympy(self, x):
        return 2 * sympy.Heaviside(x, 1) - 1

