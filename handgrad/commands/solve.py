"""``handgrad solve``: the worked solution of a network."""
from __future__ import annotations

import json
import os
import re

from derive.errors import InputError
from handgrad.options import EXIT_OK, check_outputs, digits, emit, write_figure

#: picture files: letters, digits, _ . / - (a Markdown document may refer to them)
PICTURE = re.compile(r"[A-Za-z0-9_./-]+\.(png|pdf|svg)")


DESCRIPTION = """\
Derive the worked solution of a network exactly and write it as a textbook would:
(a) local fields, the composed output, boundary lines and decision regions (threshold units);
(b) the truth table and the Boolean function's name; (c) every training step: forward pass,
error, local gradients, gradients, changes and updated parameters.

A network file (TOML; docs/formats.md has every field):
  [network]
  inputs = ["x1", "x2"]
  outputs = ["2"]
  [[neuron]]
  id = "1"
  inputs = ["x1", "x2"]
  weights = [1, 1]            # exact: 0.15 is 15/100; "1/3", "1e-3", "sqrt(2)/2" too
  bias = -1.5
  activation = "step"         # sigmoid, tanh, relu, linear, softmax, ... (README)
  [training]                  # optional: part (c)
  learning_rate = 1
  patterns = [ { x = [0, 0], d = [0] } ]"""

EPILOG = """\
outputs: the solution on stdout or in -o FILE (written atomically); --plot and --diagram
  pictures beside it. JSON keys: network, local_fields, outputs, decision, truth_table,
  boolean_function, training.steps (forward, delta, gradient, change, after), notes.
exit codes: 0 solved; 2 bad input (one line on stderr naming the file and the field)."""


def add(sub) -> None:
    s = sub.add_parser("solve", help="the worked solution of a network (parts a, b, c)",
                       description=DESCRIPTION, epilog=EPILOG)
    s.add_argument("network", nargs="?", default="xor",
                   help="a network file (TOML, as above) or a built-in name: xor (default), the seed's network")
    s.add_argument("--format", choices=("text", "latex", "markdown", "html", "json"), default="text",
                   help="text; latex (a document that compiles with pdflatex, TikZ drawing); markdown "
                        "($...$ math); html (one self-contained page, MathML); json (every exact value)")
    s.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    s.add_argument("--digits", type=digits, default=4, help="significant digits, 1 to 30 (default 4)")
    s.add_argument("--fragment", action="store_true", help="LaTeX or HTML without the page around it, to paste")
    s.add_argument("--plot", help="draw the decision regions to FILE.png, FILE.svg or FILE.pdf")
    s.add_argument("--diagram", help="draw the network to FILE.png, FILE.svg or FILE.pdf")
    s.add_argument("--notation", help="write the solution as this textbook does: haykin (default), hagan, "
                   "nielsen, mitchell, negnevitsky, bishop (default: the file's [network] notation)")
    s.set_defaults(run=run)


def _picture(path: str | None, option: str, output: str | None) -> str | None:
    """Check a picture's file name; returns how the document refers to it (from its folder)."""
    if not path:
        return None
    if not PICTURE.fullmatch(path):
        raise InputError(path, option, "file name must use letters, digits, _ . / - and end in .png, .svg or .pdf")
    ref = os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(output))) if output else path
    if not PICTURE.fullmatch(ref):
        raise InputError(path, option, f"its path from the document's folder ({ref}) has characters "
                         "a document cannot refer to; use letters, digits, _ . / -")
    return ref


def run(a) -> int:
    from derive.solution import solve
    check_outputs(**{"-o": a.output, "--plot": a.plot, "--diagram": a.diagram})
    if a.notation is not None:
        from derive.notations import notation
        notation(a.notation, "solve", "--notation")    # an unknown notation fails before any work
    plot_ref = _picture(a.plot, "--plot", a.output)
    diagram_ref = _picture(a.diagram, "--diagram", a.output)
    sol = solve(a.network, digits=a.digits)
    if a.plot:
        from derive.render.regionplot import plot_check
        plot_check(sol, a.plot)
    if a.diagram:
        from derive.render.diagram import diagram_check
        diagram_check(sol, a.diagram)
    if a.format == "json":
        text = json.dumps(sol, indent=2) + "\n"
    else:
        text = sol.render(a.format, fragment=a.fragment, plot=plot_ref, diagram=diagram_ref, notation=a.notation)
    if a.plot:                # everything is computed: only now is anything written
        from derive.render.regionplot import plot_regions
        write_figure(lambda: plot_regions(sol, a.plot), a.plot)
    if a.diagram:
        from derive.render.diagram import save_diagram
        write_figure(lambda: save_diagram(sol, a.diagram), a.diagram, "--diagram")
    emit(text, a.output)
    return EXIT_OK
