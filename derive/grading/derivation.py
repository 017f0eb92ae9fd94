"""What the checker knows about one network: every answerable quantity of a training step with
its formula, in the order a student computes them, and the exact values of every step.

The formulas are :meth:`derive.backprop.quantities.Formulas.step_quantities` (the one source of
the solution, the exact steps and the checker), each written over the quantities before it, so
error carried forward can start from any of them (half_sse, no momentum):

    v_j = Σ_k w_jk y_k + b_j      y_j = φ(v_j)      E = ½ Σ_k (d_k − y_k)²
    e_k = d_k − y_k               dphi_j = φ'(v_j)  δ_j = dphi_j · (e_j + Σ_k δ_k w_kj)
    grad_w[j,k] = −δ_j y_k        dw[j,k] = η δ_j y_k        w[j,k] ← w[j,k] + dw[j,k]
    grad_b[j]   = −δ_j            db[j]   = η δ_j            b[j]   ← b[j] + db[j]

with the network's loss, softmax group and momentum (dw = α dw_prev + η δ y) where it has them.

``e``, ``dphi``, ``grad_*``, ``dw``, ``db`` are *views*: when a student does not answer one, its
formula is written into the formulas that use it (:meth:`Derivation.effective`), so δ_k of a
sigmoid output is y(1 − y)(d − y) in one formula, whose range over y is found without the
over-estimate of two separate intervals. ``s[j]`` = −δ_j and ``theta[j]`` = −b_j are read as
δ and b with the sign turned.

In the formulas ``w[j,k]`` and ``b[j]`` are the values *before* the step; the answer ``w[j,k]``
is the value after it, kept under the key ``w[j,k]'``.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from derive.backprop.quantities import Formulas
from derive.backprop.training import Steps, run, trained_network
from derive.budget import OverBudget
from derive.errors import InputError
from derive.model.formula import Expr, evaluate, substitute, symbols
from derive.model.names import ALPHA, ETA, NEGATED, change, d, parse, previous
from derive.model.network import Network
from derive.model.numbers import exact_str
from derive.regions.boundaries import analyse
from derive.regions.polyhedra import TooComplex
from derive.regions.truth import MAX_TRUTH_INPUTS, truth_table

#: kinds substituted into the formulas that use them when the student does not answer them
VIEWS = frozenset({"e", "dphi", "grad_w", "grad_b", "dw", "db"})
AFTER = "'"


@dataclass(frozen=True)
class Quantity:
    name: str            # the contract name a student answers
    kind: str
    formula: Expr        # over inputs, d[k], eta, parameters before the step, earlier quantities
    parameter: bool      # a parameter's value after the step (kept under ``name + AFTER``)

    @property
    def key(self) -> str:
        return self.name + AFTER if self.parameter else self.name

    @property
    def view(self) -> bool:
        return self.kind in VIEWS


def canonical(name: str) -> tuple[str, int]:
    """(the quantity a name stands for, its sign): ``s[2]`` -> (``delta[2]``, -1)."""
    p = parse(name)
    if p is not None and p[0] in NEGATED:
        return f"{NEGATED[p[0]]}[{p[1]}]", -1
    return name, 1


class Parts:
    """Parts (a) and (b) of a network, computed on first use and shared by a class."""

    training_error: InputError | None = None      # why the network's steps cannot be checked

    def __init__(self, net: Network):
        self.net = net
        self._lines = self._table = None

    def lines(self):
        """Every distinct boundary line; [] for a network that is not all threshold, None if
        it is too large to enumerate exactly."""
        if self._lines is None:
            if not self.net.threshold:
                self._lines = []
            elif not self.net.rational:        # the exact enumeration needs rational weights
                self._lines = None
            else:
                try:
                    self._lines = analyse(self.net).distinct_lines()
                except (TooComplex, OverBudget):
                    self._lines = None
        return self._lines

    def table(self):
        """The truth table's rows; [] past ``MAX_TRUTH_INPUTS`` inputs or the work budget."""
        if self._table is None:
            try:
                self._table = (truth_table(self.net) if self.net.threshold and self.net.rational
                               and len(self.net.inputs) <= MAX_TRUTH_INPUTS else [])
            except OverBudget:
                self._table = []
        return self._table


class Derivation(Parts):
    """Everything the checker needs about a trained network, computed once per class, each
    part on first need: the steps up to the last one asked for (a class answering step 1 of
    a 47-step training never computes the other 46), the dependencies of every quantity once."""

    def __init__(self, net: Network):
        super().__init__(net)
        self.tnet, self.F = trained_network(net)
        if net.training.mode != "online":
            raise InputError(net.source, "training.mode", "check supports online training steps "
                             "(each step one pattern); this network trains in batch mode")
        self.step_count = net.training_updates()      # how many steps the [training] table asks for
        self._run, self._upto = Steps(), 0            # the steps computed so far, through step _upto
        self._closure: dict | None = None
        self.parts = self.F.delta_parts()
        self.quantities: dict[str, Quantity] = {}
        self._build(self.F)
        self.order = list(self.quantities)
        self.by_key = {q.key: q for q in self.quantities.values()}
        self.position = {q: i for i, q in enumerate(self.order)}
        self.by_position = [self.quantities[q].key for q in self.order]
        self.names = set(self.order) | {f"{a}[{parse(q)[1]}]" for a, c in NEGATED.items()
                                        for q in self.order if parse(q)[0] == c}
        self.sorted_names = sorted(self.names)
        self._effective: dict = {}
        self._exact: dict[int, dict] = {}
        self.memo: dict = {}             # per-network results of other modules (slips)

    # -- the steps -----------------------------------------------------------------------------
    @property
    def steps(self) -> Steps:
        """Every step of the file's training (those that can be certified)."""
        return self.steps_to(self.step_count)

    def steps_to(self, n: int) -> Steps:
        """The steps of the training through step ``n`` at least (fewer where digits cannot be
        certified: see ``notes``). A later step asked for computes them again, at least twice
        as many, so a class asking steps one by one costs at most twice the last one."""
        n = min(n, self.step_count)
        if self._upto < n:
            self._upto = min(self.step_count, max(n, 2 * self._upto))
            t = self.net.training
            self._run = run(replace(self.net, training=replace(t, steps=self._upto)), (self.tnet, self.F))
        return self._run

    # -- the formulas --------------------------------------------------------------------------
    def _add(self, name: str, kind: str, formula: Expr, parameter: bool = False) -> None:
        self.quantities[name] = Quantity(name, kind, formula, parameter)

    def _build(self, F: Formulas) -> None:
        params = set(self.tnet.parameters())
        for name, f in F.step_quantities().items():
            self._add(name, parse(name)[0], f, parameter=name in params)

    def effective(self, name: str, answered: frozenset = frozenset()) -> Expr:
        """The formula of ``name`` with every view the student did not answer written in."""
        key = (name, answered)
        if key not in self._effective:
            f = self.quantities[name].formula
            views = {q: self.effective(q, answered) for q in _view_symbols(f, self.quantities)
                     if q not in answered}
            self._effective[key] = substitute(f, {q: ex for q, ex in views.items()}) if views else f
        return self._effective[key]

    def textbook(self, name: str) -> Expr:
        """The formula as the worked solution writes it (every view written in)."""
        return self.effective(name)

    # -- the numbers ---------------------------------------------------------------------------
    def base(self, index: int) -> dict:
        """x, d and η of step ``index`` (1-based): the numbers a student is given (with
        momentum also α)."""
        t = self.net.training
        ps = self.steps_to(index)[index - 1].passes[0]
        out = dict(zip(self.tnet.inputs, ps.pattern.x))
        out.update({d(o): val for o, val in zip(self.tnet.outputs, ps.pattern.d)})
        out[ETA] = t.learning_rate
        if t.momentum is not None:
            out[ALPHA] = t.momentum
        return out

    def before(self, index: int) -> dict:
        """The state a step starts from: the parameters, and with momentum the previous
        step's changes (``dw_prev[j,k]``; 0 before the first step)."""
        steps = self.steps_to(index)
        out = dict(steps[index - 1].before)
        if self.net.training.momentum is not None:
            last = steps[index - 2].changes if index > 1 else {}
            out.update({previous(change(p)): last.get(change(p), Fraction(0)) for p in self.F.changes()})
        return out

    def exact_text(self, index: int, key: str, sign: int = 1) -> str:
        """The exact value as JSON writes it (computed once per class)."""
        k = ("text", index, key, sign)
        if k not in self.memo:
            self.memo[k] = exact_str(sign * self.exact(index)[key])
        return self.memo[k]

    def slip_exact(self, index: int, q, n: int, formula):
        """The value of slip variant ``n`` of ``q`` with the exact earlier values (once per class)."""
        k = ("slip", index, q.name, n)
        if k not in self.memo:
            self.memo[k] = evaluate(formula, self.exact(index))
        return self.memo[k]

    def upstream(self, name: str) -> tuple[str, ...]:
        """The keys of every quantity ``name``'s verdict can depend on: the quantities its
        formula and its slips' formulas use, and theirs, in order (once per class)."""
        k = ("upstream", name)
        if k not in self.memo:
            from derive.grading.slips import variants
            q = self.quantities[name]
            mask = 0
            for f in [q.formula] + [f for _, f in variants(self, q)]:
                mask |= self._uses(f)
            keys = self.by_position
            self.memo[k] = tuple(keys[i] for i, bit in enumerate(reversed(bin(mask)[2:])) if bit == "1")
        return self.memo[k]

    def _uses(self, f: Expr) -> int:
        """The quantities formula ``f`` uses, directly or through theirs, as a set of positions
        (an int's bits). A parameter's name in a formula is its value before the step: given,
        not a quantity; its value after the step is ``name'``."""
        if self._closure is None:              # every quantity's, once, in the order they are computed
            self._closure = {}
            for n in self.order:
                self._closure[n] = self._direct(self.quantities[n].formula)
        return self._direct(f)

    def _direct(self, f: Expr) -> int:
        mask = 0
        for s in symbols(f):
            dep = self.by_key.get(s) or self.quantities.get(s)
            if dep is not None and not (dep.parameter and s == dep.name):
                mask |= 1 << self.position[dep.name] | self._closure.get(dep.name, 0)
        return mask

    def carried_state(self) -> list[tuple[str, str]]:
        """(state name of the next step, quantity of this step that becomes it): every
        parameter (its value after the step) and, with momentum, every change."""
        out = [(q.name, q.key) for q in self.quantities.values() if q.parameter]
        if self.net.training.momentum is not None:
            out += [(previous(change(p)), change(p)) for p in self.F.changes()]
        return out

    def exact(self, index: int) -> dict:
        """Every quantity's exact value at step ``index``, by key (``w[2,3]'`` after the step)."""
        if index not in self._exact:
            env = {**self.base(index), **self.before(index)}
            for q in self.quantities.values():
                env[q.key] = evaluate(q.formula, env)
            self._exact[index] = env
        return self._exact[index]


def _view_symbols(f: Expr, quantities: dict) -> list[str]:
    return sorted(q for q in symbols(f) if q in quantities and quantities[q].view)
