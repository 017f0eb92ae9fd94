"""``handgrad template``: a blank answers file for a network."""
from __future__ import annotations

import os
from pathlib import Path

from handgrad.options import EXIT_CODES, EXIT_OK, HelpFormatter, emit, positive


def add(sub) -> None:
    t = sub.add_parser(
        "template", help="a blank answers file for a network", formatter_class=HelpFormatter,
        description="""Write a blank answers file for NETWORK: network = ..., student = "", and every
quantity of the first N training steps in the order a student computes them (v, y per
neuron, E, delta from the outputs back, the weights and biases after the update), each
with an empty value and a comment saying what it is:

  network = "xor"
  student = ""
  step = 1
  [answers]
  "v[1]" = ""        # local field of neuron 1

Several steps go under [steps.1], [steps.2], ... `handgrad check` reads the file back
(an empty value is not answered).""",
        epilog=EXIT_CODES)
    t.add_argument("network", help="a network file with a [training] table, or a built-in name (xor)")
    t.add_argument("--steps", type=positive(int), help="how many steps (default: all of the file's steps)")
    t.add_argument("--notation", default="haykin",
                   help="name the quantities as this textbook does: haykin, hagan, nielsen, mitchell, "
                   "negnevitsky, bishop (the file then says notation = ..., which check reads)")
    t.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    t.set_defaults(run=run)


def network_reference(network: str, output: str | None) -> str:
    """What the answers file's ``network`` key says: a built-in name as it is (it means the
    built-in, as for ``load``, even where a file of that name exists), a file's path relative to
    the answers file's folder (the working directory for stdout)."""
    from derive.model.network import BUILTINS
    if network in BUILTINS:
        return network
    base = os.path.dirname(os.path.abspath(output)) if output else os.getcwd()
    return Path(os.path.relpath(os.path.abspath(network), base)).as_posix()


def run(a) -> int:
    from derive.exercises.answers import blank, notation, questions
    from derive.model.network import load
    notation(a.notation)                         # an unknown notation fails before any work
    net = load(a.network)
    qs = questions(net, a.steps, source=a.network)
    emit(blank(qs, network_reference(a.network, a.output), notation_name=a.notation), a.output)
    return EXIT_OK
