"""Part (a): the seed pinned exactly, and regions checked against the network at real points."""
from fractions import Fraction

import sympy
from hypothesis import given, settings, strategies as st
from support import examples

import derive
from derive.regions.boundaries import decision
from derive.backprop.quantities import Formulas, y
from derive.backprop.training import forward
from numeric.testing import threshold_networks


def test_seed_part_a_exactly():
    sol = derive.solve("xor")
    assert sol["local_fields"] == {"1": "x1 + x2 - 3/2", "2": "x1 + x2 - 2*y1 - 1/2"}
    assert sol["outputs"] == {"2": "Heaviside(x1 + x2 - 2*Heaviside(x1 + x2 - 3/2, 0) - 1/2, 0)"}
    dec = sol["decision"]
    assert dec["neurons"]["1"] == [{"line": "x1 + x2 - 3/2", "when": "True", "states": {}}]
    assert [(e["line"], e["when"]) for e in dec["neurons"]["2"]] == [
        ("x1 + x2 - 1/2", "x1 + x2 - 3/2 <= 0"), ("x1 + x2 - 5/2", "x1 + x2 - 3/2 > 0")]
    # the seed's answer misses the x1 + x2 = 5/2 line: the region has two cells
    assert dec["regions"]["2"] == [["x1 + x2 - 1/2 > 0", "x1 + x2 - 3/2 <= 0"], ["x1 + x2 - 5/2 > 0"]]


def _exact_output(net, point):
    env = dict(net.parameter_values())
    env.update(zip(net.inputs, point))
    forward(Formulas(net), env)
    return {o: env[y(o)] for o in net.outputs}


def _in_region(cells, names, point):
    subs = {sympy.Symbol(n): sympy.Rational(p.numerator, p.denominator) for n, p in zip(names, point)}
    return any(all(bool(sympy.sympify(c).subs(subs)) for c in cell) for cell in cells)


def test_seed_region_beyond_the_missing_line():
    net = derive.load("xor")
    regions = decision(net)["regions"]["2"]
    for point, expected in [((Fraction(3, 2), Fraction(3, 2)), 1), ((1, 1), 0), ((Fraction(5, 4), Fraction(5, 4)), 0),
                            ((Fraction(1, 2), 0), 0), ((Fraction(1, 2), Fraction(1, 100)), 1)]:
        point = tuple(Fraction(p) for p in point)
        assert _exact_output(net, point)["2"] == expected
        assert _in_region(regions, net.inputs, point) == bool(expected)


coords = st.integers(-12, 12).map(lambda n: Fraction(n, 4)) | st.fractions(-4, 4, max_denominator=7)


@settings(max_examples=examples(60))
@given(threshold_networks(max_inputs=3, max_neurons=4, max_outputs=2), st.data())
def test_regions_agree_with_the_network_at_real_points(net, data):
    """For all real inputs (points on the grid of quarters hit boundaries exactly)."""
    dec = decision(net)
    for _ in range(8):
        point = tuple(data.draw(coords) for _ in net.inputs)
        out = _exact_output(net, point)
        for o in net.outputs:
            assert _in_region(dec["regions"][o], net.inputs, point) == (out[o] == 1), (o, point)


@settings(max_examples=examples(40))
@given(threshold_networks(max_inputs=3, max_neurons=4))
def test_boundary_lines_hold_under_their_states(net):
    """Each line's 'when' is the set where the upstream units have the stated states."""
    dec = decision(net)
    for nid, entries in dec["neurons"].items():
        for e in entries:
            assert set(e["states"]) == set(net.ancestors(nid))
            sympy.sympify(e["line"])          # SymPy-parseable
            sympy.sympify(e["when"])
