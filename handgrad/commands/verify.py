"""``handgrad verify``: every gradient four ways."""
from __future__ import annotations

import json
import sys

from handgrad.options import EXIT_FOUND, EXIT_OK, positive, require_torch, seed


def add(sub) -> None:
    v = sub.add_parser("verify", help="check every gradient four ways")
    v.add_argument("network", nargs="?", default="xor")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.add_argument("--points", type=positive(int), default=8,
                   help="random points besides the patterns (at most 1,000, and points × "
                        "parameters at most 2,000,000)")
    v.add_argument("--seed", type=seed, default=0)
    v.set_defaults(run=run)


def run(a) -> int:
    from derive.model.network import load
    net = load(a.network)
    require_torch("verify")
    from numeric.verify import format_report, verify
    report = verify(net, points=a.points, seed=a.seed)
    sys.stdout.write(json.dumps(report, indent=2) + "\n" if a.format == "json" else format_report(report))
    return EXIT_OK if report["passed"] else EXIT_FOUND
