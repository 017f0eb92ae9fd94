"""``handgrad check``: students' answer files, with error carried forward."""
from __future__ import annotations

import os
import sys

from handgrad.options import EXIT_FOUND, EXIT_INPUT, EXIT_OK, check_outputs, digits, emit, positive


def add(sub) -> None:
    c = sub.add_parser("check", help="check students' answer files")
    c.add_argument("answers", nargs="+")
    c.add_argument("--format", choices=("text", "json", "csv", "grades"), default="text",
                   help="grades: one CSV row per student (points, percent, counts, slips)")
    c.add_argument("-o", "--output")
    c.add_argument("--digits", type=digits, help="the fewest significant digits an answer must have "
                   "(wins over the files' own `digits`; default 2)")
    c.add_argument("--network", help="grade every file against this network file or built-in name")
    c.add_argument("--variants", help="a `handgrad generate` folder: each file against its student's variant")
    c.add_argument("--points", metavar="RUBRIC.toml", help="points per quantity and credit per verdict")
    c.add_argument("--feedback", metavar="DIR", help="write one feedback document per student into DIR")
    c.add_argument("--feedback-format", choices=("markdown", "latex", "html"), default="markdown")
    c.add_argument("--jobs", type=positive(int), default=None,
                   help="processes for a large class (default: the machine's cores)")
    c.set_defaults(run=run)


def run(a) -> int:
    from derive.grading.check import check_files
    from derive.grading.feedback import Feedback
    from derive.grading.report import format_results
    check_outputs(**{"-o": a.output})
    jobs = a.jobs or os.cpu_count() or 1
    feedback = Feedback(a.feedback, a.feedback_format) if a.feedback else None
    results = check_files(a.answers, network=a.network, variants=a.variants, digits=a.digits,
                          points=a.points, jobs=jobs, feedback=feedback)
    emit(format_results(results, a.format), a.output)
    if all(r.get("error") for r in results):
        first = results[0]["error"]
        print(f"handgrad: {first}" if len(results) == 1 else
              f"handgrad: none of the {len(results)} answer files could be checked; first: {first}",
              file=sys.stderr)
        return EXIT_INPUT
    bad = any(r.get("error") or r.get("errors") or r.get("notes") or r["summary"].get("wrong", 0)
              for r in results)
    return EXIT_FOUND if bad else EXIT_OK
