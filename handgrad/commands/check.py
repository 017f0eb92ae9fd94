"""``handgrad check``: students' answer files, with error carried forward."""
from __future__ import annotations

import os
import sys

from handgrad.options import EXIT_FOUND, EXIT_INPUT, EXIT_OK, check_outputs, digits, emit, positive


DESCRIPTION = """\
Check students' answers to a network's training steps (and parts (a), (b)): each answer is
correct, carried (follows from the student's own earlier answers: error carried forward) or
wrong, with the known slip that explains a wrong one (error-sign, no-derivative, not-updated,
too-few-digits, ... listed in the README).

An answers file (TOML; docs/formats.md has every field):
  network = "xor"             # ignored when --network or --variants decide (they should)
  student = "A. Student"      # optional; id = "s001" from `handgrad generate`
  digits = 3                  # optional: the fewest significant digits (--digits wins)
  [answers]                   # step 1; [steps.2] ... for later steps
  "v[1]" = "-1.5"             # strings keep the digits as typed; v1, δ1, w23, 0,182, −1.5 too
  "y[1]" = "0.182"
  "w[2,3]" = "-2.011"         # w and b: the values after the step's update
  lines = ["x2 = -x1 + 1.5"]  # optional: part (a) boundary lines
  truth_table = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]   # optional: inputs then outputs

A rubric (--points RUBRIC.toml): "delta[*]" = 2, lines = 3, ...; [credit] correct = 1,
carried = 1, too-few-digits = 0.5, wrong = 0."""

EPILOG = """\
outputs: text (default), json, csv (one row per file and answer) or grades (one row per
  student: file, student, id, points, max_points, percent, correct, carried, wrong, slips) on
  stdout or in -o FILE; --feedback DIR gets one document per student.
exit codes: 0 nothing wrong; 1 something wrong or a file unreadable (the others are still
  checked); 2 bad usage, or no file could be checked."""


def add(sub) -> None:
    c = sub.add_parser("check", help="check students' answer files", description=DESCRIPTION, epilog=EPILOG)
    c.add_argument("answers", nargs="+", metavar="ANSWERS.toml", help="one or more answers files (a class at once)")
    c.add_argument("--format", choices=("text", "json", "csv", "grades"), default="text",
                   help="grades: one CSV row per student (points, percent, counts, slips)")
    c.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    c.add_argument("--digits", type=digits, help="the fewest significant digits an answer must have "
                   "(wins over the files' own `digits`; default 2)")
    c.add_argument("--network", help="grade every file against this network file or built-in name")
    c.add_argument("--variants", help="a `handgrad generate` folder: each file against its student's variant")
    c.add_argument("--points", metavar="RUBRIC.toml", help="points per quantity and credit per verdict")
    c.add_argument("--feedback", metavar="DIR", help="write one feedback document per student into DIR")
    c.add_argument("--feedback-format", choices=("markdown", "latex", "html"), default="markdown",
                   help="the feedback documents' format")
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
