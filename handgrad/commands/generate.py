"""``handgrad generate``: per-student variants of one exercise."""
from __future__ import annotations

import sys
from pathlib import Path

from derive.errors import InputError
from handgrad.options import EXIT_OK, positive


def add(sub) -> None:
    g = sub.add_parser(
        "generate", help="per-student variants of an exercise: sheets, key, answers files, Moodle XML",
        description="Draw one variant of TEMPLATE (a network file in which numbers may be "
                    "{ choose = [...] } or { range = [lo, hi], step = s }, with a [generate] table: "
                    "digits, require, tries, title) for every student, and write into DIR: "
                    "variants/ID.toml, answers/ID.toml, problems.tex, solutions.tex, key.csv "
                    "(id, quantity, exact, rounded, step) and moodle.xml (Cloze questions). The same "
                    "template, seed and roster give byte-identical files; a student's variant depends "
                    "only on the seed and their id.",
        epilog="exit codes: 0 written; 2 bad input (one line on stderr naming the file and the "
               "field); nothing is written unless everything is")
    who = g.add_mutually_exclusive_group(required=True)
    who.add_argument("--roster", help="CSV with a header, the student id in the first column "
                     "and an optional name column")
    who.add_argument("--count", type=positive(int), help="N anonymous students s001, s002, ...")
    g.add_argument("template", help="the exercise template (a network file with choices)")
    g.add_argument("--seed", default="0", help="any text or number (default 0)")
    g.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to create")
    g.add_argument("--force", action="store_true", help="replace DIR if it exists and is not empty")
    g.set_defaults(run=run)


def run(a) -> int:
    from derive.exercises import choices, roster
    from derive.exercises.generate import build, check_target, write
    if len(a.seed) > 100 or not a.seed.isprintable():
        raise InputError("handgrad generate", "--seed", "at most 100 printable characters")
    check_target(a.output, a.force)               # before any work
    ex = choices.read(a.template)
    students = roster.read(a.roster) if a.roster else roster.counted(a.count)
    gen = build(ex, students, a.seed, Path(a.template).name)
    write(a.output, gen.files, a.force)
    tries = sum(v.attempt + 1 for v in gen.variants)
    print(f"handgrad generate: {len(gen.variants)} variants into {a.output} "
          f"({tries} candidates drawn, {len(ex.choices)} choices)", file=sys.stderr)
    return EXIT_OK
