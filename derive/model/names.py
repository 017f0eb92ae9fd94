"""The names of quantities (CONTRACT.md), made and read in one place.

``v[j]`` local field · ``y[j]`` output · ``delta[j]`` local gradient · ``w[j,k]`` weight of
neuron j's k-th input (1-based) · ``b[j]`` bias · ``d[j]`` desired output · ``E`` error ·
``eta`` learning rate. Version 2: ``e[k]`` = d_k − y_k · ``dphi[j]`` = φ'(v_j) ·
``grad_w[j,k]``, ``grad_b[j]`` = ∂E/∂w, ∂E/∂b · ``dw[j,k]``, ``db[j]`` the step's change
(momentum included); internally ``dw_prev[j,k]``, ``db_prev[j]`` the previous step's change and
``alpha`` the momentum constant; ``s[j]`` = −delta[j] (Hagan's sensitivity) and ``theta[j]`` =
−b[j] (a threshold on a −1 input). In expressions of the JSON, neuron j's output is the symbol ``yj``.
"""
from __future__ import annotations

import re


def v(j): return f"v[{j}]"
def y(j): return f"y[{j}]"
def delta(j): return f"delta[{j}]"
def w(j, k): return f"w[{j},{k}]"
def b(j): return f"b[{j}]"
def d(j): return f"d[{j}]"
def e(k): return f"e[{k}]"
def dphi(j): return f"dphi[{j}]"
def s(j): return f"s[{j}]"
def theta(j): return f"theta[{j}]"
def output_symbol(j): return f"y{j}"


def grad(param: str) -> str:
    """``w[2,3]`` -> ``grad_w[2,3]``, ``b[1]`` -> ``grad_b[1]``: ∂E/∂param."""
    return "grad_" + param


def change(param: str) -> str:
    """``w[2,3]`` -> ``dw[2,3]``, ``b[1]`` -> ``db[1]``: the step's change Δparam."""
    return "d" + param


def previous(change_name: str) -> str:
    """``dw[2,3]`` -> ``dw_prev[2,3]``: the same change at the step before (momentum)."""
    kind, _, rest = change_name.partition("[")
    return f"{kind}_prev[{rest}"


ETA = "eta"
ERROR = "E"
ALPHA = "alpha"

#: the contract's names of a quantity with the sign turned: s[j] = −delta[j] (Hagan's
#: sensitivity ∂E/∂v), theta[j] = −b[j] (a threshold on a fixed −1 input)
NEGATED = {"s": "delta", "theta": "b"}
#: the other way: the negated name of each quantity that has one
NEGATION = {kind: neg for neg, kind in NEGATED.items()}

#: kinds with one index (a neuron id) and with two (a neuron id and a 1-based input position)
ONE_INDEX = ("v", "y", "delta", "b", "d", "e", "dphi", "grad_b", "db", "db_prev", "s", "theta")
TWO_INDEX = ("w", "grad_w", "dw", "dw_prev")
_INDEXED = "|".join(ONE_INDEX)
_WEIGHTED = "|".join(TWO_INDEX)
QUANTITY = re.compile(rf"({_INDEXED})\[([A-Za-z0-9_]+)\]|({_WEIGHTED})\[([A-Za-z0-9_]+),([0-9]+)\]|E")

#: the group of a training step's JSON each kind of quantity belongs to, in a step's order
GROUPS = {"v": "forward", "y": "forward", "E": "error", "e": "delta", "dphi": "delta",
          "delta": "delta", "grad_w": "gradient", "grad_b": "gradient", "dw": "change",
          "db": "change", "w": "after", "b": "after", "s": "delta", "theta": "after"}

#: what each kind of quantity is, for comments and messages ({j}, {k}: its indices)
MEANING = {"v": "local field of neuron {j}", "y": "output of neuron {j}", "E": "error of the pattern",
           "e": "error d - y of output {j}", "dphi": "phi'(v) of neuron {j}",
           "delta": "local gradient of neuron {j}", "grad_w": "dE/dw of weight w[{j},{k}]",
           "grad_b": "dE/db of bias b[{j}]", "dw": "change of weight w[{j},{k}] at this step",
           "db": "change of bias b[{j}] at this step", "w": "weight w[{j},{k}] after the update",
           "b": "bias b[{j}] after the update", "d": "desired output of neuron {j}",
           "dw_prev": "change of w[{j},{k}] at the previous step",
           "db_prev": "change of b[{j}] at the previous step",
           "s": "sensitivity dE/dv of neuron {j} (= -delta[{j}])",
           "theta": "threshold of neuron {j} after the update (= -b[{j}])"}


def parse(name: str) -> tuple[str, str, int | None] | None:
    """``"w[2,3]"`` -> ``("w", "2", 3)``, ``"delta[1]"`` -> ``("delta", "1", None)``,
    ``"E"`` -> ``("E", "", None)``; None for anything that is not a quantity name."""
    m = QUANTITY.fullmatch(name)
    if m is None:
        return None
    if name == ERROR:
        return ERROR, "", None
    if m.group(1):
        return m.group(1), m.group(2), None
    return m.group(3), m.group(4), int(m.group(5))


def group(name: str) -> str:
    """The step group (forward, error, delta, gradient, change, after) of a quantity name."""
    return GROUPS[parse(name)[0]]


def meaning(name: str) -> str:
    """``"delta[2]"`` -> ``"local gradient of neuron 2"``."""
    kind, j, k = parse(name)
    return MEANING[kind].format(j=j, k=k)
