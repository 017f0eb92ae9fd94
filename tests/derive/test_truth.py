from itertools import product

import sympy
from hypothesis import given, settings
from support import examples

import derive
from derive.regions.truth import boolean_name, truth_table
from numeric.testing import threshold_networks


def test_seed_truth_table_and_name():
    sol = derive.solve("xor")
    assert sol["truth_table"] == [{"x": [0, 0], "y": [0]}, {"x": [0, 1], "y": [1]},
                                  {"x": [1, 0], "y": [1]}, {"x": [1, 1], "y": [0]}]
    assert sol["boolean_function"] == {"2": "XOR"}


def test_two_input_names():
    names = {(0, 0, 0, 1): "AND", (0, 1, 1, 1): "OR", (1, 1, 1, 0): "NAND", (1, 0, 0, 0): "NOR",
             (0, 1, 1, 0): "XOR", (1, 0, 0, 1): "XNOR", (0, 0, 1, 1): "a", (1, 1, 0, 0): "NOT a",
             (0, 0, 1, 0): "a AND NOT b", (1, 1, 0, 1): "NOT a OR b"}
    for col, name in names.items():
        assert boolean_name(("a", "b"), list(col)) == name
    # all 16 functions have distinct names
    assert len({boolean_name(("a", "b"), list(c)) for c in product((0, 1), repeat=4)}) == 16


def test_n_input_names():
    rows = list(product((0, 1), repeat=3))
    assert boolean_name(("a", "b", "c"), [int(sum(r) >= 2) for r in rows]) == "MAJORITY"
    assert boolean_name(("a", "b", "c"), [sum(r) % 2 for r in rows]) == "XOR"
    assert boolean_name(("a", "b"), [-1, 1, 1, 1]) == "OR"          # sign units: -1 is false


@settings(max_examples=examples(50))
@given(threshold_networks(max_inputs=3, max_neurons=4))
def test_truth_table_agrees_with_the_composed_output(net):
    """The table against the contract's composed expression, evaluated by SymPy."""
    sol = derive.solve(net)
    table = truth_table(net)
    for i, o in enumerate(net.outputs):
        expr = sympy.sympify(sol["outputs"][o])
        for row in table:
            subs = {sympy.Symbol(n): v for n, v in zip(net.inputs, row["x"])}
            assert expr.subs(subs) == row["y"][i]
