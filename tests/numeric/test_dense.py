"""numeric.dense's Block (the buffers a training loop keeps from epoch to epoch) against the
engine's general path, on random layered networks."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from support import examples

from derive.model.losses import LOSSES
from derive.model.network import layered
from numeric.adam import Adam
from numeric.engine import Engine

HIDDEN = ["tanh", {"name": "tanh", "a": "1.7159", "b": "2/3"}, "sigmoid", "linear", "softplus", "relu"]


def _net(rng, sizes, hidden, output="linear"):
    W = [rng.uniform(-1, 1, (m, n)) for n, m in zip(sizes[:-1], sizes[1:])]
    B = [rng.uniform(-1, 1, m) for m in sizes[1:]]
    return layered(sizes, [w.tolist() for w in W], [b.tolist() for b in B], hidden=hidden, output=output)


@settings(max_examples=examples(60), deadline=None)
@given(st.integers(0, 2**32 - 1),
       # 1-6 inputs: up to 3 (4 rows of A_0 with the ones) a matrix-vector product per row,
       # more one matrix product; a layer of one unit makes ∂E/∂y of the layer below rank one
       st.lists(st.integers(1, 6), min_size=3, max_size=5).map(lambda s: s[:-1] + [1 + s[-1] % 2]),
       st.sampled_from(HIDDEN), st.sampled_from(["linear", "tanh", "sigmoid"]), st.integers(2, 25))
def test_block_equals_the_general_path_over_training_steps(seed, sizes, hidden, output, P):
    """Three Adam steps through one Block (θ and the gradient buffer updated in place, as the
    sine loop does) against a fresh general-path engine at every θ. Both sum the same products
    in another order: |error| ≤ P·(depth + inputs)·ε·Σ|terms|, far below rtol 1e-12 for terms
    of order 1 and P ≤ 25."""
    rng = np.random.default_rng(seed)
    net = _net(rng, sizes, hidden, output)
    fast = Engine(net, LOSSES["half_sse"])
    assert fast.dense is not None
    slow = Engine(net, LOSSES["half_sse"])
    slow.dense = None
    X, D = rng.uniform(-2, 2, (P, sizes[0])), rng.uniform(-1, 1, (P, sizes[-1]))
    n_fit = max(1, P * 5 // 6)
    theta, out = fast.theta(), np.empty(fast.n_params)
    block, adam = fast.block(X, D), Adam(fast.n_params, lr=0.05)
    for _ in range(3):
        E, g, rest = block.error_and_gradient(theta, n_fit, out)
        assert g is out
        E2, g2 = slow.error_and_gradient(X[:n_fit], D[:n_fit], theta)
        assert E == pytest.approx(E2, rel=1e-12, abs=1e-15)
        assert np.allclose(g, g2, rtol=1e-12, atol=1e-14)
        if n_fit < P:
            assert rest == pytest.approx(slow.error(X[n_fit:], D[n_fit:], theta), rel=1e-12, abs=1e-15)
        assert block.error(theta) == pytest.approx(slow.error(X, D, theta), rel=1e-12, abs=1e-15)
        adam.step(theta, g.copy())


def test_block_loads_new_patterns_and_needs_a_dense_network():
    rng = np.random.default_rng(3)
    net = _net(rng, [2, 3, 1], "tanh")
    e = Engine(net)
    X, D = rng.uniform(-1, 1, (7, 2)), rng.uniform(-1, 1, (7, 1))
    block, th = e.block(X[::-1], D[::-1]), e.theta()
    block.load(X, D)                           # the same block, other patterns
    E, g, rest = block.error_and_gradient(th)
    E2, g2 = e.error_and_gradient(X, D, th)
    assert rest == 0.0 and E == pytest.approx(E2, rel=1e-15) and np.allclose(g, g2, rtol=1e-14, atol=0)
    e.dense = None
    with pytest.raises(ValueError, match="layered, fully connected"):
        e.block(X, D)
