"""Nielsen, *Neural Networks and Deep Learning*, ch. 2 ("the four fundamental equations").

Layers l = 1 (the inputs), 2, …, L: z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j (the weighted
input), a^l_j = σ(z^l_j), C = ½ Σ_j (y_j − a^L_j)² (y: the desired output);
δ^l_j = ∂C/∂z^l_j (= −Haykin's δ): δ^L_j = (a^L_j − y_j) σ′(z^L_j) (BP1),
δ^l_j = Σ_k w^{l+1}_kj δ^{l+1}_k σ′(z^l_j) (BP2), ∂C/∂b^l_j = δ^l_j, ∂C/∂w^l_jk = a^{l−1}_k δ^l_j;
w^l_jk → w^l_jk − η δ^l_j a^{l−1}_k, b^l_j → b^l_j − η δ^l_j.
"""
from derive.notations.base import Notation, UpdateForm
from derive.render.math import Name

NIELSEN = Notation(
    "nielsen", "Nielsen, Neural Networks and Deep Learning, ch. 2",
    {
        "v": Name("z", "z", "z"), "y": Name("a", "a", "a"), "d": Name("y", "y", "y"), "input": Name("a", "a", "a"),
        "s": Name("delta", r"\delta", "\u03b4"), "E": Name("C", "C", "C"),
        "phi": Name("sigma", r"\sigma", "\u03c3"), "dphi": Name("sigma'", r"\sigma'", "\u03c3\u2032"),
        "alpha": Name("mu", r"\mu", "\u03bc"),
    },
    UpdateForm("arrow", "n", named_change=False),
    delta_sign=-1, turn_difference=True, error_first=True, layout="layered", first_layer=2, letters=("j", "k", "k"),
    words={"field": "weighted input", "output": "activation", "delta": "error", "deltas": "errors",
           "E": "cost", "alpha": "momentum coefficient"},
)
