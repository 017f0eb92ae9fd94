"""Exact linear inequalities: feasibility and redundancy by Fourier–Motzkin elimination.

A constraint is ``(coeffs, const, strict)`` meaning ``coeffs·x + const > 0`` (strict) or
``>= 0``. Rational arithmetic throughout, so "is this cell empty" has an exact answer, which
the decision regions of threshold networks need (a cell may be a single line, or empty).
Fine for the handful of inputs and units of a course network. Every row made — by a
feasibility test or by the redundancy tests of :func:`irredundant` — is charged to the
command's :class:`~derive.budget.Budget` by its length (unit ``fm``: rows × (inputs + 1),
about 2 µs each); ``MAX_ROWS`` bounds the rows one elimination holds at once.
"""
from __future__ import annotations

from fractions import Fraction
from math import gcd

from derive.budget import Budget

Constraint = tuple[tuple[Fraction, ...], Fraction, bool]
MAX_ROWS = 4000


class TooComplex(Exception):
    """Fourier–Motzkin would need more than ``MAX_ROWS`` rows."""


def _normalise(c: Constraint) -> Constraint:
    coeffs, const, strict = c
    vals = [*coeffs, const]
    dens = 1
    for q in vals:
        dens = dens * q.denominator // gcd(dens, q.denominator)
    ints = [int(q * dens) for q in vals]
    g = 0
    for i in ints:
        g = gcd(g, abs(i))
    g = g or 1
    return tuple(i // g for i in ints[:-1]), ints[-1] // g, strict


def feasible(constraints: list[Constraint], n: int, budget: Budget | None = None) -> bool:
    """Whether some x satisfies every constraint (exactly)."""
    budget = budget or Budget()
    budget.charge("fm", len(constraints) * (n + 1))
    rows = {_normalise(c) for c in constraints}
    for var in range(n):
        pos, neg, rest = [], [], []
        for c in rows:
            (pos if c[0][var] > 0 else neg if c[0][var] < 0 else rest).append(c)
        new = set(rest)
        for p in pos:
            budget.charge("fm", len(neg) * (n + 1))
            for q in neg:
                a, b_ = p[0][var], -q[0][var]
                coeffs = tuple(b_ * pc + a * qc for pc, qc in zip(p[0], q[0]))
                new.add(_normalise((coeffs, b_ * p[1] + a * q[1], p[2] or q[2])))
                if len(new) > MAX_ROWS:
                    raise TooComplex()
        rows = new
    return all(c[1] > 0 or (c[1] == 0 and not c[2]) for c in rows)


def negate(c: Constraint) -> Constraint:
    coeffs, const, strict = c
    return tuple(-q for q in coeffs), -const, not strict


def irredundant(constraints: list[Constraint], n: int, keep: set[int] = frozenset(),
                budget: Budget | None = None) -> list[int]:
    """Indices of constraints that cannot be dropped (those in ``keep`` are never dropped);
    each test is a feasibility test charged to ``budget``."""
    budget = budget or Budget()
    alive = list(range(len(constraints)))
    seen = {}
    for i in list(alive):                      # exact duplicates first
        key = _normalise(constraints[i])
        if key in seen and i not in keep:
            alive.remove(i)
        else:
            seen.setdefault(key, i)
    for i in list(alive):
        if i in keep:
            continue
        others = [constraints[j] for j in alive if j != i]
        if not feasible(others + [negate(constraints[i])], n, budget):
            alive.remove(i)
    return alive
