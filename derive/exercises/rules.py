"""The ``require`` rules of an exercise template: what makes a variant one a student can work
sensibly. One object per rule; each looks at the exact training steps of a variant and says
what fails (or None).

- ``nonzero-deltas``: every local gradient δ_j of every step is non-zero;
- ``no-saturation``: no unit works where it saturates: φ'(v_j) ≥ 0.01 for every neuron at every
  step (for the sigmoid |v| ≲ 4.6; a ReLU with v ≤ 0 has φ' = 0 and counts as saturated);
- ``visible-updates``: every update that is not exactly zero changes its parameter at the asked
  digits (the D-digit roundings before and after differ), so an answer that forgot the update
  cannot pass as correct; an update that is exactly zero (an input of 0) is allowed;
- ``distinct``: no two students of the class get the same variant (applied by
  :mod:`derive.exercises.variants`, which sees the whole class).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from derive.model.formula import evaluate
from derive.model.numbers import round_sig, text_number, to_mpf
from derive.model.names import delta

SATURATION = Fraction(1, 100)


@dataclass
class Candidate:
    """A variant's network with its exact training steps."""
    net: object
    F: object                 # Formulas of the network as trained
    steps: list               # derive.backprop.training.Step
    digits: int


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[Candidate], str | None] | None    # None: a rule over the whole class
    doc: str


def _nonzero_deltas(c: Candidate) -> str | None:
    for s in c.steps:
        env = s.passes[0].env
        for j in c.F.delta_parts():
            if to_mpf(env[delta(j)]) == 0:
                return f"delta[{j}] = 0 at step {s.index}"
    return None


def _no_saturation(c: Candidate) -> str | None:
    for s in c.steps:
        env = s.passes[0].env
        for j, parts in c.F.delta_parts().items():
            if parts.dphi is None:                 # a softmax group has no single φ'
                continue
            slope = abs(to_mpf(evaluate(parts.dphi, env)))
            if slope < to_mpf(SATURATION):
                return f"neuron {j} saturates at step {s.index} (phi' = {text_number(slope, 2)})"
    return None


def _visible_updates(c: Candidate) -> str | None:
    for s in c.steps:
        for q, after in s.after.items():
            before = s.before[q]
            if to_mpf(after) == to_mpf(before):
                continue
            if round_sig(after, c.digits) == round_sig(before, c.digits):
                change = to_mpf(after) - to_mpf(before)
                return (f"{q} changes by only {text_number(change, 2)} at step {s.index}, which does "
                        f"not show at {c.digits} digits")
    return None


RULES: dict[str, Rule] = {r.name: r for r in (
    Rule("nonzero-deltas", _nonzero_deltas, "every local gradient is non-zero"),
    Rule("no-saturation", _no_saturation, "no unit saturates (phi' >= 0.01)"),
    Rule("visible-updates", _visible_updates, "every non-zero update shows at the asked digits"),
    Rule("distinct", None, "no two students get the same variant"),
)}
