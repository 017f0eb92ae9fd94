"""The four-way gradient check of ``handgrad verify``.

Every ∂E_p/∂w and ∂E_p/∂b of the network, at the training patterns and at random points, from
(i) the SymPy closed forms compiled to NumPy, (ii) the NumPy engine, (iii) torch autograd in
float64 and (iv) central finite differences of the engine's forward pass.

Errors are reported per pair. The relative error of an entry is |a − b| divided by
max(|a|, |b|, G/10, 10⁻⁴·H, 10⁻⁶), where G is the largest gradient at that point and H the size of
the terms it is made of (largest |∂y/∂θ| times max(1, |y|, |d|)): a component that is tiny by
cancellation — of other components, or of y against d — is judged against the size of what
cancelled, which is where its rounding error comes from. Pairs with finite differences use
max(|a|, |b|, 10⁻³·max(G, E_p, H, 10⁻⁶)), since their rounding error is about ε·E_p/h.
"""
from __future__ import annotations

import time

import numpy as np

from derive.model.network import Network
from derive.backprop.quantities import Formulas
from derive.backprop.training import trained_network

EXACT_TOL = 1e-10          # float64 reorderings of the same sums; typical errors are 1e-15..1e-12
FD_TOL = 1e-5              # central differences, h = ε^(1/3)·max(1, |θ_i|)
KINK = 1e-4                # fields closer to a kink (relu's 0) than this: no finite differences there
PAIRS = [("sympy", "numpy"), ("sympy", "torch"), ("numpy", "torch"),
         ("sympy", "fd"), ("numpy", "fd"), ("torch", "fd")]


def _points(tnet: Network, n_random: int, seed: int):
    """The training patterns, then random inputs in [−1, 1] with targets the loss accepts."""
    rng = np.random.default_rng(seed)
    X, D = [], []
    if tnet.training is not None:
        for p in tnet.training.patterns:
            X.append([float(x) for x in p.x])
            D.append([float(x) for x in p.d])
    X += rng.uniform(-1, 1, (n_random, len(tnet.inputs))).tolist()
    D += tnet.loss.sample_targets(rng, n_random, [tnet.neuron(o).activation for o in tnet.outputs]).tolist()
    return np.array(X, float).reshape(-1, len(tnet.inputs)), np.array(D, float).reshape(-1, len(tnet.outputs))


def finite_differences(engine, X, D, theta) -> np.ndarray:
    eps = np.finfo(float).eps
    out = np.empty((X.shape[0], theta.size))
    for i in range(theta.size):
        h = eps ** (1 / 3) * max(1.0, abs(theta[i]))
        tp, tm = theta.copy(), theta.copy()
        tp[i] += h
        tm[i] -= h
        ep, em = engine.pattern_errors(X, D, tp), engine.pattern_errors(X, D, tm)
        out[:, i] = (ep - em) / ((theta[i] + h) - (theta[i] - h))
    return out


def verify(network: Network, points: int = 8, seed: int = 0, exact_tol: float = EXACT_TOL,
           fd_tol: float = FD_TOL) -> dict:
    from numeric.closed_form import ClosedForm
    from numeric.engine import Engine
    from numeric.torch_ref import TorchReference

    if network.training is not None:
        tnet, F = trained_network(network)
    else:
        tnet, F = network, Formulas(network)
        F.delta_parts()                      # raises InputError for step/sign units
    X, D = _points(tnet, points, seed)
    seconds = {}

    t0 = time.perf_counter()
    cf = ClosedForm(F)
    seconds["sympy_compile"] = time.perf_counter() - t0
    engine = Engine(tnet)
    theta = engine.theta()

    grads = {}
    for name, fn in [("sympy", lambda: cf.pattern_gradients(X, D, theta)),
                     ("numpy", lambda: engine.pattern_gradients(X, D, theta)),
                     ("torch", lambda: TorchReference(tnet).pattern_gradients(X, D, theta)),
                     ("fd", lambda: finite_differences(engine, X, D, theta))]:
        t0 = time.perf_counter()
        grads[name] = fn()
        seconds[name] = time.perf_counter() - t0

    # kinks (relu's v = 0): finite differences are meaningless within h of them
    Z, Vs, _ = engine.forward(X, theta)
    smooth = np.ones(X.shape[0], bool)
    for L, V in zip(engine.levels, Vs):
        for act, sl in L.acts:
            for kink in act.kinks:
                smooth &= np.all(np.abs(V[:, sl] - float(kink)) > KINK, axis=1)

    params = tnet.parameters()
    G = np.max(np.abs(grads["numpy"]), axis=1, keepdims=True)
    # When y ≈ d the whole gradient is small by cancellation in (d − y), but its rounding
    # error still comes from terms of size |y|·|∂y/∂θ|: H measures those.
    J = engine.per_pattern(X, theta, np.ones((X.shape[0], len(tnet.outputs))))
    H = np.max(np.abs(J), axis=1, keepdims=True) * np.maximum(
        1.0, np.maximum(np.abs(Z[:, engine.out_idx]).max(axis=1, keepdims=True), np.abs(D).max(axis=1, keepdims=True)))
    scale = np.maximum(np.maximum(0.1 * G, 1e-4 * H), 1e-6)       # 1e-6: all-zero gradients
    # central differences carry about ε·E/h of rounding whatever the gradient: judge them
    # against the size of E as well
    E = np.abs(engine.pattern_errors(X, D, theta))[:, None]
    fd_scale = 1e-3 * np.maximum(np.maximum(G, E), np.maximum(H, 1e-6))
    report_pairs, worst = {}, None
    for a, b in PAIRS:
        A, B = grads[a], grads[b]
        rows = smooth if "fd" in (a, b) else np.ones(X.shape[0], bool)
        err = np.abs(A - B)
        floor = fd_scale if "fd" in (a, b) else scale
        rel = err / np.maximum(np.maximum(np.abs(A), np.abs(B)), floor + 1e-300)
        err, rel = np.where(rows[:, None], err, 0.0), np.where(rows[:, None], rel, 0.0)
        tol = fd_tol if "fd" in (a, b) else exact_tol
        p, k = np.unravel_index(np.argmax(rel), rel.shape) if rel.size else (0, 0)
        entry = {"max_abs_error": float(err.max(initial=0.0)), "max_rel_error": float(rel.max(initial=0.0)),
                 "tolerance": tol, "passed": bool(rel.max(initial=0.0) <= tol)}
        report_pairs[f"{a}-{b}"] = entry
        if rel.size and (worst is None or rel[p, k] / tol > worst["_score"]):
            worst = {"_score": rel[p, k] / tol, "pair": f"{a}-{b}", "parameter": params[k],
                     "point": {"x": X[p].tolist(), "d": D[p].tolist()},
                     "a": float(A[p, k]), "b": float(B[p, k]),
                     "abs_error": float(err[p, k]), "rel_error": float(rel[p, k])}
    if worst:
        worst.pop("_score")
    return {"network": network.name or network.source, "parameters": len(params),
            "points": int(X.shape[0]), "fd_points": int(smooth.sum()),
            "pairs": report_pairs, "passed": all(e["passed"] for e in report_pairs.values()),
            "worst": worst, "seconds": {k: round(v, 6) for k, v in seconds.items()}}


def format_report(r: dict) -> str:
    lines = [f"verify {r['network']}: {r['parameters']} parameters at {r['points']} points "
             f"(finite differences at {r['fd_points']})", ""]
    lines.append(f"    {'pair':<14}{'max abs error':>15}{'max rel error':>15}{'tolerance':>11}  result")
    for name, e in r["pairs"].items():
        lines.append(f"    {name:<14}{e['max_abs_error']:>15.3e}{e['max_rel_error']:>15.3e}"
                     f"{e['tolerance']:>11.0e}  {'ok' if e['passed'] else 'DISAGREE'}")
    w = r["worst"]
    if w:
        lines += ["", f"worst: {w['pair']} on {w['parameter']} at x={w['point']['x']}: "
                      f"{w['a']!r} vs {w['b']!r}"]
    lines += ["", "seconds: " + ", ".join(f"{k} {v:.3f}" for k, v in r["seconds"].items()),
              "", "PASSED" if r["passed"] else "FAILED: the gradient computations disagree"]
    return "\n".join(lines) + "\n"
