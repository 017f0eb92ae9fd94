"""The seed's Hand-in-1_ex3: a 1-15-1 tanh network fit to sin(x), done reproducibly.

Data: 200 points x ~ U(−π, π) from ``numpy.random.default_rng(seed)``, y = sin x; 30 test
(15 %, rounded up as sklearn does), 29 validation (17 % of the rest, rounded up), 141 train.
Initial weights as ``nn.Linear`` draws them, U(±1/√fan_in), weight then bias, layer by layer,
from the same generator. MSE loss, full batch. The NumPy engine (the one ``verify`` checks)
computes every gradient, with the ``half_sse`` loss object: MSE = E / (½ N); ``engine="torch"`` trains
the same network from the same initial weights with torch autograd and torch.optim.Adam in
float64, for comparison.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from derive.budget import Budget
from derive.errors import InputError
from derive.model.losses import LOSSES
from derive.model.network import layered
from numeric.adam import Adam
from numeric.engine import Engine

N_POINTS, TEST_FRACTION, VAL_FRACTION = 200, 0.15, 0.17
#: Bounds of ``handgrad sine`` (README, "Limits"); the whole run is also bounded by the
#: budget's ``sine`` units (see :func:`planned_work`).
MAX_EPOCHS, MAX_HIDDEN, MAX_SEEDS, MAX_RESTARTS = 100000, 1000, 1000, 100
ENGINES, OPTIMIZERS, SCHEDULES = ("numpy", "torch"), ("adam", "lm"), ("constant", "cosine")


@dataclass(frozen=True)
class SineOptions:
    """Everything a run of the experiment is asked, checked here and nowhere else: a bad value
    raises :class:`~derive.errors.InputError` naming the option (``--epochs``)."""
    seed: int = 0
    seeds: int | None = None          # run seeds 0..seeds-1 instead of ``seed``
    epochs: int = 300                 # epochs (adam) or iterations (lm)
    lr: float = 0.2
    hidden: int = 15
    engine: str = "numpy"
    optimizer: str = "adam"
    schedule: str = "constant"
    restarts: int = 1
    plot: str | None = None           # a .png or .pdf file for the figure

    def __post_init__(self):
        def fail(option, message):
            raise InputError("sine", f"--{option}", message)
        for name, top in (("epochs", MAX_EPOCHS), ("hidden", MAX_HIDDEN), ("restarts", MAX_RESTARTS),
                          ("seeds", MAX_SEEDS)):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                fail(name, f"must be an integer from 1 to {top}, got {value!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**63:
            fail("seed", f"must be from 0 to {2**63 - 1:,}, got {self.seed!r}")
        if isinstance(self.lr, bool) or not (isinstance(self.lr, (int, float)) and math.isfinite(self.lr)
                                             and self.lr > 0):
            fail("lr", f"must be a finite number above 0, got {self.lr!r}")
        for name, allowed in (("engine", ENGINES), ("optimizer", OPTIMIZERS), ("schedule", SCHEDULES)):
            if getattr(self, name) not in allowed:
                fail(name, f"must be one of {', '.join(allowed)}, got {getattr(self, name)!r}")
        if self.engine == "torch" and self.optimizer != "adam":
            fail("optimizer", "the torch engine trains with adam only")
        if self.plot is not None and not str(self.plot).endswith((".png", ".pdf")):
            fail("plot", f"{self.plot!r} must end in .png or .pdf")

    @property
    def seed_list(self) -> list[int]:
        return list(range(self.seeds)) if self.seeds else [self.seed]


#: Drawing the data and the network, building the engine, the final MSEs: about 5 ms a run.
RUN_COST = 1000


def epoch_cost(hidden: int, engine: str = "numpy") -> int:
    """An Adam epoch of a 1-``hidden``-1 network in budget units (about 5 µs each on the
    project's machine; torch adds about 0.5 ms of overhead per epoch)."""
    return hidden + (110 if engine == "torch" else 5)


def solve_cost(hidden: int) -> int:
    """One damped Gauss–Newton solve, (3h + 1)³ flops/5000 plus the Jacobian and residuals."""
    return (3 * hidden + 1) ** 3 // 5000 + 20


def planned_work(runs: int, epochs: int, hidden: int, engine: str = "numpy",
                 optimizer: str = "adam") -> int:
    """The work of ``runs`` trainings (seeds × restarts), in budget units. Levenberg–Marquardt
    is planned at 2 solves an iteration (1.75 measured: the damping is raised until a step
    helps) and charged solve by solve as it runs."""
    per = 2 * solve_cost(hidden) if optimizer == "lm" else epoch_cost(hidden, engine)
    return runs * (epochs * per + RUN_COST)


def data(seed: int):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-np.pi, np.pi, N_POINTS)
    y = np.sin(x)
    perm = rng.permutation(N_POINTS)
    n_test = math.ceil(TEST_FRACTION * N_POINTS)
    n_val = math.ceil(VAL_FRACTION * (N_POINTS - n_test))
    test, val, train = perm[:n_test], perm[n_test:n_test + n_val], perm[n_test + n_val:]
    split = {k: (x[idx, None], y[idx, None]) for k, idx in (("train", train), ("val", val), ("test", test))}
    return split, rng


def initial_network(rng, hidden: int):
    """1-hidden-1 tanh network with nn.Linear's initialisation, drawn from ``rng``."""
    W, B = [], []
    for fan_in, fan_out in ((1, hidden), (hidden, 1)):
        bound = 1 / math.sqrt(fan_in)
        W.append(rng.uniform(-bound, bound, (fan_out, fan_in)).tolist())
        B.append(rng.uniform(-bound, bound, fan_out).tolist())
    return layered([1, hidden, 1], W, B, hidden="tanh", output="linear", name=f"sine 1-{hidden}-1")


def _lr_at(lr, schedule, epoch, epochs):
    if schedule == "cosine":
        return lr * 0.5 * (1 + math.cos(math.pi * epoch / epochs))
    return lr


#: the loss the engine trains with, E = c Σ (d − y)² (c = ½): the MSE of N points is E / (c N)
LOSS = LOSSES["half_sse"]
_C = float(LOSS.scale)


def _mse(engine, theta, xy):
    return engine.error(xy[0], xy[1], theta) / (_C * xy[1].size)


def train_numpy(engine, theta, split, epochs, lr, schedule, optimizer, budget=None):
    X, Y = split["train"]
    P = X.shape[0]
    curve, val_curve = [], []
    if optimizer == "lm":
        return _levenberg_marquardt(engine, theta, split, epochs, budget)
    adam = Adam(theta.size, lr=lr)
    Xv, Yv = split["val"]
    XX, YY = np.concatenate([X, Xv]), np.concatenate([Y, Yv])     # one forward pass for both
    fit, held = _C * P, _C * Yv.size
    scale = np.array(1 / fit)                 # 0-d: a ufunc converts a Python float every call
    step, g = engine.block(XX, YY).error_and_gradient, np.empty(theta.size)     # loaded once
    for rate in [_lr_at(lr, schedule, epoch, epochs) for epoch in range(epochs)]:
        E, g, E_val = step(theta, P, g)
        curve.append(E / fit)                 # MSE before the step, as torch's loop records it
        val_curve.append(E_val / held)
        np.multiply(g, scale, g)              # d MSE / dθ from dE/dθ
        adam.step(theta, g, rate)
    return theta, curve, val_curve


def _levenberg_marquardt(engine, theta, split, iterations, budget=None):
    """Damped Gauss–Newton on the training MSE, with the engine's Jacobian ∂y/∂θ; every solve
    is charged to ``budget`` (unit ``sine``), and the run stops where it is spent."""
    budget = budget or Budget()
    cost = solve_cost((theta.size - 1) // 3)
    X, Y = split["train"]
    lam, curve, val_curve = 1e-2, [], []
    ones = np.ones((X.shape[0], 1))
    r = (engine.outputs(X, theta) - Y)[:, 0]
    for _ in range(iterations):
        mse = float(r @ r) / r.size
        curve.append(mse)
        val_curve.append(_mse(engine, theta, split["val"]))
        J = engine.per_pattern(X, theta, ones)
        JtJ, Jtr = J.T @ J, J.T @ r
        for _ in range(30):                    # raise the damping until the step helps
            if not budget.afford("sine", cost):
                return theta, curve, val_curve
            budget.charge("sine", cost)
            step = np.linalg.solve(JtJ + lam * (np.diag(np.diag(JtJ)) + 1e-12 * np.eye(theta.size)), -Jtr)
            trial = theta + step
            r_new = (engine.outputs(X, trial) - Y)[:, 0]
            if float(r_new @ r_new) < float(r @ r):
                theta, r, lam = trial, r_new, max(lam / 3, 1e-12)
                break
            lam *= 4
        else:
            break                              # no step improves: converged
    return theta, curve, val_curve


def train_torch(net, engine, theta, split, epochs, lr, schedule):
    import torch
    torch.set_num_threads(1)
    hidden = len(net.neurons) - 1
    model = torch.nn.Sequential(torch.nn.Linear(1, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, 1)).double()
    (sl1, n1, k1, _), (sl2, n2, k2, _) = engine.dense
    with torch.no_grad():
        WB1, WB2 = theta[sl1].reshape(n1, k1 + 1), theta[sl2].reshape(n2, k2 + 1)
        model[0].weight.copy_(torch.tensor(WB1[:, :-1]))
        model[0].bias.copy_(torch.tensor(WB1[:, -1]))
        model[2].weight.copy_(torch.tensor(WB2[:, :-1]))
        model[2].bias.copy_(torch.tensor(WB2[:, -1]))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.MSELoss()
    X, Y = (torch.tensor(a) for a in split["train"])
    Xv, Yv = (torch.tensor(a) for a in split["val"])
    curve, val_curve = [], []
    for epoch in range(epochs):
        for group in opt.param_groups:
            group["lr"] = _lr_at(lr, schedule, epoch, epochs)
        loss = loss_fn(model(X), Y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        curve.append(loss.item())
        with torch.no_grad():
            val_curve.append(loss_fn(model(Xv), Yv).item())
    with torch.no_grad():
        W1, b1 = model[0].weight.numpy(), model[0].bias.numpy()
        W2, b2 = model[2].weight.numpy(), model[2].bias.numpy()
        out = np.concatenate([np.hstack([W1, b1[:, None]]).ravel(), np.hstack([W2, b2[:, None]]).ravel()])
    return out, curve, val_curve


def run_experiment(seed: int = 0, epochs: int | None = None, *, options: SineOptions | None = None,
                   budget: Budget | None = None, **kw) -> dict:
    """One seed, with ``options`` (or the options named in ``epochs`` and ``kw``: ``lr=0.1``;
    they are checked by :class:`SineOptions`). With ``restarts`` > 1, that many initialisations
    are drawn from the seed's generator and trained; the one with the lowest validation MSE is
    kept (the test set is never looked at). Adam's epochs are charged to ``budget`` before they
    run (OverBudget if they do not fit), Levenberg–Marquardt's solves as they run."""
    o = options or SineOptions(seed=seed, **({"epochs": epochs} if epochs is not None else {}), **kw)
    epochs, lr, hidden, engine, optimizer, schedule, restarts = (
        o.epochs, o.lr, o.hidden, o.engine, o.optimizer, o.schedule, o.restarts)
    budget = budget or Budget()
    budget.charge("sine", planned_work(restarts, 0 if optimizer == "lm" else epochs, hidden, engine, optimizer))
    split, rng = data(seed)
    if engine == "torch":
        import torch  # noqa: F401  (imported before the clock starts)
    best = None
    t0 = time.perf_counter()
    for _ in range(restarts):
        net = initial_network(rng, hidden)
        eng = Engine(net, LOSS)
        theta = eng.theta()
        if engine == "torch":
            theta, curve, val_curve = train_torch(net, eng, theta, split, epochs, lr, schedule)
        else:
            theta, curve, val_curve = train_numpy(eng, theta, split, epochs, lr, schedule, optimizer, budget)
        val = _mse(eng, theta, split["val"])
        if best is None or val < best[0]:
            best = (val, eng, theta, curve, val_curve)
    seconds = time.perf_counter() - t0
    _, eng, theta, curve, val_curve = best
    result = {"seed": seed, "engine": engine, "optimizer": optimizer, "schedule": schedule,
              "epochs": epochs, "lr": lr, "hidden": hidden, "restarts": restarts,
              "sizes": {k: int(v[0].shape[0]) for k, v in split.items()},
              "mse": {k: _mse(eng, theta, split[k]) for k in ("train", "val", "test")},
              "loss_curve": curve, "val_curve": val_curve, "seconds": seconds, "notes": []}
    if optimizer == "lm" and len(curve) < epochs and not budget.afford("sine", solve_cost(hidden)):
        result["notes"].append(f"stopped after {len(curve)} of {epochs} iterations: the command's "
                               f"budget of {budget.limits['sine']:,} units of work is spent")
    if not all(math.isfinite(m) for m in result["mse"].values()):
        result["notes"].append("training diverged: an MSE is not finite (a smaller --lr?)")
    result["_split"], result["_theta"], result["_engine"] = split, theta, eng
    return result


def run(options: SineOptions, wrap=lambda seeds: seeds, budget: Budget | None = None) -> list[dict]:
    """Every seed the options ask for (``wrap``: e.g. a progress bar around the seeds), refused
    before any work (InputError) when the whole run would pass the budget's ``sine`` units."""
    o, budget = options, budget or Budget()
    seeds = o.seed_list
    work = planned_work(len(seeds) * o.restarts, o.epochs, o.hidden, o.engine, o.optimizer)
    if not budget.afford("sine", work):
        raise InputError("sine", "arguments", f"{len(seeds)} seeds × {o.restarts} restarts × "
                         f"{o.epochs} {'iterations' if o.optimizer == 'lm' else 'epochs'} of a "
                         f"1-{o.hidden}-1 network is {work:,} units of work; at most "
                         f"{budget.limits['sine']:,} (about 8 s): fewer seeds, restarts, epochs "
                         "or hidden units")
    return [run_experiment(seed, options=o, budget=budget) for seed in wrap(seeds)]


def summary(results: list[dict]) -> dict:
    out = {}
    for k in ("train", "val", "test"):
        vals = np.array([r["mse"][k] for r in results])
        q1, med, q3 = np.percentile(vals, [25, 50, 75])
        out[k] = {"median": float(med), "q1": float(q1), "q3": float(q3),
                  "min": float(vals.min()), "max": float(vals.max())}
    out["runs"] = len(results)
    out["test_below_1e-3"] = int(sum(r["mse"]["test"] < 1e-3 for r in results))
    out["test_below_1e-6"] = int(sum(r["mse"]["test"] < 1e-6 for r in results))
    out["median_seconds"] = float(np.median([r["seconds"] for r in results]))
    return out


def public(r: dict) -> dict:
    """The JSON of a run: non-finite numbers (a diverged training) become null, as JSON has
    no NaN or infinity."""
    return {k: finite_json(v) for k, v in r.items() if not k.startswith("_")}


def finite_json(v):
    """``v`` with every non-finite float made None (JSON has no NaN or infinity)."""
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {k: finite_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [finite_json(x) for x in v]
    return v


def plot(results: list[dict], path: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from derive.fileio import save_figure
    r = results[0]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    for ax, part in zip(axes[:2], ("val", "test")):
        x, y = r["_split"][part]
        order = np.argsort(x[:, 0])
        xs = np.linspace(-np.pi, np.pi, 400)[:, None]
        ax.plot(xs[:, 0], np.sin(xs[:, 0]), color="0.75", lw=1, label="sin x")
        ax.scatter(x[order, 0], y[order, 0], marker="x", label="actual", color="k")
        ax.scatter(x[order, 0], r["_engine"].outputs(x[order], r["_theta"])[:, 0], marker="+", s=80,
                   label="predicted", color="C3")
        ax.set_title(f"{'validation' if part == 'val' else 'test'} set: MSE {r['mse'][part]:.2e}")
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend()
    ax = axes[2]
    for i, res in enumerate(results):
        ax.semilogy(res["loss_curve"], color="C0", lw=1 if len(results) == 1 else 0.6,
                    label="train" if i == 0 else None)
        ax.semilogy(res["val_curve"], color="C1", lw=1 if len(results) == 1 else 0.6,
                    label="validation" if i == 0 else None)
    ax.set_xlabel("epoch" if r["optimizer"] == "adam" else "iteration")
    ax.set_ylabel("MSE")
    ax.set_title(f"loss curves ({len(results)} seed{'s' if len(results) > 1 else ''})")
    ax.legend()
    fig.suptitle(f"sin(x), 1-{r['hidden']}-1 tanh, {r['optimizer']} ({r['engine']}), seed {r['seed']}")
    fig.tight_layout()
    save_figure(fig, path, dpi=110)


def format_run(r: dict) -> str:
    m = r["mse"]
    return (f"sin(x) with a 1-{r['hidden']}-1 tanh network, {r['optimizer']} (lr {r['lr']}, "
            f"{r['schedule']}), {r['epochs']} {'epochs' if r['optimizer'] == 'adam' else 'iterations'}, "
            f"{r['engine']} engine, seed {r['seed']}\n"
            f"sizes: train {r['sizes']['train']}, val {r['sizes']['val']}, test {r['sizes']['test']}\n"
            f"MSE: train {m['train']:.3e}, val {m['val']:.3e}, test {m['test']:.3e}\n"
            f"seconds: {r['seconds']:.3f}\n" + "".join(f"note: {n}\n" for n in r["notes"]))


def format_table(results: list[dict], s: dict) -> str:
    lines = [f"{'seed':>5} {'train MSE':>11} {'val MSE':>11} {'test MSE':>11} {'seconds':>8}"]
    for r in results:
        m = r["mse"]
        lines.append(f"{r['seed']:>5} {m['train']:>11.3e} {m['val']:>11.3e} {m['test']:>11.3e} {r['seconds']:>8.3f}")
    lines.append("")
    for k in ("train", "val", "test"):
        q = s[k]
        lines.append(f"{k:>5}: median {q['median']:.3e}, quartiles {q['q1']:.3e} .. {q['q3']:.3e}")
    lines.append(f"test MSE < 1e-3 in {s['test_below_1e-3']} of {s['runs']} runs; "
                 f"< 1e-6 in {s['test_below_1e-6']}; median {s['median_seconds']:.3f} s per run")
    lines += [f"note (seed {r['seed']}): {n}" for r in results for n in r["notes"]]
    return "\n".join(lines) + "\n"
