"""The names of quantities (CONTRACT.md), made and read in one place.

``v[j]`` local field · ``y[j]`` output · ``delta[j]`` local gradient · ``w[j,k]`` weight of
neuron j's k-th input (1-based) · ``b[j]`` bias · ``d[j]`` desired output · ``E`` error ·
``eta`` learning rate. In expressions of the JSON, neuron j's output is the symbol ``yj``.
"""
from __future__ import annotations

import re


def v(j): return f"v[{j}]"
def y(j): return f"y[{j}]"
def delta(j): return f"delta[{j}]"
def w(j, k): return f"w[{j},{k}]"
def b(j): return f"b[{j}]"
def d(j): return f"d[{j}]"
def output_symbol(j): return f"y{j}"


ETA = "eta"
ERROR = "E"

QUANTITY = re.compile(r"(v|y|delta|b|d)\[([A-Za-z0-9_]+)\]|w\[([A-Za-z0-9_]+),([0-9]+)\]|E")


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
    return "w", m.group(3), int(m.group(4))
