"""One work budget per command, counted in the units that cost (README, "Limits").

A command makes one :class:`Budget` and hands it to every part of its work. A part whose cost
is known in advance asks first (:meth:`Budget.afford`); a part whose cost shows only as it runs
(Fourier–Motzkin elimination) charges as it goes (:meth:`Budget.charge`), which raises
:class:`OverBudget` past the limit. The caller then leaves that part out with a line in
``notes``, or stops with exit code 2 where the part is the whole point of the command.

The units are counts, never seconds, so the same input gives the same output on any machine.
Each limit is set so that the part costs at most about 3 s on the project's 2-core machine
(the sine budget about 8 s, the whole of that command), which keeps every command under 10 s:
the worst admitted case of each kind is measured by the tests with ``CI=true`` (README,
"Limits").
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: unit -> (limit, what it counts)
LIMITS = {
    "nodes": (10_000, "expression nodes of written-out composed outputs"),
    "fm": (1_500_000, "Fourier–Motzkin row entries (rows × (inputs + 1), cell and redundancy tests)"),
    "truth": (1_000_000_000, "truth-table rows × connections"),
    "bytes": (16_000_000, "bytes of output held"),
    "training": (125_000, "units of exact training work (Network.training_work × a precision "
                 "factor, every run that certifies the digits)"),
    "sine": (1_600_000, "units of training work (about 5 µs each; see numeric.sine.planned_work)"),
}


class OverBudget(Exception):
    """A part of the work would pass its budget; ``str()`` names the budget."""

    def __init__(self, unit: str, needed: int, limit: int):
        self.unit, self.needed, self.limit = unit, needed, limit
        super().__init__(f"the budget of {limit:,} {LIMITS[unit][1]}")


@dataclass
class Budget:
    """What one command may spend; ``used`` is what it has spent so far."""
    limits: dict = field(default_factory=lambda: {u: lim for u, (lim, _) in LIMITS.items()})
    used: dict = field(default_factory=lambda: dict.fromkeys(LIMITS, 0))

    def left(self, unit: str) -> int:
        return self.limits[unit] - self.used[unit]

    def afford(self, unit: str, amount: int) -> bool:
        """Whether ``amount`` more fits (nothing is charged)."""
        return amount <= self.left(unit)

    def charge(self, unit: str, amount: int = 1) -> None:
        """Spend ``amount``; raises OverBudget (and spends nothing) when it does not fit."""
        if amount > self.left(unit):
            raise OverBudget(unit, self.used[unit] + amount, self.limits[unit])
        self.used[unit] += amount
