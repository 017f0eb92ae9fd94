"""The network drawn: inputs, neurons, every weight on its connection, the biases — and, for
a training step, a copy with each neuron's forward values and local gradient."""
from __future__ import annotations

from derive.backprop.quantities import delta, v, y
from derive.model.names import b, w
from derive.notations.formulas import rename
from derive.render.layout import Graph, Layout, layout
from derive.render.math import Mn, Mo, Sub, row
from derive.render.mathprint import Printer


def graph(net, P: Printer, params: dict | None = None, env: dict | None = None) -> Graph:
    """The diagram's texts: weights and biases from ``params`` (default: the network's own),
    and with ``env`` (a training pattern's values) each neuron's v, y and δ."""
    params = params if params is not None else net.parameter_values()
    N = P.notation
    weights, notes, text = {}, {}, {}
    for x in net.inputs:
        text[x] = P.ident(x)
        notes[x] = (row(P.ident(x), Mo("="), P.value(env[x])),) if env is not None else ()
    for n in net.neurons:
        text[n.id] = P.neuron(n.id)
        for k in range(len(n.inputs)):
            weights[(n.id, k + 1)] = P.value(params[w(n.id, k + 1)])
        lines = []
        if b(n.id) in params:          # b, θ = −b (Negnevitsky) or w_0 (Mitchell, Bishop)
            kind, sign = rename(N, "b")
            sym = Sub(P.sym("w"), Mn("0")) if N.bias == "weight0" else P.sym(kind)
            lines.append(row(sym, Mo("="), P.value(sign * params[b(n.id)])))
        if env is not None:
            for kind, f in (("v", v), ("y", y), ("delta", delta)):
                if f(n.id) in env:
                    shown, sign = rename(N, kind)
                    lines.append(row(P.sym(shown), Mo("="), P.value(sign * env[f(n.id)])))
        notes[n.id] = tuple(lines)
    out_text = {o: P.quantity(y(o)) for o in net.outputs}
    return Graph(tuple(net.inputs), tuple((n.id, tuple(n.inputs)) for n in net.neurons), tuple(net.outputs),
                 text, notes, weights, out_text)


def diagram(net, P: Printer, params: dict | None = None, env: dict | None = None) -> Layout:
    return layout(graph(net, P, params, env))


def diagram_check(sol, path: str) -> None:
    """Can the network be drawn? (InputError naming ``--diagram`` if it is too large.)"""
    from derive.errors import InputError
    from derive.render.story import MAX_DRAWN_CONNECTIONS, MAX_DRAWN_NEURONS, drawable
    if not drawable(sol.net):
        raise InputError(path, "--diagram", f"the network is too large to draw ({len(sol.net.neurons)} neurons; "
                         f"at most {MAX_DRAWN_NEURONS} neurons and {MAX_DRAWN_CONNECTIONS} connections)")


def save_diagram(sol, path: str) -> None:
    """The network's picture as a file (``.svg``, ``.png`` or ``.pdf``)."""
    from derive.render.draw import save
    diagram_check(sol, path)
    save(diagram(sol.net, Printer(sol.digits)).scene(f"the network {sol.net.name or ''}"), path)
