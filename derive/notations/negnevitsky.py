"""Negnevitsky, *Artificial Intelligence: A Guide to Intelligent Systems*, ch. 6.

A threshold θ_j is a weight on a fixed input of −1: X_j = Σ_i x_i w_ij − θ_j (w_ij: from unit i
to unit j), y_j = sigmoid(X_j); e_k = y_{d,k} − y_k; the error gradient δ_k = y_k(1 − y_k) e_k,
δ_j = y_j(1 − y_j) Σ_k δ_k w_jk; Δw_ij(p) = α · x_i(p) · δ_j(p) (α: the learning rate),
Δθ_j(p) = α · (−1) · δ_j(p), w_ij(p+1) = w_ij(p) + Δw_ij(p); momentum β Δw(p − 1).
The updates are Haykin's with E = ½ Σ e² (``loss = "half_sse"``); the book reports the sum of
squared errors of an epoch.
"""
from derive.notations.base import Notation, UpdateForm
from derive.render.math import Name

NEGNEVITSKY = Notation(
    "negnevitsky", "Negnevitsky, Artificial Intelligence: A Guide to Intelligent Systems, ch. 6",
    {
        "v": Name("X", "X", "X"), "y": Name("y", "y", "y"), "d": Name("yd", "y", "y"), "input": Name("x", "x", "x"),
        "eta": Name("alpha", r"\alpha", "\u03b1"), "alpha": Name("beta", r"\beta", "\u03b2"),
    },
    UpdateForm("time", "p", two_lines=True),
    bias="threshold", weight_index="source", weight_order="ij", step_order=("eta", "input", "delta"),
    delta_form="error", input_first=True, index_prefix={"d": "d"},
    words={"field": "net weighted input", "delta": "error gradient", "deltas": "error gradients",
           "alpha": "momentum constant"},
)
