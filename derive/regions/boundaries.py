"""Part (a) for threshold networks: boundary lines and the exact regions where an output is 1.

Each threshold unit j splits the input space along v_j = 0, but v_j depends on the states of the
units upstream of it, so its boundary is a different line in each cell of their states: for the
seed's neuron 2, x1 + x2 = 1/2 where neuron 1 is off and x1 + x2 = 5/2 where it is on (the line
the seed's answer misses). Cells are enumerated in topological order, empty ones pruned exactly
(:mod:`derive.regions.polyhedra`), so the result holds for every real input, not only 0/1.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

from derive.budget import Budget
from derive.model import sympy_text
from derive.model.network import Network
from derive.regions.merge import merge_cells
from derive.regions.polyhedra import Constraint, TooComplex, feasible, irredundant

#: Bound on the exact enumeration (README, "Limits"); its work is charged to the budget's
#: ``fm``. (A threshold unit's states are its activation's: ``Activation.states``.)
MAX_UNITS = 30              # threshold units upstream of one neuron, inclusive
_HOLDS = {">": lambda c: c > 0, "<=": lambda c: c <= 0, "<": lambda c: c < 0, "==": lambda c: c == 0,
          ">=": lambda c: c >= 0}
_REL = {">": sympy.StrictGreaterThan, "<=": sympy.LessThan, "<": sympy.StrictLessThan, "==": sympy.Eq,
        ">=": sympy.GreaterThan}


@dataclass(frozen=True)
class Linear:
    """coeffs · x + const, over the network's inputs."""
    coeffs: tuple[Fraction, ...]
    const: Fraction

    @property
    def constant(self) -> bool:
        return not any(self.coeffs)

    def sympy(self, inputs) -> sympy.Expr:
        return sympy.Add(*(sympy.Rational(c.numerator, c.denominator) * sympy.Symbol(x)
                           for c, x in zip(self.coeffs, inputs) if c),
                         sympy.Rational(self.const.numerator, self.const.denominator))

    def at(self, x) -> Fraction:
        return sum((c * xi for c, xi in zip(self.coeffs, x)), self.const)

    def key(self) -> tuple:
        """The same line whatever the scale and sign: for comparing lines."""
        lead = next(c for c in self.coeffs if c)
        return tuple(c / lead for c in self.coeffs) + (self.const / lead,)


@dataclass(frozen=True)
class Condition:
    form: Linear
    op: str            # one of > >= <= < ==

    def constraints(self) -> list[Constraint]:
        f, neg = self.form, tuple(-c for c in self.form.coeffs)
        return {">": [(f.coeffs, f.const, True)], ">=": [(f.coeffs, f.const, False)],
                "<=": [(neg, -f.const, False)],
                "<": [(neg, -f.const, True)],
                "==": [(f.coeffs, f.const, False), (neg, -f.const, False)]}[self.op]

    def holds(self, x) -> bool:
        return _HOLDS[self.op](self.form.at(x))

    def text(self, inputs) -> str:
        return sympy_text.text(_REL[self.op](self.form.sympy(inputs), 0))


@dataclass(frozen=True)
class Cell:
    states: dict               # neuron id -> state
    conditions: tuple          # Conditions, irredundant


def field_under(net: Network, nid: str, states: dict) -> Linear:
    """v_nid as a linear form in the inputs, upstream units fixed at ``states``."""
    n = net.neuron(nid)
    coeffs = [Fraction(0)] * len(net.inputs)
    const = Fraction(0) if n.bias is None else n.bias
    for wk, s in zip(n.weights, n.inputs):
        if net.is_neuron(s):
            const += wk * states[s]
        else:
            coeffs[net.inputs.index(s)] += wk
    return Linear(tuple(coeffs), const)


def cells(net: Network, ids: list[str], budget: Budget | None = None) -> list[Cell]:
    """Every non-empty cell of states of ``ids`` (topological order, closed upstream)."""
    budget = budget or Budget()
    if len(ids) > MAX_UNITS:
        raise TooComplex()
    n_in = len(net.inputs)
    out: list[Cell] = []

    def rec(i: int, states: dict, conds: list[Condition]):
        if i == len(ids):
            keep = irredundant([c for cond in conds for c in cond.constraints()], n_in, budget=budget)
            # map kept FM rows back to conditions (an equality is kept whole)
            rows, owner = [], []
            for ci, cond in enumerate(conds):
                for c in cond.constraints():
                    rows.append(c)
                    owner.append(ci)
            # downstream first: "neuron 2 fires, given neuron 1 is off", as the contract writes it
            kept = sorted({owner[r] for r in keep}, reverse=True)
            out.append(Cell(dict(states), tuple(conds[k] for k in kept)))
            return
        nid = ids[i]
        form = field_under(net, nid, states)
        for state, op in net.neuron(nid).activation.states:   # (output, condition on v)
            states[nid] = state
            if form.constant:
                if _HOLDS[op](form.const):
                    rec(i + 1, states, conds)
            else:
                cond = Condition(form, op)
                if feasible([c for k in conds + [cond] for c in k.constraints()], n_in, budget):
                    rec(i + 1, states, conds + [cond])
            del states[nid]

    rec(0, {}, [])
    return out


def _when(conds, inputs) -> str:
    if not conds:
        return "True"
    if len(conds) == 1:
        return conds[0].text(inputs)
    return " & ".join(f"({c.text(inputs)})" for c in conds)


@dataclass(frozen=True)
class BoundaryLine:
    neuron: str
    cell: Cell                 # the states of the upstream units, and where they hold
    form: Linear               # v_neuron = 0 there


@dataclass(frozen=True)
class Part:
    """A piece of a region in its fewest terms: its conditions, and its dimension (the number
    of inputs for a piece with interior, fewer for a piece of a line or a point)."""
    conditions: tuple
    dim: int
    cells: tuple               # the Cells it merges


@dataclass(frozen=True)
class Analysis:
    """Part (a) of a threshold network, computed once: every neuron's boundary lines cell by
    cell, the cells where each output is 1, and those cells merged into the fewest pieces. The
    JSON, the worked solution, the plot and the answer checker all read this."""
    lines: tuple[BoundaryLine, ...]
    regions: dict              # output id -> [Cell] where it is 1
    parts: dict = None         # output id -> [Part]: the same region, fewest pieces

    def distinct_lines(self) -> list[BoundaryLine]:
        """Each line once (up to scale), where it first appears."""
        seen, out = set(), []
        for bl in self.lines:
            if bl.form.key() not in seen:
                seen.add(bl.form.key())
                out.append(bl)
        return out


def analyse(net: Network, budget: Budget | None = None) -> Analysis:
    """Raises TooComplex past ``MAX_UNITS`` and OverBudget past the budget's ``fm``."""
    budget = budget or Budget()
    lines = []
    for n in net.neurons:
        for cell in cells(net, net.ancestors(n.id), budget):
            form = field_under(net, n.id, cell.states)
            if not form.constant:
                lines.append(BoundaryLine(n.id, cell, form))
    regions = {o: [c for c in cells(net, net.ancestors(o) + [o], budget) if c.states[o] == 1]
               for o in net.outputs}
    parts = {o: simplest(rc, len(net.inputs), budget) for o, rc in regions.items()}
    return Analysis(tuple(lines), regions, parts)


def simplest(region: list[Cell], n: int, budget: Budget | None = None) -> list[Part]:
    """The region as the fewest pieces (cells with a convex union merged), pieces with
    interior first; the tests are charged to ``budget`` like the enumeration's."""
    rows = [[r for cond in cell.conditions for r in cond.constraints()] for cell in region]
    out = [Part(conditions_of(piece.rows) if len(m) > 1 else region[m[0]].conditions, n - piece.equalities,
                tuple(region[i] for i in m))
           for piece, m in merge_cells(rows, n, budget or Budget())]
    return sorted(out, key=lambda p: -p.dim)


def conditions_of(rows) -> tuple:
    """Constraint rows as conditions written the usual way round (first coefficient positive);
    a pair ``a ≥ 0``, ``−a ≥ 0`` becomes one equality."""
    out, used = [], set()
    for i, (coeffs, const, strict) in enumerate(rows):
        if i in used:
            continue
        twin = next((j for j, (c2, k2, s2) in enumerate(rows) if j != i and j not in used and not strict
                     and not s2 and all(a == -b for a, b in zip(coeffs, c2)) and const == -k2), None)
        lead = next((c for c in coeffs if c), Fraction(1))
        flip = lead < 0
        form = Linear(tuple(-c for c in coeffs), -const) if flip else Linear(tuple(coeffs), const)
        if twin is not None:
            used.add(twin)
            op = "=="
        else:
            op = {(True, False): ">", (False, False): ">=", (True, True): "<", (False, True): "<="}[(strict, flip)]
        out.append(Condition(form, op))
    return tuple(out)


def decision_json(net: Network, a: Analysis) -> dict:
    """The ``decision`` JSON object: boundary lines per neuron, regions per output."""
    neurons = {n.id: [] for n in net.neurons}
    for bl in a.lines:
        neurons[bl.neuron].append({"line": sympy_text.text(bl.form.sympy(net.inputs)),
                                   "when": _when(bl.cell.conditions, net.inputs),
                                   "states": dict(bl.cell.states)})
    regions = {o: [[c.text(net.inputs) for c in cell.conditions] for cell in cs]
               for o, cs in a.regions.items()}
    return {"neurons": neurons, "regions": regions}


def decision(net: Network) -> dict:
    return decision_json(net, analyse(net))
