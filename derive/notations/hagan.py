"""Hagan, Demuth, Beale & De Jesús, *Neural Network Design* (2nd ed.), ch. 11 (momentum: ch. 12).

Per layer m, in matrices: n^m = W^m a^{m−1} + b^m (the net input), a^m = f^m(n^m), a⁰ = p;
F = eᵀe with e = t − a (the performance index, no ½: ``loss = "sse"``); the sensitivities
s^m = ∂F/∂n^m = −δ: s^M = −2 Ḟ^M(n^M)(t − a), s^m = Ḟ^m(n^m)(W^{m+1})ᵀ s^{m+1};
W^m(k+1) = W^m(k) − α s^m (a^{m−1})ᵀ, b^m(k+1) = b^m(k) − α s^m (α: the learning rate);
momentum ΔW(k) = γ ΔW(k−1) − (1 − γ) α s aᵀ.
"""
from derive.notations.base import Notation, UpdateForm
from derive.render.math import Name

HAGAN = Notation(
    "hagan", "Hagan, Demuth, Beale & De Jesus, Neural Network Design, 2nd ed., ch. 11",
    {
        "v": Name("n", "n", "n"), "y": Name("a", "a", "a"), "d": Name("t", "t", "t"), "input": Name("a", "a", "a"),
        "x": Name("p", "p", "p"), "eta": Name("alpha", r"\alpha", "\u03b1"), "E": Name("F", "F", "F"),
        "phi": Name("f", "f", "f"), "dphi": Name("fdot", r"\dot{f}", "f\u0307"),
        "alpha": Name("gamma", r"\gamma", "\u03b3"),
    },
    UpdateForm("time", "k", named_change=False),
    delta_sign=-1, layout="matrix", letters=("i", "j", "k"), delta_form="symbols", index_comma=True,
    functions=("logsig", "tansig", "purelin", "poslin"),
    words={"field": "net input", "delta": "sensitivity", "deltas": "sensitivities",
           "E": "performance index", "alpha": "momentum coefficient"},
)
