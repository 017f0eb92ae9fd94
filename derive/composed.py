"""The network's outputs as expressions of its inputs (the JSON ``outputs``).

Written out, y_k = φ(Σ_j w_kj φ(Σ_i w_ji x_i + b_j) + b_k) repeats every shared unit once per
path to the output: its size doubles with each layer of a densely connected network. So it is
written out only while it stays small — at most ``budget`` expression nodes (unit ``nodes``)
and ``MAX_DEPTH`` levels of nesting; beyond that the outputs are a DAG of named
sub-expressions: ``outputs`` over the inputs and the outputs ``yj`` of upstream units, and
``subexpressions`` giving each such ``yj`` = φ(v_j) in topological order, so substituting them
from the last to the first gives the written-out form. Both are SymPy-parseable strings, and
the work is linear in the connections.
"""
from __future__ import annotations

import dataclasses
import re

import sympy

from derive.backprop.quantities import Formulas
from derive.budget import Budget
from derive.model import sympy_text
from derive.model.formula import Expr, Sym, substitute, to_sympy
from derive.model.names import output_symbol, v

#: Levels of nesting (expression nodes from the root to a leaf) written out at most: deeper
#: trees are unreadable, and SymPy's recursive printer would exhaust Python's stack near 300.
MAX_DEPTH = 120


def _real(name: str) -> sympy.Symbol:
    """Inputs are real: SymPy then answers its assumption queries at once instead of
    recursing through every nested activation (exponential in the depth), and prints the same."""
    return sympy.Symbol(name, real=True)


def _children(e: Expr):
    for f in dataclasses.fields(e):
        val = getattr(e, f.name)
        if isinstance(val, Expr):
            yield val
        elif isinstance(val, tuple):
            yield from (x for x in val if isinstance(x, Expr))


def _measure(e: Expr, leaves: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(nodes, depth) of ``e`` written out, a symbol in ``leaves`` counting as its own tree."""
    if isinstance(e, Sym) and e.name in leaves:
        return leaves[e.name]
    nodes, depth = 1, 0
    for c in _children(e):
        n, d = _measure(c, leaves)
        nodes, depth = nodes + n, max(depth, d)
    return nodes, depth + 1


def _fields_of(F: Formulas, j: str) -> list[str]:
    """The neurons whose fields y_j reads: j, or a softmax group's every member."""
    return list(F.net.outputs) if F.net.neuron(j).activation.group else [j]


def local_output(F: Formulas, j: str) -> Expr:
    """y_j = φ(v_j) with the network's numbers, upstream outputs as the symbols ``yi``."""
    return substitute(F.output[j], {v(m): F.numeric_field(m, lambda s: Sym(output_symbol(s)))
                                    for m in _fields_of(F, j)})


def written_out_size(F: Formulas) -> tuple[int, int]:
    """(nodes, depth) of all outputs written out, computed in time linear in the network."""
    size: dict[str, tuple[int, int]] = {}
    for n in F.net.neurons:
        leaves = {output_symbol(s): size[s] for s in n.inputs if s in size}
        size[n.id] = _measure(local_output(F, n.id), leaves)
    return (sum(size[o][0] for o in F.net.outputs), max(size[o][1] for o in F.net.outputs))


def expandable(F: Formulas, budget: Budget) -> bool:
    """Whether the outputs fit the budget written out (``nodes`` is charged when they do)."""
    nodes, depth = written_out_size(F)
    if depth > MAX_DEPTH or not budget.afford("nodes", nodes):
        return False
    budget.charge("nodes", nodes)
    return True


def composed_json(F: Formulas, budget: Budget, fields: dict[str, str]) -> dict:
    """``{"outputs": ...}`` written out, or ``{"outputs": ..., "subexpressions": ...}``;
    ``fields``: the JSON ``local_fields`` (v_j over the inputs and upstream ``yi``)."""
    net = F.net
    if expandable(F, budget):
        return {"outputs": {o: sympy_text.text(to_sympy(F.composed()[o], _real)) for o in net.outputs}}
    needed: set[str] = set()
    for o in net.outputs:
        needed.update(net.ancestors(o))
    return {"outputs": {o: _wrap(F, o, fields) for o in net.outputs},
            "subexpressions": {output_symbol(n.id): _wrap(F, n.id, fields)
                               for n in net.neurons if n.id in needed}}


def _wrap(F: Formulas, j: str, fields: dict[str, str]) -> str:
    """φ_j around the field's text: SymPy prints φ of a placeholder (``Heaviside(__v0__, 0)``,
    ``1/(exp(-__v0__) + 1)``; a softmax unit one placeholder per field of its group), and each
    field goes in its place — bare where it is a whole argument of a call, in parentheses
    elsewhere. SymPy never sees the composed expression, so its cost is one small print per unit."""
    ids = _fields_of(F, j)
    holders = {v(m): f"__v{i}__" for i, m in enumerate(ids)}
    text = sympy_text.text(to_sympy(F.output[j], lambda name: sympy.Symbol(holders.get(name, name))))
    for m in ids:
        arg, field = holders[v(m)], fields[m]
        text = re.sub(rf"(?:(?<=\()|(?<=, )){arg}(?=[,)])", lambda _: field, text)
        text = text.replace(arg, f"({field})")
    return text
