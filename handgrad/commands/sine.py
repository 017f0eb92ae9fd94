"""``handgrad sine``: the seed's sin(x) experiment."""
from __future__ import annotations

import json
import warnings

from handgrad.options import EXIT_OK, check_outputs, emit, require_torch, write_figure
from handgrad.progress import progress


#: the experiment's options: parsed here, checked (and defaulted) by numeric.sine.SineOptions
OPTIONS = ("seed", "seeds", "epochs", "lr", "hidden", "engine", "optimizer", "schedule", "restarts", "plot")


DESCRIPTION = """\
The seed's experiment, reproducibly: 200 points x ~ U(-pi, pi), y = sin x (NumPy generator of
the seed), split 141/29/30, a 1-H-1 tanh network initialised like nn.Linear, MSE, full-batch
Adam (or Levenberg-Marquardt) through the NumPy engine that `handgrad verify` checks."""

EPILOG = """\
outputs: a table of train/val/test MSE (and median and quartiles for --seeds) or JSON, on
  stdout or in -o FILE; --plot draws predictions and loss curves.
exit codes: 0 done; 2 bad options (or a run past the budget: seeds x epochs x hidden units)."""


def add(sub) -> None:
    e = sub.add_parser("sine", help="the seed's sin(x) experiment through the NumPy engine",
                       description=DESCRIPTION, epilog=EPILOG)
    g = e.add_mutually_exclusive_group()
    g.add_argument("--seed", type=int, help="the seed (default 0)")
    g.add_argument("--seeds", type=int, help="run seeds 0..N-1 and summarise them")
    e.add_argument("--epochs", type=int, help="epochs (adam) or iterations (lm); default 300")
    e.add_argument("--lr", type=float, help="learning rate (default 0.2)")
    e.add_argument("--hidden", type=int, help="hidden units (default 15)")
    e.add_argument("--engine", help="numpy (default) or torch")
    e.add_argument("--optimizer", help="adam (the seed's, default) or lm (Levenberg-Marquardt, the better recipe)")
    e.add_argument("--schedule", help="Adam's learning rate: constant (default), or cosine decay to 0 over the epochs")
    e.add_argument("--restarts", type=int, help="initialisations per seed; the lowest validation MSE is kept (default 1)")
    e.add_argument("--plot", help="a .png or .pdf file for the figure")
    e.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: seed, engine, sizes, mse {train, val, test}, loss_curve, seconds (and a "
                        "summary for --seeds)")
    e.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    e.set_defaults(run=run)


def run(a) -> int:
    from numeric import sine
    # the options as one object, checked in one place (numeric.sine.SineOptions)
    opts = sine.SineOptions(**{k: getattr(a, k) for k in OPTIONS if getattr(a, k) is not None})
    if opts.engine == "torch":
        require_torch("sine --engine torch")
    check_outputs(**{"-o": a.output, "--plot": opts.plot})
    many = len(opts.seed_list) > 1
    with warnings.catch_warnings():          # a diverging run is reported in its notes
        warnings.simplefilter("ignore", RuntimeWarning)
        results = sine.run(opts, (lambda seeds: progress(seeds, unit="seed")) if many else (lambda seeds: seeds))
    if opts.plot:
        write_figure(lambda: sine.plot(results, opts.plot), opts.plot)
    if not many:
        r = results[0]
        text = json.dumps(sine.public(r), indent=2) + "\n" if a.format == "json" else sine.format_run(r)
    else:
        s = sine.summary(results)
        text = (json.dumps({"runs": [sine.public(r) for r in results], "summary": sine.finite_json(s)},
                           indent=2) + "\n"
                if a.format == "json" else sine.format_table(results, s))
    emit(text, a.output)
    return EXIT_OK
