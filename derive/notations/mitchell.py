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
        "v": Name("net", r"\mathit{net}", "net"), "y": Name("o", "o", "o"),
        "delta": Name("delta", r"\delta", "\u03b4"), "s": Name("s", "s", "s"), "w": Name("w", "w", "w"),
        "b": Name("w", "w", "w"), "theta": Name("theta", r"\theta", "\u03b8"), "d": Name("t", "t", "t"),
        "x": Name("x", "x", "x"), "input": Name("x", "x", "x"), "eta": Name("eta", r"\eta", "\u03b7"),
        "E": Name("E", "E", "E"), "phi": Name("sigma", r"\sigma", "\u03c3"),
        "dphi": Name("sigma'", r"\sigma'", "\u03c3\u2032"),
        "Delta": Name("Delta ", r"\Delta ", "\u0394", upright=True), "e": Name("e", "e", "e"),
        "alpha": Name("alpha", r"\alpha", "\u03b1"), "partial": Name("d", r"\partial ", "\u2202", upright=True),
    },
    UpdateForm("assign", "n"),
    bias="weight0", weight_index="source", input_indices=2,
    words={"field": "net input", "output": "output", "delta": "error term", "deltas": "error terms",
           "eta": "learning rate", "E": "error", "e": "error", "alpha": "momentum"},
)
