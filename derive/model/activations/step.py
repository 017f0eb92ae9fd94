"""step: 1 for v > 0, 0 for v ≤ 0 (the seed's φ; SymPy's ``Heaviside(v, 0)``)."""

import sympy

from derive.model.activations.base import Threshold


class Step(Threshold):
    name = "step"
    names = {"text": "step", "latex": r"\operatorname{step}", "unicode": "step"}
    states = ((0, "<="), (1, ">"))

    def sympy(self, x):
        return sympy.Heaviside(x, 0)              # SymPy's default Heaviside(0) is 1/2

