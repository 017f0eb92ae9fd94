"""The NumPy engine against the exact derivation (mpmath δ values) and against torch."""
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from support import examples

import derive
from derive.model.numbers import to_fraction
from derive.backprop.quantities import delta
from derive.backprop.training import one_pass, trained_network
from numeric.engine import Engine
from numeric.testing import networks


def test_seed_deltas_match_the_exact_derivation():
    tnet, F = trained_network(derive.load("xor"))
    p = tnet.training.patterns[0]
    exact = one_pass(F, tnet.parameter_values(), p, Fraction(1)).env
    e = Engine(tnet)
    got = e.deltas([[float(x) for x in p.x]], [[float(x) for x in p.d]], e.theta())
    for nid in ("1", "2"):
        assert got[nid][0] == pytest.approx(float(to_fraction(exact[delta(nid)])), rel=1e-15)


@settings(max_examples=examples(40))
@given(networks(max_inputs=3, max_neurons=6, max_patterns=3))
def test_engine_matches_exact_deltas_on_random_networks(net):
    tnet, F = trained_network(net)
    e = Engine(tnet)
    X = [[float(x) for x in p.x] for p in tnet.training.patterns]
    D = [[float(x) for x in p.d] for p in tnet.training.patterns]
    got = e.deltas(X, D, e.theta())
    for i, p in enumerate(tnet.training.patterns):
        env = one_pass(F, tnet.parameter_values(), p, Fraction(1)).env
        for n in tnet.neurons:
            ref = float(to_fraction(env[delta(n.id)]))
            assert got[n.id][i] == pytest.approx(ref, rel=1e-12, abs=1e-14)


def test_summed_gradient_is_sum_of_pattern_gradients():
    net = derive.load("xor").for_training()
    e = Engine(net)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    D = np.array([[0], [1], [1], [0]], float)
    E, g = e.error_and_gradient(X, D, e.theta())
    # Two code paths summing the same n squares: each result is within γ_n·Σr² of the exact
    # sum (γ_n = n·u/(1 − n·u), u = 2⁻⁵³, Higham's bound for recursive summation), so they
    # differ by at most twice that. Never ==: the BLAS kernel decides the order of the sum.
    R = e.outputs(X, e.theta()) - D
    n, u = R.size + 1, np.finfo(float).eps / 2
    bound = 2 * (n * u / (1 - n * u)) * 0.5 * float(np.sum(R * R))
    assert abs(E - e.error(X, D, e.theta())) <= bound
    assert abs(E - 0.5 * float((R ** 2).sum())) <= bound
    assert np.allclose(g, e.pattern_gradients(X, D, e.theta()).sum(axis=0), rtol=1e-14, atol=1e-17)


def test_no_overflow_warnings_at_huge_fields():
    net = derive.load("xor").for_training()
    e = Engine(net)
    theta = e.theta() * 1e4
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            E, g = e.error_and_gradient([[1.0, 1.0], [-1.0, 0.5]], [[0.0], [1.0]], theta)
    assert np.isfinite(E) and np.all(np.isfinite(g))


def test_non_finite_output_warns():
    net = derive.load("xor").for_training()
    e = Engine(net)
    with pytest.warns(RuntimeWarning, match="non-finite"):
        e.outputs([[np.nan, 0.0]], e.theta())


def test_jacobian_matches_finite_differences():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from nets import tanh_net
    net = tanh_net([1, 5, 1])
    e = Engine(net)
    th = e.theta()
    X = np.linspace(-2, 2, 7)[:, None]
    J = e.per_pattern(X, th, np.ones((7, 1)))
    h = 1e-6
    for i in range(th.size):
        tp, tm = th.copy(), th.copy()
        tp[i] += h
        tm[i] -= h
        fd = (e.outputs(X, tp) - e.outputs(X, tm))[:, 0] / (2 * h)
        assert np.allclose(J[:, i], fd, rtol=1e-6, atol=1e-8)


@settings(max_examples=examples(30))
@given(networks(max_inputs=3, max_neurons=6, skip=False, training=False), st.integers(1, 20))
def test_dense_fast_path_equals_general_path(net, P):
    """Layered networks take the fused path; it must agree with the general one."""
    from derive.model.network import layered
    import numpy.random as npr
    rng = npr.default_rng(P)
    sizes = [len(net.inputs), 1 + P % 4, 1 + P % 3]
    W = [rng.uniform(-1, 1, (m, n)) for n, m in zip(sizes[:-1], sizes[1:])]
    B = [rng.uniform(-1, 1, m) for m in sizes[1:]]
    lay = layered(sizes, [w.tolist() for w in W], [b.tolist() for b in B],
                  hidden=net.neurons[0].activation, output=net.neurons[-1].activation)
    e = Engine(lay)
    assert e.dense is not None
    X, D = rng.uniform(-2, 2, (P, sizes[0])), rng.uniform(-1, 1, (P, sizes[-1]))
    th = e.theta()
    E1, g1 = e.error_and_gradient(X, D, th)
    assert e.error(X, D, th) == pytest.approx(E1, rel=1e-15)
    y1 = e.outputs(X, th)
    e.dense = None
    E2, g2 = e.error_and_gradient(X, D, th)
    assert E1 == pytest.approx(E2, rel=1e-13, abs=1e-15)
    assert np.allclose(g1, g2, rtol=1e-12, atol=1e-14)
    assert np.allclose(y1, e.outputs(X, th), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("layered_net", [True, False])
def test_error_gradient_and_holdout_equals_two_passes(layered_net):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from nets import tanh_net
    net = tanh_net([1, 6, 1]) if layered_net else derive.load("xor").for_training()
    e = Engine(net)
    rng = np.random.default_rng(2)
    X = rng.uniform(-2, 2, (12, len(net.inputs)))
    D = rng.uniform(-1, 1, (12, 1))
    th = e.theta()
    E, g, held = e.error_gradient_and_holdout(X, D, th, 9)
    E2, g2 = e.error_and_gradient(X[:9], D[:9], th)
    assert E == pytest.approx(E2, rel=1e-14) and np.allclose(g, g2, rtol=1e-13, atol=1e-16)
    assert held == pytest.approx(e.error(X[9:], D[9:], th), rel=1e-14)


@pytest.mark.parametrize("output,loss", [("softmax", "cross_entropy"), ("sigmoid", "cross_entropy"),
                                         ("softmax", "sse"), ("tanh", "sse"), ("linear", "half_sse")])
def test_dense_path_equals_general_path_for_every_loss(output, loss):
    """The fused layered path and the general path compute E and dE/dθ with the same loss object;
    they agree within float64 reordering (bound: a few ulps of the largest term)."""
    from derive.model.losses import LOSSES
    from derive.model.network import layered
    rng = np.random.default_rng(7)
    sizes = [3, 4, 3]
    W = [rng.uniform(-1, 1, (m, n)) for n, m in zip(sizes[:-1], sizes[1:])]
    B = [rng.uniform(-1, 1, m) for m in sizes[1:]]
    lay = layered(sizes, [w.tolist() for w in W], [b.tolist() for b in B], hidden="tanh", output=output)
    e = Engine(lay, LOSSES[loss])
    assert e.dense is not None
    X = rng.uniform(-2, 2, (9, 3))
    D = LOSSES[loss].sample_targets(rng, 9, [lay.neuron(o).activation for o in lay.outputs])
    th = e.theta()
    E1, g1 = e.error_and_gradient(X, D, th)
    E1h, g1h, held = e.error_gradient_and_holdout(X, D, th, 6)
    e.dense = None
    E2, g2 = e.error_and_gradient(X, D, th)
    assert E1 == pytest.approx(E2, rel=1e-13) and np.allclose(g1, g2, rtol=1e-12, atol=1e-14)
    assert E1h + held == pytest.approx(E2, rel=1e-13)
    assert np.allclose(g1h, e.pattern_gradients(X[:6], D[:6], th).sum(axis=0), rtol=1e-12, atol=1e-14)
