"""Mitchell, *Machine Learning*, ch. 4 (table 4.2, BACKPROPAGATION).

net_j = Σ_i w_ji x_ji (x_ji: the input from unit i into unit j; the bias is w_j0 on x_j0 = 1),
o_j = σ(net_j), E = ½ Σ_k (t_k − o_k)²; the error term δ_j = −∂E/∂net_j:
δ_k = o_k(1 − o_k)(t_k − o_k), δ_h = o_h(1 − o_h) Σ_k w_kh δ_k;
w_ji ← w_ji + Δw_ji, Δw_ji = η δ_j x_ji; momentum Δw_ji(n) = η δ_j x_ji + α Δw_ji(n − 1).
"""
from derive.notations.base import Notation, UpdateForm
from derive.render.math import Name

MITCHELL = Notation(
    "mitchell", "Mitchell, Machine Learning, ch. 4",
    {
        "v": Name("net", r"\mathit{net}", "net"), "y": Name("o", "o", "o"), "d": Name("t", "t", "t"),
        "input": Name("x", "x", "x"), "b": Name("w", "w", "w"),
        "phi": Name("sigma", r"\sigma", "\u03c3"), "dphi": Name("sigma'", r"\sigma'", "\u03c3\u2032"),
    },
    UpdateForm("assign", "n"),
    bias="weight0", weight_index="source", input_indices=2,
    words={"field": "net input", "delta": "error term", "deltas": "error terms", "alpha": "momentum"},
)
