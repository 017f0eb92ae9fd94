"""A long worked solution: the general formula once, then the values as tables.

Past a few dozen connections a worked solution written line by line (every field with its
numbers, every update with its product) runs to thousands of lines nobody reads, and costs
minutes to render and typeset. So a network with more than ``MAX_WRITTEN_NEURONS`` neurons or
``MAX_WRITTEN_CONNECTIONS`` connections is written as its rules (printed once, in the story)
and, for each step, tables: each neuron's v_j, y_j and δ_j; each parameter's value before the
step, its change and its value after. The whole document holds at most ``MAX_TABLE_ROWS``
table rows (README, "Limits"); rows past it are left out with a line saying how many and
where they are (``--format json`` has every number).
"""
from __future__ import annotations

from derive.backprop.quantities import ERROR, delta, v, y
from derive.model.names import change
from derive.render.blocks import Para, Table
from derive.notations.formulas import rename
from derive.render.math import Mn, Mo, row

MAX_WRITTEN_NEURONS = 12
MAX_WRITTEN_CONNECTIONS = 96
MAX_TABLE_ROWS = 30_000


def is_long(net) -> bool:
    """Is this network's solution written as tables?"""
    return (len(net.neurons) > MAX_WRITTEN_NEURONS
            or sum(len(n.inputs) for n in net.neurons) > MAX_WRITTEN_CONNECTIONS)


class Rows:
    """What is left of the document's table rows."""

    def __init__(self, limit: int | None = None):
        self.limit = MAX_TABLE_ROWS if limit is None else limit
        self.left = self.limit

    def table(self, header, rows, align: str = "") -> list:
        """A table of at most the rows left, and a line for the rows left out."""
        rows = list(rows)
        shown = rows[:max(self.left, 0)]
        self.left -= len(shown)
        out = [Table(tuple(header), tuple(shown), align)] if shown else []
        if len(shown) < len(rows):
            out.append(Para((f"… and {len(rows) - len(shown):,} more rows, left out here (at most "
                             f"{self.limit:,} table rows a document): handgrad solve --format json "
                             "has every value.",)))
        return out


def network_table(P, net, rows: Rows) -> list:
    """Part (a) of a long network: each neuron's inputs, bias and activation."""
    kind, sign = rename(P.notation, "b")
    header = ("neuron", "inputs", P.general(kind, "j"), "activation")
    body = ((P.neuron(n.id), Mn(str(len(n.inputs))),
             P.exact(sign * n.bias) if n.bias is not None else "none", n.activation.label) for n in net.neurons)
    return rows.table(header, body, "lrrl")


def forward_table(P, net, F, ps, rows: Rows) -> list:
    """v_j, y_j and δ_j of every neuron for one pattern, and the pattern's error."""
    env = ps.env
    kind, sign = rename(P.notation, "delta")
    header = ("neuron", P.general("v", "j"), P.general("y", "j"), P.general(kind, "j"))
    body = ((P.neuron(n.id), P.value(env[v(n.id)]), P.value(env[y(n.id)]), P.value(sign * env[delta(n.id)]))
            for n in net.neurons)
    out = [Para((f"The forward values and {P.notation.word('deltas')} (the rules above, neuron by neuron):",))]
    out += rows.table(header, body, "lrrr")
    out.append(Para(("The error of the pattern: ", row(P.quantity(ERROR), Mo("="), P.value(env[ERROR])), ".")))
    return out


def update_table(P, F, s, rows: Rows) -> list:
    """Every updated parameter: its value before the step, its change, its value after."""
    header = ("parameter", "before", "change", "after")
    named = ((q,) + rename(P.notation, q) for q in F.increments())
    body = ((P.quantity(qn), P.value(sign * s.before[q]), P.value(sign * s.changes[change(q)]),
             P.value(sign * s.after[q])) for q, qn, sign in named)
    return [Para(("The updates by the rule above" + (", summed over the patterns of the epoch" if s.batch else "")
                  + ":",))] + rows.table(header, body, "lrrr")
