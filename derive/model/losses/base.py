"""What every loss is: one object owning its error formula, its output local gradient, its
printed rules, its checks on a network, and its NumPy and torch forms.

δ keeps one meaning for every loss (Haykin's): δ_j = −∂E/∂v_j. A loss gives the output signal
g_k = −∂E/∂y_k in terms of the error e_k = d_k − y_k, and the output δ follows from the output
activation: δ_k = φ'(v_k) g_k for an elementwise unit, δ_k = y_k (g_k − Σ_j y_j g_j) for a
softmax group — unless the loss and the activation cancel (``direct``: cross-entropy on sigmoid
or softmax outputs gives δ_k = d_k − y_k).

Formulas are trees of :mod:`derive.model.formula` over ``y[k]``, ``d[k]`` (and ``e[k]``); the
NumPy forms take blocks with the units along ``axis`` and return totals over the block.
"""
from __future__ import annotations

from typing import ClassVar

import numpy as np

from derive.model.formula import Expr

#: name -> loss object, filled by subclassing
LOSSES: dict[str, "Loss"] = {}


class Loss:
    name: ClassVar[str] = ""
    #: the error and the output δ as printed, per format (text, latex, unicode)
    error_rules: ClassVar[dict[str, str]] = {}
    #: who writes it this way, for the README and the worked solution's prose
    doc: ClassVar[str] = ""
    #: known slips in E: (code, message, factor): the student's E is factor × the true E
    error_slips: ClassVar[tuple] = ()

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if cls.__dict__.get("name"):
            assert cls.name not in LOSSES, f"loss {cls.name!r} defined twice"
            LOSSES[cls.name] = cls()

    def __repr__(self):
        return self.name

    # -- checks ---------------------------------------------------------------------------------
    def check(self, output_acts: list, targets: list) -> str | None:
        """What is wrong with this loss on outputs with these (trained) activations and these
        target vectors, or None. The message names the problem; the loader adds the field."""
        return None

    # -- formulas -------------------------------------------------------------------------------
    def error(self, pairs: list[tuple[Expr, Expr]], acts: list) -> Expr:
        """E of one pattern from (d_k, y_k) pairs."""
        raise NotImplementedError

    def signal(self, e: Expr, d: Expr, y: Expr) -> Expr:
        """g_k = −∂E/∂y_k, written with e_k = d_k − y_k where the loss allows."""
        raise NotImplementedError

    def direct(self, act, e: Expr) -> Expr | None:
        """δ_k itself when the loss and the output activation cancel, else None."""
        return None

    def error_rule(self, fmt: str, acts: list | None = None) -> str:
        """E as printed (``acts``: the output activations, where the form depends on them)."""
        return self.error_rules[fmt]

    def delta_rule(self, fmt: str, act) -> str:
        """The output δ rule as printed for outputs of this activation."""
        raise NotImplementedError

    # -- numbers --------------------------------------------------------------------------------
    def np_errors(self, Y, D, V, acts: list, axis: int = -1):
        """E of each pattern (the units along ``axis``)."""
        raise NotImplementedError

    def np_error(self, Y, D, V, acts: list, axis: int = -1) -> float:
        """E summed over the block."""
        return float(np.sum(self.np_errors(Y, D, V, acts, axis)))

    def np_gradient(self, Y, D, V, acts: list, axis: int = -1):
        """(G, direct): G = ∂E/∂y (direct False) or ∂E/∂v when the loss and the output
        activation cancel (direct True)."""
        raise NotImplementedError

    def np_split(self, Y, D, V, acts: list, axis: int, n_fit: int | None):
        """(E, G, direct, E_rest) from one forward pass over a block whose first ``n_fit``
        patterns are trained on and the rest only monitored (all trained on when None): E of
        the first, G over the whole block with the monitored patterns' columns zero (so the
        backward pass runs on contiguous arrays), E_rest of the others. Patterns run along the
        axis that is not ``axis``."""
        G, direct = self.np_gradient(Y, D, V, acts, axis)
        if n_fit is None:
            return self.np_error(Y, D, V, acts, axis), G, direct, 0.0
        fit, held = split_patterns(n_fit, axis)
        held(G)[...] = 0.0
        return (self.np_error(fit(Y), fit(D), fit(V), acts, axis), G, direct,
                self.np_error(held(Y), held(D), held(V), acts, axis))

    def torch(self, y, d, acts: list):
        """E of one pattern from torch tensors of outputs y and targets d, written as the
        textbook writes it (the independent oracle)."""
        raise NotImplementedError

    def sample_targets(self, rng, n: int, acts: list):
        """``n`` random target vectors this loss accepts (for ``verify``'s random points)."""
        return rng.uniform(-1, 1, (n, len(acts)))


def split_patterns(n: int, axis: int):
    """Functions taking the first n patterns and the rest of a 2-D block (units along ``axis``)."""
    if axis == 0:
        return (lambda A: A[:, :n]), (lambda A: A[:, n:])
    return (lambda A: A[:n]), (lambda A: A[n:])
