"""verify's bounds (issue 17): floors relative to the terms, overflow named as such, points and
work bounded, torch's memory bounded."""
import json

import pytest
from support import heavy, measured

from derive.errors import InputError
from derive.model.network import loads
from numeric.verify import MAX_ENTRIES, verify


def _linear(weights, x, d, bias="0") -> str:
    """A chain of linear units with these weights, trained on one pattern."""
    lines = ["[network]", 'inputs = ["x1"]', f'outputs = ["n{len(weights)}"]']
    prev = "x1"
    for i, wt in enumerate(weights, 1):
        lines += ["[[neuron]]", f'id = "n{i}"', f'inputs = ["{prev}"]', f'weights = ["{wt}"]',
                  f'bias = "{bias}"', 'activation = "linear"']
        prev = f"n{i}"
    lines += ["[training]", "learning_rate = 1", f'patterns = [ {{ x = ["{x}"], d = ["{d}"] }} ]']
    return "\n".join(lines) + "\n"


def test_a_3x_wrong_gradient_of_1e_22_fails(monkeypatch):
    """y = 10⁻²² · 1, d = 0: ∂E/∂w = ∂E/∂b = 10⁻²². The absolute 10⁻⁶ floor passed a gradient
    three times too large; every floor is now relative to the point's own terms."""
    import numeric.closed_form as cf
    real = cf.ClosedForm.pattern_gradients

    def thrice(self, X, D, theta):
        g = real(self, X, D, theta)
        g[0] *= 3                          # the training pattern's row only
        return g
    net = loads(_linear(["1e-22"], "1", "0"))
    assert verify(net, points=1)["passed"]
    monkeypatch.setattr(cf.ClosedForm, "pattern_gradients", thrice)
    report = verify(net, points=1)
    assert not report["passed"]
    assert not report["pairs"]["sympy-numpy"]["passed"] and report["pairs"]["numpy-torch"]["passed"]
    assert report["worst"]["a"] == pytest.approx(3e-22) and report["worst"]["b"] == pytest.approx(1e-22)


def test_overflow_is_reported_as_overflow():
    """y = 10²⁰⁰ · 10²⁰⁰ · x overflows float64: exit 2 naming it, not 'inf vs inf'."""
    with pytest.raises(InputError, match="overflows float64"):
        verify(loads(_linear(["1e200", "1e200"], "1", "0")), points=1)
    with pytest.raises(InputError, match="beyond float64"):
        verify(loads(_linear(["1e400"], "1", "0")), points=1)


def test_points_are_bounded(cli):
    r = cli("verify", "--points", "1000000000")
    assert r.code == 2 and "--points: at most 1000 points" in r.err
    for command in ("verify", "sine"):
        r = cli(command, "--seed", "-1")
        assert r.code == 2 and r.err.count("\n") == 1 and "--seed" in r.err


def test_points_times_parameters_are_bounded():
    """64 inputs, 100 hidden units, 1 output (6,601 parameters): at most 302 points, and the
    file's 310 patterns are cut to fit beside them."""
    inputs = [f"x{i}" for i in range(64)]
    lines = ["[network]", f"inputs = {json.dumps(inputs)}", 'outputs = ["o"]']
    for j in range(100):
        lines += ["[[neuron]]", f'id = "h{j}"', f"inputs = {json.dumps(inputs)}",
                  f"weights = {[(i * j) % 5 - 2 for i in range(64)]}", "bias = 1", 'activation = "linear"']
    lines += ["[[neuron]]", 'id = "o"', f"inputs = {json.dumps([f'h{j}' for j in range(100)])}",
              f"weights = {[1] * 100}", "bias = 0", 'activation = "linear"']
    lines += ["[training]", "learning_rate = 1", "steps = 1", "patterns = [" + f"{{ x = {[1] * 64}, d = [1] }}," * 310 + "]"]
    net = loads("\n".join(lines) + "\n")
    from numeric.verify import point_budget
    assert MAX_ENTRIES // 6601 == 302
    with pytest.raises(InputError, match="at most 302 points"):
        point_budget(net, 303)
    assert point_budget(net, 302)[0] == 0
    keep, notes = point_budget(net, 8)
    assert keep == 294 and notes == ["the first 294 of 310 training patterns checked "
                                     "(points × parameters ≤ 2,000,000)"]


@heavy
@pytest.mark.parametrize("units,points", [(2000, 8), (2000, 100)])
def test_largest_chain_within_time_and_memory(tmp_path, units, points):
    """2,000 tanh units took 45 s and 2.4 GB at one point (torch held a θ-sized buffer per
    neuron), 5.9 GB at 8 points."""
    lines = ["[network]", 'inputs = ["x1"]', f'outputs = ["n{units}"]']
    prev = "x1"
    for i in range(1, units + 1):
        lines += ["[[neuron]]", f'id = "n{i}"', f'inputs = ["{prev}"]', "weights = [0.9]",
                  "bias = 0.1", 'activation = "tanh"']
        prev = f"n{i}"
    path = tmp_path / "chain.toml"
    path.write_text("\n".join(lines) + "\n")
    r = measured("verify", path, "--points", points, "--format", "json")
    assert r.code == 0, r.err
    assert r.within(), f"{r.seconds:.1f} s, {r.mb:.0f} MB"
    assert json.loads(r.out)["passed"]
