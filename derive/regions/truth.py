"""Part (b): the truth table over all 0/1 inputs and the name of each output's Boolean function."""
from __future__ import annotations

import math
from fractions import Fraction
from itertools import product

import numpy as np

from derive.budget import Budget
from derive.model.network import Network

#: At most this many inputs get a truth table (2**12 rows).
MAX_TRUTH_INPUTS = 12
#: Fields whose integer form could pass this bound are summed as Python integers, about
#: ``OBJECT_COST`` times slower than int64; the budget is charged accordingly.
_INT64_SAFE = 2**62
OBJECT_COST = 25


def truth_table(net: Network, budget: Budget | None = None) -> list[dict]:
    """Every 0/1 input and the outputs, exactly, all rows at once.

    A threshold unit's output depends only on the sign of v_j = Σ_i w_ji y_i + b_j, and so on
    the sign of D_j v_j, where D_j clears the denominators of its weights and bias: an integer
    sum, exact in int64 while Σ|D_j w_ji| + |D_j b_j| < 2^62 (every y_i is −1, 0 or 1), in Python
    integers beyond. Cost (charged to ``budget``): rows × connections as ``truth``, and the
    rows' JSON (3 bytes a value) as ``bytes``.
    """
    budget = budget or Budget()
    n_rows = 2 ** len(net.inputs)
    X = np.array(list(product((0, 1), repeat=len(net.inputs))), dtype=np.int64).reshape(n_rows, -1)
    scaled = [_integer_field(n) for n in net.neurons]
    cost = sum(len(n.inputs) * (OBJECT_COST if wide else 1)
               for n, (_, _, wide) in zip(net.neurons, scaled))
    budget.charge("truth", n_rows * cost)
    budget.charge("bytes", n_rows * (len(net.inputs) + len(net.outputs)) * 3)   # the JSON rows
    vals = {s: X[:, i] for i, s in enumerate(net.inputs)}
    for n, (W, B, wide) in zip(net.neurons, scaled):
        v = np.full(n_rows, B, dtype=object if wide else np.int64)
        for wk, s in zip(W, n.inputs):
            if wk:
                v = v + wk * (vals[s].astype(object) if wide else vals[s])
        sign = (v > 0).astype(np.int64) - (v < 0).astype(np.int64)
        act = n.activation                      # a threshold φ depends only on the sign of v
        phi = np.array([int(act.exact(Fraction(s))) for s in (-1, 0, 1)], dtype=np.int64)
        vals[n.id] = phi[sign + 1]
    Y = np.stack([vals[o] for o in net.outputs], axis=1)
    return [{"x": x, "y": y_} for x, y_ in zip(X.tolist(), Y.tolist())]


def _integer_field(n) -> tuple[list[int], int, bool]:
    """(D w_j1, ..., D b_j, wide) with D the least common denominator; ``wide`` when the sum
    could leave int64."""
    bias = Fraction(0) if n.bias is None else n.bias
    D = math.lcm(*(q.denominator for q in (*n.weights, bias)))
    W = [int(q * D) for q in n.weights]
    B = int(bias * D)
    return W, B, sum(map(abs, W)) + abs(B) >= _INT64_SAFE


def _two_input_names(a: str, b: str) -> dict[tuple, str]:
    # keyed by the outputs for (0,0), (0,1), (1,0), (1,1)
    return {
        (0, 0, 0, 0): "FALSE", (0, 0, 0, 1): "AND", (0, 0, 1, 0): f"{a} AND NOT {b}",
        (0, 0, 1, 1): a, (0, 1, 0, 0): f"NOT {a} AND {b}", (0, 1, 0, 1): b,
        (0, 1, 1, 0): "XOR", (0, 1, 1, 1): "OR", (1, 0, 0, 0): "NOR", (1, 0, 0, 1): "XNOR",
        (1, 0, 1, 0): f"NOT {b}", (1, 0, 1, 1): f"{a} OR NOT {b}", (1, 1, 0, 0): f"NOT {a}",
        (1, 1, 0, 1): f"NOT {a} OR {b}", (1, 1, 1, 0): "NAND", (1, 1, 1, 1): "TRUE",
    }


def boolean_name(inputs: tuple[str, ...], column: list[int]) -> str | None:
    """The usual name of the function with these outputs (rows in binary order, x1 first).

    Outputs of sign units (-1/1) read -1 as false. None when the column is not Boolean.
    """
    vals = set(column)
    if vals <= {-1, 1} and -1 in vals:
        column = [1 if c == 1 else 0 for c in column]
    elif not vals <= {0, 1}:
        return None
    col = tuple(column)
    n = len(inputs)
    if n == 1:            # identity, NOT and the two constants (AND/OR of one input say nothing)
        return {(0, 0): "FALSE", (0, 1): inputs[0], (1, 0): f"NOT {inputs[0]}", (1, 1): "TRUE"}[col]
    if n == 2:
        return _two_input_names(*inputs)[col]
    rows = list(product((0, 1), repeat=n))
    ones = [sum(r) for r in rows]
    named = {
        "FALSE": [0] * len(rows), "TRUE": [1] * len(rows),
        "AND": [int(s == n) for s in ones], "OR": [int(s > 0) for s in ones],
        "NAND": [int(s < n) for s in ones], "NOR": [int(s == 0) for s in ones],
        "XOR": [s % 2 for s in ones], "XNOR": [1 - s % 2 for s in ones],
    }
    if n % 2 == 1 and n > 1:
        named["MAJORITY"] = [int(2 * s > n) for s in ones]
    for i, name in enumerate(inputs):
        named[name] = [r[i] for r in rows]
        named[f"NOT {name}"] = [1 - r[i] for r in rows]
    for name, c in named.items():
        if tuple(c) == col:
            return name
    return "minterms " + ",".join(str(i) for i, c in enumerate(col) if c)


def boolean_functions(net: Network, table: list[dict]) -> dict[str, str | None]:
    return {o: boolean_name(net.inputs, [row["y"][i] for row in table])
            for i, o in enumerate(net.outputs)}
