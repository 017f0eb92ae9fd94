"""``handgrad sine``: the seed's sin(x) experiment."""
from __future__ import annotations

import json
import warnings

from derive.budget import Budget
from derive.errors import InputError
from handgrad.options import EXIT_OK, check_outputs, emit, positive, require_torch, seed, write_figure
from handgrad.progress import progress


def add(sub) -> None:
    e = sub.add_parser("sine", help="the seed's sin(x) experiment through the NumPy engine")
    g = e.add_mutually_exclusive_group()
    g.add_argument("--seed", type=seed, default=0)
    g.add_argument("--seeds", type=positive(int))
    e.add_argument("--epochs", type=positive(int), default=300, help="epochs (adam) or iterations (lm)")
    e.add_argument("--lr", type=positive(float), default=0.2)
    e.add_argument("--hidden", type=positive(int), default=15)
    e.add_argument("--engine", choices=("numpy", "torch"), default="numpy")
    e.add_argument("--optimizer", choices=("adam", "lm"), default="adam",
                   help="adam (the seed's) or lm (Levenberg-Marquardt, the better recipe)")
    e.add_argument("--schedule", choices=("constant", "cosine"), default="constant",
                   help="Adam's learning rate: constant, or cosine decay to 0 over the epochs")
    e.add_argument("--restarts", type=positive(int), default=1,
                   help="initialisations per seed; the lowest validation MSE is kept")
    e.add_argument("--plot")
    e.add_argument("--format", choices=("text", "json"), default="text")
    e.add_argument("-o", "--output")
    e.set_defaults(run=run)


def run(a) -> int:
    from numeric import sine
    if a.engine == "torch":
        require_torch("sine --engine torch")
    if a.engine == "torch" and a.optimizer != "adam":
        raise InputError("sine", "--optimizer", "the torch engine trains with adam only")
    if a.plot is not None and not a.plot.endswith((".png", ".pdf")):
        raise InputError(a.plot, "--plot", "must end in .png or .pdf")
    check_outputs(**{"-o": a.output, "--plot": a.plot})
    if (a.epochs > sine.MAX_EPOCHS or a.hidden > sine.MAX_HIDDEN or (a.seeds or 1) > sine.MAX_SEEDS
            or a.restarts > sine.MAX_RESTARTS):
        raise InputError("sine", "arguments", f"at most {sine.MAX_EPOCHS} epochs, {sine.MAX_HIDDEN} "
                         f"hidden units, {sine.MAX_SEEDS} seeds, {sine.MAX_RESTARTS} restarts")
    seeds = list(range(a.seeds)) if a.seeds else [a.seed]
    budget = Budget()
    work = sine.planned_work(len(seeds) * a.restarts, a.epochs, a.hidden, a.engine, a.optimizer)
    if not budget.afford("sine", work):
        raise InputError("sine", "arguments", f"{len(seeds)} seeds × {a.restarts} restarts × "
                         f"{a.epochs} {'iterations' if a.optimizer == 'lm' else 'epochs'} of a "
                         f"1-{a.hidden}-1 network is {work:,} units of work; at most "
                         f"{budget.limits['sine']:,} (about 8 s): fewer seeds, restarts, epochs "
                         "or hidden units")
    with warnings.catch_warnings():          # a diverging run is reported in its notes
        warnings.simplefilter("ignore", RuntimeWarning)
        results = [sine.run_experiment(seed, a.epochs, a.lr, a.hidden, a.engine, a.optimizer,
                                       a.schedule, a.restarts, budget)
                   for seed in (progress(seeds, unit="seed") if len(seeds) > 1 else seeds)]
    if a.plot:
        write_figure(lambda: sine.plot(results, a.plot), a.plot)
    if len(seeds) == 1:
        r = results[0]
        text = json.dumps(sine.public(r), indent=2) + "\n" if a.format == "json" else sine.format_run(r)
    else:
        s = sine.summary(results)
        text = (json.dumps({"runs": [sine.public(r) for r in results], "summary": sine.finite_json(s)},
                           indent=2) + "\n"
                if a.format == "json" else sine.format_table(results, s))
    emit(text, a.output)
    return EXIT_OK
