"""torch autograd on the same network, float64: the independent oracle of ``verify``.

The network is built neuron by neuron from the model (no δ recursion of ours involved) and
differentiated by autograd; per-pattern gradients come from ``torch.func.vmap(grad(...))``.
"""
from __future__ import annotations

import numpy as np

from derive.model.names import b, w
from derive.model.network import Network


def _activation(name: str, slope: float):
    import torch
    return {
        "sigmoid": lambda v: torch.sigmoid(slope * v),
        "tanh": torch.tanh,
        "relu": torch.relu,
        "linear": lambda v: v,
    }[name]


class TorchReference:
    def __init__(self, net: Network, slope: float = 1.0):
        import torch
        self.torch = torch
        pidx = {p: i for i, p in enumerate(net.parameters())}
        node = {s: i for i, s in enumerate(net.inputs)}
        self.plan = []
        for n in net.neurons:
            node[n.id] = len(node)
            self.plan.append(([node[s] for s in n.inputs],
                              torch.tensor([pidx[w(n.id, k + 1)] for k in range(len(n.inputs))]),
                              pidx[b(n.id)], _activation(n.activation, float(slope))))
        self.outs = [node[o] for o in net.outputs]

    def _outputs(self, theta, x):
        torch = self.torch
        vals = list(x.unbind(-1))
        for src, widx, bidx, act in self.plan:
            inputs = torch.stack([vals[i] for i in src], dim=-1)
            vals.append(act((theta[widx] * inputs).sum(-1) + theta[bidx]))
        return torch.stack([vals[o] for o in self.outs], dim=-1)

    def _loss(self, theta, x, d):
        return 0.5 * ((d - self._outputs(theta, x)) ** 2).sum()

    def pattern_gradients(self, X, D, theta) -> np.ndarray:
        torch = self.torch
        from torch.func import grad, vmap
        th = torch.tensor(np.asarray(theta), dtype=torch.float64)
        Xt = torch.tensor(np.asarray(X, float), dtype=torch.float64)
        Dt = torch.tensor(np.asarray(D, float), dtype=torch.float64)
        return vmap(grad(self._loss), in_dims=(None, 0, 0))(th, Xt, Dt).numpy()
