"""Haykin, *Neural Networks and Learning Machines* (3rd ed.), ch. 4 — the seed's notation, the default.

v_j = Σ_i w_ji y_i + b_j (the local field), y_j = φ(v_j), E = ½ Σ_k e_k², e_k = d_k − y_k;
δ_j = −∂E/∂v_j: δ_k = e_k φ′(v_k), δ_j = φ′(v_j) Σ_k δ_k w_kj;
w_ji(n+1) = w_ji(n) + Δw_ji(n), Δw_ji(n) = η δ_j(n) y_i(n); momentum α Δw_ji(n−1).
"""
from derive.notations.base import Notation, UpdateForm
from derive.render.math import Name

HAYKIN = Notation(
    "haykin", "Haykin, Neural Networks and Learning Machines, 3rd ed., ch. 4",
    {
        "v": Name("v", "v", "v"), "y": Name("y", "y", "y"), "delta": Name("delta", r"\delta", "\u03b4"),
        "s": Name("s", "s", "s"), "w": Name("w", "w", "w"), "b": Name("b", "b", "b"),
        "theta": Name("theta", r"\theta", "\u03b8"), "d": Name("d", "d", "d"), "x": Name("x", "x", "x"),
        "input": Name("y", "y", "y"), "eta": Name("eta", r"\eta", "\u03b7"), "E": Name("E", "E", "E"),
        "phi": Name("phi", r"\varphi", "\u03c6"), "dphi": Name("phi'", r"\varphi'", "\u03c6\u2032"),
        "Delta": Name("Delta ", r"\Delta ", "\u0394", upright=True), "e": Name("e", "e", "e"),
        "alpha": Name("alpha", r"\alpha", "\u03b1"), "partial": Name("d", r"\partial ", "\u2202", upright=True),
    },
    UpdateForm("time", "n"), error_first=True,
    words={"field": "local field", "output": "output", "delta": "local gradient",
           "deltas": "local gradients", "eta": "learning rate", "E": "error", "e": "error",
           "alpha": "momentum constant"},
)
