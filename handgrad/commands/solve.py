"""``handgrad solve``: the worked solution of a network."""
from __future__ import annotations

import json
import os

from derive.errors import InputError
from handgrad.options import EXIT_OK, check_outputs, digits, emit, write_figure


def add(sub) -> None:
    s = sub.add_parser("solve", help="the worked solution of a network (parts a, b, c)")
    s.add_argument("network", nargs="?", default="xor", help="a network file or a built-in name (xor)")
    s.add_argument("--format", choices=("text", "latex", "markdown", "json"), default="text")
    s.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    s.add_argument("--digits", type=digits, default=4, help="significant digits, 1 to 30 (default 4)")
    s.add_argument("--fragment", action="store_true", help="LaTeX without preamble, to paste")
    s.add_argument("--plot", help="draw the decision regions to FILE.png or FILE.pdf")
    s.set_defaults(run=run)


def run(a) -> int:
    from derive.render import SAFE_GRAPHIC
    from derive.solution import solve
    check_outputs(**{"-o": a.output, "--plot": a.plot})
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
    if a.plot and sol.net.threshold and sol.analysis is None:
        raise InputError(a.plot, "--plot", "no picture: the decision regions were left out "
                         "(see the solution's notes)")
    if a.format == "json":
        text = json.dumps(sol, indent=2) + "\n"
    else:
        text = sol.render(a.format, fragment=a.fragment, plot=ref)
    if a.plot:                # everything is computed: only now is anything written
        from derive.render.plot import plot_regions
        write_figure(lambda: plot_regions(sol.net, a.plot, analysis=sol.analysis), a.plot)
    emit(text, a.output)
    return EXIT_OK
