"""``handgrad check``: students' answer files, with error carried forward."""
from __future__ import annotations

import sys

from handgrad.options import EXIT_FOUND, EXIT_INPUT, EXIT_OK, emit


def add(sub) -> None:
    c = sub.add_parser("check", help="check students' answer files")
    c.add_argument("answers", nargs="+")
    c.add_argument("--format", choices=("text", "json", "csv"), default="text")
    c.add_argument("-o", "--output")
    c.set_defaults(run=run)


def run(a) -> int:
    from derive.grading.check import check_files
    from derive.grading.report import format_results
    results = check_files(a.answers)
    emit(format_results(results, a.format), a.output)
    if all(r.get("error") for r in results):
        first = results[0]["error"]
        print(f"handgrad: {first}" if len(results) == 1 else
              f"handgrad: none of the {len(results)} answer files could be checked; first: {first}",
              file=sys.stderr)
        return EXIT_INPUT
    bad = any(r.get("error") or r.get("errors") or r["summary"].get("wrong", 0) for r in results)
    return EXIT_FOUND if bad else EXIT_OK
