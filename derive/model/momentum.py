"""Momentum: the change of a parameter from its plain step η δ_j y_i and its previous change.

Haykin's generalized delta rule:  Δw_ji(n) = α Δw_ji(n−1) + η δ_j(n) y_i(n)
Hagan's (ch. 12):                 ΔW(k) = γ ΔW(k−1) − (1 − γ) α s aᵀ,
which in this project's names (Hagan's α is the learning rate η, his s = −δ, γ the momentum α)
is                                Δw_ji(n) = α Δw_ji(n−1) + (1 − α) η δ_j y_i.
The first change has Δw(0) = 0. In batch mode the plain step is the epoch's sum.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from derive.model.formula import Add, Expr, Mul, Num, Sym, evaluate


@dataclass(frozen=True, eq=False)
class MomentumForm:
    name: str
    doc: str
    #: (plain step, previous change, α) -> the change, as formulas
    build: Callable[[Expr, Expr, Expr], Expr]
    #: the rule as printed, per format (text, latex, unicode)
    rules: dict

    def rule(self, fmt: str) -> str:
        return self.rules[fmt]

    def change(self, step: Expr, prev: Expr, alpha: Expr) -> Expr:
        return self.build(step, prev, alpha)

    def apply(self, step, prev, alpha):
        """The change from values (Fractions or mpfs): the formula above, evaluated."""
        return evaluate(self.build(Sym("s"), Sym("p"), Sym("a")), {"s": step, "p": prev, "a": alpha})

    def __repr__(self):
        return self.name


FORMS: dict[str, MomentumForm] = {f.name: f for f in (
    MomentumForm("haykin", "Delta w(n) = alpha Delta w(n-1) + eta delta y (Haykin's generalized delta rule)",
                 lambda s, p, a: Add((Mul((a, p)), s)),
                 {"text": "Delta w[j,i](n) = alpha * Delta w[j,i](n-1) + eta * delta[j] * y[i]",
                  "latex": r"\Delta w_{ji}(n) = \alpha\,\Delta w_{ji}(n-1) + \eta\,\delta_j\,y_i",
                  "unicode": "Δwⱼᵢ(n) = α Δwⱼᵢ(n−1) + η δⱼ yᵢ"}),
    MomentumForm("hagan", "Delta w(n) = alpha Delta w(n-1) + (1 - alpha) eta delta y "
                 "(Hagan: Delta W(k) = gamma Delta W(k-1) - (1 - gamma) alpha s a^T)",
                 lambda s, p, a: Add((Mul((a, p)), Mul((Add((Num(Fraction(1)), -a)), s)))),
                 {"text": "Delta w[j,i](n) = alpha * Delta w[j,i](n-1) + (1 - alpha) * eta * delta[j] * y[i]",
                  "latex": r"\Delta w_{ji}(n) = \alpha\,\Delta w_{ji}(n-1) + (1 - \alpha)\,\eta\,\delta_j\,y_i",
                  "unicode": "Δwⱼᵢ(n) = α Δwⱼᵢ(n−1) + (1 − α) η δⱼ yᵢ"}),
)}
