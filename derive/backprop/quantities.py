"""The per-neuron formulas, over the quantity names of :mod:`derive.model.names`.

Every formula here is a :mod:`derive.model.formula` tree over quantity symbols: ``v[j]``, ``y[j]``,
``delta[j]``, ``w[j,k]`` (the weight *before* the update), ``b[j]``, ``d[j]``, ``eta`` and the
input names. These trees are the one source of truth for the worked solution, the exact
training steps, the answer checker and the compiled closed forms of the numeric layer.

Haykin's conventions, as in the seed, with the network's loss (:mod:`derive.model.losses`):
    v_j = Σ_k w_jk y_k + b_j,   y_j = φ(v_j),   E = ½ Σ_k (d_k − y_k)² (half_sse),
    δ_j = −∂E/∂v_j:  δ_k = g_k φ'(v_k) at an output (g_k = −∂E/∂y_k, = e_k = d_k − y_k for
    half_sse), y_k (g_k − Σ_j y_j g_j) for a softmax group, d_k − y_k with cross-entropy;
    δ_j = φ'(v_j) Σ_k δ_k w_kj over every neuron k that takes y_j,
    Δw_ji = η δ_j y_i (+ α Δw_ji(n−1) with momentum),  Δb_j = η δ_j.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from derive.errors import InputError
from derive.model.activations import ACTIVATIONS
from derive.model.formula import Add, Expr, Mul, Neg, Num, Sym, substitute
from derive.model.names import (ALPHA, ERROR, ETA, b, change, d, delta, dphi, e, grad,  # noqa: F401
                                parse, previous, v, w, y)
from derive.model.network import Network


def source(net: Network, s: str) -> str:
    """The quantity that feeds a neuron input: an input name, or ``y[i]`` for neuron i."""
    return y(s) if net.is_neuron(s) else s


@dataclass(frozen=True)
class DeltaParts:
    """δ_j = dphi · err, err = out_term + Σ back_terms: kept apart so the slips catalogue of
    the answer checker can change one of them. Where the loss and the output activation cancel
    (cross-entropy) or the output is a softmax group, ``direct`` is the output's δ term itself
    and δ_j = direct (+ dphi · Σ back_terms)."""
    dphi: Expr | None               # φ'(v_j) as a student writes it (None for softmax)
    out_term: Expr | None           # the loss's output signal g_j (d_j − y_j for half_sse)
    back_terms: tuple = ()          # δ_k w_kj for every neuron k that takes y_j
    direct: Expr | None = None

    @property
    def err(self) -> Expr:
        terms = ([self.out_term] if self.out_term is not None else []) + list(self.back_terms)
        if not terms:
            return Num(Fraction(0))      # nothing depends on y_j
        return terms[0] if len(terms) == 1 else Add(tuple(terms))

    @property
    def formula(self) -> Expr:
        if self.direct is None:
            return Mul((self.dphi, self.err))
        if not self.back_terms:
            return self.direct
        return Add((self.direct, Mul((self.dphi, self.err))))


class Formulas:
    """All formulas of one network, built once (linear in the number of connections)."""

    def __init__(self, net: Network):
        self.net = net
        self.loss = net.loss
        t = net.training
        self.fixed = frozenset(t.fixed) if t is not None else frozenset()
        self.momentum = (t.momentum_form if t is not None and t.momentum is not None else None)
        self.field: dict[str, Expr] = {}
        self.output: dict[str, Expr] = {}
        group = [o for o in net.outputs if net.neuron(o).activation.group]
        for n in net.neurons:
            terms = [Mul((Sym(w(n.id, k + 1)), Sym(source(net, s)))) for k, s in enumerate(n.inputs)]
            if n.bias is not None:
                terms.append(Sym(b(n.id)))
            self.field[n.id] = Add(tuple(terms))
            act = n.activation
            self.output[n.id] = (act.group_phi(Sym(v(n.id)), [Sym(v(j)) for j in group])
                                 if act.group else act.phi(Sym(v(n.id))))
        # v and y in the order they can be computed: a softmax group's outputs come after the
        # last field of the group (they feed no other neuron)
        self.forward_order: list[tuple[str, str]] = []
        for n in net.neurons:
            self.forward_order.append((v(n.id), n.id))
            if not n.activation.group:
                self.forward_order.append((y(n.id), n.id))
            elif n.id == next(m.id for m in reversed(net.neurons) if m.activation.group):
                self.forward_order += [(y(j), j) for j in group]
        self.output_acts = [net.neuron(o).activation for o in net.outputs]
        self.error = self.loss.error([(Sym(d(k)), Sym(y(k))) for k in net.outputs], self.output_acts)
        self._delta: dict[str, DeltaParts] | None = None
        self._increments: dict[str, Expr] | None = None
        self._composed: dict[str, Expr] | None = None

    # -- with the network's numbers ----------------------------------------------------------
    def numeric_field(self, j: str, leaf) -> Expr:
        """v_j with the network's exact weights (zero terms dropped, unit weights implicit);
        ``leaf(i)`` stands for neuron i's output."""
        n = self.net.neuron(j)
        terms = []
        for c, s in zip(n.weights, n.inputs):
            if c == 0:
                continue
            term = leaf(s) if self.net.is_neuron(s) else Sym(s)
            term = term if abs(c) == 1 else Mul((Num(abs(c)), term))
            terms.append(Neg(term) if c < 0 else term)
        if (n.bias is not None and n.bias != 0) or not terms:
            bias = n.bias or Fraction(0)
            terms.append(Neg(Num(-bias)) if bias < 0 else Num(bias))
        return Add(tuple(terms))

    def composed(self) -> dict[str, Expr]:
        """y_j written with the inputs only: φ of the numeric field, upstream outputs replaced
        by their own composed expressions."""
        if self._composed is None:
            comp: dict[str, Expr] = {}
            fields: dict[str, Expr] = {}
            for q, j in self.forward_order:
                if q == v(j):
                    fields[q] = self.numeric_field(j, comp.get)
                else:
                    comp[j] = substitute(self.output[j], fields)
            self._composed = {n.id: comp[n.id] for n in self.net.neurons}
        return self._composed

    # -- backward ----------------------------------------------------------------------------
    def _parts(self, e_of, dphi_of) -> dict[str, DeltaParts]:
        """δ_j for every neuron, output neurons first (reverse topological order); ``e_of(k)``
        is the output error e_k and ``dphi_of(n)`` the neuron's φ' as the formulas write them."""
        net, loss, out = self.net, self.loss, {}
        outputs = set(net.outputs)
        signals = {k: loss.signal(e_of(k), Sym(d(k)), Sym(y(k))) for k in net.outputs
                   if loss.direct(net.neuron(k).activation, e_of(k)) is None}
        for n in reversed(net.neurons):
            act = n.activation
            if act.threshold:
                trainable = ", ".join(a for a, c in ACTIVATIONS.items() if c.kind != "threshold" and not c.group)
                raise InputError(net.source, "training.activation",
                                 f"neuron {n.id!r} is a '{act.name}' unit, which cannot be trained by gradient "
                                 f"(φ' is 0 almost everywhere); set [training] activation "
                                 f"to one of {trainable}")
            back = tuple(Mul((Sym(delta(k.id)), Sym(w(k.id, pos)))) for k, pos in net.consumers(n.id))
            dphi_ = None if act.group else dphi_of(n)
            direct = out_term = None
            if n.id in outputs:
                direct = loss.direct(act, e_of(n.id))
                if direct is None and act.group:
                    direct = act.group_delta(signals, {j: Sym(y(j)) for j in net.outputs}, n.id)
                elif direct is None:
                    out_term = signals[n.id]
            out[n.id] = DeltaParts(dphi_, out_term, back, direct)
        return out

    def delta_parts(self) -> dict[str, DeltaParts]:
        """δ_j for every neuron, output neurons first, written out: e_k as d_k − y_k and φ'
        in terms of v_j and y_j."""
        if self._delta is None:
            self._delta = self._parts(lambda k: Add((Sym(d(k)), -Sym(y(k)))),
                                      lambda n: n.activation.dphi(Sym(v(n.id)), Sym(y(n.id))))
        return self._delta

    def written_deltas(self, errors: bool = False, derivatives: bool = False) -> dict[str, DeltaParts]:
        """δ_j for every neuron as a book writes it: the output errors as ``e[k]`` (``errors``:
        Negnevitsky's δ = y(1 − y) e) and φ′ as ``dphi[j]`` (``derivatives``: Hagan's
        s = −2ḟ(n) e), else written out as in :meth:`delta_parts`."""
        if not errors and not derivatives:
            return self.delta_parts()
        return self._parts((lambda k: Sym(e(k))) if errors else (lambda k: Add((Sym(d(k)), -Sym(y(k))))),
                           (lambda n: Sym(dphi(n.id))) if derivatives else
                           (lambda n: n.activation.dphi(Sym(v(n.id)), Sym(y(n.id)))))

    def delta(self, j: str) -> Expr:
        return self.delta_parts()[j].formula

    def increments(self) -> dict[str, Expr]:
        """The plain steps η δ_j y_k and η δ_j of every parameter that is updated (not
        ``fixed``), in neuron order."""
        if self._increments is not None:
            return self._increments
        out = {}
        for n in self.net.neurons:
            for k, s in enumerate(n.inputs):
                out[w(n.id, k + 1)] = Mul((Sym(ETA), Sym(delta(n.id)), Sym(source(self.net, s))))
            if n.bias is not None:
                out[b(n.id)] = Mul((Sym(ETA), Sym(delta(n.id))))
        self._increments = {q: f for q, f in out.items() if q not in self.fixed}
        return self._increments

    def changes(self) -> dict[str, Expr]:
        """Δw_jk and Δb_j of the step: the plain step, with momentum α Δ(n−1) where the file
        asks for it (``dw_prev[j,k]`` is the previous change, ``alpha`` the constant)."""
        incs = self.increments()
        if self.momentum is None:
            return incs
        return {q: self.momentum.change(f, Sym(previous(change(q))), Sym(ALPHA)) for q, f in incs.items()}

    def updates(self) -> dict[str, Expr]:
        """The updated parameters w_jk + Δw_jk and b_j + Δb_j, in neuron order (``fixed``
        ones are absent: they keep their value)."""
        return {q: Add((Sym(q), f)) for q, f in self.changes().items()}

    def gradient(self, param: str) -> Expr:
        """∂E/∂param = −δ_j y_k (or −δ_j for a bias)."""
        kind, j, k = parse(param)
        if kind == "b":
            return Neg(Sym(delta(j)))
        return Neg(Mul((Sym(delta(j)), Sym(source(self.net, self.net.neuron(j).inputs[k - 1])))))

    # -- one API for every reader ----------------------------------------------------------------
    def step_quantities(self) -> dict[str, Expr]:
        """Every quantity of one training step, ``{contract name: formula}``, in the order a
        student computes them: v, y per neuron (a softmax group's y after its last v); E; e per output; then from the outputs back
        dphi and delta per neuron; the gradients; the changes (momentum included); the updated
        parameters. Each formula is written with the names before it (``delta[2]`` with
        ``e[2]`` and ``dphi[2]``, ``w[2,3]`` after the update as ``w[2,3] + dw[2,3]``), so a
        reader evaluating them in order, with a student's own values where given, carries
        their errors forward. ``w[j,k]``, ``b[j]`` inside a formula are the values before the
        update; ``fixed`` parameters keep theirs (``w[j,k] = w[j,k]``, no change entry)."""
        net, q = self.net, {}
        for name, j in self.forward_order:
            q[name] = self.field[j] if name == v(j) else self.output[j]
        q[ERROR] = self.error
        for k in net.outputs:
            q[e(k)] = Add((Sym(d(k)), -Sym(y(k))))
        parts = self._parts(lambda k: Sym(e(k)), lambda n: Sym(dphi(n.id)))
        for j, p in parts.items():
            if p.dphi is not None:
                q[dphi(j)] = net.neuron(j).activation.dphi(Sym(v(j)), Sym(y(j)))
            q[delta(j)] = p.formula
        params = net.parameters()
        for p_ in params:
            q[grad(p_)] = self.gradient(p_)
        changes = self.changes()
        for p_, f in changes.items():
            q[change(p_)] = f
        for p_ in params:
            q[p_] = Add((Sym(p_), Sym(change(p_)))) if p_ in changes else Sym(p_)
        return q
