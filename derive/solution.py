"""The whole worked solution of a network: what ``handgrad solve --format json`` prints."""
from __future__ import annotations

import sympy

from derive.backprop import training
from derive.regions import boundaries, truth
from derive.model.formula import Sym, to_sympy
from derive.model.names import output_symbol
from derive.model.network import Network, load
from derive.regions.polyhedra import TooComplex
from derive.backprop.quantities import Formulas

#: Composed output expressions are written out only up to this many connections; beyond it
#: they are long strings nobody reads (the layer-wise fields say the same).
MAX_COMPOSED_CONNECTIONS = 400


def local_fields(F: Formulas) -> dict[str, sympy.Expr]:
    """v_j in the seed's notation: numbers for the weights, yi for upstream outputs."""
    return {n.id: to_sympy(F.numeric_field(n.id, lambda s: Sym(output_symbol(s)))) for n in F.net.neurons}


def composed_outputs(F: Formulas) -> dict[str, sympy.Expr]:
    return {o: to_sympy(F.composed()[o]) for o in F.net.outputs}


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
        return self.render("latex", fragment=True, math_only=True)

    def _repr_markdown_(self):
        return self.render("markdown")

    def __repr__(self):
        return f"<Solution of {self.net.name or self.net.source}: {', '.join(self)}>"


def solve(network, digits: int = 4) -> Solution:
    net = load(network)
    F = Formulas(net)
    data: dict = {"network": net.to_dict(),
                  "local_fields": {k: str(e) for k, e in local_fields(F).items()}}
    notes = []
    connections = sum(len(n.inputs) for n in net.neurons)
    if connections <= MAX_COMPOSED_CONNECTIONS:
        data["outputs"] = {k: str(e) for k, e in composed_outputs(F).items()}
    else:
        notes.append(f"composed output expressions omitted: {connections} connections "
                     f"(more than {MAX_COMPOSED_CONNECTIONS})")
    analysis = None
    if net.threshold:
        try:
            analysis = boundaries.analyse(net)
            data["decision"] = boundaries.decision_json(net, analysis)
        except TooComplex:
            notes.append("decision regions omitted: too many threshold units for an exact "
                         f"enumeration (limits: {boundaries.MAX_UNITS} units upstream of a neuron, "
                         f"{boundaries.MAX_TESTS} cell tests)")
        if len(net.inputs) <= truth.MAX_TRUTH_INPUTS:
            table = truth.truth_table(net)
            data["truth_table"] = table
            data["boolean_function"] = truth.boolean_functions(net, table)
        else:
            notes.append(f"truth table omitted: more than {truth.MAX_TRUTH_INPUTS} inputs")
    steps = tF = None
    if net.training is not None:
        tnet, tF = training.trained_network(net)
        steps = training.run(net, (tnet, tF))
        data["training"] = {"activation": tnet.neurons[0].activation if net.training.activation else None,
                            "steps": [training.step_json(tnet, s) for s in steps]}
    if notes:
        data["notes"] = notes
    return Solution(data, net, digits, F, analysis, steps, tF)
