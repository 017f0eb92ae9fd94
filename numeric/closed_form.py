"""The SymPy closed forms of :mod:`derive.backprop.quantities`, compiled once to NumPy code.

The per-neuron formulas (v_j, y_j = φ(v_j), δ_j, ∂E/∂w_ji = −δ_j y_i) become one straight-line
function: each formula is an assignment, in order, so the code grows linearly with the network
(composing the whole output expression and differentiating it, the naive way, grows much
faster). ``lambdify`` writes the code; its ``cse`` hook receives our own assignments.
"""
from __future__ import annotations

import numpy as np
import sympy

from derive.model.formula import to_sympy
from derive.backprop.quantities import Formulas, d, delta, v


class ClosedForm:
    def __init__(self, F: Formulas):
        net = F.net
        params = net.parameters()
        names = {}

        def sym(prefix):
            def make(name):
                if name not in names:
                    names[name] = sympy.Symbol(f"{prefix}{len(names)}")
                return names[name]
            return make
        xs = [sym("x")(s) for s in net.inputs]
        ds = [sym("d")(d(o)) for o in net.outputs]
        ps = [sym("p")(p) for p in params]
        leaf = sym("t")
        assignments = []
        for q, j in F.forward_order:
            assignments.append((leaf(q), to_sympy(F.field[j] if q == v(j) else F.output[j], leaf)))
        for nid, parts in F.delta_parts().items():
            assignments.append((leaf(delta(nid)), to_sympy(parts.formula, leaf)))
        grads = [to_sympy(F.gradient(p), leaf) for p in params]
        self.fn = sympy.lambdify(xs + ds + ps, grads, modules="numpy",
                                 cse=lambda exprs: (assignments, exprs))
        self.net = net

    def pattern_gradients(self, X, D, theta) -> np.ndarray:
        """∂E_p/∂θ at every pattern (P × n_params), all patterns in one vectorised call."""
        X, D = np.asarray(X, float), np.asarray(D, float)
        cols = self.fn(*X.T, *D.T, *theta)
        P = X.shape[0]
        return np.stack([np.broadcast_to(np.asarray(c, float), (P,)) for c in cols], axis=1)
