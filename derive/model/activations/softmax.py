"""softmax: the output layer as one group, y_k = e^(v_k) / Σ_j e^(v_j).

It is not elementwise: y_k depends on every v_j through the Jacobian ∂y_j/∂v_k = y_j (δ_jk − y_k),
so with G_j = ∂E/∂y_j, ∂E/∂v_k = y_k (G_k − Σ_j G_j y_j). In Haykin's δ = −∂E/∂v with the loss's
output signal g_j = −∂E/∂y_j: δ_k = y_k (g_k − Σ_j y_j g_j); with cross-entropy it is d_k − y_k.
"""
import numpy as np

from derive.model.activations.base import Activation
from derive.model.formula import Add, Div, Func, Mul
from derive.model.functions import EXP


class Softmax(Activation):
    name = "softmax"
    names = {"text": "softmax", "latex": r"\operatorname{softmax}", "unicode": "softmax"}
    group = True
    formula_text = "exp(v_k) / sum_j exp(v_j) over the output layer"
    derivative_text = "dy_j/dv_k = y_j (1[j = k] - y_k)"

    def group_phi(self, vk, vs):
        """y_k as a formula: e^(v_k) / Σ_j e^(v_j)."""
        return Div(Func(EXP, vk), Add(tuple(Func(EXP, vj) for vj in vs)))

    def group_delta(self, g, ys, k):
        """δ_k = y_k (g_k − Σ_j y_j g_j) from the output signals g (dicts over the group)."""
        return Mul((ys[k], Add((g[k], -Add(tuple(Mul((ys[j], g[j])) for j in ys))))))

    def numpy(self, V, axis=-1):
        Z = np.exp(V - V.max(axis=axis, keepdims=True))
        return Z / Z.sum(axis=axis, keepdims=True)

    def np_backward(self, V, Y, G, axis=-1):
        return Y * (G - (G * Y).sum(axis=axis, keepdims=True))

    def backward_from(self, G, V, Y, axis=-1):
        return self.np_backward(V, Y, G, axis)

    def forward_into(self, V, out, axis=-1):
        out[...] = self.numpy(V, axis)

    def torch(self, V):
        import torch
        return torch.softmax(V, dim=-1)
