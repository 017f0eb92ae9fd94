"""Part (c) of a worked solution, backpropagation, in the printer's notation.

The same steps for every book — the rules once, then per step the forward pass, the error, the
local gradients from the outputs back and the updates — each written the way the book writes
it: its symbols, its δ (−∂E/∂v, or ∂E/∂v written s_j = −δ_j), its bias or threshold, its
update form (Haykin's w(n+1) = w(n) + Δw(n), Hagan's w(k+1) = w(k) − α s a, Nielsen's
w → w − η δ a, Mitchell's w ← w + Δw). The numbers are the model's (:mod:`derive.backprop`),
only written in the notation's quantities (:mod:`derive.notations.formulas`). Hagan's matrix
form per layer is :mod:`derive.render.matrix`.
"""
from __future__ import annotations

from fractions import Fraction

from derive.backprop.quantities import ERROR, Formulas, delta, v, y
from derive.model.formula import Add, Expr, Mul, Neg, Num, Sym
from derive.model.names import ALPHA, ETA, b as bias, change, dphi, e, parse, previous
from derive.notations.formulas import error_named, minus_one, notate, rename, values as notated
from derive.render import values
from derive.render.blocks import Equations, Heading, Para
from derive.render.math import Apply, Fence, Frac, Mi, Mn, Mo, Node, Raw, Sup, join, row
from derive.render.mathprint import Printer, needs_parens
from derive.render.story import (MAX_STEP_FIGURES, activation_items, drawable, field_formula, listed,
                                 step_figure, sum_over)


# --------------------------------------------------------------------------- names
def in_notation(P: Printer, q: str) -> tuple[str, int]:
    return rename(P.notation, q)


def delta_name(P: Printer, j: str) -> str:
    return f"{P.notation.delta_kind}[{j}]"


def G(P: Printer, kind: str, *indices: str, layer: str | None = None) -> Node:
    return P.general(kind, *indices, layer=layer)


def _timed(P: Printer, node: Node, later: bool = False) -> Node:
    """``p(n)`` / ``p(n + 1)`` (Bishop: ``p^(τ)``), as the notation's update writes time."""
    u = P.notation.update
    t = row(P.time(), Mo("+"), Mn("1")) if later else P.time()
    return Sup(node, Fence(t)) if u.place == "sup" else row(node, Fence(t))


# --------------------------------------------------------------------------- the rules
def output_rule(P: Printer, loss, act) -> Node:
    """The output δ_k of ``loss`` on ``act`` units, written by the loss and the activation
    objects over general symbols, in the notation (Hagan: s_k = −2 ḟ(n_k) e_k)."""
    N = P.notation
    k = "k"
    e_k = Sym(e(k)) if N.delta_form != "expanded" else Add((Sym(f"d[{k}]"), Neg(Sym(f"y[{k}]"))))
    lhs = P.quantity(delta_name(P, k))
    direct = loss.direct(act, e_k)
    if direct is None and act.group:           # softmax: δ_k = y_k (g_k − Σ_j y_j g_j)
        g = lambda i: P.formula(notate(loss.signal(Sym(e(i)) if N.delta_form != "expanded" else
                                                   Add((Sym(f"d[{i}]"), Neg(Sym(f"y[{i}]")))),
                                                   Sym(f"d[{i}]"), Sym(f"y[{i}]")), N))
        inner = row(g(k), Mo("-"), sum_over("j"), P.quantity("y[j]"), Mo("times"), Fence(g("j")))
        sign = [Mo("neg")] if N.delta_sign == -1 else []
        return row(lhs, Mo("="), *sign, P.quantity(f"y[{k}]"), Fence(inner))
    if direct is not None:
        f: Expr = direct
    else:
        g_k = loss.signal(e_k, Sym(f"d[{k}]"), Sym(f"y[{k}]"))
        f = Mul((g_k, Sym(dphi(k)))) if N.error_first else Mul((Sym(dphi(k)), g_k))
    return row(lhs, Mo("="), P.formula(notate(f if N.delta_sign == 1 else Neg(f), N)))


def error_rule(P: Printer, loss, acts) -> Node:
    """E of a pattern from the loss object, summed over the outputs k: ``E = ½ Σ_k (d_k − y_k)²``."""
    f = loss.error([(Sym("d[k]"), Sym("y[k]"))], acts)
    if P.notation.delta_form != "expanded":
        f = error_named(f, ["k"])
    return row(P.sym("E"), Mo("="), _summed(P, f, "k"))


def _summed(P: Printer, f: Expr, k: str) -> Node:
    """Σ_k of one output's term, constant factors and a minus sign in front of the Σ."""
    if isinstance(f, Neg):
        return row(Mo("neg"), _summed(P, f.arg, k))
    if isinstance(f, Add) and len(f.terms) == 1:
        return _summed(P, f.terms[0], k)
    if isinstance(f, Mul) and len(f.factors) == 2 and isinstance(f.factors[0], Num):
        c = f.factors[0].value
        head = P.half() if c == Fraction(1, 2) else P.exact(c)
        return row(head, Mo("times"), _summed(P, f.factors[1], k))
    body = P.formula(f)
    return row(sum_over(k), Fence(body) if isinstance(f, Add) else body)


def hidden_rule(P: Printer) -> Node:
    """δ_j = φ′(v_j) Σ_k δ_k w_kj (the same shape whatever the sign of the book's δ)."""
    N = P.notation
    j, _, k = N.letters
    L, above = P.rule_layer(), P.rule_layer("l+1")
    D = N.delta_kind
    return row(G(P, D, j, layer=L), Mo("="), Apply(P.sym("dphi"), G(P, "v", j, layer=L)), Mo("times"),
               sum_over(k), G(P, D, k, layer=above), Mo("times"), G(P, "w", k, j, layer=above))


def _step(P: Printer, j: str, inp: Node | None, timed: bool) -> Node:
    """The step of a parameter in the book's order of factors (Haykin's η δ_j y_i,
    Negnevitsky's α · x_i · δ_j), with its sign where δ = ∂E/∂v."""
    N = P.notation
    D = G(P, N.delta_kind, j, layer=P.rule_layer())
    parts = {"eta": P.sym("eta"), "delta": _timed(P, D) if timed else D,
             "input": (_timed(P, inp) if timed and not isinstance(inp, Fence) else inp) if inp is not None else None}
    factors = [parts[f] for f in N.step_order if parts[f] is not None]
    numeric = any(isinstance(f, Fence) for f in factors)
    body = join(factors, "cdot" if numeric else "times")
    return row(Mo("neg"), body) if N.delta_sign == -1 else body


def update_rules(P: Printer, t) -> list[tuple[Node, tuple]]:
    """The update of a weight and of a bias (or threshold) as the book writes them."""
    N, u = P.notation, P.notation.update
    j, i, _ = N.letters
    L = P.rule_layer()
    w = G(P, "w", j, i, layer=L)
    inp = G(P, "input", j, i) if N.input_indices == 2 else G(P, "input", i, layer=P.rule_layer("l-1"))
    if N.bias == "threshold":
        p_b, inp_b, what = G(P, "theta", j), Fence(row(Mo("neg"), Mn("1"))), "threshold"
    elif N.bias == "weight0":
        p_b, inp_b, what = G(P, "w", j, "0", layer=L), None, "bias"
    else:
        p_b, inp_b, what = G(P, "b", j, layer=L), None, "bias"
    timed = u.style == "time" and u.named_change
    D = P.sym("Delta")
    if u.style == "time" and u.named_change:
        return [(row(_timed(P, w, True), Mo("="), _timed(P, w), Mo("+"), _timed(P, row(D, w))), ("the update",)),
                (row(_timed(P, row(D, w)), Mo("="), _step(P, j, inp, timed)),
                 (f"and for a {what} ", row(_timed(P, row(D, p_b)), Mo("="), _step(P, j, inp_b, timed))))]
    step_w, step_b = _step(P, j, inp, False), _step(P, j, inp_b, False)
    if u.style == "time":                       # Hagan, Bishop: the step written into the update
        def upd(p, st):
            return row(_timed(P, p, True), Mo("="), _timed(P, p), *_signed(st))
    else:                                       # Nielsen's w → w − η δ a, Mitchell's w ← w + Δw
        op = "to" if u.style == "arrow" else "gets"
        if u.named_change:
            return [(row(w, Mo(op), w, Mo("+"), row(D, w)), ("the update",)),
                    (row(row(D, w), Mo("="), step_w), (f"and for the {what} ", row(row(D, p_b), Mo("="), step_b)))]

        def upd(p, st):
            return row(p, Mo(op), p, *_signed(st))
    return [(upd(w, step_w), ("the update",)), (upd(p_b, step_b), (f"and for a {what}",))]


def _signed(step: Node) -> list:
    """``+ step`` or ``− step`` (a step starting with its own minus sign)."""
    items = step.items if hasattr(step, "items") else (step,)
    if items and isinstance(items[0], Mo) and items[0].op == "neg":
        return [Mo("-"), row(*items[1:])]
    return [Mo("+"), step]


def momentum_rule(P: Printer, t) -> Node:
    """The momentum form's change over general symbols, in the notation."""
    N = P.notation
    j, i, _ = N.letters
    step = Mul((Sym(ETA), Sym(f"delta[{j}]"), Sym(f"input[{i}]")))
    f = t.momentum_form.change(step, Sym(f"dw_prev[{j},{i}]"), Sym(ALPHA))
    return row(_timed(P, P.quantity(f"dw[{j},{i}]")), Mo("="), P.formula(notate(f, N, numbers_first=False)))


def rules(P: Printer, net) -> Equations:
    """The general rules once: e (where the book names it), E, the output δ (written by the
    loss and activation objects), the hidden δ, the update (and momentum) where a parameter is
    updated at all."""
    t, N = net.training, P.notation
    out_acts = list(dict.fromkeys(net.neuron(o).activation for o in net.outputs))
    rows, notes = [], []
    if N.delta_form != "expanded":
        rows.append((None, (row(G(P, "e", "k"), Mo("="), G(P, "d", "k"), Mo("-"), G(P, "y", "k")),)))
        notes.append(("the error of output ", Mi("k")))
    rows.append((None, (error_rule(P, t.loss, out_acts),)))
    notes.append((f"the {N.word('E')} of a pattern",))
    for act in out_acts:
        rows.append((None, (output_rule(P, t.loss, act),)))
        notes.append(("output neuron ", Mi("k")) + ((f" ({act.label})",) if len(out_acts) > 1 else ()))
    if len(net.neurons) > len(net.outputs):
        j, _, k = N.letters
        rows.append((None, (hidden_rule(P),)))
        notes.append(("hidden neuron ", Mi(j), ", over the neurons ", Mi(k), " it feeds"))
    if not updated(net):
        return Equations(tuple(rows), tuple(notes))
    for node, note in update_rules(P, t):
        rows.append((None, (node,)))
        notes.append(note)
    if t.momentum is not None:
        rows.append((None, (momentum_rule(P, t),)))
        notes.append(("with momentum ", row(P.sym("alpha"), Mo("="), P.exact(t.momentum))))
    return Equations(tuple(rows), tuple(notes))


def updated(net) -> bool:
    """Is any parameter of the (training) network updated — not every one ``fixed``?"""
    return any(q not in net.training.fixed for q in net.parameters())


def update_blocks(P: Printer, F: Formulas, s, ps, words: tuple) -> list:
    """``words`` and the updates of a step, or the sentence that there is nothing to update."""
    if not F.increments():
        return [Para(("Nothing is updated: every parameter is fixed.",))]
    return [Para(words), update_equations(P, F, s, ps)]


# --------------------------------------------------------------------------- one step
def training_blocks(sol, P: Printer, figures: bool = False, rows: values.Rows | None = None) -> list:
    net = sol.net
    if sol.steps is None:
        return []
    t, N = net.training, P.notation
    tnet = net.for_training()
    F = sol.training_formulas
    acts = {n.activation for n in tnet.neurons}
    blocks: list = [Heading(("(c) Backpropagation",))]
    mode = ("online (the weights are updated after each pattern)" if t.mode == "online"
            else "in batch (the updates of all the patterns of an epoch are summed)")
    blocks.append(Para((f"Training is {mode}, with the {N.word('eta')} ",
                        row(P.sym("eta"), Mo("="), P.exact(t.learning_rate)),
                        " and " + ("the activation" if len(acts) == 1 else "the activations") + ":")))
    blocks.append(activation_items(P, acts))
    from derive.render import matrix
    form = matrix.MatrixForm.of(P, tnet) if N.layout == "matrix" else None
    if form is not None and form.why is None and not values.is_long(tnet):
        return blocks + matrix.training_blocks(form, sol, P, figures)
    if form is not None and form.why:
        blocks.append(Para((f"Hagan's matrix form needs a network of layers, each fully connected to "
                            f"the one before; {form.why}, so the rules are written neuron by neuron:",)))
    blocks.append(Para(("The rules, with the weights from before the update in every ",
                        G(P, N.delta_kind, N.letters[0]), ":")))
    blocks.append(rules(P, tnet))
    if t.fixed:
        blocks.append(Para(("Never updated (fixed): ", *listed([P.quantity(in_notation(P, q)[0]) for q in t.fixed]),
                            ".")))
    drawn = [0 if figures and drawable(tnet) else MAX_STEP_FIGURES]
    long = values.is_long(tnet)
    rows = rows or values.Rows()
    for s in sol.steps:
        blocks += long_step_blocks(P, tnet, F, s, rows) if long else step_blocks(P, tnet, F, s, drawn)
    return blocks


def long_step_blocks(P: Printer, tnet, F: Formulas, s, rows: values.Rows) -> list:
    """One step of a long network: the values as tables."""
    blocks: list = []
    for ps in s.passes:
        head = (f"Step {s.index}: epoch {s.epoch} (batch), pattern {pattern_no(tnet, ps)}" if s.batch
                else f"Step {s.index} (epoch {s.epoch}), pattern {pattern_no(tnet, ps)}")
        blocks.append(Heading((head, *pattern_parts(P, tnet, ps)), 2))
        blocks += values.forward_table(P, tnet, F, ps, rows)
    blocks += values.update_table(P, F, s, rows) if F.increments() else update_blocks(P, F, s, None, ())
    return blocks


#: patterns with more inputs than this are given as a table, not in a heading
MAX_INLINE_PATTERN = 4


def pattern_parts(P: Printer, net, ps) -> list:
    """``(x1, x2) = (0, 0)``, target ``d2 = 0``."""
    if len(net.inputs) > MAX_INLINE_PATTERN or len(net.outputs) > MAX_INLINE_PATTERN:
        return []

    def tup(nodes):
        return nodes[0] if len(nodes) == 1 else Fence(join(nodes, ","))
    x = row(tup([P.ident(n) for n in net.inputs]), Mo("="), tup([P.exact(val) for val in ps.pattern.x]))
    d = row(tup([P.quantity(f"d[{o}]") for o in net.outputs]), Mo("="), tup([P.exact(val) for val in ps.pattern.d]))
    return [": ", x, ", target ", d]


def pattern_no(net, ps) -> int:
    return net.training.patterns.index(ps.pattern) + 1


def step_blocks(P: Printer, tnet, F: Formulas, s, drawn: list) -> list:
    """One training step; ``drawn[0]`` counts the annotated diagrams drawn so far."""
    blocks: list = []
    if not s.batch:
        ps = s.passes[0]
        blocks.append(Heading((f"Step {s.index} (epoch {s.epoch}), pattern {pattern_no(tnet, ps)}",
                               *pattern_parts(P, tnet, ps)), 2))
        blocks += pass_blocks(P, tnet, F, ps)
        if drawn[0] < MAX_STEP_FIGURES:
            drawn[0] += 1
            blocks.append(step_figure(P, tnet, s, ps, f"Step {s.index}"))
        return blocks + update_blocks(P, F, s, ps, ("The updates:",))
    blocks.append(Heading((f"Step {s.index}: epoch {s.epoch} (batch)",), 2))
    for i, ps in enumerate(s.passes, 1):
        blocks.append(Para((f"Pattern {i}", *(pattern_parts(P, tnet, ps) or [""]), ".")))
        blocks += pass_blocks(P, tnet, F, ps)
        if drawn[0] < MAX_STEP_FIGURES:
            drawn[0] += 1
            blocks.append(step_figure(P, tnet, s, ps, f"Step {s.index}, pattern {i}"))
    return blocks + update_blocks(P, F, s, None, ("The updates, summed over the patterns ", Mi("p"), " of the epoch:"))


def pass_blocks(P: Printer, tnet, F: Formulas, ps) -> list:
    """The forward pass (v, y; e where the book names it; E) and the local gradients of one
    pattern, each line formula = numbers = value."""
    N = P.notation
    env = notated(ps.env, N)
    fwd = []
    for q, j in F.forward_order:            # v and y in the order they can be computed
        f = field_formula(P, F.field[j]) if q == v(j) else notate(F.output[j], N)
        if isinstance(f, Sym):              # a linear unit: y = v
            fwd.append((P.quantity(q), (P.formula(f), P.value(env[q]))))
        else:
            fwd.append((P.quantity(q), (P.formula(f), P.formula(f, env), P.value(env[q]))))
    error = F.error
    if N.delta_form != "expanded":
        for k in tnet.outputs:
            f = Add((Sym(f"d[{k}]"), Neg(Sym(y(k)))))
            fwd.append((P.quantity(e(k)), (P.formula(f), P.formula(f, env), P.value(env[e(k)]))))
        error = error_named(error, tnet.outputs)
    fwd.append((P.quantity(ERROR), (P.formula(error), P.formula(error, env), P.value(env[ERROR]))))
    parts = F.written_deltas(errors=N.delta_form != "expanded", derivatives=N.delta_form == "symbols")
    back = []
    for j, dp in parts.items():
        if N.delta_form == "symbols" and dp.dphi is not None:
            d_f = tnet.neuron(j).activation.dphi(Sym(v(j)), Sym(y(j)))
            chain = (P.formula(d_f),) if isinstance(d_f, Num) else \
                (P.formula(notate(d_f, N)), P.formula(notate(d_f, N), env), P.value(env[dphi(j)]))
            back.append((P.quantity(dphi(j)), chain))
        f = notate(dp.formula if N.delta_sign == 1 else Neg(dp.formula), N)
        back.append((P.quantity(delta_name(P, j)), (P.formula(f), P.formula(f, env), P.value(env[delta_name(P, j)]))))
    return [Para(("The forward pass:",)), Equations(tuple(fwd)),
            Para((f"The {N.word('deltas')}, from the output back:",)), Equations(tuple(back))]


def _increment(P: Printer, tnet, q: str) -> Expr:
    """The plain step of parameter ``q`` in the notation: η δ_j y_k (Negnevitsky's α · y_j · δ_k,
    and for a threshold α · (−1) · δ_j), signed where δ = ∂E/∂v."""
    N = P.notation
    kind, j, k = parse(q)
    if kind == "w":
        src = tnet.neuron(j).inputs[k - 1]
        inp = Sym(y(src)) if tnet.is_neuron(src) else Sym(src)
    else:
        inp = minus_one() if N.bias == "threshold" else None
    factors = {"eta": Sym(ETA), "delta": Sym(delta(j)), "input": inp}
    f = Mul(tuple(factors[x] for x in N.step_order if factors[x] is not None))
    return notate(f, N, numbers_first=False)


def update_equations(P: Printer, F: Formulas, s, ps) -> Equations:
    """Every updated parameter as the book writes its update, with the step's formula and its
    numbers (one pattern), its sum over the epoch (batch), or with momentum its value."""
    N, u = P.notation, P.notation.update
    tnet, eqs = F.net, []
    env = notated(ps.env, N) if ps is not None else None
    for q, f_inc in F.increments().items():
        qn, sign = in_notation(P, q)
        dq = change(q)
        dqn = change(qn)
        pq = P.quantity(qn)
        before_v, after_v, change_v = sign * s.before[q], sign * s.after[q], sign * s.changes[dq]
        if F.momentum is not None or (u.two_lines and ps is not None):
            if F.momentum is not None:
                f_change = notate(Neg(F.changes()[q]) if sign == -1 else F.changes()[q], N, numbers_first=False)
                chain = (P.formula(f_change), P.value(change_v))
            else:
                f_change = _increment(P, tnet, q)
                chain = (P.formula(f_change), P.formula(f_change, env), P.value(change_v))
            eqs.append((_timed(P, P.quantity(dqn)) if u.style == "time" else P.quantity(dqn), chain))
            dnode = _timed(P, P.quantity(dqn)) if u.style == "time" else P.quantity(dqn)
            eqs.append((_after(P, pq), (_before(P, pq, row(Mo("+"), dnode)),
                                        row(P.value(before_v), Mo("+"), _wrap(P.value(change_v))),
                                        P.value(after_v))))
        elif ps is not None:
            step = _increment(P, tnet, q)
            op, body = ("-", step.arg) if isinstance(step, Neg) else ("+", step)
            update = Add((Sym(qn), step))
            eqs.append((_after(P, pq), (_before(P, pq, row(Mo(op), P.formula(body))),
                                        P.formula(update, env), P.value(after_v))))
        else:
            step = _increment(P, tnet, q)
            op, body = ("-", step.arg) if isinstance(step, Neg) else ("+", step)
            terms = join([_wrap(P.formula(body, notated(p.env, N))) for p in s.passes], "+")
            eqs.append((_after(P, pq), (_before(P, pq, row(Mo(op), sum_over("p"), P.formula(body))),
                                        row(P.value(before_v), Mo(op), Fence(terms) if op == "-" else terms),
                                        P.value(after_v))))
    return Equations(tuple(eqs))


def _after(P: Printer, p: Node) -> Node:
    """The left side of an update: p(n+1) (time), or p itself (→, ←: the relation follows)."""
    return _timed(P, p, True) if P.notation.update.style == "time" else p


def _before(P: Printer, p: Node, rest: Node) -> Node:
    """The first right side: p(n) + … (time) or → p − … / ← p + …."""
    style = P.notation.update.style
    if style == "time":
        return row(_timed(P, p), rest)
    return row(Mo("to" if style == "arrow" else "gets"), p, rest)


def _wrap(n: Node) -> Node:
    return Fence(n) if needs_parens(n) else n

