"""Bishop, *Pattern Recognition and Machine Learning*, §5.3 (error backpropagation).

a_j = Σ_i w_ji z_i (the activation; the bias is w_j0 on z_0 = 1), z_j = h(a_j) (a hidden unit's
output; y_k at the outputs), E_n = ½ Σ_k (y_k − t_k)²; the errors δ_j = ∂E_n/∂a_j (= −Haykin's δ):
δ_k = y_k − t_k (for a linear output), δ_j = h′(a_j) Σ_k w_kj δ_k, ∂E_n/∂w_ji = δ_j z_i;
w^(τ+1) = w^(τ) − η ∇E_n.
"""
from derive.notations.base import Notation, UpdateForm
from derive.render.math import Name

BISHOP = Notation(
    "bishop", "Bishop, Pattern Recognition and Machine Learning, sec. 5.3",
    {
        "v": Name("a", "a", "a"), "y": Name("z", "z", "z"), "d": Name("t", "t", "t"), "input": Name("z", "z", "z"),
        "s": Name("delta", r"\delta", "\u03b4"), "b": Name("w", "w", "w"),
        "phi": Name("h", "h", "h"), "dphi": Name("h'", "h'", "h\u2032"), "alpha": Name("mu", r"\mu", "\u03bc"),
    },
    UpdateForm("time", Name("tau", r"\tau", "\u03c4"), place="sup", named_change=False),
    delta_sign=-1, turn_difference=True, bias="weight0", weight_index="source",
    output_y=Name("y", "y", "y"),
    words={"field": "activation", "delta": "error", "deltas": "errors", "alpha": "momentum"},
)
