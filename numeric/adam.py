"""Adam in NumPy, following torch.optim.Adam's CPU update rule operation for operation.

torch (single-tensor path, the one it takes on the CPU), for step t:
    m ← m + (1 − β1)(g − m)                  (lerp)
    v ← β2·v + ((1 − β2)·g)·g                (mul_, addcmul_)
    denom = √v / √(1 − β2^t) + ε             (ε added to √v̂, not inside the root)
    θ ← θ + (−lr/(1 − β1^t))·m / denom       (addcdiv_)
Fed the same gradients, this matches torch to the last bit or two (tests/numeric/test_adam.py).
"""
from __future__ import annotations

import numpy as np


class Adam:
    def __init__(self, size: int, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8):
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        self.m = np.zeros(size)
        self.v = np.zeros(size)
        self.t = 0
        self._tmp = np.empty(size)

    def step(self, theta: np.ndarray, grad: np.ndarray, lr: float | None = None) -> None:
        """Update ``theta`` in place."""
        lr = self.lr if lr is None else lr
        self.t += 1
        b1, b2, m, v, tmp = self.beta1, self.beta2, self.m, self.v, self._tmp
        np.subtract(grad, m, out=tmp)                   # lerp: m + w (g − m), w = 1 − β1 < 0.5
        tmp *= 1 - b1
        m += tmp
        v *= b2
        np.multiply(grad, 1 - b2, out=tmp)              # addcmul: v + ((1 − β2) g) g
        tmp *= grad
        v += tmp
        bias_correction1 = 1 - b1 ** self.t
        bias_correction2_sqrt = (1 - b2 ** self.t) ** 0.5
        np.sqrt(v, out=tmp)
        tmp /= bias_correction2_sqrt
        tmp += self.eps
        np.divide(-(lr / bias_correction1) * m, tmp, out=tmp)   # addcdiv: θ + (value·m)/denom
        theta += tmp
