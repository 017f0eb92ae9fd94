"""The four-way gradient check of ``handgrad verify``.

Every ∂E_p/∂w and ∂E_p/∂b of the network, at the training patterns and at random points, from
(i) the SymPy closed forms compiled to NumPy, (ii) the NumPy engine, (iii) torch autograd in
float64 and (iv) central finite differences of the engine's forward pass.

Errors are reported per pair. The relative error of an entry is |a − b| divided by
max(|a|, |b|, G/10, 10⁻⁴·H), where G is the largest gradient at that point and H the size of
the terms it is made of (largest |∂y/∂θ| times max(|y|, |d|)): a component that is tiny by
cancellation — of other components, or of y against d — is judged against the size of what
cancelled, which is where its rounding error comes from. Every floor is relative to the
point's own terms, never absolute, so gradients of 10⁻²² are judged as strictly as gradients
of 1. Pairs with finite differences use max(|a|, |b|, 10⁻³·max(G, H), R/tol), where R bounds
their rounding error, about 64 ε·(|E_p(θ + h)| + |E_p(θ − h)|)/2h: with h ≫ |θ| a gradient
of 10⁻²² is below what central differences can resolve, and only the exact pairs judge it.

The work is bounded (README, "Limits"): at most ``MAX_ENTRIES`` gradient entries (points ×
parameters) per method, the closed forms compiled for at most ``MAX_CLOSED_FORM`` parameters,
finite differences for as many parameters as ``FD_LEVELS`` level evaluations allow (a random
sample past that), torch in chunks of points. What is left out is listed in ``notes``.
"""
from __future__ import annotations

import time
import warnings

import numpy as np

from derive.errors import InputError
from derive.model.network import Network
from derive.backprop.quantities import Formulas
from derive.backprop.training import trained_network

EXACT_TOL = 1e-10          # float64 reorderings of the same sums; typical errors are 1e-15..1e-12
FD_TOL = 1e-5              # central differences, h = ε^(1/3)·max(1, |θ_i|)
FD_ROUNDING = 64           # ε's of rounding in a float64 E_p (a generous bound for deep networks)
KINK = 1e-4                # fields closer to a kink (relu's 0) than this: no finite differences there
PAIRS = [("sympy", "numpy"), ("sympy", "torch"), ("numpy", "torch"),
         ("sympy", "fd"), ("numpy", "fd"), ("torch", "fd")]
#: Bounds of the work (README, "Limits"); each part stays near 3 s and 100 MB.
MAX_POINTS = 1000              # --points
MAX_ENTRIES = 2_000_000        # points × parameters held per method (16 MB each)
MAX_CLOSED_FORM = 3000         # parameters whose SymPy closed forms are compiled (~1 ms each)
FD_LEVELS = 150_000            # level evaluations of the finite differences (~14 µs each)
TORCH_ENTRIES = 200_000        # points × parameters per torch call


def point_budget(tnet: Network, points: int) -> tuple[int, list[str]]:
    """How many training patterns fit beside ``points`` random points (the first ones are
    kept, with a note); InputError when the random points alone do not fit."""
    n_params = max(1, len(tnet.parameters()))
    fit = min(MAX_POINTS, MAX_ENTRIES // n_params)
    if points > fit:
        raise InputError(tnet.source, "--points", f"at most {fit} points for this network "
                         f"(at most {MAX_POINTS}, and {n_params} parameters × points ≤ "
                         f"{MAX_ENTRIES:,} gradient entries)")
    n_pat = len(tnet.training.patterns) if tnet.training is not None else 0
    keep = min(n_pat, fit - points)
    notes = [] if keep == n_pat else [f"the first {keep} of {n_pat} training patterns checked "
                                      f"(points × parameters ≤ {MAX_ENTRIES:,})"]
    return keep, notes


def _points(tnet: Network, n_random: int, seed: int, n_patterns: int | None = None):
    """The (first ``n_patterns``) training patterns, then random inputs in [−1, 1] with targets
    the loss accepts."""
    rng = np.random.default_rng(seed)
    X, D = [], []
    if tnet.training is not None:
        for p in tnet.training.patterns[:n_patterns]:
            X.append([float(x) for x in p.x])
            D.append([float(x) for x in p.d])
    X += rng.uniform(-1, 1, (n_random, len(tnet.inputs))).tolist()
    D += tnet.loss.sample_targets(rng, n_random, [tnet.neuron(o).activation for o in tnet.outputs]).tolist()
    return np.array(X, float).reshape(-1, len(tnet.inputs)), np.array(D, float).reshape(-1, len(tnet.outputs))


def finite_differences(engine, X, D, theta, columns=None) -> tuple[np.ndarray, np.ndarray]:
    """Central differences of E_p for the parameters ``columns`` (default all; the other
    columns are NaN), and their rounding error: E_p(θ ± h) computed in float64 carries about
    ``FD_ROUNDING`` ε of itself, divided by 2h."""
    eps = np.finfo(float).eps
    out = np.full((X.shape[0], theta.size), np.nan)
    rounding = np.zeros_like(out)
    for i in range(theta.size) if columns is None else columns:
        h = eps ** (1 / 3) * max(1.0, abs(theta[i]))
        tp, tm = theta.copy(), theta.copy()
        tp[i] += h
        tm[i] -= h
        ep, em = engine.pattern_errors(X, D, tp), engine.pattern_errors(X, D, tm)
        step = (theta[i] + h) - (theta[i] - h)
        out[:, i] = (ep - em) / step
        rounding[:, i] = FD_ROUNDING * eps * (np.abs(ep) + np.abs(em)) / step
    return out, rounding


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
    n_patterns, notes = point_budget(tnet, points)
    seconds = {}
    try:
        X, D = _points(tnet, points, seed, n_patterns)
        engine = Engine(tnet)
        theta = engine.theta()
    except OverflowError:
        raise InputError(network.source, "", "a number of the network is beyond float64 "
                         "(±1.8e308): verify compares float64 computations") from None
    with np.errstate(over="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)        # reported just below
        Z, Vs, _ = engine.forward(X, theta)
    _check_finite(network, Z, X, "a value of the forward pass")
    methods = ["numpy", "torch", "fd"]
    if theta.size <= MAX_CLOSED_FORM:
        t0 = time.perf_counter()
        cf = ClosedForm(F)
        seconds["sympy_compile"] = time.perf_counter() - t0
        methods.insert(0, "sympy")
    else:
        notes.append(f"SymPy closed forms not compiled: {theta.size} parameters "
                     f"(at most {MAX_CLOSED_FORM}); numpy, torch and finite differences compared")
    # finite differences: two forward passes per parameter, each about one level evaluation
    # per level plus one per 14,000 entries of the levels' (masked) weight matrices and point
    entries = sum(L.shape[0] * L.shape[1] for L in engine.levels)
    per_pass = len(engine.levels) + X.shape[0] * entries / 14_000
    fd_count = int(min(theta.size, max(1, FD_LEVELS // (2 * per_pass))))
    rng = np.random.default_rng(seed)
    columns = (None if fd_count == theta.size
               else np.sort(rng.choice(theta.size, fd_count, replace=False)))
    sampled = slice(None) if columns is None else columns
    if columns is not None:
        notes.append(f"finite differences for {fd_count} of {theta.size} parameters, drawn at "
                     f"random with the seed (at most {FD_LEVELS:,} level evaluations)")
    chunk = max(1, TORCH_ENTRIES // max(1, theta.size))

    def torch_gradients():
        ref = TorchReference(tnet)
        return np.concatenate([ref.pattern_gradients(X[i:i + chunk], D[i:i + chunk], theta)
                               for i in range(0, X.shape[0], chunk)])

    grads, fd_rounding = {}, []

    def fd_gradients():
        g, rounding = finite_differences(engine, X, D, theta, columns)
        fd_rounding.append(rounding)
        return g

    compute = {"sympy": lambda: cf.pattern_gradients(X, D, theta),
               "numpy": lambda: engine.pattern_gradients(X, D, theta),
               "torch": torch_gradients,
               "fd": fd_gradients}
    for name in methods:
        t0 = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):
            grads[name] = compute[name]()
        seconds[name] = time.perf_counter() - t0
        _check_finite(network, grads[name][:, sampled] if name == "fd" else grads[name], X,
                      f"a gradient ({name})")

    # kinks (relu's v = 0): finite differences are meaningless within h of them
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
        np.abs(Z[:, engine.out_idx]).max(axis=1, keepdims=True), np.abs(D).max(axis=1, keepdims=True))
    tiny = np.finfo(float).tiny                                    # all terms exactly 0
    scale = np.maximum(np.maximum(0.1 * G, 1e-4 * H), tiny)
    # central differences: their own rounding error, whatever the gradient
    fd_scale = np.maximum(np.maximum(1e-3 * np.maximum(G, H), fd_rounding[0] / fd_tol), tiny)
    report_pairs, worst = {}, None
    for a, b in PAIRS:
        if a not in grads or b not in grads:
            continue
        A, B = grads[a], grads[b]
        rows = smooth if "fd" in (a, b) else np.ones(X.shape[0], bool)
        if "fd" in (a, b) and columns is not None:
            keep = np.zeros(theta.size, bool)
            keep[columns] = True
            rows = rows[:, None] & keep[None, :]
        else:
            rows = np.broadcast_to(rows[:, None], A.shape)
        A, B = np.where(rows, A, 0.0), np.where(rows, B, 0.0)
        err = np.abs(A - B)
        floor = fd_scale if "fd" in (a, b) else scale
        rel = err / np.maximum(np.maximum(np.abs(A), np.abs(B)), floor)
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
            "points": int(X.shape[0]), "fd_points": int(smooth.sum()), "fd_parameters": fd_count,
            "pairs": report_pairs, "passed": all(e["passed"] for e in report_pairs.values()),
            "worst": worst, "seconds": {k: round(v, 6) for k, v in seconds.items()},
            "notes": notes}


def _check_finite(network: Network, values: np.ndarray, X: np.ndarray, what: str) -> None:
    """Overflow is reported as such (exit 2), never as a disagreement of inf with inf."""
    bad = ~np.isfinite(values)
    if bad.any():
        p = int(np.argwhere(bad)[0][0])
        raise InputError(network.source, "", f"{what} overflows float64 at x = {X[p].tolist()}: "
                         "verify compares float64 computations, so the network's values must "
                         "stay within ±1.8e308")


def format_report(r: dict) -> str:
    lines = [f"verify {r['network']}: {r['parameters']} parameters at {r['points']} points "
             f"(finite differences at {r['fd_points']})", ""]
    lines += [f"note: {n}" for n in r.get("notes", [])] + ([""] if r.get("notes") else [])
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
