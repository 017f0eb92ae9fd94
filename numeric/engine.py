"""The NumPy backprop engine: forward and backward for any network of the model, batched over
patterns, float64, written as the δ recursion of the seed.

Neurons are grouped into levels (longest path from the inputs). Each level is one dense matrix
product over the columns it reads, with a mask for absent connections, so a layered network
costs two matrix products per layer and no Python loop over neurons; a fully connected layered
network takes the faster path of :mod:`numeric.dense` (one product per layer, buffers kept).
The parameter vector θ is ordered as ``Network.parameters()`` (w[j,1..k], b[j] per neuron).

For pattern p (Haykin's notation, E_p the network's loss, E_p = ½ Σ_k (d_k − y_k)² by default):
    v_j = Σ_i w_ji y_i + b_j,  y_j = φ(v_j)
    δ_j = φ'(v_j) e_j,  e_j = −∂E_p/∂y_j [j output] + Σ_k δ_k w_kj
    ∂E_p/∂w_ji = −δ_j y_i,  ∂E_p/∂b_j = −δ_j
The loss object gives ∂E_p/∂y at the outputs, or ∂E_p/∂v directly where it cancels the output
activation (cross-entropy); the activation objects give φ and the product with their Jacobian
(elementwise φ', or softmax's y_k (G_k − Σ_j G_j y_j) over the output group).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from derive.model.losses import Loss
from derive.model.names import b, w
from derive.model.network import Network
from numeric import dense
from numeric.dense import warn_not_finite as _warn_not_finite


@dataclass
class _Level:
    start: int                 # first node index of the level's neurons
    stop: int
    lo: int                    # first column it reads
    w_pos: np.ndarray          # flat positions in the (n, stop_cols) weight matrix ...
    w_idx: np.ndarray          # ... filled from these entries of θ
    b_pos: np.ndarray          # rows of the level's neurons that have a bias ...
    b_idx: np.ndarray          # ... and its entry of θ
    acts: list                 # [(Activation, slice within the level)]
    shape: tuple


class Engine:
    def __init__(self, net: Network, loss: Loss | None = None):
        """``loss``: the loss object to use instead of the network's (``[training] loss``)."""
        self.net = net
        self.loss = loss or net.loss
        self.n_in = len(net.inputs)
        depth = {s: 0 for s in net.inputs}
        for n in net.neurons:
            depth[n.id] = 1 + max(depth[s] for s in n.inputs)
        # a group activation (softmax) is applied to its whole group at once: its units share
        # the deepest level of the group (they feed no other neuron), contiguous at its end
        group = [n.id for n in net.neurons if n.activation.group]
        for nid in group:
            depth[nid] = max(depth[g] for g in group)
        # node order: inputs, then neurons by level (stable within a level)
        order = list(net.inputs) + sorted((n.id for n in net.neurons),
                                          key=lambda i: (depth[i], net.neuron(i).activation.group))
        self.index = {name: i for i, name in enumerate(order)}
        self.n_nodes = len(order)
        params = net.parameters()
        pidx = {p: i for i, p in enumerate(params)}
        self.n_params = len(params)
        self.levels: list[_Level] = []
        for lvl in range(1, 1 + max([depth[n.id] for n in net.neurons], default=0)):
            ids = [i for i in order[self.n_in:] if depth[i] == lvl]
            start, stop = self.index[ids[0]], self.index[ids[-1]] + 1
            lo = min(self.index[s] for i in ids for s in net.neuron(i).inputs)
            width = start - lo
            pos, widx, bpos, bidx = [], [], [], []
            for r, nid in enumerate(ids):
                n = net.neuron(nid)
                for k, s in enumerate(n.inputs):
                    pos.append(r * width + self.index[s] - lo)
                    widx.append(pidx[w(nid, k + 1)])
                if n.bias is not None:
                    bpos.append(r)
                    bidx.append(pidx[b(nid)])
            acts, r0 = [], 0
            for r in range(1, len(ids) + 1):   # runs of equal activation (with equal parameters)
                if r == len(ids) or net.neuron(ids[r]).activation != net.neuron(ids[r0]).activation:
                    acts.append((net.neuron(ids[r0]).activation, slice(r0, r)))
                    r0 = r
            self.levels.append(_Level(start, stop, lo, np.array(pos, int), np.array(widx, int),
                                      np.array(bpos, int), np.array(bidx, int), acts, (len(ids), width)))
        self.out_idx = np.array([self.index[o] for o in net.outputs])
        self.out_acts = [net.neuron(o).activation for o in net.outputs]
        # where each output sits: (level, column within the level), for ∂E/∂v added directly
        self.out_at = [next((li, self.index[o] - L.start) for li, L in enumerate(self.levels)
                            if L.start <= self.index[o] < L.stop) for o in net.outputs]
        #: the fast path's plan (numeric.dense), None for a network of another shape
        self.dense = dense.plan(net, self.levels, self.index, params)
        self._blocks: dict[int, dense.Block] = {}

    def block(self, X, D=None) -> dense.Block:
        """A :class:`numeric.dense.Block` of these patterns (P × inputs, targets P × outputs),
        for a layered, fully connected network: a training loop that passes the same patterns
        every epoch loads them once."""
        if not self.dense:
            raise ValueError(f"{self.net.name}: a block needs a layered, fully connected network")
        X = np.asarray(X, dtype=float)
        return dense.Block(self.dense, self.loss, self.out_acts, X.shape[0], self.n_in).load(
            X, None if D is None else np.asarray(D, dtype=float))

    def _block(self, X, D=None) -> dense.Block:
        """The engine's own block of P patterns, reused from call to call (X, D copied in)."""
        blk = self._blocks.get(X.shape[0])
        if blk is None:
            if len(self._blocks) >= 8:             # training, validation, test sets... bounded
                self._blocks.clear()
            blk = self._blocks[X.shape[0]] = dense.Block(self.dense, self.loss, self.out_acts,
                                                         X.shape[0], self.n_in)
        return blk.load(X, D)

    # -- parameters ------------------------------------------------------------------------
    def theta(self, values: dict | None = None) -> np.ndarray:
        """θ from exact parameter values (the network's own by default)."""
        values = values or self.net.parameter_values()
        return np.array([float(values[p]) for p in self.net.parameters()])

    def _matrices(self, theta):
        out = []
        for L in self.levels:
            W = np.zeros(L.shape)
            W.flat[L.w_pos] = theta[L.w_idx]
            bias = np.zeros(L.shape[0])
            bias[L.b_pos] = theta[L.b_idx]
            out.append((W, bias))
        return out

    # -- passes ----------------------------------------------------------------------------
    def forward(self, X: np.ndarray, theta: np.ndarray, mats=None):
        """Outputs of every node for patterns X (P × n_in): the matrix Z and the fields V."""
        X = np.asarray(X, dtype=float)
        mats = mats or self._matrices(theta)
        Z = np.empty((X.shape[0], self.n_nodes))
        Z[:, :self.n_in] = X
        Vs = []
        for L, (W, bias) in zip(self.levels, mats):
            V = Z[:, L.lo:L.start] @ W.T + bias
            Y = Z[:, L.start:L.stop]
            for act, sl in L.acts:
                Y[:, sl] = act.numpy(V[:, sl])
            Vs.append(V)
        if not np.all(np.isfinite(Z[:, self.out_idx])):
            _warn_not_finite("network output")
        return Z, Vs, mats

    def _output_fields(self, Vs) -> np.ndarray:
        """The outputs' local fields v_k (P × outputs), for losses computed from v."""
        return np.stack([Vs[li][:, c] for li, c in self.out_at], axis=1)

    def _seeds(self, Z, Vs, D):
        """(E_p per pattern, G, direct) of the loss at the outputs: G = ∂E/∂y, or ∂E/∂v where
        the loss cancels the output activation (direct)."""
        Y, V = Z[:, self.out_idx], self._output_fields(Vs)
        G, direct = self.loss.np_gradient(Y, D, V, self.out_acts)
        return G, direct

    def _backward_seeded(self, Z, Vs, mats, G, direct):
        """−δ per level from the loss's seeds (see ``_seeds``)."""
        S = np.zeros_like(Z)
        if not direct:
            S[:, self.out_idx] = G
        return self._backward(Z, Vs, mats, S, G if direct else None)

    def outputs(self, X, theta) -> np.ndarray:
        if self.dense:
            Y = self._block(np.asarray(X, dtype=float)).forward(theta).T.copy()
            if not np.all(np.isfinite(Y)):
                _warn_not_finite("network output")
            return Y
        return self.forward(X, theta)[0][:, self.out_idx]

    def error_gradient_and_holdout(self, X, D, theta, n_fit: int):
        """(E, dE/dθ) of the first ``n_fit`` patterns and E of the others, from one forward
        pass: a training step and its validation loss at the same θ."""
        X, D = np.asarray(X, dtype=float), np.asarray(D, dtype=float)
        if self.dense:
            return self._block(X, D).error_and_gradient(theta, n_fit)
        E, g = self.error_and_gradient(X[:n_fit], D[:n_fit], theta)
        return E, g, self.error(X[n_fit:], D[n_fit:], theta)

    def error(self, X, D, theta) -> float:
        """E = Σ_p E_p alone (no gradient): a validation loss per epoch."""
        D = np.asarray(D, dtype=float)
        if self.dense:
            E = self._block(np.asarray(X, dtype=float), D).error(theta)
        else:
            Z, Vs, _ = self.forward(X, theta)
            E = self.loss.np_error(Z[:, self.out_idx], D, self._output_fields(Vs), self.out_acts)
        if not math.isfinite(E):
            _warn_not_finite("error E")
        return E

    def pattern_errors(self, X, D, theta) -> np.ndarray:
        """E_p of every pattern (P)."""
        Z, Vs, _ = self.forward(X, theta)
        return self.loss.np_errors(Z[:, self.out_idx], np.asarray(D, dtype=float),
                                   self._output_fields(Vs), self.out_acts)

    def _backward(self, Z, Vs, mats, G, direct=None):
        """Turn dE/dy seeds G (P × nodes) into −δ per level, in reverse (G is updated in place);
        ``direct`` (P × outputs): ∂E/∂v added at the outputs after their activation."""
        gvs = [None] * len(self.levels)
        for li in range(len(self.levels) - 1, -1, -1):
            L, (W, _) = self.levels[li], mats[li]
            V, Y = Vs[li], Z[:, L.start:L.stop]
            gv = np.empty_like(V)
            for act, sl in L.acts:
                gv[:, sl] = act.np_backward(V[:, sl], Y[:, sl], G[:, L.start:L.stop][:, sl])
            if direct is not None:
                for k, (lk, c) in enumerate(self.out_at):
                    if lk == li:
                        gv[:, c] += direct[:, k]
            gvs[li] = gv
            if L.start > self.n_in:
                G[:, L.lo:L.start] += gv @ W
        return gvs

    def error_and_gradient(self, X, D, theta):
        """E = Σ_p E_p and dE/dθ summed over the patterns."""
        if self.dense:
            block = self._block(np.asarray(X, dtype=float), np.asarray(D, dtype=float))
            return block.error_and_gradient(theta)[:2]
        D = np.asarray(D, dtype=float)
        Z, Vs, mats = self.forward(X, theta)
        G, direct = self._seeds(Z, Vs, D)
        gvs = self._backward_seeded(Z, Vs, mats, G, direct)
        grad = np.empty(self.n_params)
        for L, gv in zip(self.levels, gvs):
            gW = gv.T @ Z[:, L.lo:L.start]
            grad[L.w_idx] = gW.flat[L.w_pos]
            grad[L.b_idx] = gv[:, L.b_pos].sum(axis=0)
        E = self.loss.np_error(Z[:, self.out_idx], D, self._output_fields(Vs), self.out_acts)
        if not math.isfinite(E):
            _warn_not_finite("error E")
        return E, grad

    def per_pattern(self, X, theta, seeds, direct: bool = False) -> np.ndarray:
        """Per-pattern gradients (P × n_params) of Σ_k seeds[p,k]·y_k (or of Σ_k seeds[p,k]·v_k
        with ``direct``): with the loss's seeds these are the ∂E_p/∂θ of ``verify``; with
        seeds = 1 (one output) the Jacobian of y."""
        Z, Vs, mats = self.forward(X, theta)
        gvs = self._backward_seeded(Z, Vs, mats, seeds, direct)
        J = np.empty((Z.shape[0], self.n_params))
        for L, gv in zip(self.levels, gvs):
            r, c = np.divmod(L.w_pos, L.start - L.lo)
            J[:, L.w_idx] = gv[:, r] * Z[:, L.lo + c]
            J[:, L.b_idx] = gv[:, L.b_pos]
        return J

    def pattern_gradients(self, X, D, theta) -> np.ndarray:
        """∂E_p/∂θ for every pattern p (P × n_params)."""
        Z, Vs, _ = self.forward(X, theta)
        G, direct = self._seeds(Z, Vs, np.asarray(D, dtype=float))
        return self.per_pattern(X, theta, G, direct)

    def deltas(self, X, D, theta) -> dict:
        """δ_j of every neuron for every pattern (Haykin's sign): {neuron id: array(P)}."""
        Z, Vs, mats = self.forward(X, theta)
        G, direct = self._seeds(Z, Vs, np.asarray(D, dtype=float))
        gvs = self._backward_seeded(Z, Vs, mats, G, direct)
        out = {}
        for nid, i in self.index.items():
            if i >= self.n_in:
                L_i = next(k for k, L in enumerate(self.levels) if L.start <= i < L.stop)
                out[nid] = -gvs[L_i][:, i - self.levels[L_i].start]
        return out
