"""Hagan's matrix form: backpropagation per layer, with vectors and matrices (ch. 11).

For a network of layers m = 1 … M, each fully connected to the one before (a⁰ = p):

    n^m = W^m a^{m−1} + b^m,   a^m = f^m(n^m),   e = t − a^M,
    s^M = −2 Ḟ^M(n^M) e (F = eᵀe; the loss object says the factor), s^m = Ḟ^m(n^m) (W^{m+1})ᵀ s^{m+1},
    W^m(k+1) = W^m(k) − α s^m (a^{m−1})ᵀ,   b^m(k+1) = b^m(k) − α s^m,

with Ḟ^m(n^m) = diag(ḟ^m(n^m_1), …). The numbers are the model's; a vector is the layer's
neurons in the file's order, W^m's row i is the i-th neuron, its column j the j-th unit of
the layer before. :meth:`MatrixForm.of` says why a network cannot be written so (the worked
solution then goes neuron by neuron, in Hagan's symbols).
"""
from __future__ import annotations

from dataclasses import dataclass

from derive.backprop.quantities import ERROR, Formulas
from fractions import Fraction

from derive.model.formula import Add, Mul, Neg, Num, Pow, Sym
from derive.model.names import b as bias, delta, dphi, e, v, w, y
from derive.notations.formulas import error_named, notate, values as notated
from derive.render.blocks import Equations, Heading, Para
from derive.render.math import Apply, Fence, Matrix, Mi, Mn, Mo, Name, Node, Sub, Sup, Text, row
from derive.render.math import Sym as MSym
from derive.render.mathprint import Printer

#: the widest layer written as matrices (a wider one runs off the page: neuron by neuron)
MAX_LAYER = 6


def bold(P: Printer, kind: str, m: int | None = None) -> Node:
    """Hagan's bold vector or matrix symbol (**a**, **W**), with its layer as a superscript."""
    t = "W" if kind == "w" else P.notation.symbols[kind].text
    if kind == "dphi":
        node = MSym(Name("Fdot", r"\dot{\mathbf{F}}", "\U0001d405\u0307"))
    else:
        node = MSym(Name(t, rf"\mathbf{{{t}}}", _BOLD.get(t, t)))
    return node if m is None else Sup(node, Mn(str(m)))


_BOLD = {c: chr(0x1D41A + ord(c) - ord("a")) for c in "abcdefghijklmnopqrstuvwxyz"}
_BOLD.update({c: chr(0x1D400 + ord(c) - ord("A")) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_T = MSym(Name("T", r"\mathsf{T}", "T", upright=True))


def transposed(n: Node) -> Node:
    """nᵀ, and (a^{m−1})ᵀ for a symbol that has a superscript already."""
    return Sup(Fence(n) if isinstance(n, Sup) else n, _T)


@dataclass
class MatrixForm:
    P: Printer
    net: object                 # the network as trained
    why: str | None             # why it cannot be written in matrices (None: it can)
    formulas: Formulas | None = None

    @classmethod
    def of(cls, P: Printer, net) -> "MatrixForm":
        t, L = net.training, P.layers
        why = None
        if L is None or not L.layered:
            why = "this network is not (a neuron takes an input from a layer other than the one before)"
        elif t.mode != "online":
            why = "this network trains in batch"
        elif t.momentum is not None or t.fixed:
            why = "this network has momentum or fixed parameters"
        elif any(len(ids) > MAX_LAYER for ids in L.members) or len(net.inputs) > MAX_LAYER:
            why = f"a layer of this network has more than {MAX_LAYER} units"
        else:
            for ids in L.members:
                ns = [net.neuron(j) for j in ids]
                if len({n.activation for n in ns}) > 1 or ns[0].activation.group:
                    why = "a layer of this network mixes activations or is a softmax group"
                elif len({n.bias is None for n in ns}) > 1:
                    why = "a layer of this network has neurons with and without biases"
        return cls(P, net, why)

    # -- values as matrices -------------------------------------------------------------------
    def column(self, m: int, f, env: dict, sign: int = 1) -> Matrix:
        """A layer's vector of one quantity (``f(j)`` its name for neuron j)."""
        return Matrix(tuple((self.P.value(sign * env[f(j)]),) for j in self.P.layers.members[m - 1]))

    def inputs(self, m: int, env: dict) -> Matrix:
        """a^{m−1}: the network's inputs (m = 1) or the outputs of layer m − 1."""
        if m == 1:
            return Matrix(tuple((self.P.value(env[x]),) for x in self.net.inputs))
        return self.column(m - 1, y, env)

    def weights(self, m: int, params: dict, transpose: bool = False) -> Matrix:
        L = self.P.layers
        before = L.before(m)
        rows = []
        for j in L.members[m - 1]:
            n = self.net.neuron(j)
            rows.append(tuple(self.P.value(params[w(j, n.inputs.index(src) + 1)]) for src in before))
        if transpose:
            rows = list(zip(*rows))
        return Matrix(tuple(rows))

    def diag(self, m: int, cells) -> Matrix:
        ids = self.P.layers.members[m - 1]
        zero = Mn("0")
        return Matrix(tuple(tuple(cells[i] if i == k else zero for k in range(len(ids))) for i in range(len(ids))))

    def has_bias(self, m: int) -> bool:
        return self.net.neuron(self.P.layers.members[m - 1][0]).bias is not None


# --------------------------------------------------------------------------- the document
def rules(form: MatrixForm) -> Equations:
    """Hagan's rules in matrices, the output sensitivity written from the loss object."""
    P, net = form.P, form.net
    m, M = Mi("m"), Mi("M")
    B = lambda kind, layer=None: Sup(bold(P, kind), layer) if layer is not None else bold(P, kind)   # noqa: E731
    below = row(Mi("m"), Mo("-"), Mn("1"))
    above = row(Mi("m"), Mo("+"), Mn("1"))
    rows, notes = [], []
    field = [B("v", m), Mo("="), B("w", m), Mo("times"), B("input", below)]
    if any(form.has_bias(k) for k in range(1, P.layers.depth + 1)):
        field += [Mo("+"), B("b", m)]
    rows.append(row(*field, Text(", "), B("y", m), Mo("="), Apply(Sup(P.sym("phi"), m), B("v", m)),
                    Text(", "), Sup(bold(P, "y"), Mn("0")), Mo("="), bold(P, "x")))
    notes.append(("layer ", Mi("m"), " = 1, ..., ", Mi("M")))
    rows.append(row(bold(P, "e"), Mo("="), bold(P, "d"), Mo("-"), B("y", M)))
    notes.append(("the error",))
    from derive.render.backprop import error_rule
    out_acts = list(dict.fromkeys(net.neuron(o).activation for o in net.outputs))
    rows.append(row(error_rule(P, net.training.loss, out_acts), *_as_vectors(P, net.training.loss, out_acts)))
    notes.append((f"the {P.notation.word('E')}",))
    rows.append(row(B("s", M), Mo("="), output_symbolic(form, M)))
    notes.append(("the output layer",))
    rows.append(row(B("s", m), Mo("="), Apply(B("dphi", m), B("v", m)), Mo("times"), transposed(B("w", above)),
                    Mo("times"), B("s", above)))
    notes.append(("back through the layers",))
    bold_n = MSym(P.notation.symbols["v"])
    rows.append(row(Apply(B("dphi", m), B("v", m)), Mo("="), Apply(MSym(Name("diag", r"\operatorname{diag}", "diag",
                                                                              upright=True)),
                                                                 row(Apply(Sup(P.sym("dphi"), m), Sub(Sup(bold_n, m), Mn("1"))),
                                                                     Mo(","), Text("..."))),))
    notes.append(("the derivatives on the diagonal",))
    k1, k = row(P.time(), Mo("+"), Mn("1")), P.time()
    upd = [row(B("w", m), Fence(k1)), Mo("="), B("w", m), Fence(k), Mo("-"), P.sym("eta"), Mo("times"), B("s", m),
           Mo("times"), transposed(B("input", below))]
    rows.append(row(*upd))
    notes.append(("the update",))
    rows.append(row(B("b", m), Fence(k1), Mo("="), B("b", m), Fence(k), Mo("-"), P.sym("eta"), Mo("times"), B("s", m)))
    notes.append(("and for the biases",))
    return Equations(tuple((None, (r,)) for r in rows), tuple(notes))


def _as_vectors(P: Printer, loss, acts) -> list:
    """``= eᵀe`` (or ``= ½ eᵀe``) after a squared error: Hagan's F in vectors."""
    f = error_named(loss.error([(Sym("d[k]"), Sym("y[k]"))], acts), ["k"])
    scale = None
    if isinstance(f, Mul) and len(f.factors) == 2 and isinstance(f.factors[0], Num):
        scale, f = f.factors[0].value, f.factors[1]
    if f != Add((Pow(Sym(e("k")), 2),)):
        return []
    ete = row(transposed(bold(P, "e")), Mo("times"), bold(P, "e"))
    return [Mo("="), ete if scale is None else row(P.half() if scale == Fraction(1, 2) else P.exact(scale),
                                                     Mo("times"), ete)]


def _output_parts(form: MatrixForm):
    """The output sensitivity as the loss and the activation write it for one output k (over
    ``e[k]`` and ``dphi[k]``), in Hagan's sign: s = −2 ḟ(n) e for F = eᵀe."""
    net = form.net
    k = net.outputs[0]
    F = form.formulas
    f = F.written_deltas(errors=True, derivatives=True)[k].formula
    return k, notate(Neg(f), form.P.notation)


def output_symbolic(form: MatrixForm, layer: Node) -> Node:
    """s^M written with **e** and Ḟ^M(n^M)."""
    P = form.P
    k, f = _output_parts(form)
    saved = dict(P.nodes)
    P.nodes.update({e(k): bold(P, "e"), dphi(k): Apply(Sup(bold(P, "dphi"), layer), Sup(bold(P, "v"), layer))})
    try:
        return P.formula(f)
    finally:
        P.nodes = saved


def output_numbers(form: MatrixForm, env: dict) -> Node:
    """s^M with the values of **e** and Ḟ^M(n^M) (a diagonal matrix)."""
    P = form.P
    k, f = _output_parts(form)
    M = P.layers.depth
    ids = P.layers.members[M - 1]
    vals = {e(k): Matrix(tuple((P.value(env[e(j)]),) for j in ids)),
            dphi(k): form.diag(M, [P.value(env[dphi(j)]) for j in ids])}
    for name in _symbols(f):
        if name not in vals:
            kind = name.partition("[")[0]
            vals[name] = Matrix(tuple((P.value(env[f"{kind}[{j}]"]),) for j in ids))
    return P.formula(f, vals)


def _symbols(f):
    from derive.model.formula import symbols
    return symbols(f)


def training_blocks(form: MatrixForm, sol, P: Printer, figures: bool) -> list:
    """Part (c) in Hagan's matrices: the rules once, then per step the layers forward, the
    sensitivities back and the updates of W^m and b^m."""
    from derive.render.backprop import pattern_no, pattern_parts
    from derive.render.story import MAX_STEP_FIGURES, drawable, step_figure
    net = form.net
    form.formulas = sol.training_formulas
    blocks: list = [Para(("Hagan's matrix form, layer by layer (",
                          row(Sup(bold(P, "y"), Mn("0")), Mo("="), bold(P, "x")),
                          " is the input; each vector lists its layer's neurons in the network's order):",)),
                    rules(form)]
    drawn = 0 if figures and drawable(net) else MAX_STEP_FIGURES
    for s in sol.steps:
        ps = s.passes[0]
        blocks.append(Heading((f"Step {s.index} (epoch {s.epoch}), pattern {pattern_no(net, ps)}",
                               *pattern_parts(P, net, ps)), 2))
        blocks += step(form, s, ps)
        if drawn < MAX_STEP_FIGURES:
            drawn += 1
            blocks.insert(len(blocks) - 2, step_figure(P, net, s, ps, f"Step {s.index}"))
    return blocks


def step(form: MatrixForm, s, ps) -> list:
    P, net = form.P, form.net
    L = P.layers
    env = notated(ps.env, P.notation)
    M = L.depth
    fwd = [(Sup(bold(P, "y"), Mn("0")), (bold(P, "x"), form.inputs(1, env)))]
    for m in range(1, M + 1):
        mm = Mn(str(m))
        below = Sup(bold(P, "y"), Mn(str(m - 1)))
        rhs = [row(Sup(bold(P, "w"), mm), Mo("times"), below) if not form.has_bias(m) else
               row(Sup(bold(P, "w"), mm), Mo("times"), below, Mo("+"), Sup(bold(P, "b"), mm))]
        nums = [form.weights(m, s.before), Mo("times"), form.inputs(m, env)]
        if form.has_bias(m):
            rhs.append(row(*nums, Mo("+"), form.column(m, bias, s.before)))
        else:
            rhs.append(row(*nums))
        fwd.append((Sup(bold(P, "v"), mm), (*rhs, form.column(m, v, env))))
        act = net.neuron(L.members[m - 1][0]).activation
        f = MSym(P.function(act))
        fwd.append((Sup(bold(P, "y"), mm), (Apply(Sup(P.sym("phi"), mm), Sup(bold(P, "v"), mm)),
                                             Apply(f, form.column(m, v, env)), form.column(m, y, env))))
    out_ids = L.members[M - 1]
    fwd.append((bold(P, "e"), (row(bold(P, "d"), Mo("-"), Sup(bold(P, "y"), Mn(str(M)))),
                               row(Matrix(tuple((P.exact(ps.pattern.d[net.outputs.index(j)]),) for j in out_ids)),
                                   Mo("-"), form.column(M, y, env)),
                               form.column(M, e, env))))
    error = error_named(form.formulas.error, net.outputs)
    fwd.append((P.quantity(ERROR), (P.formula(error), P.formula(error, env), P.value(env[ERROR]))))
    back = []
    for m in range(M, 0, -1):
        mm = Mn(str(m))
        ids = L.members[m - 1]
        act = net.neuron(ids[0]).activation
        d_f = act.dphi(Sym("v"), Sym("y"))
        cells = [P.formula(notate(d_f, P.notation), {"v": env[v(j)], "y": env[y(j)]}) for j in ids]
        derivs = form.diag(m, [P.value(env[dphi(j)]) for j in ids])
        Fm = Apply(Sup(bold(P, "dphi"), mm), Sup(bold(P, "v"), mm))
        chain = (form.diag(m, cells), derivs) if not all(c == cells[0] == Mn("1") for c in cells) else (derivs,)
        back.append((Fm, chain))
        s_m = form.column(m, lambda j: f"s[{j}]", env)
        if m == M:
            back.append((Sup(bold(P, "s"), mm), (output_symbolic(form, mm), output_numbers(form, env), s_m)))
        else:
            up = Mn(str(m + 1))
            back.append((Sup(bold(P, "s"), mm), (row(Fm, Mo("times"), transposed(Sup(bold(P, "w"), up)), Mo("times"),
                                                     Sup(bold(P, "s"), up)),
                                                 row(derivs, Mo("times"), form.weights(m + 1, s.before, transpose=True),
                                                     Mo("times"), form.column(m + 1, lambda j: f"s[{j}]", env)),
                                                 s_m)))
    upd = []
    k1, k = row(P.time(), Mo("+"), Mn("1")), P.time()
    for m in range(M, 0, -1):
        mm = Mn(str(m))
        Wm, bm, sm = Sup(bold(P, "w"), mm), Sup(bold(P, "b"), mm), Sup(bold(P, "s"), mm)
        a_in = Sup(bold(P, "y"), Mn(str(m - 1)))
        inputs = form.inputs(m, env)
        upd.append((row(Wm, Fence(k1)), (row(Wm, Fence(k), Mo("-"), P.sym("eta"), Mo("times"), sm, Mo("times"),
                                             transposed(a_in)),
                                         row(form.weights(m, s.before), Mo("-"), P.exact(net.training.learning_rate),
                                             Mo("times"), form.column(m, lambda j: f"s[{j}]", env), Mo("times"),
                                             Matrix((tuple(c[0] for c in inputs.rows),))),
                                         form.weights(m, s.after))))
        if form.has_bias(m):
            upd.append((row(bm, Fence(k1)), (row(bm, Fence(k), Mo("-"), P.sym("eta"), Mo("times"), sm),
                                             row(form.column(m, bias, s.before), Mo("-"),
                                                 P.exact(net.training.learning_rate), Mo("times"),
                                                 form.column(m, lambda j: f"s[{j}]", env)),
                                             form.column(m, bias, s.after))))
    return [Para(("The forward pass, layer by layer:",)), Equations(tuple(fwd)),
            Para(("The sensitivities, from the output layer back:",)), Equations(tuple(back)),
            Para(("The updates:",)), Equations(tuple(upd))]
