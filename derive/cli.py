"""``handgrad``: parse, call, print. Exit 0 success, 1 a problem found, 2 bad input."""
from __future__ import annotations

import argparse
import json
import os
import sys

from .errors import InputError

EXIT_OK, EXIT_FOUND, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):          # one line, exit 2 (argparse prints usage + message)
        raise InputError(self.prog, "arguments", message)


def _positive(kind):
    def conv(s):
        try:
            v = kind(s)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{s!r} is not a valid {kind.__name__}") from None
        if v <= 0:
            raise argparse.ArgumentTypeError(f"{s!r} must be positive")
        return v
    return conv


def _digits(s):
    v = _positive(int)(s)
    if v > 30:
        raise argparse.ArgumentTypeError(f"{s!r}: at most 30 significant digits (values carry 80)")
    return v


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="handgrad", description="Backprop worked out by hand, checked by machine.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    s = sub.add_parser("solve", help="the worked solution of a network (parts a, b, c)")
    s.add_argument("network", nargs="?", default="xor", help="a network file or a built-in name (xor)")
    s.add_argument("--format", choices=("text", "latex", "markdown", "json"), default="text")
    s.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    s.add_argument("--digits", type=_digits, default=4, help="significant digits, 1 to 30 (default 4)")
    s.add_argument("--fragment", action="store_true", help="LaTeX without preamble, to paste")
    s.add_argument("--plot", help="draw the decision regions to FILE.png or FILE.pdf")

    c = sub.add_parser("check", help="check students' answer files")
    c.add_argument("answers", nargs="+")
    c.add_argument("--format", choices=("text", "json", "csv"), default="text")
    c.add_argument("-o", "--output")

    v = sub.add_parser("verify", help="check every gradient four ways")
    v.add_argument("network", nargs="?", default="xor")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.add_argument("--points", type=_positive(int), default=8, help="random points besides the patterns")
    v.add_argument("--seed", type=int, default=0)

    e = sub.add_parser("sine", help="the seed's sin(x) experiment through the NumPy engine")
    g = e.add_mutually_exclusive_group()
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--seeds", type=_positive(int))
    e.add_argument("--epochs", type=_positive(int), default=300, help="epochs (adam) or iterations (lm)")
    e.add_argument("--lr", type=_positive(float), default=0.2)
    e.add_argument("--hidden", type=_positive(int), default=15)
    e.add_argument("--engine", choices=("numpy", "torch"), default="numpy")
    e.add_argument("--optimizer", choices=("adam", "lm"), default="adam",
                   help="adam (the seed's) or lm (Levenberg-Marquardt, the better recipe)")
    e.add_argument("--schedule", choices=("constant", "cosine"), default="constant",
                   help="Adam's learning rate: constant, or cosine decay to 0 over the epochs")
    e.add_argument("--restarts", type=_positive(int), default=1,
                   help="initialisations per seed; the lowest validation MSE is kept")
    e.add_argument("--plot")
    e.add_argument("--format", choices=("text", "json"), default="text")
    e.add_argument("-o", "--output")
    return p


def _emit(text: str, output: str | None) -> None:
    if output:
        from .fileio import write_atomic
        try:
            write_atomic(output, text)
        except OSError as err:
            raise InputError(output, "-o", f"cannot write: {err.strerror}") from None
    else:
        sys.stdout.write(text)


def cmd_solve(a) -> int:
    from .solution import solve
    from .render import SAFE_GRAPHIC
    ref = a.plot
    if a.plot:
        if not SAFE_GRAPHIC.fullmatch(a.plot):
            raise InputError(a.plot, "--plot", "file name must use letters, digits, _ . / - and end in .png or .pdf")
        if a.output:      # the document refers to the picture from the document's own folder
            ref = os.path.relpath(os.path.abspath(a.plot), os.path.dirname(os.path.abspath(a.output)))
            if not SAFE_GRAPHIC.fullmatch(ref):
                raise InputError(a.plot, "--plot", f"its path from the document's folder ({ref}) has "
                                 "characters LaTeX cannot include; use letters, digits, _ . / -")
    sol = solve(a.network, digits=a.digits)
    if a.plot:
        from .plot import plot_regions
        plot_regions(sol.net, a.plot)
    if a.format == "json":
        text = json.dumps(sol, indent=2) + "\n"
    else:
        text = sol.render(a.format, fragment=a.fragment, plot=ref)
    _emit(text, a.output)
    return EXIT_OK


def cmd_check(a) -> int:
    from .check import check_files
    from .report import format_results
    results = check_files(a.answers)
    _emit(format_results(results, a.format), a.output)
    if all(r.get("error") for r in results):
        first = results[0]["error"]
        print(f"handgrad: {first}" if len(results) == 1 else
              f"handgrad: none of the {len(results)} answer files could be checked; first: {first}",
              file=sys.stderr)
        return EXIT_INPUT
    bad = any(r.get("error") or r.get("errors") or r["summary"].get("wrong", 0) for r in results)
    return EXIT_FOUND if bad else EXIT_OK


def cmd_verify(a) -> int:
    from numeric.verify import format_report, verify
    from .network import load
    report = verify(load(a.network), points=a.points, seed=a.seed)
    sys.stdout.write(json.dumps(report, indent=2) + "\n" if a.format == "json" else format_report(report))
    return EXIT_OK if report["passed"] else EXIT_FOUND


def cmd_sine(a) -> int:
    from numeric import sine
    if a.engine == "torch" and a.optimizer != "adam":
        raise InputError("handgrad sine", "--optimizer", "the torch engine trains with adam only")
    if a.plot and not a.plot.endswith((".png", ".pdf")):
        raise InputError(a.plot, "--plot", "must end in .png or .pdf")
    if (a.epochs > sine.MAX_EPOCHS or a.hidden > sine.MAX_HIDDEN or (a.seeds or 1) > sine.MAX_SEEDS
            or a.restarts > sine.MAX_RESTARTS):
        raise InputError("handgrad sine", "arguments", f"at most {sine.MAX_EPOCHS} epochs, {sine.MAX_HIDDEN} "
                         f"hidden units, {sine.MAX_SEEDS} seeds, {sine.MAX_RESTARTS} restarts")
    seeds = list(range(a.seeds)) if a.seeds else [a.seed]
    results = []
    for i, seed in enumerate(seeds):
        results.append(sine.run_experiment(seed, a.epochs, a.lr, a.hidden, a.engine, a.optimizer,
                                           a.schedule, a.restarts))
        if len(seeds) > 1:                     # a progress bar on stderr
            done = int(30 * (i + 1) / len(seeds))
            end = "\n" if i + 1 == len(seeds) else ""
            print(f"\r[{'#' * done}{'.' * (30 - done)}] {i + 1}/{len(seeds)} seeds", end=end,
                  file=sys.stderr, flush=True)
    if a.plot:
        sine.plot(results, a.plot)
    if len(seeds) == 1:
        r = results[0]
        text = json.dumps(sine.public(r), indent=2) + "\n" if a.format == "json" else sine.format_run(r)
    else:
        s = sine.summary(results)
        text = (json.dumps({"runs": [sine.public(r) for r in results], "summary": s}, indent=2) + "\n"
                if a.format == "json" else sine.format_table(results, s))
    _emit(text, a.output)
    return EXIT_OK


COMMANDS = {"solve": cmd_solve, "check": cmd_check, "verify": cmd_verify, "sine": cmd_sine}


def main(argv=None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except InputError as err:
        print(f"handgrad: {err}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("handgrad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
