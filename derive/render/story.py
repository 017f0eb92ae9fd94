"""The worked solution as a document of typed blocks: the same story for every output format.

What is said, in what order, with which formulas — never how a format writes it: math is a
:mod:`derive.render.math` tree and prose is plain text; the backends decide the rest. Symbols
and the form of an update come from the printer's :class:`~derive.notations.base.Notation`.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import product

import sympy

from derive.backprop.quantities import Formulas, v, y
from derive.model.formula import Add, Expr, Mul, Sym
from derive.notations.formulas import notate
from derive.render import values
from derive.render.blocks import Document, Equations, Figure, Heading, Items, Para, Region, Table
from derive.render.math import (SUM, Apply, Fence, Frac, Mi, Mn, Mo, Node, Raw, Sub, Sup, Text, Under, join, row,
                                width)
from derive.render.math import Sym as MSym
from derive.render.mathprint import Printer, needs_parens, sympy_cases, sympy_node, upright


#: The output written out in the inputs is shown while it is at most this wide (em: about three
#: lines of a page); beyond that the local fields say the same.
MAX_COMPOSED_EM = 120.0


def neuron(nid: str) -> Node:
    """A neuron's id in running text: ``1``, ``h1``."""
    return Printer().neuron(nid)


def and_list(parts: list) -> list:
    """``a``, ``a and b``, ``a, b and c`` as inline parts (each part a list of parts)."""
    out: list = []
    for i, p in enumerate(parts):
        if i:
            out.append(" and " if i == len(parts) - 1 else ", ")
        out += p
    return out


def sum_over(index: str) -> Node:
    return Under(MSym(SUM), Mi(index))


# --------------------------------------------------------------------------- activations
def definition(P: Printer, act) -> list:
    """``φ(v) = 1/(1 + e^{−v})``, or the cases of a threshold unit, as inline parts, in the
    notation's symbols (Hagan: f(n)); the activation object gives the formula (its SymPy form,
    its states)."""
    var = P.sym("v")
    names = {"v": var}
    phi_v = Apply(P.sym("phi"), var)
    if act.states:
        return and_list([[row(phi_v, Mo("="), Mn(str(s))), " for ", row(var, P.relation(op), Mn("0"))]
                         for s, op in reversed(act.states)])
    if act.group:                # softmax: y_k = e^{v_k} / Σ_j e^{v_j} over the output layer
        e = Mi("e")
        return [row(P.general("y", "k"), Mo("="), Frac(Sup(e, P.general("v", "k")),
                                                        row(sum_over("j"), Sup(e, P.general("v", "j"))))),
                " over the output layer"]
    form = act.sympy(sympy.Symbol("v"))
    if isinstance(form, sympy.Piecewise):
        return and_list([[row(phi_v, Mo("="), val)] + ([" for ", cond] if cond is not None else [" otherwise"])
                         for val, cond in sympy_cases(form, names)])
    return [row(phi_v, Mo("="), sympy_node(form, names))]


def derivative(P: Printer, act) -> Node | None:
    """``φ'(v) = y (1 − y)``: φ' written as a student writes it (Hagan: ḟ(n) = a(1 − a))."""
    d = None if act.group else act.dphi(Sym("v"), Sym("y"))
    if d is None:
        return None
    return row(Apply(P.sym("dphi"), P.sym("v")), Mo("="), P.formula(d))


def activation_items(P: Printer, acts) -> Items:
    items = []
    for act in sorted(set(acts), key=repr):
        one = [f"{P.function_label(act)}: "] + definition(P, act)
        d = derivative(P, act)
        if d is not None:
            one += [", with ", d]
        items.append(tuple(one))
    return Items(tuple(items))


#: what the bias adds to the field, in words, per kind of bias
_BIAS_WORDS = {"bias": "plus its bias", "threshold": "minus its threshold, a weight on a fixed input of -1",
               "weight0": "plus its bias weight on a fixed input of 1"}


def field_rule(P: Printer) -> Node:
    """``v_j = Σ_i w_ji y_i + b_j`` in the notation (Negnevitsky: X_j = Σ_i x_i w_ij − θ_j;
    Nielsen, layer by layer: z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j)."""
    N = P.notation
    j, i, _ = N.letters
    L, below = P.rule_layer(), P.rule_layer("l-1")
    w = P.general("w", j, i, layer=L)
    inp = P.general("input", j, i) if N.input_indices == 2 else P.general("input", i, layer=below)
    term = row(inp, Mo("times"), w) if N.input_first else row(w, Mo("times"), inp)
    if N.bias == "threshold":
        b_part = [Mo("-"), P.general("theta", j)]
    elif N.bias == "weight0":
        b_part = [Mo("+"), P.general("w", j, "0", layer=L)]
    else:
        b_part = [Mo("+"), P.general("b", j, layer=L)]
    return row(P.general("v", j, layer=L), Mo("="), sum_over(i), term, *b_part)


def field_formula(P: Printer, f: Expr) -> Expr:
    """A field in the notation (θ for −b), products input first where the book writes them
    so (Negnevitsky's x_i w_ij)."""
    f = notate(f, P.notation, numbers_first=False)
    if P.notation.input_first and isinstance(f, Add):
        f = Add(tuple(Mul(t.factors[::-1]) if isinstance(t, Mul) else t for t in f.terms))
    return f


# --------------------------------------------------------------------------- part (a)
def part_a(sol, P: Printer, rows: values.Rows) -> list:
    net, F = sol.net, sol.formulas
    acts = {n.activation for n in net.neurons}
    N = P.notation
    j = N.letters[0]
    vj = P.general("v", j, layer=P.rule_layer())
    field = N.word("field")
    blocks: list = [Heading((f"(a) {field[0].upper() + field[1:]}s and output",))]
    blocks.append(Para((
        "Each neuron ", Mi(j), f" computes its {field} ", field_rule(P),
        f" (the weighted sum of its inputs {_BIAS_WORDS[N.bias]}) and outputs ",
        row(P.general("y", j, layer=P.rule_layer()), Mo("="), Apply(P.sym("phi"), vj)),
        ", with " + ("the activation" if len(acts) == 1 else "the activations") + ":")))
    blocks.append(activation_items(P, acts))
    if values.is_long(net):
        blocks.append(Para((f"The network has {len(net.neurons):,} neurons and "
                            f"{sum(len(n.inputs) for n in net.neurons):,} connections, too many to write every "
                            "field out: each is the rule above with the weights of the network file. Its neurons:",)))
        return blocks + values.network_table(P, net, rows)
    blocks.append(Para((f"The {field}s, with the weights of the network:",)))
    blocks.append(Equations(tuple(
        (P.quantity(v(n.id)), (P.formula(field_formula(P, F.field[n.id])),
                               P.formula(F.numeric_field(n.id, lambda s: Sym(y(s))))))
        for n in net.neurons)))
    if "subexpressions" not in sol and len(net.neurons) > 1:
        comp = {o: P.formula(F.composed()[o]) for o in net.outputs}
        if all(width(c) <= MAX_COMPOSED_EM for c in comp.values()):
            blocks.append(Para(("So the output of the network, in terms of its inputs, is",)))
            blocks.append(Equations(tuple((P.quantity(y(o)), (comp[o],)) for o in net.outputs)))
        else:
            blocks.append(Para(("Written out in the inputs, the output would run over more than three "
                                f"lines; the {field}s above compose it, one neuron after the other.",)))
    return blocks


# --------------------------------------------------------------------------- regions
def _conditions(P: Printer, net, conds) -> Node:
    """A cell's conditions; a lower and an upper bound on the same sum become ``a < s ≤ b``."""
    conds = [upright(c.form.coeffs, c.form.const, c.op) for c in conds]
    out = []
    while conds:
        coeffs, const, op = conds.pop(0)
        pair = next((o for o in conds if o[0] == coeffs and {op, o[2]} in _BOUNDS), None)
        if pair is None:
            out.append(P.relation_of(_Form(coeffs, const), net.inputs, op))
            continue
        conds.remove(pair)
        lo, hi = ((const, op), (pair[1], pair[2])) if op in (">", ">=") else ((pair[1], pair[2]), (const, op))
        s = P.linear(list(zip(coeffs, net.inputs)), 0)
        lo_op = "<" if lo[1] == ">" else "<="
        out.append(row(P.exact(-lo[0]), Mo(lo_op), s, P.relation(hi[1]), P.exact(-hi[0])))
    if not out:
        return Text("everywhere")
    return out[0] if len(out) == 1 else _joined(out, " and ")


_BOUNDS = ({">", "<="}, {">", "<"}, {">=", "<="}, {">=", "<"})


class _Form:
    def __init__(self, coeffs, const):
        self.coeffs, self.const = coeffs, const


def _joined(nodes, word: str) -> Node:
    items = []
    for i, n in enumerate(nodes):
        if i:
            items.append(Text(word))
        items.append(n)
    return row(*items)


def _states(net, states: dict) -> list:
    if not states:
        return ["always"]
    return ["where "] + and_list([["neuron ", neuron(k), " outputs ", Mn(str(s))] for k, s in states.items()])


def decision_blocks(sol, P: Printer, figures: bool = False, files: dict | None = None) -> list:
    net, analysis = sol.net, sol.analysis
    if analysis is None:
        return []
    blocks: list = [Heading(("(a) Separation lines and decision region",))]
    blocks.append(Para((
        f"A threshold unit changes its output where its {P.notation.word('field')} crosses 0. The "
        f"{P.notation.word('field')} of a unit depends on the states of the units that feed it, so each unit has one boundary "
        "line per combination of upstream states, valid only where those states hold:",)))
    items = []
    for bl in analysis.lines:
        line = P.relation_of(bl.form, net.inputs)
        if bl.cell.states and bl.cell.conditions:
            items.append(("neuron ", neuron(bl.neuron), ": ", line, " ", *_states(net, bl.cell.states),
                          ", that is, where ", _conditions(P, net, bl.cell.conditions)))
        elif bl.cell.states:
            items.append(("neuron ", neuron(bl.neuron), ": ", line, " (", *_states(net, bl.cell.states)[1:],
                          " for every input)"))
        else:
            items.append(("neuron ", neuron(bl.neuron), ": ", line, " (it sees no other unit)"))
    if items:
        blocks.append(Items(tuple(items)))
    corners = list(product((0, 1), repeat=len(net.inputs))) if len(net.inputs) <= 12 else []
    n = len(net.inputs)
    for o, parts in analysis.parts.items():
        yo = P.quantity(y(o))
        if not parts:
            blocks.append(Para(("The output ", yo, " is never ", Mn("1"), ".")))
            continue
        full = [p for p in parts if p.dim == n]
        low = [p for p in parts if p.dim < n]
        blocks.append(Para(("The output ", yo, " is ", Mn("1"), " exactly where (for all real inputs)")))
        blocks.append(Region(tuple(_conditions(P, net, p.conditions) for p in full),
                             tuple((_where(p, n), _piece(P, net, p)) for p in low)))
        notes = []
        for p in parts:
            inside = [x for x in corners if all(c.holds(x) for c in p.conditions)]
            case = [*_cases(net, p, o), ": ", _piece(P, net, p)]
            if inside:
                case += ["; it holds the binary input" + ("s " if len(inside) > 1 else " "), *_vectors(P, inside)]
            elif corners:
                case += ["; no binary input lies in it, so the truth table cannot show it, but it is "
                         "part of the region for real inputs"]
            notes.append(tuple(case))
        blocks.append(Items(tuple(notes)))
        if figures and n == 2:
            from derive.render.regionplot import region_scene
            blocks.append(Figure(region_scene(sol, o, P), (
                "The output ", yo, " is ", Mn("1"), " in the shaded region. Solid lines: the boundaries "
                "of neuron ", neuron(o), "; dashed: those of the units before it, each drawn only where it "
                "holds. Filled circles: the points where the output is ", Mn("1"), "; squares: the others."),
                label=f"fig:region-{o}", file=(files or {}).get("regions") if o == net.outputs[0] else None))
    return blocks


def _where(p, n: int) -> str:
    return {0: "at the point", 1: "on the line", 2: "on the plane"}.get(p.dim, f"on the {p.dim}-dimensional set")


def _piece(P: Printer, net, p) -> Node:
    """A piece of a region: its conditions, or the point it is."""
    if p.dim == 0:
        pt = solve_point(p.conditions, len(net.inputs))
        if pt is not None:
            return row(Fence(join([P.ident(x) for x in net.inputs], ",")), Mo("="), P.vector(pt))
    return _conditions(P, net, p.conditions)


def solve_point(conds, n: int):
    """The one point where the equalities among ``conds`` hold (exact), or None."""
    rows = [list(c.form.coeffs) + [-c.form.const] for c in conds if c.op == "=="]
    m, r = [list(map(Fraction, rw)) for rw in rows], 0
    for col in range(n):
        piv = next((i for i in range(r, len(m)) if m[i][col] != 0), None)
        if piv is None:
            return None
        m[r], m[piv] = m[piv], m[r]
        m[r] = [v_ / m[r][col] for v_ in m[r]]
        for i in range(len(m)):
            if i != r and m[i][col] != 0:
                m[i] = [a - m[i][col] * b_ for a, b_ in zip(m[i], m[r])]
        r += 1
    return tuple(m[i][n] for i in range(n))


def _cases(net, p, o) -> list:
    """"Where neuron 1 outputs 0" for a piece that is one cell; "Joining 2 cells" else."""
    if len(p.cells) > 1:
        return [f"Joining {len(p.cells)} cells of upstream states"]
    states = {k: s for k, s in p.cells[0].states.items() if k != o} if p.cells else {}
    return ["Where "] + _states(net, states)[1:] if states else ["With no unit before it"]


def _vectors(P: Printer, xs) -> list:
    out: list = []
    for i, x in enumerate(xs):
        out += ([", "] if i else []) + [P.vector(x)]
    return out


# --------------------------------------------------------------------------- part (b)
def function_words(net, name: str) -> list:
    """``x1 AND NOT x2`` with the input names as math."""
    out: list = []
    for i, tok in enumerate(name.split(" ")):
        out += [" "] if i else []
        out.append(Printer().ident(tok) if tok in net.inputs else tok)
    return out


def truth_blocks(sol, P: Printer) -> list:
    net = sol.net
    if "truth_table" not in sol:
        return []
    header = tuple([P.ident(x) for x in net.inputs] + [P.quantity(y(o)) for o in net.outputs])
    rows = tuple(tuple([Mn(str(v_)) for v_ in r["x"]] + [Mn(str(v_)) for v_ in r["y"]])
                 for r in sol["truth_table"])
    blocks: list = [Heading(("(b) Truth table",)), Table(header, rows)]
    for o, name in sol["boolean_function"].items():
        if name:
            blocks.append(Para(("The output ", P.quantity(y(o)), " computes ", *function_words(net, name), ".")))
    return blocks


def listed(nodes) -> list:
    out: list = []
    for i, n in enumerate(nodes):
        out += ([", "] if i else []) + [n]
    return out


# --------------------------------------------------------------------------- the document
#: The network is drawn up to this size; annotated copies for this many training passes.
MAX_DRAWN_NEURONS = 40
MAX_DRAWN_CONNECTIONS = 240
MAX_STEP_FIGURES = 4


def drawable(net) -> bool:
    return (len(net.neurons) <= MAX_DRAWN_NEURONS
            and sum(len(n.inputs) for n in net.neurons) <= MAX_DRAWN_CONNECTIONS)


def network_figure(sol, P: Printer, files: dict) -> list:
    from derive.render.diagram import diagram
    net = sol.net
    if not drawable(net):
        return [Para((f"The network is not drawn: it has {len(net.neurons)} neurons (at most "
                      f"{MAX_DRAWN_NEURONS} are drawn).",))]
    return [Figure(diagram(net, P).scene(f"the network {net.name or ''}"), (
        "The network: the weight of each connection on it, each neuron's ", *_bias_words(P), " under it.",), label="fig:network", file=files.get("diagram"))]


def step_figure(P: Printer, tnet, s, ps, caption_head: str) -> Figure:
    from derive.render.diagram import diagram
    return Figure(diagram(tnet, P, params=s.before, env=ps.env).scene(caption_head), (
        caption_head + ": the forward values ", P.sym("v"), " and ", P.sym("y"),
        f" and the {P.notation.word('delta')} ", P.sym(P.notation.delta_kind),
        " of each neuron, with the weights before the update."))


def _bias_words(P: Printer) -> list:
    """``bias b``, ``threshold θ``, ``bias weight w_0``: what the diagram shows under a neuron."""
    N = P.notation
    if N.bias == "weight0":
        return ["bias weight ", Sub(P.sym("w"), Mn("0"))]
    return ["threshold " if N.bias == "threshold" else "bias ", P.sym(N.bias_kind)]


def build(sol, P: Printer, figures: bool = True, files: dict | None = None) -> Document:
    """The whole worked solution; ``figures``: draw the network, the regions and the steps;
    ``files``: pictures also written as files ("diagram", "regions"), for formats that refer
    to them (Markdown)."""
    files = files or {}
    title = sol.net.name or "network"
    rows = values.Rows()
    blocks = network_figure(sol, P, files) if figures else []
    blocks += part_a(sol, P, rows)
    blocks += decision_blocks(sol, P, figures, files)
    blocks += truth_blocks(sol, P)
    from derive.render.backprop import training_blocks
    blocks += training_blocks(sol, P, figures, rows)
    for note in sol.get("notes", []):
        blocks.append(Para(("Note: " + note + ".",)))
    return Document(f"Worked solution: {title}", tuple(blocks))
