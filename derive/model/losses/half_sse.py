"""half_sse: E = ½ Σ_k (d_k − y_k)² (Haykin, Mitchell, Nielsen, Mazur; the default).
g_k = e_k, so δ_k = (d_k − y_k) φ'(v_k)."""
from fractions import Fraction

import numpy as np

from derive.model.formula import Add, Mul, Num, Pow
from derive.model.losses.base import Loss


class HalfSSE(Loss):
    name = "half_sse"
    scale = Fraction(1, 2)
    _c = 0.5                                  # the scale as a float
    doc = "E = 1/2 sum_k (d_k - y_k)^2 (Haykin, Mitchell, Nielsen, Mazur)"
    error_rules = {"text": "E = 1/2 * sum_k (d[k] - y[k])^2",
                   "latex": r"E = \tfrac{1}{2} \sum_k (d_k - y_k)^2",
                   "unicode": "E = ½ Σₖ (dₖ − yₖ)²"}
    error_slips = (("error-no-half", "left out the 1/2 in E = 1/2 sum (d - y)^2", Fraction(2)),)

    def error(self, pairs, acts):
        squares = Add(tuple(Pow(Add((d, -y)), 2) for d, y in pairs))
        return Mul((Num(self.scale), squares)) if self.scale != 1 else squares

    def signal(self, e, d, y):
        return e if self.scale == Fraction(1, 2) else Mul((Num(2 * self.scale), e))

    def delta_rule(self, fmt, act):
        c = {"text": "", "latex": "", "unicode": ""} if self.scale == Fraction(1, 2) else \
            {"text": "2 * ", "latex": "2 ", "unicode": "2 "}
        if act.group:
            return {"text": f"delta[k] = {c['text']}y[k] * (e[k] - sum_j y[j] * e[j]), e[k] = d[k] - y[k]",
                    "latex": rf"\delta_k = {c['latex']}y_k \bigl(e_k - \sum_j y_j e_j\bigr),\ e_k = d_k - y_k",
                    "unicode": f"δₖ = {c['unicode']}yₖ (eₖ − Σⱼ yⱼ eⱼ), eₖ = dₖ − yₖ"}[fmt]
        return {"text": f"delta[k] = {c['text']}(d[k] - y[k]) * phi'(v[k])",
                "latex": rf"\delta_k = {c['latex']}(d_k - y_k)\,\varphi'(v_k)",
                "unicode": f"δₖ = {c['unicode']}(dₖ − yₖ) φ′(vₖ)"}[fmt]

    def np_errors(self, Y, D, V, acts, axis=-1):
        R = Y - D
        return float(self.scale) * np.sum(R * R, axis=axis)

    def np_error(self, Y, D, V, acts, axis=-1):
        R = Y - D
        return float(self.scale) * float(np.vdot(R, R))

    def np_gradient(self, Y, D, V, acts, axis=-1):
        R = Y - D                                  # ∂E/∂y = −e for ½ Σ e²
        return (R if self.scale == Fraction(1, 2) else float(2 * self.scale) * R), False

    def np_split(self, Y, D, V, acts, axis, n_fit):
        # the sine experiment's hot path: one subtraction, no copy of the residuals
        R = Y - D
        c = self._c
        if n_fit is None:
            return c * float(np.vdot(R, R)), (R if c == 0.5 else np.multiply(R, 2 * c, out=R)), False, 0.0
        Rf, Rh = (R[:, :n_fit], R[:, n_fit:]) if axis == 0 else (R[:n_fit], R[n_fit:])
        E, rest = c * float(np.vdot(Rf, Rf)), c * float(np.vdot(Rh, Rh))
        Rh.fill(0.0)                           # monitored patterns: no gradient
        return E, (R if c == 0.5 else np.multiply(R, 2 * c, out=R)), False, rest

    def torch(self, y, d, acts):
        return float(self.scale) * ((d - y) ** 2).sum()
