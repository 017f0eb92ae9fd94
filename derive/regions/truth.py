"""Part (b): the truth table over all 0/1 inputs and the name of each output's Boolean function."""
from __future__ import annotations

from fractions import Fraction
from itertools import product

from derive.model.network import Network
from derive.backprop.quantities import Formulas, y
from derive.backprop.training import forward

#: At most this many inputs get a truth table (2**12 rows).
MAX_TRUTH_INPUTS = 12


def truth_table(net: Network) -> list[dict]:
    F = Formulas(net)
    params = net.parameter_values()
    rows = []
    for x in product((0, 1), repeat=len(net.inputs)):
        env = dict(params)
        env.update(zip(net.inputs, (Fraction(v) for v in x)))
        forward(F, env)
        rows.append({"x": list(x), "y": [int(env[y(o)]) for o in net.outputs]})
    return rows


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
