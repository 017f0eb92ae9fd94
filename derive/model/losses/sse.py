"""sse: F = Σ_k (d_k − y_k)² (Hagan's performance index, Negnevitsky). g_k = 2 e_k, so
δ_k = 2 (d_k − y_k) φ'(v_k) — Hagan's sensitivity s = −2 F'(n)(t − a) is −δ."""
from fractions import Fraction

from derive.model.losses.half_sse import HalfSSE


class SSE(HalfSSE):
    name = "sse"
    scale = Fraction(1)
    _c = 1.0
    doc = "E = sum_k (d_k - y_k)^2 (Hagan's F, Negnevitsky)"
    error_rules = {"text": "E = sum_k (d[k] - y[k])^2",
                   "latex": r"E = \sum_k (d_k - y_k)^2",
                   "unicode": "E = Σₖ (dₖ − yₖ)²"}
    error_slips = (("error-extra-half", "put a 1/2 in front of E = sum (d - y)^2: this network's "
                    "loss is sse, without the 1/2", Fraction(1, 2)),)
