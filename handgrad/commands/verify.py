"""``handgrad verify``: every gradient four ways."""
from __future__ import annotations

import json
import sys

from handgrad.options import EXIT_FOUND, EXIT_OK, positive, require_torch, seed


DESCRIPTION = """\
Evaluate every dE/dw and dE/db of a network four ways — the SymPy closed forms compiled to
NumPy, the NumPy engine, torch autograd (float64), central finite differences — at the
training patterns and at random points, and report the largest absolute and relative error
of each of the six pairs against its tolerance. Needs torch: pip install 'handgrad[torch]'."""

EPILOG = """\
exit codes: 0 all pairs agree; 1 a pair disagrees (the worst parameter is named);
  2 bad input, torch missing, or values that overflow float64."""


def add(sub) -> None:
    v = sub.add_parser("verify", help="check every gradient four ways", description=DESCRIPTION,
                       epilog=EPILOG)
    v.add_argument("network", nargs="?", default="xor",
                   help="a network file (the format of `handgrad solve --help`) or a built-in name")
    v.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: max_abs_error and max_rel_error per pair, passed, worst, seconds")
    v.add_argument("--points", type=positive(int), default=8,
                   help="random points besides the patterns (at most 1,000, and points × "
                        "parameters at most 2,000,000)")
    v.add_argument("--seed", type=seed, default=0, help="seed of the random points")
    v.set_defaults(run=run)


def run(a) -> int:
    from derive.model.network import load
    net = load(a.network)
    require_torch("verify")
    from numeric.verify import format_report, verify
    report = verify(net, points=a.points, seed=a.seed)
    sys.stdout.write(json.dumps(report, indent=2) + "\n" if a.format == "json" else format_report(report))
    return EXIT_OK if report["passed"] else EXIT_FOUND
