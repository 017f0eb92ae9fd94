"""cross_entropy: on sigmoid outputs the binary form E = −Σ_k [d_k ln y_k + (1 − d_k) ln(1 − y_k)],
on a softmax output layer the categorical form E = −Σ_k d_k ln y_k (targets in [0, 1], and for
softmax summing to 1 over the layer).

Both cancel the output activation's derivative: δ_k = −∂E/∂v_k = d_k − y_k (a (d_k − y_k) for a
sigmoid of slope a), so the output δ is written directly. Numerically the error is computed from
the fields v (ln σ(a v) = −softplus(−a v); ln softmax = v − logsumexp v), so saturated outputs
give finite errors and gradients.
"""
from fractions import Fraction

import numpy as np

from derive.model.activations.sigmoid import Sigmoid
from derive.model.activations.softmax import Softmax
from derive.model.formula import Add, Func, Mul, Neg, Num
from derive.model.functions import LN
from derive.model.losses.base import Loss
from derive.model.numbers import exact_str


def _softplus(z):
    return np.logaddexp(0.0, z)


class CrossEntropy(Loss):
    name = "cross_entropy"
    doc = ("E = -sum_k [d_k ln y_k + (1 - d_k) ln(1 - y_k)] on sigmoid outputs, "
           "-sum_k d_k ln y_k on a softmax output layer")
    _BINARY = {"text": "E = -sum_k (d[k] * ln y[k] + (1 - d[k]) * ln(1 - y[k]))",
               "latex": r"E = -\sum_k \bigl(d_k \ln y_k + (1 - d_k) \ln(1 - y_k)\bigr)",
               "unicode": "E = −Σₖ (dₖ ln yₖ + (1 − dₖ) ln(1 − yₖ))"}
    _CATEGORICAL = {"text": "E = -sum_k d[k] * ln y[k]", "latex": r"E = -\sum_k d_k \ln y_k",
                    "unicode": "E = −Σₖ dₖ ln yₖ"}

    def check(self, output_acts, targets):
        for act in output_acts:
            if type(act) not in (Sigmoid, Softmax):
                return (f"cross_entropy needs sigmoid or softmax output units; this network's "
                        f"outputs are {act.name}")
        for i, d in enumerate(targets):
            for k, dk in enumerate(d):
                if not 0 <= dk <= 1:
                    return f"pattern {i + 1}: cross_entropy needs targets in [0, 1], d[{k + 1}] = {exact_str(dk)}"
            if output_acts[0].group and sum(d) != 1:
                return (f"pattern {i + 1}: with a softmax output layer the targets must sum to 1 "
                        f"(they sum to {exact_str(sum(d))})")
        return None

    @staticmethod
    def _categorical(acts) -> bool:
        return bool(acts) and acts[0].group

    def error_rule(self, fmt, acts=None):
        return (self._CATEGORICAL if acts and self._categorical(acts) else self._BINARY)[fmt]

    def error(self, pairs, acts):
        if self._categorical(acts):
            terms = tuple(Mul((d, Func(LN, y))) for d, y in pairs)
        else:
            terms = tuple(Add((Mul((d, Func(LN, y))), Mul((1 - d, Func(LN, 1 - y))))) for d, y in pairs)
        return Neg(Add(terms))

    def signal(self, e, d, y):
        raise AssertionError("cross_entropy outputs always cancel (see direct)")

    def direct(self, act, e):
        if isinstance(act, Sigmoid) and act.a != 1:
            return Mul((Num(act.a), e))
        return e

    def delta_rule(self, fmt, act):
        a = "" if act.group or act.a == 1 else {"text": f"{exact_str(act.a)} * ", "latex": f"{exact_str(act.a)} ",
                                                 "unicode": f"{exact_str(act.a)} "}[fmt]
        return {"text": f"delta[k] = {a}(d[k] - y[k])", "latex": rf"\delta_k = {a}(d_k - y_k)",
                "unicode": f"δₖ = {a}(dₖ − yₖ)"}[fmt]

    # -- numbers --------------------------------------------------------------------------------
    def np_errors(self, Y, D, V, acts, axis=-1):
        if self._categorical(acts):
            m = V.max(axis=axis, keepdims=True)
            lse = m + np.log(np.exp(V - m).sum(axis=axis, keepdims=True))
            return -np.sum(D * (V - lse), axis=axis)
        a = self._slopes(acts, axis, V.ndim)
        return np.sum(D * _softplus(-a * V) + (1 - D) * _softplus(a * V), axis=axis)

    def np_gradient(self, Y, D, V, acts, axis=-1):
        if self._categorical(acts):                 # ∂E/∂v_k = y_k Σ_j d_j − d_k
            return Y * D.sum(axis=axis, keepdims=True) - D, True
        return self._slopes(acts, axis, V.ndim) * (Y - D), True

    @staticmethod
    def _slopes(acts, axis, ndim):
        a = np.array([float(act.a) for act in acts])
        if np.all(a == 1):
            return 1.0
        shape = [1] * ndim
        shape[axis] = a.size
        return a.reshape(shape)

    def torch(self, y, d, acts):
        import torch
        if self._categorical(acts):
            return -(d * torch.log(y)).sum()
        return -(d * torch.log(y) + (1 - d) * torch.log1p(-y)).sum()

    def sample_targets(self, rng, n, acts):
        if self._categorical(acts):
            w = rng.uniform(0.05, 1, (n, len(acts)))
            return w / w.sum(axis=1, keepdims=True)
        return rng.uniform(0, 1, (n, len(acts)))
