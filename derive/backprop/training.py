"""Exact backprop steps (part (c) and beyond), online or batch, any network, any activation.

Every value is a Fraction while it is exact and small, else an mpf of ``WORK_DPS`` digits — never
a float64. Each step evaluates the per-neuron formulas of :class:`~derive.backprop.quantities.Formulas`
with the current numbers, so the cost is linear in the number of connections and nothing swells
from step to step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from derive.errors import InputError
from derive.model.formula import evaluate, plus
from derive.model.network import Network, Pattern
from derive.model.numbers import exact_str
from derive.backprop.quantities import ERROR, ETA, Formulas, d, delta, v, y


@dataclass
class PatternPass:
    """Forward and backward values of one pattern, with the parameters of before the update."""
    pattern: Pattern
    env: dict                   # every symbol's value: inputs, d, eta, parameters, v, y, delta, E

    def forward(self, net: Network) -> dict:
        out = {}
        for n in net.neurons:
            out[v(n.id)] = self.env[v(n.id)]
            out[y(n.id)] = self.env[y(n.id)]
        return out

    def deltas(self, net: Network) -> dict:
        return {delta(n.id): self.env[delta(n.id)] for n in reversed(net.neurons)}


@dataclass
class Step:
    index: int
    epoch: int
    passes: list[PatternPass]             # one (online) or the whole epoch (batch)
    before: dict                          # parameters before the update
    after: dict                           # parameters after it
    batch: bool = False
    error: object = field(default=None)   # E of the pattern, or summed over the epoch


def pattern_env(net: Network, params: dict, pattern: Pattern, eta) -> dict:
    env = dict(params)
    env.update(zip(net.inputs, pattern.x))
    env.update({d(o): val for o, val in zip(net.outputs, pattern.d)})
    env[ETA] = eta
    return env


def forward(F: Formulas, env: dict) -> dict:
    """Fill v[j], y[j] for every neuron (topological order) into ``env`` and return it."""
    for n in F.net.neurons:
        env[v(n.id)] = evaluate(F.field[n.id], env)
        env[y(n.id)] = evaluate(F.output[n.id], env)
    return env


def backward(F: Formulas, env: dict) -> dict:
    """Fill E and delta[j] (reverse topological order) into ``env``; needs ``d[k]``."""
    env[ERROR] = evaluate(F.error, env)
    for nid, parts in F.delta_parts().items():
        env[delta(nid)] = evaluate(parts.formula, env)
    return env


def one_pass(F: Formulas, params: dict, pattern: Pattern, eta) -> PatternPass:
    return PatternPass(pattern, backward(F, forward(F, pattern_env(F.net, params, pattern, eta))))


def trained_network(net: Network) -> tuple[Network, Formulas]:
    """The network with its training activation, and its formulas (checks trainability)."""
    if net.training is None:
        raise InputError(net.source, "training", "missing: the network file has no [training] table")
    tnet = net.for_training()
    F = Formulas(tnet, net.training.slope)
    F.delta_parts()          # raises InputError for step/sign units
    return tnet, F


def run(net: Network, prepared: tuple[Network, Formulas] | None = None) -> list[Step]:
    """Every update the ``[training]`` table asks for, exactly (``prepared``: the result of
    :func:`trained_network`, when the caller has it already)."""
    tnet, F = prepared or trained_network(net)
    t = net.training
    updates, increments = F.updates(), F.increments()
    params = tnet.parameter_values()
    steps: list[Step] = []
    limit = t.steps
    for epoch in range(1, t.epochs + 1):
        if t.mode == "online":
            for p in t.patterns:
                if limit is not None and len(steps) >= limit:
                    return steps
                ps = one_pass(F, params, p, t.learning_rate)
                after = {q: evaluate(f, ps.env) for q, f in updates.items()}
                steps.append(Step(len(steps) + 1, epoch, [ps], params, after, False, ps.env[ERROR]))
                params = after
        else:
            if limit is not None and len(steps) >= limit:
                return steps
            passes = [one_pass(F, params, p, t.learning_rate) for p in t.patterns]
            after = dict(params)
            for ps in passes:      # Δw summed over the epoch, each with the epoch's old weights
                for q, f in increments.items():
                    after[q] = plus(after[q], evaluate(f, ps.env))
            total = Fraction(0)
            for ps in passes:
                total = plus(total, ps.env[ERROR])
            steps.append(Step(len(steps) + 1, epoch, passes, params, after, True, total))
            params = after
    return steps


def _pattern_json(p: Pattern) -> dict:
    return {"x": [exact_str(x) for x in p.x], "d": [exact_str(x) for x in p.d]}


def step_json(net: Network, s: Step) -> dict:
    def strs(dct):
        return {k: exact_str(val) for k, val in dct.items()}
    out = {"index": s.index, "epoch": s.epoch}
    if not s.batch:
        ps = s.passes[0]
        out.update(pattern=_pattern_json(ps.pattern), forward=strs(ps.forward(net)),
                   error=exact_str(s.error), delta=strs(ps.deltas(net)))
    else:
        out.update(mode="batch", patterns=[{"pattern": _pattern_json(ps.pattern),
                                            "forward": strs(ps.forward(net)),
                                            "error": exact_str(ps.env[ERROR]),
                                            "delta": strs(ps.deltas(net))} for ps in s.passes],
                   error=exact_str(s.error))
    out["after"] = strs(s.after)
    return out
