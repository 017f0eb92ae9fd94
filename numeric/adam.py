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
        self._tmp, self._tmp2 = np.empty(size), np.empty(size)
        # 1 − β1, β2, 1 − β2, ε and the step's √(1 − β2^t), −lr/(1 − β1^t) as 0-d arrays: a
        # ufunc converts a Python float on every call, as long as the operation on 46 numbers
        self._k = tuple(np.array(x, dtype=float)
                        for x in (1 - self.beta1, self.beta2, 1 - self.beta2, eps, 1, 1))

    def step(self, theta: np.ndarray, grad: np.ndarray, lr: float | None = None) -> None:
        """Update ``theta`` in place."""
        lr = self.lr if lr is None else lr
        t = self.t = self.t + 1
        m, v, tmp, tmp2 = self.m, self.v, self._tmp, self._tmp2
        w1, b2, w2, eps, bc2_sqrt, value = self._k
        multiply, add, divide = np.multiply, np.add, np.divide
        np.subtract(grad, m, tmp)                 # lerp: m + w (g − m), w = 1 − β1 < 0.5
        multiply(tmp, w1, tmp)
        add(m, tmp, m)
        multiply(v, b2, v)
        multiply(grad, w2, tmp)                   # addcmul: v + ((1 − β2) g) g
        multiply(tmp, grad, tmp)
        add(v, tmp, v)
        bc2_sqrt[()] = (1 - self.beta2 ** t) ** 0.5
        value[()] = -(lr / (1 - self.beta1 ** t))
        np.sqrt(v, tmp)                           # denom = √v / √(1 − β2^t) + ε
        divide(tmp, bc2_sqrt, tmp)
        add(tmp, eps, tmp)
        multiply(m, value, tmp2)                  # addcdiv: θ + (value·m)/denom
        divide(tmp2, tmp, tmp)
        add(theta, tmp, theta)
