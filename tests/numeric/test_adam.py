"""The NumPy Adam against torch.optim.Adam, fed the same gradients."""
import numpy as np
import pytest
import torch

from numeric.adam import Adam


@pytest.mark.parametrize("lr", [0.2, 1e-3])
def test_adam_matches_torch_step_by_step(lr):
    rng = np.random.default_rng(1)
    theta0 = rng.normal(size=46)
    p = torch.tensor(theta0.copy(), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=lr)
    ours = theta0.copy()
    adam = Adam(46, lr=lr)
    worst, identical = 0.0, []
    for step in range(500):
        g = rng.normal(size=46) * 10.0 ** rng.integers(-6, 2)
        before = ours.copy()
        p.grad = torch.tensor(g)
        opt.step()
        adam.step(ours, g)
        theirs = p.detach().numpy()
        # relative to the parameter before the step (θ + Δθ may cancel to near 0)
        scale = np.maximum(np.abs(before), np.abs(theirs))
        worst = max(worst, float(np.max(np.abs(ours - theirs) / scale)))
        identical.append(np.mean(ours == theirs))
        ours[:] = theirs          # compare each step from the same state: no drift
        adam.m[:] = opt.state[p]["exp_avg"].numpy()
        adam.v[:] = opt.state[p]["exp_avg_sq"].numpy()
    assert worst <= 1e-15, worst
    assert np.mean(identical) > 0.9          # most entries are bit-identical
