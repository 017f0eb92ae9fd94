"""How a textbook writes the quantities: its symbols and the form of its update rule, as data.

The numbers never depend on the notation; only how they are written does. Every symbol the
worked solution prints comes from a :class:`Notation`, and so does the shape of an update
line, so another book's notation is one more instance of this class (and, where its update has
another shape, one more :class:`UpdateForm`).

Haykin (the seed's book, the default):
    v_j = Σ_i w_ji y_i + b_j,  y_j = φ(v_j),
    w_ji(n+1) = w_ji(n) + Δw_ji(n),  Δw_ji(n) = η δ_j(n) y_i(n).
"""
from __future__ import annotations

from dataclasses import dataclass

from derive.render.math import Fence, Mi, Mn, Mo, Name, Node, Sym, row


@dataclass(frozen=True)
class UpdateForm:
    """``after = before ± increment``: how a book writes one parameter's update.

    ``later``/``now`` are the time arguments of the parameter after and before the step
    (Haykin: ``(n+1)`` and ``(n)``); ``sign`` joins the old value and the increment."""
    now: str = "n"
    sign: str = "+"

    def after(self, p: Node) -> Node:
        return row(p, Fence(row(Mi(self.now), Mo("+"), Mn("1"))))

    def before(self, p: Node) -> Node:
        return row(p, Fence(Mi(self.now)))

    def increment(self, delta_symbol: Node, p: Node) -> Node:
        """``Δw_ji(n)``."""
        return row(delta_symbol, p, Fence(Mi(self.now)))


@dataclass(frozen=True)
class Notation:
    name: str
    symbols: dict          # quantity kind (v, y, delta, w, b, d, eta, E, phi, Delta) -> Name
    update: UpdateForm
    #: the indices of a weight: ``ji`` (neuron j's input i, Haykin) — for the general rules
    weight_indices: tuple = ("j", "i")

    def sym(self, kind: str) -> Sym:
        return Sym(self.symbols[kind])


HAYKIN = Notation(
    "haykin",
    {
        "v": Name("v", "v", "v"),
        "y": Name("y", "y", "y"),
        "delta": Name("delta", r"\delta", "\u03b4"),
        "w": Name("w", "w", "w"),
        "b": Name("b", "b", "b"),
        "d": Name("d", "d", "d"),
        "x": Name("x", "x", "x"),
        "eta": Name("eta", r"\eta", "\u03b7"),
        "E": Name("E", "E", "E"),
        "phi": Name("phi", r"\varphi", "\u03c6"),
        "Delta": Name("Delta ", r"\Delta ", "\u0394", upright=True),
        "e": Name("e", "e", "e"),
        "alpha": Name("alpha", r"\alpha", "\u03b1"),
        "theta": Name("theta", r"\theta", "\u03b8"),
        "partial": Name("d", r"\partial ", "\u2202", upright=True),
    },
    UpdateForm(),
)
