"""Regions in their fewest pieces, and drawn exactly: merged pieces cover the same points as the
cells; a boundary is drawn only where it holds; the shading is the region."""
from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given, settings
from support import examples

import derive
from derive.backprop.quantities import Formulas, y
from derive.backprop.training import forward
from derive.model.network import loads
from derive.render.mathprint import Printer
from derive.render.regionplot import region_scene, to_data
from derive.render.scene import Path
from numeric.testing import threshold_networks

#: neuron 3 = OR(h1, h2): its region is h1 or h2 (cells: 10, 01, 11); the two cells with h1 = 1
#: make one half-plane, so the fewest pieces are 2, not 3
OR_NET = """
[network]
inputs = ["x1", "x2"]
outputs = ["3"]
[[neuron]]
id = "1"
inputs = ["x1", "x2"]
weights = [1, 0]
bias = 0
activation = "step"
[[neuron]]
id = "2"
inputs = ["x1", "x2"]
weights = [0, 1]
bias = 0
activation = "step"
[[neuron]]
id = "3"
inputs = ["1", "2"]
weights = [1, 1]
bias = "-1/2"
activation = "step"
"""


def _output(net, x, o):
    env = dict(net.parameter_values())
    env.update(zip(net.inputs, x))
    forward(Formulas(net), env)
    return env[y(o)]


def _points(net, analysis, k=5):
    """A grid of rational points, plus points on every boundary line (where cells meet)."""
    grid = [Fraction(i, 2) - 3 for i in range(13)]
    pts = list(product(grid, repeat=len(net.inputs))) if len(net.inputs) <= 2 else \
        list(product(grid[::3], repeat=len(net.inputs)))
    for bl in analysis.lines:
        c = bl.form.coeffs
        i = next(i for i, a in enumerate(c) if a)
        for t in grid[::2]:
            x = [t] * len(c)
            x[i] = Fraction(0)
            x[i] = -(bl.form.at(x)) / c[i]
            pts.append(tuple(x))
    return pts


@settings(max_examples=examples(100))
@given(threshold_networks(max_inputs=2, max_neurons=4))
def test_merged_pieces_are_the_same_region(net):
    sol = derive.solve(net)
    a = sol.analysis
    for o in net.outputs:
        parts, cells = a.parts[o], a.regions[o]
        assert len(parts) <= len(cells)
        for x in _points(net, a):
            in_cells = any(all(c.holds(x) for c in cell.conditions) for cell in cells)
            in_parts = any(all(c.holds(x) for c in p.conditions) for p in parts)
            assert in_cells == in_parts == (_output(net, x, o) == 1), x


def test_fewest_pieces():
    sol = derive.solve(loads(OR_NET, "or.toml"))
    assert len(sol.analysis.regions["3"]) == 3 and len(sol.analysis.parts["3"]) == 2
    text = sol.render("text")
    assert "Joining 2 cells" in text


def test_lower_dimensional_pieces_said_separately():
    """A sign unit's 0 state is a line: 'and on the line …'."""
    net = loads("""
[network]
inputs = ["p", "q"]
outputs = ["z"]
[[neuron]]
id = "u"
inputs = ["p", "q"]
weights = [1, -1]
bias = 0
activation = "sign"
[[neuron]]
id = "z"
inputs = ["u", "p"]
weights = [-2, 1]
bias = "1/2"
activation = "step"
""", "line.toml")
    sol = derive.solve(net)
    dims = sorted(p.dim for p in sol.analysis.parts["z"])
    assert 1 in dims
    assert "and on the line" in sol.render("text")


@settings(max_examples=examples(60))
@given(threshold_networks(max_inputs=2, min_inputs=2, max_neurons=4))
def test_boundaries_drawn_only_where_they_hold(net):
    """Every drawn boundary segment lies on the line of a unit the output depends on and inside
    its cell; the shading is the region: at points of the plot away from every boundary, shaded
    ⇔ the output is 1."""
    _drawn_where_they_hold(net)


@pytest.mark.parametrize("weights", ["1, 1.5, 0.5, 2", "1.5, 1, 0.5, 2"])
def test_units_with_zero_weights_and_points_on_the_frame(weights):
    """Found by Hypothesis: hardlim units with zero weights are 1 everywhere (hardlim(0) = 1):
    output 2's whole plot is shaded, corner (-3, -3) too; output 4 is a half-plane whose
    boundary meets the frame, where (0.5, -3) lies on the frame's edge (the view's -3 is
    -3.0000000000000004 in floats): not a point to judge the shading at."""
    zero = 'inputs = ["x1"]\nweights = [0]\nbias = 0\nactivation = "hardlim"\n'
    net = loads(
        '[network]\ninputs = ["x1", "x2"]\noutputs = ["2", "4"]\n'
        + "".join(f'[[neuron]]\nid = "{j}"\n{zero}' for j in "123")
        + f'[[neuron]]\nid = "4"\ninputs = ["x1", "x2", "1", "3"]\nweights = [{weights}]\nbias = 0\n'
          'activation = "hardlim"\n', "zero.toml")
    _drawn_where_they_hold(net)


def _drawn_where_they_hold(net):
    sol = derive.solve(net)
    for o in net.outputs:
        _output_drawn_where_it_holds(net, sol, o)


def _output_drawn_where_it_holds(net, sol, o):
    scene = region_scene(sol, o, Printer())
    upstream = set(net.ancestors(o)) | {o}
    for it in scene.items:
        if isinstance(it, Path) and it.role == "boundary":
            (ax, ay), (bx, by) = (to_data(scene, p) for p in it.points)
            mid = (Fraction(ax + bx) / 2, Fraction(ay + by) / 2)
            assert any(abs(float(bl.form.at(mid))) < 1e-6 * (1 + sum(abs(float(c)) for c in bl.form.coeffs))
                       and all(float(c.form.at(mid)) * {">": 1, ">=": 1, "<": -1, "<=": -1, "==": 0}[c.op] >= -1e-6
                               for c in bl.cell.conditions) for bl in sol.analysis.lines if bl.neuron in upstream)
    shaded = [it for it in scene.items if isinstance(it, Path) and it.role == "region" and it.closed]
    for x in _points(net, sol.analysis)[:169]:
        px = tuple(float(v) for v in x)
        if min((abs(float(bl.form.at(x))) for bl in sol.analysis.lines), default=1.0) < 0.05:
            continue
        if not inside_plot(scene, px):
            continue
        sx, sy = scene_point(scene, px)
        in_shade = any(_in_polygon((sx, sy), it.points) for it in shaded)
        assert in_shade == (_output(net, x, o) == 1), x


def scene_point(scene, p):
    from derive.render.regionplot import to_scene
    return to_scene(scene, p)


def inside_plot(scene, p):
    """Inside the frame, off its edges by 1% of the view (a point on an edge is neither inside
    nor outside the shaded polygon)."""
    lo, hi = scene.view
    margin = (hi - lo) / 100
    return all(lo + margin < c < hi - margin for c in p)


def _in_polygon(pt, poly) -> bool:
    x, y = pt
    inside = False
    for (ax, ay), (bx, by) in zip(poly, poly[1:] + poly[:1]):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside
