"""softplus, added as its own module: the registry, the loader, the formulas, the engine, the
torch reference and verify pick it up with no other change."""
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import derive
from derive.model.activations import ACTIVATIONS, activation
from derive.model.numbers import to_mpf
from numeric.testing import SMOOTH, assert_gradients_agree


def test_softplus_is_registered_and_drawn_by_the_strategies():
    assert activation("softplus") == ACTIVATIONS["softplus"]()
    assert "softplus" in SMOOTH


def test_softplus_values_against_the_textbook_formula():
    sp = activation("softplus")
    with mpmath.workdps(60):
        for q in (Fraction(-40), Fraction(-1, 3), Fraction(0), Fraction(5, 2), Fraction(300)):
            want = mpmath.log(1 + mpmath.exp(mpmath.mpf(q.numerator) / q.denominator))
            assert abs(to_mpf(sp.exact(q)) - want) < mpmath.mpf(10) ** -50 * max(1, abs(want))
    assert np.allclose(sp.numpy(np.array([-800.0, 0.0, 800.0])), [0.0, np.log(2), 800.0], rtol=1e-15)


NET = """
[network]
inputs = ["x"]
outputs = ["o"]

[[neuron]]
id = "h"
inputs = ["x"]
weights = [0.5]
bias = -0.25
activation = "softplus"

[[neuron]]
id = "o"
inputs = ["h"]
weights = [1.5]
bias = 0.1
activation = "linear"

[training]
learning_rate = 0.5
patterns = [ { x = [1], d = [2] } ]
"""


def test_softplus_network_solves_and_verifies_four_ways():
    net = derive.loads(NET)
    step = derive.solve(net)["training"]["steps"][0]
    with mpmath.workdps(50):
        vh = mpmath.mpf("0.25")
        yh = mpmath.log(1 + mpmath.exp(vh))
        yo = 1.5 * yh + mpmath.mpf("0.1")
        do = 2 - yo                                   # linear output, half_sse
        dh = 1 / (1 + mpmath.exp(-vh)) * do * 1.5     # φ'(v) = σ(v)
        assert abs(mpmath.mpf(step["delta"]["delta[h]"]) - dh) < 1e-35
    pytest.importorskip("torch")
    assert_gradients_agree(net)
