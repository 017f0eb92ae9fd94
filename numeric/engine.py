"""The NumPy backprop engine: forward and backward for any network of the model, batched over
patterns, float64, written as the δ recursion of the seed.

Neurons are grouped into levels (longest path from the inputs). Each level is one dense matrix
product over the columns it reads, with a mask for absent connections, so a layered network
costs two matrix products per layer and no Python loop over neurons. The parameter vector θ is
ordered as ``Network.parameters()`` (w[j,1..k], b[j] per neuron).

For pattern p (Haykin's notation, E_p = ½ Σ_k (d_k − y_k)²):
    v_j = Σ_i w_ji y_i + b_j,  y_j = φ(v_j)
    δ_j = φ'(v_j) e_j,  e_j = (d_j − y_j)[j output] + Σ_k δ_k w_kj
    ∂E_p/∂w_ji = −δ_j y_i,  ∂E_p/∂b_j = −δ_j
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from derive.activations import ACTIVATIONS
from derive.network import Network


@dataclass
class _Level:
    start: int                 # first node index of the level's neurons
    stop: int
    lo: int                    # first column it reads
    w_pos: np.ndarray          # flat positions in the (n, stop_cols) weight matrix ...
    w_idx: np.ndarray          # ... filled from these entries of θ
    b_idx: np.ndarray
    acts: list                 # [(Activation, slice within the level)]
    shape: tuple


class Engine:
    def __init__(self, net: Network, slope: float = 1.0):
        self.net = net
        self.slope = float(slope)
        names = list(net.inputs) + [n.id for n in net.neurons]
        self.n_in = len(net.inputs)
        depth = {s: 0 for s in net.inputs}
        for n in net.neurons:
            depth[n.id] = 1 + max(depth[s] for s in n.inputs)
        # node order: inputs, then neurons by level (stable within a level)
        order = list(net.inputs) + sorted((n.id for n in net.neurons), key=lambda i: depth[i])
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
            pos, widx, bidx = [], [], []
            for r, nid in enumerate(ids):
                n = net.neuron(nid)
                for k, s in enumerate(n.inputs):
                    pos.append(r * width + self.index[s] - lo)
                    widx.append(pidx[f"w[{nid},{k + 1}]"])
                bidx.append(pidx[f"b[{nid}]"])
            acts, r0 = [], 0
            for r in range(1, len(ids) + 1):   # runs of equal activation
                if r == len(ids) or net.neuron(ids[r]).activation != net.neuron(ids[r0]).activation:
                    acts.append((ACTIVATIONS[net.neuron(ids[r0]).activation], slice(r0, r)))
                    r0 = r
            self.levels.append(_Level(start, stop, lo, np.array(pos), np.array(widx), np.array(bidx),
                                      acts, (len(ids), width)))
        self.out_idx = np.array([self.index[o] for o in net.outputs])

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
            out.append((W, theta[L.b_idx]))
        return out

    # -- passes ----------------------------------------------------------------------------
    def forward(self, X: np.ndarray, theta: np.ndarray, mats=None):
        """Outputs of every node for patterns X (P × n_in): the matrix Z and the fields V."""
        X = np.asarray(X, dtype=float)
        mats = mats or self._matrices(theta)
        Z = np.empty((X.shape[0], self.n_nodes))
        Z[:, :self.n_in] = X
        Vs = []
        for L, (W, b) in zip(self.levels, mats):
            V = Z[:, L.lo:L.start] @ W.T + b
            Y = Z[:, L.start:L.stop]
            for act, sl in L.acts:
                Y[:, sl] = act.np_phi(V[:, sl], self.slope)
            Vs.append(V)
        if not np.all(np.isfinite(Z[:, self.out_idx])):
            warnings.warn("numeric.engine: non-finite network output (overflowing weights or "
                          "inputs?)", RuntimeWarning, stacklevel=2)
        return Z, Vs, mats

    def outputs(self, X, theta) -> np.ndarray:
        return self.forward(X, theta)[0][:, self.out_idx]

    def _backward(self, Z, Vs, mats, G):
        """Turn dE/dy seeds G (P × nodes) into −δ per level, in reverse (G is updated in place)."""
        gvs = [None] * len(self.levels)
        for li in range(len(self.levels) - 1, -1, -1):
            L, (W, _) = self.levels[li], mats[li]
            V, Y = Vs[li], Z[:, L.start:L.stop]
            gv = np.empty_like(V)
            for act, sl in L.acts:
                gv[:, sl] = G[:, L.start:L.stop][:, sl] * act.np_dphi(V[:, sl], Y[:, sl], self.slope)
            gvs[li] = gv
            if L.start > self.n_in:
                G[:, L.lo:L.start] += gv @ W
        return gvs

    def error_and_gradient(self, X, D, theta):
        """E = Σ_p ½ Σ_k (d_k − y_k)² and dE/dθ summed over the patterns."""
        Z, Vs, mats = self.forward(X, theta)
        R = Z[:, self.out_idx] - np.asarray(D, dtype=float)       # y − d = ∂E/∂y
        G = np.zeros_like(Z)
        G[:, self.out_idx] = R
        gvs = self._backward(Z, Vs, mats, G)
        grad = np.empty(self.n_params)
        for L, gv in zip(self.levels, gvs):
            gW = gv.T @ Z[:, L.lo:L.start]
            grad[L.w_idx] = gW.flat[L.w_pos]
            grad[L.b_idx] = gv.sum(axis=0)
        return 0.5 * float(np.sum(R * R)), grad

    def per_pattern(self, X, theta, seeds) -> np.ndarray:
        """Per-pattern gradients (P × n_params) of Σ_k seeds[p,k]·y_k: with seeds = y − d these
        are the ∂E_p/∂θ of ``verify``; with seeds = 1 (one output) the Jacobian of y."""
        Z, Vs, mats = self.forward(X, theta)
        G = np.zeros_like(Z)
        G[:, self.out_idx] = seeds
        gvs = self._backward(Z, Vs, mats, G)
        J = np.empty((Z.shape[0], self.n_params))
        for L, gv in zip(self.levels, gvs):
            r, c = np.divmod(L.w_pos, L.start - L.lo)
            J[:, L.w_idx] = gv[:, r] * Z[:, L.lo + c]
            J[:, L.b_idx] = gv
        return J

    def pattern_gradients(self, X, D, theta) -> np.ndarray:
        """∂E_p/∂θ for every pattern p (P × n_params)."""
        Z = self.forward(X, theta)[0]
        return self.per_pattern(X, theta, Z[:, self.out_idx] - np.asarray(D, dtype=float))

    def deltas(self, X, D, theta) -> dict:
        """δ_j of every neuron for every pattern (Haykin's sign): {neuron id: array(P)}."""
        Z, Vs, mats = self.forward(X, theta)
        G = np.zeros_like(Z)
        G[:, self.out_idx] = Z[:, self.out_idx] - np.asarray(D, dtype=float)
        gvs = self._backward(Z, Vs, mats, G)
        out = {}
        for nid, i in self.index.items():
            if i >= self.n_in:
                L_i = next(k for k, L in enumerate(self.levels) if L.start <= i < L.stop)
                out[nid] = -gvs[L_i][:, i - self.levels[L_i].start]
        return out
