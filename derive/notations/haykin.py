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
        "v": Name("v", "v", "v"), "y": Name("y", "y", "y"), "d": Name("d", "d", "d"), "input": Name("y", "y", "y"),
    },
    UpdateForm("time", "n"), error_first=True,
    words={"field": "local field", "delta": "local gradient", "deltas": "local gradients",
           "alpha": "momentum constant"},
)
