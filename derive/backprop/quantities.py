"""The per-neuron formulas, over the quantity names of :mod:`derive.model.names`.

Every formula here is a :mod:`derive.model.formula` tree over quantity symbols: ``v[j]``, ``y[j]``,
``delta[j]``, ``w[j,k]`` (the weight *before* the update), ``b[j]``, ``d[j]``, ``eta`` and the
input names. These trees are the one source of truth for the worked solution, the exact
training steps, the answer checker and the compiled closed forms of the numeric layer.

Haykin's conventions, as in the seed:
    v_j = Σ_k w_jk y_k + b_j,   y_j = φ(v_j),   E = ½ Σ_k (d_k − y_k)²,
    δ_k = (d_k − y_k) φ'(v_k) for an output neuron,
    δ_j = φ'(v_j) Σ_k δ_k w_kj over every neuron k that takes y_j,
    Δw_ji = η δ_j y_i,  Δb_j = η δ_j.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from derive.model.activations import ACTIVATIONS
from derive.errors import InputError
from derive.model.formula import Add, Expr, Mul, Neg, Num, Pow, Sym, substitute
from derive.model.names import ERROR, ETA, b, d, delta, v, w, y  # noqa: F401  (the names of the formulas)
from derive.model.network import Network


def source(net: Network, s: str) -> str:
    """The quantity that feeds a neuron input: an input name, or ``y[i]`` for neuron i."""
    return y(s) if net.is_neuron(s) else s


@dataclass(frozen=True)
class DeltaParts:
    """δ_j = dphi · err, err = out_term + Σ back_terms: kept apart so the slips catalogue of
    the answer checker can change one of them."""
    dphi: Expr                      # φ'(v_j) as a student writes it
    out_term: Expr | None           # (d_j − y_j) when j is an output neuron
    back_terms: tuple = ()          # δ_k w_kj for every neuron k that takes y_j

    @property
    def err(self) -> Expr:
        terms = ([self.out_term] if self.out_term is not None else []) + list(self.back_terms)
        if not terms:
            return Num(Fraction(0))      # nothing depends on y_j
        return terms[0] if len(terms) == 1 else Add(tuple(terms))

    @property
    def formula(self) -> Expr:
        return Mul((self.dphi, self.err))


class Formulas:
    """All formulas of one network, built once (linear in the number of connections)."""

    def __init__(self, net: Network, slope: Fraction = Fraction(1)):
        self.net = net
        self.slope = slope
        self.field: dict[str, Expr] = {}
        self.output: dict[str, Expr] = {}
        for n in net.neurons:
            terms = [Mul((Sym(w(n.id, k + 1)), Sym(source(net, s)))) for k, s in enumerate(n.inputs)]
            self.field[n.id] = Add(tuple(terms) + (Sym(b(n.id)),))
            self.output[n.id] = ACTIVATIONS[n.activation].phi(Sym(v(n.id)), slope)
        self.error = Mul((Num(Fraction(1, 2)), Add(tuple(
            Pow(Add((Sym(d(k)), -Sym(y(k)))), 2) for k in net.outputs))))
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
        if n.bias != 0 or not terms:
            terms.append(Neg(Num(-n.bias)) if n.bias < 0 else Num(n.bias))
        return Add(tuple(terms))

    def composed(self) -> dict[str, Expr]:
        """y_j written with the inputs only: φ of the numeric field, upstream outputs replaced
        by their own composed expressions."""
        if self._composed is None:
            comp: dict[str, Expr] = {}
            for n in self.net.neurons:
                comp[n.id] = substitute(self.output[n.id], {v(n.id): self.numeric_field(n.id, comp.get)})
            self._composed = comp
        return self._composed

    # -- backward ----------------------------------------------------------------------------
    def delta_parts(self) -> dict[str, DeltaParts]:
        """δ_j for every neuron, output neurons first (reverse topological order)."""
        if self._delta is None:
            net, out = self.net, {}
            for n in reversed(net.neurons):
                act = ACTIVATIONS[n.activation]
                if act.dphi is None:
                    raise InputError(net.source, f"neuron {n.id}.activation",
                                     f"'{n.activation}' units cannot be trained by gradient "
                                     "(φ' is 0 almost everywhere); set [training] activation "
                                     "to sigmoid, tanh, relu or linear")
                out_term = Add((Sym(d(n.id)), -Sym(y(n.id)))) if n.id in net.outputs else None
                back = tuple(Mul((Sym(delta(k.id)), Sym(w(k.id, pos)))) for k, pos in net.consumers(n.id))
                out[n.id] = DeltaParts(act.derivative(Sym(v(n.id)), Sym(y(n.id)), self.slope), out_term, back)
            self._delta = out
        return self._delta

    def delta(self, j: str) -> Expr:
        return self.delta_parts()[j].formula

    def increments(self) -> dict[str, Expr]:
        """Δw_jk = η δ_j y_k and Δb_j = η δ_j, in neuron order."""
        out = {}
        for n in self.net.neurons:
            for k, s in enumerate(n.inputs):
                out[w(n.id, k + 1)] = Mul((Sym(ETA), Sym(delta(n.id)), Sym(source(self.net, s))))
            out[b(n.id)] = Mul((Sym(ETA), Sym(delta(n.id))))
        return out

    def updates(self) -> dict[str, Expr]:
        """The updated parameters w_jk + η δ_j y_k and b_j + η δ_j, in neuron order."""
        return {q: Add((Sym(q), inc)) for q, inc in self.increments().items()}

    def gradient(self, param: str) -> Expr:
        """∂E/∂param = −δ_j y_k (or −δ_j for a bias): the update without −η."""
        if self._increments is None:
            self._increments = self.increments()
        return -Mul(self._increments[param].factors[1:])
