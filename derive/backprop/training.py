"""Exact backprop steps (part (c) and beyond), online or batch, any network, any activation,
any loss, with momentum and fixed parameters.

Every value is a Fraction while it is exact and small, else an mpf — never a float64. Each step
evaluates the formulas of :meth:`Formulas.step_quantities` in order with the current numbers, so
the cost is linear in the number of connections and nothing swells from step to step.

**Every printed digit is certain.** An mpf carries ``WORK_DPS`` digits, but a long run can lose
them: in a diverging linear network each step triples the relative error, so after 150 steps the
13th digit is wrong and after 180 the first. So :func:`run` computes the steps at 80 digits and
again at 160, and where any value of any step differs by more than 10^−``CERTAIN_DIGITS``
(relative) it doubles the precision again, until the two last runs agree on every value; the
values of the more precise run are kept. Steps whose values cannot be made to agree within the
budget (``training`` units, ``MAX_DPS`` digits) are left out, with a note. A run of Fractions
only is exact and computed once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from derive.budget import Budget
from derive.errors import InputError
from derive.model.formula import evaluate, plus
from derive.model.names import NEGATION, group, parse, previous
from derive.model.network import Network, Pattern
from derive.model.numbers import JSON_DIGITS, MP, WORK_DPS, exact_str, to_mpf
from derive.backprop.quantities import ALPHA, ERROR, ETA, Formulas, change, d, delta, v, y

#: the groups of a pattern's quantities, in a step's order; ``change`` and ``after`` belong to
#: the step (in batch mode, to the epoch)
PATTERN_GROUPS = ("forward", "error", "delta", "gradient")
#: Significant digits to which every value of every step is certain (JSON prints 40, the
#: worked solution at most 30; ten more keep a printed last digit off a rounding boundary).
CERTAIN_DIGITS = JSON_DIGITS + 10
#: The most digits the steps are ever computed with.
MAX_DPS = 2560


def precision_cost(work: int, dps: int) -> int:
    """A run's cost in budget units at ``dps`` digits: mpmath's operations slow down with the
    precision (measured: ×1.03 at 160 digits, ×1.5 at 640, ×3 at 1,280)."""
    return int(work * (1 + dps * dps / 800_000))


@dataclass
class PatternPass:
    """Forward and backward values of one pattern, with the parameters of before the update."""
    pattern: Pattern
    env: dict                   # every symbol's value: inputs, d, eta, parameters, v, y, e, dphi, delta, E, grad
    names: dict = field(default_factory=dict)   # group -> quantity names, in order

    def group(self, name: str) -> dict:
        return {q: self.env[q] for q in self.names.get(name, ())}

    def forward(self, net: Network = None) -> dict:
        return self.group("forward")

    def deltas(self, net: Network = None) -> dict:
        """δ_j only (reverse topological order), as version 1 listed them."""
        return {q: val for q, val in self.group("delta").items() if q.startswith("delta[")}


@dataclass
class Step:
    index: int
    epoch: int
    passes: list[PatternPass]             # one (online) or the whole epoch (batch)
    before: dict                          # parameters before the update
    after: dict                           # parameters after it (fixed ones unchanged)
    batch: bool = False
    error: object = field(default=None)   # E of the pattern, or summed over the epoch
    changes: dict = field(default_factory=dict)    # dw[j,k], db[j] (momentum included)
    gradient: dict = field(default_factory=dict)   # grad_w, grad_b (summed over the epoch in batch)


class Plan:
    """The step's formulas split by group, in order (built once per run)."""

    def __init__(self, F: Formulas):
        self.F = F
        self.groups: dict[str, list] = {}
        for q, f in F.step_quantities().items():
            self.groups.setdefault(group(q), []).append((q, f))
        self.names = {g: [q for q, _ in fs] for g, fs in self.groups.items()}
        self.increments = F.increments()

    def evaluate(self, env: dict, groups) -> dict:
        for g in groups:
            for q, f in self.groups.get(g, ()):
                env[q] = evaluate(f, env)
        return env


def pattern_env(net: Network, params: dict, pattern: Pattern, eta) -> dict:
    env = dict(params)
    env.update(zip(net.inputs, pattern.x))
    env.update({d(o): val for o, val in zip(net.outputs, pattern.d)})
    env[ETA] = eta
    return env


def forward(F: Formulas, env: dict) -> dict:
    """Fill v[j], y[j] for every neuron (topological order) into ``env`` and return it."""
    for q, j in F.forward_order:
        env[q] = evaluate(F.field[j] if q == v(j) else F.output[j], env)
    return env


def backward(F: Formulas, env: dict) -> dict:
    """Fill E and delta[j] (reverse topological order) into ``env``; needs ``d[k]``."""
    env[ERROR] = evaluate(F.error, env)
    for nid, parts in F.delta_parts().items():
        env[delta(nid)] = evaluate(parts.formula, env)
    return env


def plan_of(F: Formulas) -> Plan:
    """The step plan of a set of formulas, built once and kept with them."""
    plan = F.__dict__.get("_plan")
    if plan is None:
        plan = F._plan = Plan(F)
    return plan


def one_pass(plan: Plan | Formulas, params: dict, pattern: Pattern, eta, extra: dict | None = None) -> PatternPass:
    """One pattern's forward, error, delta and gradient groups, from the parameters before the
    update (``extra``: the momentum constant and the previous changes)."""
    plan = plan if isinstance(plan, Plan) else plan_of(plan)
    env = pattern_env(plan.F.net, params, pattern, eta)
    if extra:
        env.update(extra)
    return PatternPass(pattern, plan.evaluate(env, PATTERN_GROUPS), plan.names)


def trained_network(net: Network) -> tuple[Network, Formulas]:
    """The network with its training activation, and its formulas (checks trainability)."""
    if net.training is None:
        raise InputError(net.source, "training", "missing: the network file has no [training] table")
    tnet = net.for_training()
    F = Formulas(tnet)
    F.delta_parts()          # raises InputError for step/sign units
    return tnet, F


def _steps(net: Network, tnet: Network, F: Formulas) -> list[Step]:
    """Every update the ``[training]`` table asks for, at the context's current precision."""
    t = net.training
    plan = plan_of(F)
    params = tnet.parameter_values()
    momentum = {ALPHA: t.momentum} if t.momentum is not None else {}
    prev = {previous(change(q)): Fraction(0) for q in plan.increments} if momentum else {}
    steps: list[Step] = []
    limit = t.steps
    for epoch in range(1, t.epochs + 1):
        if t.mode == "online":
            for p in t.patterns:
                if limit is not None and len(steps) >= limit:
                    return steps
                ps = one_pass(plan, params, p, t.learning_rate, {**momentum, **prev})
                plan.evaluate(ps.env, ("change",))
                changes = {q: ps.env[q] for q in plan.names.get("change", ())}
                after = _after(plan, ps.env)
                steps.append(Step(len(steps) + 1, epoch, [ps], params, after, False, ps.env[ERROR],
                                  changes, ps.group("gradient")))
                params, prev = after, _previous(changes, momentum)
        else:
            if limit is not None and len(steps) >= limit:
                return steps
            passes = [one_pass(plan, params, p, t.learning_rate) for p in t.patterns]
            total, grads, changes = Fraction(0), {}, {}
            for ps in passes:      # Δw summed over the epoch, each with the epoch's old weights
                total = plus(total, ps.env[ERROR])
                for q, val in ps.group("gradient").items():
                    grads[q] = plus(grads.get(q, Fraction(0)), val)
                for q, f in plan.increments.items():
                    changes[change(q)] = plus(changes.get(change(q), Fraction(0)), evaluate(f, ps.env))
            if momentum:
                changes = {q: t.momentum_form.apply(s, prev[previous(q)], t.momentum)
                           for q, s in changes.items()}
            after = _after(plan, {**params, **changes})
            steps.append(Step(len(steps) + 1, epoch, passes, params, after, True, total, changes, grads))
            params, prev = after, _previous(changes, momentum)
    return steps


class Steps(list):
    """The steps of a run, the precision (``dps`` digits) they were computed with, and
    ``notes`` on any left out."""

    def __init__(self, steps=(), dps: int = WORK_DPS, notes=()):
        super().__init__(steps)
        self.dps = dps
        self.notes = list(notes)


def run(net: Network, prepared: tuple[Network, Formulas] | None = None,
        budget: Budget | None = None) -> Steps:
    """Every update the ``[training]`` table asks for, every value certain to
    ``CERTAIN_DIGITS`` significant digits (see the module); ``prepared``: the result of
    :func:`trained_network`, when the caller has it already; ``budget``: the command's, whose
    ``training`` units every run at every precision is charged to."""
    tnet, F = prepared or trained_network(net)
    budget = budget or Budget()
    work = net.training_work()
    dps = WORK_DPS
    budget.charge("training", precision_cost(work, dps))
    with MP.workdps(dps):
        low = _steps(net, tnet, F)
    if not any(isinstance(x, MP.mpf) for s in low for x in _values(s)):
        return Steps(low, dps)                 # Fractions only: exact, nothing to certify
    bad = 0
    while True:
        higher = 2 * dps
        if higher > MAX_DPS or not budget.afford("training", precision_cost(work, higher)):
            return Steps(low[:bad], dps, [f"training steps {bad + 1} to {len(low)} left out: they "
                                          "lose digits to rounding, and the budget allows no more "
                                          f"than {dps} digits of working precision to certify them"])
        budget.charge("training", precision_cost(work, higher))
        with MP.workdps(higher):
            high = _steps(net, tnet, F)
            bad = _first_disagreement(low, high, dps)
        if bad is None:
            return Steps(high, higher)
        low, dps = high, higher


def _slots(s: Step):
    """Where every printed value of a step is kept, as (dict or Step, key), in a fixed order."""
    for ps in s.passes:
        for g in PATTERN_GROUPS:
            for q in ps.names.get(g, ()):
                yield ps.env, q
    yield s, "error"
    for table in (s.gradient, s.changes, s.after):
        for q in table:
            yield table, q


def _get(slot):
    holder, key = slot
    return getattr(holder, key) if isinstance(holder, Step) else holder[key]


def _values(s: Step):
    """Every value of a step that is printed, in a fixed order."""
    return (_get(slot) for slot in _slots(s))


def _first_disagreement(low: list[Step], high: list[Step], dps: int = WORK_DPS) -> int | None:
    """The index of the first step with a value that differs between the two runs by more
    than 10^−CERTAIN_DIGITS of itself (exact values must be equal), or None.

    A value that is, in both runs, below 10^−(dps − 20) of the largest value of its step and
    shrinks with the precision (or is 0 in one run) is 0 cancelled by rounding (softmax with
    cross-entropy: Σ_k δ_k = 0, so a hidden unit's Σ_k δ_k w_kj is 0 when its weights are
    equal; 0.0 at 80 digits, 1e-165 at 160): no precision certifies digits of it, so it is set
    to an exact 0 in ``high`` — printing its 40 digits of rounding noise would be printing
    wrong digits. A tiny value that does not shrink must agree like any other."""
    tol = MP.mpf(10) ** -CERTAIN_DIGITS
    shrink = MP.mpf(10) ** -(dps // 2)        # the next run carries dps more digits
    for i, (a, b) in enumerate(zip(low, high)):
        slots = list(zip(_slots(a), _slots(b)))
        pairs = [(_get(sa), _get(sb)) for sa, sb in slots]
        floor = max((abs(to_mpf(y)) for _, y in pairs), default=MP.mpf(0)) * MP.mpf(10) ** (20 - dps)
        noise = []
        for (x, y), (_, slot) in zip(pairs, slots):
            if isinstance(x, Fraction) and isinstance(y, Fraction):
                if x != y:
                    return i
                continue
            mx, my = abs(to_mpf(x)), abs(to_mpf(y))
            if mx <= floor and my <= floor and (mx == 0 or my == 0 or my <= mx * shrink):
                noise.append(slot)
            elif abs(to_mpf(x) - to_mpf(y)) > tol * my or (y == 0) != (x == 0):
                return i
        for holder, key in noise:
            if isinstance(holder, Step):
                setattr(holder, key, Fraction(0))
            else:
                holder[key] = Fraction(0)
    return None


def _after(plan: Plan, env: dict) -> dict:
    """The parameters after the step, from ``env`` holding the old values and the changes."""
    return {q: evaluate(f, env) for q, f in plan.groups.get("after", ())}


def _previous(changes: dict, momentum: dict) -> dict:
    return {previous(q): val for q, val in changes.items()} if momentum else {}


def _pattern_json(p: Pattern) -> dict:
    return {"x": [exact_str(x) for x in p.x], "d": [exact_str(x) for x in p.d]}


def _strs(dct: dict) -> dict:
    return {k: exact_str(val) for k, val in dct.items()}


def _with_twins(dct: dict) -> dict:
    """The group with each quantity that has a negated name (``names.NEGATION``: s[j] = −delta[j],
    theta[j] = −b[j]) followed by it."""
    out = {}
    for k, val in dct.items():
        out[k] = val
        p = parse(k)
        if p is not None and p[0] in NEGATION:
            out[f"{NEGATION[p[0]]}[{p[1]}]"] = -val
    return out


def step_json(net: Network, s: Step) -> dict:
    """A step as ``solve --format json`` prints it: ``forward``, ``error``, ``delta`` (e, dphi,
    delta), ``gradient``, ``change`` and ``after`` (for batch, the patterns' groups in
    ``patterns`` and the epoch's summed gradient, change and update)."""
    out = {"index": s.index, "epoch": s.epoch}
    if not s.batch:
        ps = s.passes[0]
        out.update(pattern=_pattern_json(ps.pattern), forward=_strs(ps.group("forward")),
                   error=exact_str(s.error), delta=_strs(_with_twins(ps.group("delta"))))
    else:
        out.update(mode="batch", patterns=[{"pattern": _pattern_json(ps.pattern),
                                            "forward": _strs(ps.group("forward")),
                                            "error": exact_str(ps.env[ERROR]),
                                            "delta": _strs(_with_twins(ps.group("delta"))),
                                            "gradient": _strs(ps.group("gradient"))} for ps in s.passes],
                   error=exact_str(s.error))
    out["gradient"] = _strs(s.gradient)
    out["change"] = _strs(s.changes)
    out["after"] = _strs(_with_twins(s.after))
    return out
