"""The engine's fast path for layered, fully connected networks: a layer is one matrix product
over a block of patterns held transposed (units × patterns, the patterns as columns).

Layer l, with A_0 = [Xᵀ; 1] and the bias as the last column of [W_l | b_l]:
    V_l = [W_l | b_l] A_{l−1},  A_l = [φ(V_l); 1]
and backward from G = ∂E/∂y of layer l (the loss's seed at the output layer):
    −δ_l = φ'(V_l) ∘ G,  ∂E/∂[W_l | b_l] = (−δ_l) A_{l−1}ᵀ,  G_{l−1} = W_lᵀ (−δ_l).
A :class:`Block` keeps every A_l, V_l and φ' buffer of a block of P patterns from pass to pass,
and the views of θ as [W_l | b_l] from step to step (an optimiser updates θ in place): a
training loop that trains on the same patterns every epoch copies them in once.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from derive.model.names import b, w


def plan(net, levels, index, params: list) -> list | None:
    """For a fully connected layered network: per layer (θ slice, units n, inputs k, activation),
    the slice of θ (ordered as ``params``) that, reshaped to (n, k+1), is [W | b]. None when the
    network is not of that shape (a missing connection or bias, mixed activations in a layer, a
    skip connection)."""
    out, offset, prev = [], 0, list(net.inputs)
    for L in levels:
        ids = [nid for nid, i in index.items() if L.start <= i < L.stop]
        if len(L.acts) != 1 or any(list(net.neuron(i).inputs) != prev or net.neuron(i).bias is None
                                   for i in ids):
            return None
        k = len(prev)
        expected = [p for i in ids for p in [w(i, c + 1) for c in range(k)] + [b(i)]]
        if params[offset:offset + len(expected)] != expected:
            return None
        out.append((slice(offset, offset + len(expected)), len(ids), k, L.acts[0][0]))
        offset += len(expected)
        prev = ids
    return out if offset == len(params) and prev == list(net.outputs) else None


#: up to this many rows of A_0 (inputs + 1), the rank-one gradient takes a matrix-vector
#: product per row (see Block._rank_one_gradient)
_FEW_ROWS = 4


def warn_not_finite(what: str, stacklevel: int = 3) -> None:
    """A RuntimeWarning at the caller's caller (``stacklevel`` 3): an engine pass overflowed."""
    warnings.warn(f"numeric.engine: non-finite {what} (overflowing weights or inputs?)",
                  RuntimeWarning, stacklevel=stacklevel)


class Block:
    """P patterns on a dense network: inputs and targets held transposed in buffers made once.

    ``load(X, D)`` copies a block in (P × inputs, P × outputs); every pass then reads the
    buffers, so a loop over epochs on the same patterns loads them once. Everything a pass
    needs per layer (its buffers, their views, the activation's methods) is laid out here, so
    that a pass is a few NumPy calls per layer and no Python-level lookups."""

    def __init__(self, plan_, loss, out_acts, P: int, n_in: int):
        self.plan, self.loss, self.out_acts, self.P = plan_, loss, out_acts, P
        self.n_params = plan_[-1][0].stop
        #: A_l: the outputs of layer l (the inputs for l = 0) with a last row of ones
        self.A = [np.ones((n_in + 1, P))] + [np.ones((n + 1, P)) for _, n, _, _ in plan_]
        self.V = [np.empty((n, P)) for _, n, _, _ in plan_]
        self.D = np.empty((plan_[-1][1], P))
        last = len(plan_) - 1
        # the output layer's y is V itself when φ is the identity (no copy)
        self.Y = self.V[last] if plan_[last][3].identity else self.A[-1][:-1]
        # per layer: (V, φ(V) without the row of ones, A_{l-1}ᵀ, activation)
        self._layers = [(self.V[l], self.A[l + 1][:-1], self.A[l].T, act)
                        for l, (_, _, _, act) in enumerate(plan_)]
        # per layer: (V, φ into A_l, or None for the identity output, A_l without the ones)
        self._forward = [(V, None if V is self.Y else act.forward_into, Y) for V, Y, _, act in self._layers]
        # the first layer's gradient when the second has one unit (see _rank_one_gradient)
        self._rank_one = len(plan_) > 1 and plan_[1][1] == 1 and not plan_[0][3].group
        if self._rank_one:
            n0, k = plan_[0][1], n_in + 1
            self._dphi, self._U, self._Mt = np.empty((n0, P)), np.empty((k, P)), np.empty((k, n0))
            #: per row a_j of A_0: (a_j, None for the row of ones, u_j = (−δ) ∘ a_j, M_j) or
            #: None when A_0 has too many rows for one matrix-vector product each
            self._rows = [(self.A[0][j] if j < n_in else None, self._U[j], self._Mt[j])
                          for j in range(k)] if k <= _FEW_ROWS else None
        self._theta = self._grad = None

    def load(self, X, D=None) -> "Block":
        self.A[0][:-1] = X.T
        if D is not None:
            self.D[...] = D.T
        return self

    def _views(self, theta):
        """Per layer [W | b] and Wᵀ, views into θ, made again only for another θ."""
        if self._theta is not theta:
            self._mats = [(theta[sl].reshape(n, k + 1), theta[sl].reshape(n, k + 1)[:, :-1].T)
                          for sl, n, k, _ in self.plan]
            self._w1 = self._mats[1][1][:, 0] if self._rank_one else None    # the one unit's w
            self._theta = theta
        return self._mats

    def _grad_views(self, grad):
        """Per layer the view of the gradient vector as ∂E/∂[W | b]."""
        if self._grad is not grad:
            self._gmats = [grad[sl].reshape(n, k + 1) for sl, n, k, _ in self.plan]
            self._gcols = list(self._gmats[0].T)                  # ∂E/∂w_{·j} of the first layer
            self._grad = grad
        return self._gmats

    def forward(self, theta):
        """The outputs, units × patterns (a view into the block's buffers)."""
        for (WB, _), Al, (V, into, Y) in zip(self._views(theta), self.A, self._forward):
            WB.dot(Al, V)
            if into is not None:
                into(V, Y, 0)
        return self.Y

    def error(self, theta) -> float:
        """E = Σ_p E_p over the block."""
        Y = self.forward(theta)
        return self.loss.np_error(Y, self.D, self.V[-1], self.out_acts, 0)

    def error_and_gradient(self, theta, n_fit: int | None = None, out=None):
        """(E, dE/dθ, E_rest): E and its gradient over the first ``n_fit`` patterns (all when
        None), E_rest over the others (monitored only: a validation loss from the same forward
        pass). The gradient is written into ``out`` when given."""
        Y = self.forward(theta)
        # G covers every pattern, the monitored ones as zero columns: the backward pass then
        # runs on whole contiguous arrays
        E, G, direct, rest = self.loss.np_split(Y, self.D, self.V[-1], self.out_acts, 0, n_fit)
        grad = np.empty(self.n_params) if out is None else out
        gmats, mats, layers = self._grad_views(grad), self._mats, self._layers
        last = len(layers) - 1
        V, H, AT, act = layers[last]
        gv = G if direct or act.identity else act.backward_from(G, V, Y, 0)    # −δ, units × patterns
        gv.dot(AT, gmats[last])
        for li in range(last - 1, -1, -1):
            Wt = mats[li + 1][1]
            V, H, AT, act = layers[li]
            if li == 0 and self._rank_one:
                self._rank_one_gradient(gv, Wt, act)
                break
            # an outer product is cheaper broadcast than as a matrix product
            G = Wt * gv if Wt.shape[1] == 1 else Wt.dot(gv)
            gv = act.backward_from(G, V, H, 0)
            gv.dot(AT, gmats[li])
        if not math.isfinite(E + rest):                    # NaN and inf reach E: one scalar test
            warn_not_finite("error E", 4)          # at the caller of the engine's method
        return E, grad, rest

    def _rank_one_gradient(self, gv, Wt, act):
        """The first layer's gradient when the second layer has one unit: ∂E/∂y of the first
        layer is then w ⊗ (−δ) (rank one), and ∂E/∂w_ij = w_i Σ_p φ'(v_ip)(−δ_p) a_jp, with no
        n × P product formed. With few rows a_j (inputs and the ones), one matrix-vector
        product per row: 1.4 to 1.8 times as fast as one thin (n × P)(P × rows) matrix product
        with the Haswell, Zen and Sandybridge kernels of OpenBLAS, as fast with SkylakeX."""
        V, H, AT, _ = self._layers[0]
        if act.identity:                                       # φ' = 1
            np.multiply(Wt, gv.dot(AT), self._gmats[0])
            return
        dphi = act.dphi_into(V, H, self._dphi)
        if self._rows is None:
            U = np.multiply(self.A[0], gv, self._U)              # (−δ_p) a_jp
            np.multiply(Wt, dphi.dot(U.T), self._gmats[0])
            return
        g, w, multiply = gv[0], self._w1, np.multiply
        for (a, u, m), col in zip(self._rows, self._gcols):
            dphi.dot(g if a is None else multiply(a, g, u), m)    # a = 1: (−δ) itself
            multiply(w, m, col)
