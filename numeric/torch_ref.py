"""torch autograd on the same network, float64: the independent oracle of ``verify``.

The network is built neuron by neuron from the model (no δ recursion of ours involved): each
activation object's torch form, a softmax group applied to its fields together, and the loss
object's torch form written as the textbook writes it; autograd differentiates it. Per-pattern
gradients come from ``torch.func.vmap(grad(...))``.
"""
from __future__ import annotations

import numpy as np

from derive.model.names import b, w
from derive.model.network import Network


class TorchReference:
    def __init__(self, net: Network):
        import torch
        self.torch = torch
        self.loss = net.loss
        # θ holds each neuron's w[j,1..k] (and b[j]) together, in neuron order: split into one
        # view per neuron, whose backward is one concatenation — indexing θ per neuron would
        # make a θ-sized gradient buffer per neuron and pattern (gigabytes for 2,000 units)
        params = net.parameters()
        node = {s: i for i, s in enumerate(net.inputs)}
        self.plan, self.group, self.sizes = [], [], []
        for n in net.neurons:
            node[n.id] = len(node)
            names = [w(n.id, k + 1) for k in range(len(n.inputs))] + ([] if n.bias is None else [b(n.id)])
            start = sum(self.sizes)
            assert params[start:start + len(names)] == names, "parameters not grouped by neuron"
            self.sizes.append(len(names))
            self.plan.append(([node[s] for s in n.inputs], n.bias is not None,
                              None if n.activation.group else n.activation))
            if n.activation.group:
                self.group.append(node[n.id])
        self.group_act = next((n.activation for n in net.neurons if n.activation.group), None)
        self.outs = [node[o] for o in net.outputs]
        self.out_acts = [net.neuron(o).activation for o in net.outputs]

    def _outputs(self, theta, x):
        torch = self.torch
        vals = list(x.unbind(-1))
        for (src, bias, act), p in zip(self.plan, theta.split(self.sizes)):
            inputs = torch.stack([vals[i] for i in src], dim=-1)
            v = (p[:len(src)] * inputs).sum(-1)
            if bias:
                v = v + p[-1]
            vals.append(v if act is None else act.torch(v))
        if self.group:                      # softmax: y = softmax of the group's fields
            ys = self.group_act.torch(torch.stack([vals[i] for i in self.group], dim=-1)).unbind(-1)
            for i, yi in zip(self.group, ys):
                vals[i] = yi
        return torch.stack([vals[o] for o in self.outs], dim=-1)

    def _loss(self, theta, x, d):
        return self.loss.torch(self._outputs(theta, x), d, self.out_acts)

    def pattern_gradients(self, X, D, theta) -> np.ndarray:
        torch = self.torch
        from torch.func import grad, vmap
        th = torch.tensor(np.asarray(theta), dtype=torch.float64)
        Xt = torch.tensor(np.asarray(X, float), dtype=torch.float64)
        Dt = torch.tensor(np.asarray(D, float), dtype=torch.float64)
        return vmap(grad(self._loss), in_dims=(None, 0, 0))(th, Xt, Dt).numpy()
