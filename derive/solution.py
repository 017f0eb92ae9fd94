"""The whole worked solution of a network: what ``handgrad solve --format json`` prints."""
from __future__ import annotations

import sympy

from derive.backprop import training
from derive.backprop.quantities import Formulas
from derive.budget import Budget, OverBudget
from derive.composed import composed_json
from derive.model import sympy_text
from derive.model.formula import Sym, to_sympy
from derive.model.names import output_symbol
from derive.model.network import Network, load
from derive.regions import boundaries, truth
from derive.regions.polyhedra import TooComplex

def local_fields(F: Formulas) -> dict[str, sympy.Expr]:
    """v_j in the seed's notation: numbers for the weights, yi for upstream outputs."""
    return {n.id: to_sympy(F.numeric_field(n.id, lambda s: Sym(output_symbol(s)))) for n in F.net.neurons}





class Solution(dict):
    """The JSON object of the contract, which also renders itself (text, LaTeX, Markdown)."""

    def __init__(self, data: dict, network: Network, digits: int, formulas: Formulas,
                 analysis=None, steps=None, training_formulas: Formulas | None = None):
        super().__init__(data)
        self.net = network
        self.digits = digits
        self.formulas = formulas                     # of the network as written
        self.analysis = analysis                     # derive.regions.boundaries.Analysis (threshold networks)
        self.steps = steps                           # derive.backprop.training.Step records, exact
        self.training_formulas = training_formulas   # of the network as trained

    def render(self, fmt: str = "text", **options) -> str:
        from derive.render import render
        return render(self, fmt, **options)

    def _repr_latex_(self):
        return self.render("latex", math_only=True)

    def _repr_html_(self):
        return self.render("html", fragment=True)

    def _repr_markdown_(self):
        return self.render("markdown")

    def __repr__(self):
        return f"<Solution of {self.net.name or self.net.source}: {', '.join(self)}>"


def solve(network, digits: int = 4, budget: Budget | None = None) -> Solution:
    """The worked solution; parts that would pass the command's ``budget`` are left out with
    a line in ``notes`` (README, "Limits")."""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 30:
        raise ValueError(f"digits must be an integer from 1 to 30 (values carry 80 significant "
                         f"digits), got {digits!r}")
    budget = budget or Budget()
    net = load(network)
    F = Formulas(net)
    data: dict = {"network": net.to_dict(),
                  "local_fields": {k: sympy_text.text(e) for k, e in local_fields(F).items()}}
    notes = []
    data.update(composed_json(F, budget, data["local_fields"]))
    if "subexpressions" in data:
        notes.append("outputs written as a DAG: each yj in them is the subexpression of that name "
                     "(written out they would pass the budget of "
                     f"{budget.limits['nodes']:,} expression nodes or nest too deep)")
    analysis = None
    if net.threshold and not net.rational:
        notes.append("decision regions and truth table omitted: they are exact for rational "
                     "weights and biases only, and this network has an irrational constant")
    elif net.threshold:
        try:
            analysis = boundaries.analyse(net, budget)
            data["decision"] = boundaries.decision_json(net, analysis)
        except TooComplex:
            notes.append(f"decision regions omitted: more than {boundaries.MAX_UNITS} threshold "
                         "units upstream of a neuron for an exact enumeration")
        except OverBudget as e:
            notes.append(f"decision regions omitted: the exact enumeration would pass {e}")
        if len(net.inputs) > truth.MAX_TRUTH_INPUTS:
            notes.append(f"truth table omitted: more than {truth.MAX_TRUTH_INPUTS} inputs")
        else:
            try:
                table = truth.truth_table(net, budget)
                data["truth_table"] = table
                data["boolean_function"] = truth.boolean_functions(net, table)
            except OverBudget as e:
                notes.append(f"truth table omitted: it would pass {e}")
    steps = tF = None
    if net.training is not None:
        tnet, tF = training.trained_network(net)
        steps = training.run(net, (tnet, tF), budget)
        notes += steps.notes
        data["training"] = {"activation": net.training.activation.to_json() if net.training.activation else None,
                            "steps": [training.step_json(tnet, s) for s in steps]}
    if notes:
        data["notes"] = notes
    return Solution(data, net, digits, F, analysis, steps, tF)
