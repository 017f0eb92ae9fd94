"""What a notation is: how one textbook writes (and its students type) backpropagation.

Each book's notation is one :class:`Notation`: its symbol for every kind of quantity, the sign
of its δ, whether a neuron has a bias b or a threshold θ (on a fixed −1 input) or a weight
w_j0 (on a fixed +1 input), how a weight's indices read, the form of its update, the order of
the factors of a step, its layout (per neuron, or Hagan's matrices per layer) and its words.
The numbers never depend on the notation: only how they are written and read.

In the seed's notation (Haykin) the quantities are v_j, y_j, δ_j = −∂E/∂v_j, w_ji, b_j, η;
a notation with ``delta_sign = -1`` writes s_j = ∂E/∂v_j = −δ_j instead (Hagan's sensitivity,
Nielsen's and Bishop's δ), one with ``bias = "threshold"`` writes θ_j = −b_j.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from derive.render.math import Name, Sym

#: name -> notation, filled as the notations are defined (one module each)
NOTATIONS: dict[str, "Notation"] = {}

#: the kinds of quantity a notation spells (see :mod:`derive.model.names`; ``s`` is
#: ∂E/∂v = −δ, ``theta`` = −b, ``x`` an input, ``input`` the input of a unit in the general
#: rule, ``dphi`` the derivative's symbol, ``alpha`` the momentum constant)
KINDS = ("v", "y", "delta", "s", "w", "b", "theta", "d", "x", "input", "eta", "E", "phi", "dphi",
         "Delta", "e", "alpha", "partial")

#: what a book writes as the seed (Haykin) does unless its notation says otherwise; every book
#: names its own field v, output y, target d and a unit's input in the general rule
COMMON_SYMBOLS = {
    "delta": Name("delta", r"\delta", "\u03b4"), "s": Name("s", "s", "s"), "w": Name("w", "w", "w"),
    "b": Name("b", "b", "b"), "theta": Name("theta", r"\theta", "\u03b8"), "x": Name("x", "x", "x"),
    "eta": Name("eta", r"\eta", "\u03b7"), "E": Name("E", "E", "E"),
    "phi": Name("phi", r"\varphi", "\u03c6"), "dphi": Name("phi'", r"\varphi'", "\u03c6\u2032"),
    "Delta": Name("Delta ", r"\Delta ", "\u0394", upright=True), "e": Name("e", "e", "e"),
    "alpha": Name("alpha", r"\alpha", "\u03b1"), "partial": Name("d", r"\partial ", "\u2202", upright=True),
}
#: the words of the prose, in this order; a book names its field, δ (one and several) and α
WORD_KEYS = ("field", "output", "delta", "deltas", "eta", "E", "e", "alpha")
COMMON_WORDS = {"output": "output", "eta": "learning rate", "E": "error", "e": "error"}


def _completed(given: dict, common: dict, order: tuple) -> dict:
    """``given`` over ``common``, in ``order`` (then any other keys)."""
    merged = {**common, **given}
    return {**{k: merged[k] for k in order if k in merged}, **merged}


@dataclass(frozen=True)
class UpdateForm:
    """How a book writes the update of a parameter p.

    ``style``: ``"time"`` p(n+1) = p(n) + Δp(n) (Haykin's n, Hagan's k, Negnevitsky's p;
    ``place = "sup"`` writes Bishop's p^(τ+1)), ``"prime"`` p′ = p − η ∂C/∂p (Nielsen's
    w → w′), ``"assign"`` p ← p + Δp (Mitchell's table 4.2). ``named_change``: the book
    names the step Δp in its rule (Haykin, Mitchell, Negnevitsky) rather than writing it into
    the update (Hagan, Nielsen, Bishop)."""
    style: str = "time"
    #: the step's argument, a letter or a Name (Bishop's τ); with the arrow and assign styles
    #: only momentum's previous change Δw(n − 1) shows it
    time: object = "n"
    place: str = "arg"
    named_change: bool = True
    #: the step Δp on a line of its own before the update (Negnevitsky's worked example)
    two_lines: bool = False


@dataclass(frozen=True)
class Notation:
    name: str
    book: str                          # author, title, chapter
    symbols: dict                      # kind (KINDS) -> Name; COMMON_SYMBOLS where not given
    update: UpdateForm = UpdateForm()
    #: +1: the book's δ is −∂E/∂v (Haykin, Mitchell, Negnevitsky); −1: ∂E/∂v (Hagan's s,
    #: Nielsen, Bishop): it writes the quantity ``s[j]`` = −delta[j]
    delta_sign: int = 1
    #: with δ = ∂E/∂v the output rule is −(d − y)… : Hagan keeps the minus in front
    #: (s = −2ḟ(n)(t − a)), Nielsen and Bishop turn the difference ((a − y) σ′(z), y − t)
    turn_difference: bool = False
    #: "bias": b_j added (v = Σ w y + b); "threshold": θ_j = −b_j subtracted, a weight on a
    #: fixed −1 input (Negnevitsky); "weight0": w_j0 = b_j on a fixed +1 input (Mitchell, Bishop)
    bias: str = "bias"
    #: the second index of a weight: "position" (the k-th input of the neuron, the contract's
    #: w[j,k]) or "source" (the label of the unit it comes from: Mitchell's w_ji, from i into j)
    weight_index: str = "position"
    #: "ji": the receiving neuron first (w_ji, w_jk, w^m_{i,j}); "ij": the sending unit first
    #: (Negnevitsky's w_ij from i to j)
    weight_order: str = "ji"
    #: letters of the general rules: this neuron, one of its inputs, a neuron it feeds
    letters: tuple = ("j", "i", "k")
    #: the factors of a step Δw, in the book's order: "eta", "delta", "input"
    step_order: tuple = ("eta", "delta", "input")
    #: "neuron": one line per neuron; "matrix": Hagan's vectors and matrices per layer (where
    #: the network is layered, fully connected layer to layer); "layered": Nielsen's
    #: superscript layer numbers on every symbol (where the network is layered)
    layout: str = "neuron"
    #: the number of the first layer of neurons (Hagan 1: a⁰ = p; Nielsen 2: the inputs are layer 1)
    first_layer: int = 1
    #: the symbol of an output unit's output where the book has one of its own (Bishop's y_k
    #: for the outputs, z_j for hidden units)
    output_y: Name | None = None
    #: how the output δ is written: "expanded" (δ_k = y_k(1 − y_k)(d_k − y_k): φ′ and the
    #: error written out), "error" (δ_k = y_k(1 − y_k) e_k after a line for e_k: Negnevitsky)
    #: or "symbols" (s = −2ḟ(n) e after lines for e and ḟ(n): Hagan)
    delta_form: str = "expanded"
    #: the output δ written error first (Haykin's δ_k = e_k φ′(v_k), Nielsen's (a − y) σ′(z))
    #: rather than derivative first (Hagan's −2ḟ(n)(t − a), Mitchell's o(1 − o)(t − o))
    error_first: bool = False
    #: the input of neuron j from unit i has both indices (Mitchell's x_ji), else one (y_i)
    input_indices: int = 1
    #: a product of a weight and an input is written input first (Negnevitsky's x_i w_ij)
    input_first: bool = False
    #: two indices always with a comma between (Hagan's w_{1,2}); else ``w_12`` where both
    #: are one character
    index_comma: bool = False
    #: an index written before a symbol's own (Negnevitsky's desired output y_{d,k}): kind -> text
    index_prefix: dict = field(default_factory=dict)
    #: the book's own names of activation functions, among the activations' aliases (Hagan's
    #: logsig, purelin): an activation with its default parameters is printed by the first of
    #: its aliases found here
    functions: tuple = ()
    #: words of the prose (WORD_KEYS; COMMON_WORDS where not given; see haykin.py)
    words: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "symbols", _completed(self.symbols, COMMON_SYMBOLS, KINDS))
        object.__setattr__(self, "words", _completed(self.words, COMMON_WORDS, WORD_KEYS))
        missing = [k for k in KINDS if k not in self.symbols]
        assert not missing, f"notation {self.name!r} has no symbol for {missing}"
        assert self.name not in NOTATIONS, f"notation {self.name!r} defined twice"
        NOTATIONS[self.name] = self

    def __repr__(self):
        return self.name

    # -- symbols -------------------------------------------------------------------------------
    def sym(self, kind: str) -> Sym:
        """The symbol of a kind of quantity as math (η, E, φ …)."""
        return Sym(self.symbols[kind])

    @property
    def delta_kind(self) -> str:
        """The quantity the book writes as its δ: ``delta`` (−∂E/∂v) or ``s`` (∂E/∂v)."""
        return "delta" if self.delta_sign == 1 else "s"

    @property
    def bias_kind(self) -> str:
        """The quantity the book writes for a bias: ``b``, or ``theta`` = −b."""
        return "theta" if self.bias == "threshold" else "b"

    def word(self, key: str) -> str:
        return self.words[key]

    def text_name(self, kind: str, index: str = "") -> str:
        """The name a quantity has in this notation's text output and answers files:
        ``n[h1]`` (Hagan's v[h1]), ``delta[2]`` (Nielsen's s[2]), ``theta[5]``."""
        base = self.symbols[kind].text if kind in self.symbols else kind
        return f"{base}[{index}]" if index else base
