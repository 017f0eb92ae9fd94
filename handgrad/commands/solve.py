"""``handgrad solve``: the worked solution of a network."""
from __future__ import annotations

import json
import os
import re

from derive.errors import InputError
from handgrad.options import EXIT_OK, check_outputs, digits, emit, write_figure

#: picture files: letters, digits, _ . / - (a Markdown document may refer to them)
PICTURE = re.compile(r"[A-Za-z0-9_./-]+\.(png|pdf|svg)")


def add(sub) -> None:
    s = sub.add_parser("solve", help="the worked solution of a network (parts a, b, c)")
    s.add_argument("network", nargs="?", default="xor", help="a network file or a built-in name (xor)")
    s.add_argument("--format", choices=("text", "latex", "markdown", "html", "json"), default="text")
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
