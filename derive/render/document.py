"""The worked solution as a list of blocks, the same story for every output format.

Blocks are tuples: ``("heading", text)``, ``("para", [str | Math])``, ``("equations", [(lhs,
[rhs, ...])])`` and ``("table", header, rows)``. Math strings are already printed in the
flavour of the target (text or LaTeX); prose is plain and escaped by the backend.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from derive.regions.boundaries import Condition
from derive.model.formula import Sym
from derive.backprop.quantities import ERROR, Formulas, change, delta, v, y
from derive.render.mathprint import Printer


@dataclass(frozen=True)
class Math:
    text: str


def _fmt_vec(P: Printer, xs) -> str:
    return "(" + ", ".join(P.exact(x) for x in xs) + ")"


def _condition(P: Printer, net, c: Condition) -> str:
    """``x1 + x2 - 3/2 <= 0`` printed as ``x1 + x2 <= 3/2``."""
    return P.relation_of(c.form, net.inputs, c.op)


def _conditions(P: Printer, net, conds) -> str:
    """A cell's conditions; a lower and an upper bound on the same sum become ``a < s <= b``."""
    conds = list(conds)
    out = []
    while conds:
        c = conds.pop(0)
        pair = next((o for o in conds if o.form.coeffs == c.form.coeffs
                     and {c.op, o.op} in ({">", "<="}, {">", "<"}, {">=", "<"}, {">=", "<="})), None)
        if pair is None:
            out.append(_condition(P, net, c))
            continue
        conds.remove(pair)
        lo, hi = (c, pair) if c.op in (">", ">=") else (pair, c)
        s = P.linear(list(zip(c.form.coeffs, net.inputs)), 0)
        below = P.relation("<" if lo.op == ">" else "<=")
        out.append(f"{P.exact(-lo.form.const)} {below} {s} {P.relation(hi.op)} {P.exact(-hi.form.const)}")
    return " and ".join(out) or "everywhere"


def _line(P: Printer, net, form) -> str:
    return P.relation_of(form, net.inputs)


def _states_text(net, states: dict) -> str:
    if not states:
        return "always"
    return "when " + " and ".join(f"neuron {k} outputs {s}" for k, s in states.items())


def part_a(sol, P: Printer) -> list:
    net = sol.net
    F = sol.formulas
    blocks: list = [("heading", "(a) Local fields and output")]
    acts = sorted({n.activation for n in net.neurons}, key=repr)
    blocks.append(("para", ["Each neuron j computes the local field ", Math(f"{P.quantity(v('j'))}"),
                            " = the weighted sum of its inputs plus its bias, and outputs ",
                            Math(f"{P.quantity(y('j'))} = \\varphi({P.quantity(v('j'))})" if P.f.name == "latex"
                                 else "y[j] = phi(v[j])"),
                            ", with activation " + ", ".join(f"{a.name} ({a.doc})" for a in acts) + "."]))
    eqs = []
    for n in net.neurons:
        sym = P.formula(F.field[n.id])
        eqs.append((P.quantity(v(n.id)), [sym, P.formula(F.numeric_field(n.id, lambda s: Sym(y(s))))]))
    blocks.append(("equations", eqs))
    if "subexpressions" not in sol and sum(len(n.inputs) for n in net.neurons) <= 60:
        comp = F.composed()
        blocks.append(("para", ["So the output of the network is:"]))
        blocks.append(("equations", [(P.quantity(y(o)), [P.formula(comp[o])]) for o in net.outputs]))
    return blocks


def decision_blocks(sol, P: Printer) -> list:
    net, analysis = sol.net, sol.analysis
    if analysis is None:
        return []
    blocks: list = [("heading", "(a) Separation lines and decision region")]
    blocks.append(("para", [
        "A threshold unit changes its output where its local field crosses 0. The field of a "
        "unit depends on the states of the units that feed it, so each unit has one boundary "
        "line per combination of upstream states, valid only where those states hold."]))
    for bl in analysis.lines:
        if bl.cell.states:
            blocks.append(("para", ["Neuron " + bl.neuron + ": ", Math(_line(P, net, bl.form)),
                                    f" {_states_text(net, bl.cell.states)}, i.e. where ",
                                    Math(_conditions(P, net, bl.cell.conditions)), "."]))
        else:
            blocks.append(("para", ["Neuron " + bl.neuron + ": ", Math(_line(P, net, bl.form)),
                                    " (it sees no other unit)."]))
    corners = list(product((0, 1), repeat=len(net.inputs))) if len(net.inputs) <= 12 else []
    for o, rc in analysis.regions.items():
        if not rc:
            blocks.append(("para", [f"Output {o} is never 1."]))
            continue
        blocks.append(("para", [f"Output {o} is 1 exactly where (for all real inputs):"]))
        blocks.append(("region", [_conditions(P, net, cell.conditions) for cell in rc]))
        for cell in rc:
            upstream = {k: s for k, s in cell.states.items() if k != o}
            case = _states_text(net, upstream).replace("always", "with no upstream units")
            inside = [x for x in corners if all(c.holds(x) for c in cell.conditions)]
            note = (f"; it holds the 0/1 inputs {', '.join(_fmt_vec(P, x) for x in inside)}" if inside
                    else "; no 0/1 input lies in it, so the truth table cannot show it, "
                         "but it is part of the region for real inputs")
            blocks.append(("para", [f"Case {case}: ", Math(_conditions(P, net, cell.conditions)), note + "."]))
    return blocks


def truth_blocks(sol, P: Printer) -> list:
    net = sol.net
    if "truth_table" not in sol:
        return []
    header = [P.ident(x) for x in net.inputs] + [P.quantity(y(o)) for o in net.outputs]
    rows = [[str(v_) for v_ in r["x"]] + [str(v_) for v_ in r["y"]] for r in sol["truth_table"]]
    blocks = [("heading", "(b) Truth table"), ("table", header, rows)]
    for o, name in sol["boolean_function"].items():
        if name:
            blocks.append(("para", [f"Output {o} computes {name}."]))
    return blocks


def training_blocks(sol, P: Printer) -> list:
    net = sol.net
    if sol.steps is None:
        return []
    t = net.training
    tnet = net.for_training()
    F = sol.training_formulas
    acts = sorted({n.activation for n in tnet.neurons}, key=repr)
    out_acts = list(dict.fromkeys(tnet.neuron(o).activation for o in tnet.outputs))
    blocks: list = [("heading", "(c) Backpropagation")]
    setting = [f"Training with activation {', '.join(a.label for a in acts)}"]
    setting += [", learning rate ", Math(f"{P.quantity('eta')} = {P.exact(t.learning_rate)}"),
                f", {t.mode} mode, error ", Math(t.loss.error_rule(P.f.name, out_acts)),
                ". Haykin's rules: output neurons ",
                Math("; ".join(t.loss.delta_rule(P.f.name, a) for a in out_acts))]
    if len(tnet.neurons) > len(tnet.outputs):
        setting += [", hidden neurons ", Math(_delta_rule(P, "hidden"))]
    setting += [", updates ", Math(_update_rule(P, t)), ", with the weights from before the update."]
    if t.fixed:
        setting += [" Fixed (never updated): ", Math(", ".join(P.quantity(q) for q in t.fixed)), "."]
    blocks.append(("para", setting))
    incs = F.increments()
    updates = F.updates()
    for s in sol.steps:
        if not s.batch:
            ps = s.passes[0]
            blocks.append(("subheading", f"Step {s.index} (epoch {s.epoch}): pattern "
                           f"x = {_fmt_vec(P, ps.pattern.x)}, d = {_fmt_vec(P, ps.pattern.d)}"))
            blocks += _pass_blocks(P, tnet, F, ps)
            blocks.append(("para", ["Updates:"]))
            blocks.append(("equations", [
                (P.quantity(q), [P.formula(f), P.formula(f, {**ps.env}), P.value(s.after[q])])
                for q, f in updates.items()]))
        else:
            blocks.append(("subheading", f"Step {s.index}: epoch {s.epoch} (batch)"))
            for i, ps in enumerate(s.passes, 1):
                blocks.append(("para", [f"Pattern {i}: x = {_fmt_vec(P, ps.pattern.x)}, "
                                        f"d = {_fmt_vec(P, ps.pattern.d)}"]))
                blocks += _pass_blocks(P, tnet, F, ps)
            blocks.append(("para", ["Updates, summed over the epoch:"]))
            eqs = []
            for q, f in incs.items():
                terms = " + ".join(_wrap(P.formula(f, ps.env)) for ps in s.passes)
                if t.momentum is not None:       # α Δ(n−1) + Σ_p ...: the change, then the update
                    dq = change(q)
                    terms = f"{P.value(s.changes[dq])}"
                    rule = f"{P.quantity(q)} + {P.quantity(dq)}"
                else:
                    rule = (f"{P.quantity(q)} + \\sum_p {P.formula(f)}" if P.f.name == "latex"
                            else f"{q} + sum_p {P.formula(f)}")
                eqs.append((P.quantity(q), [rule, f"{P.value(s.before[q])} + {terms}", P.value(s.after[q])]))
            blocks.append(("equations", eqs))
    return blocks


def _wrap(s: str) -> str:
    return f"({s})" if s.startswith("-") or " + " in s or " - " in s else s


def _pass_blocks(P: Printer, tnet, F: Formulas, ps) -> list:
    env = ps.env
    fwd = []
    for n in tnet.neurons:
        fwd.append((P.quantity(v(n.id)), [P.formula(F.field[n.id]), P.formula(F.field[n.id], env),
                                          P.value(env[v(n.id)])]))
        out = F.output[n.id]
        if not isinstance(out, Sym):
            fwd.append((P.quantity(y(n.id)), [P.formula(out), P.formula(out, env), P.value(env[y(n.id)])]))
        else:
            fwd.append((P.quantity(y(n.id)), [P.formula(out), P.value(env[y(n.id)])]))
    fwd.append((P.quantity(ERROR), [P.formula(F.error), P.formula(F.error, env), P.value(env[ERROR])]))
    back = [(P.quantity(delta(j)), [P.formula(dp.formula), P.formula(dp.formula, env), P.value(env[delta(j)])])
            for j, dp in F.delta_parts().items()]
    return [("para", ["Forward pass:"]), ("equations", fwd),
            ("para", ["Local gradients:"]), ("equations", back)]


def _delta_rule(P: Printer, kind: str) -> str:
    if P.f.name == "latex":
        return (r"\delta_k = (d_k - y_k)\,\varphi'(v_k)" if kind == "out"
                else r"\delta_j = \varphi'(v_j) \sum_k \delta_k w_{kj}")
    return "delta[k] = (d[k] - y[k]) * phi'(v[k])" if kind == "out" else \
        "delta[j] = phi'(v[j]) * sum_k delta[k] * w[k,j]"


def _update_rule(P: Printer, t) -> str:
    if t.momentum is not None:
        return t.momentum_form.rule(P.f.name) + f", {P.quantity('alpha')} = {P.exact(t.momentum)}"
    if P.f.name == "latex":
        return r"\Delta w_{ji} = \eta\,\delta_j\,y_i,\ \Delta b_j = \eta\,\delta_j"
    return "Delta w[j,i] = eta * delta[j] * y[i], Delta b[j] = eta * delta[j]"



def build(sol, P: Printer) -> list:
    title = sol.net.name or "network"
    blocks = [("title", f"Worked solution: {title}")]
    blocks += part_a(sol, P)
    blocks += decision_blocks(sol, P)
    blocks += truth_blocks(sol, P)
    blocks += training_blocks(sol, P)
    for note in sol.get("notes", []):
        blocks.append(("para", ["Note: " + note + "."]))
    return blocks
