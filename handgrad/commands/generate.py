"""``handgrad generate``: per-student variants of one exercise."""
from __future__ import annotations

from pathlib import Path

from derive.errors import InputError
from handgrad.options import EXIT_CODES, EXIT_OK, HelpFormatter, positive


def add(sub) -> None:
    g = sub.add_parser(
        "generate", help="per-student variants of an exercise: sheets, key, answers files, Moodle XML",
        formatter_class=HelpFormatter,
        description="""Draw one variant of TEMPLATE for every student and write into DIR:
  variants/ID.toml  the student's network      answers/ID.toml  their blank answers file
  problems.tex      one page per student       solutions.tex    one worked solution each
  key.csv           id, quantity, exact, rounded, step
  moodle.xml        one Moodle Cloze question per student (NUMERICAL answers)

TEMPLATE is a network file in which any number may be a choice, and a [generate] table:
  weights = [ { choose = [-1, "-1/2", "1/2", 1] }, { range = [-2, 2], step = "1/2" } ]
  bias = { range = [-1, 1], step = "1/4", exclude = [0] }
  [generate]
  digits = 4                     # the precision the answers are asked for
  require = ["nonzero-deltas", "no-saturation", "visible-updates", "distinct"]
  tries = 1000                   # candidates per student before giving up
  title = "Homework 3"           # the sheets' heading

The same template, seed and roster give byte-identical files; a student's variant
depends only on the seed and their id. Nothing is written unless everything is.""",
        epilog=EXIT_CODES)
    who = g.add_mutually_exclusive_group(required=True)
    who.add_argument("--roster", help="CSV with a header, the student id in the first column "
                     "and an optional name column")
    who.add_argument("--count", type=positive(int), help="N anonymous students s001, s002, ...")
    g.add_argument("template", help="the exercise template (a network file with choices)")
    g.add_argument("--seed", default="0", help="any text or number")
    g.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to create")
    g.add_argument("--force", action="store_true", help="replace DIR if it exists and is not empty")
    g.set_defaults(run=run)


def run(a) -> int:
    from derive.exercises import choices, roster
    from derive.exercises.generate import build, check_target, write
    from handgrad.progress import progress
    if len(a.seed) > 100 or not a.seed.isprintable():
        raise InputError("generate", "--seed", "at most 100 printable characters")
    check_target(a.output, a.force)               # before any work
    ex = choices.read(a.template)
    students = roster.read(a.roster) if a.roster else roster.counted(a.count)
    gen = build(ex, students, a.seed, Path(a.template).name, progress=progress)
    write(a.output, gen.files, a.force)
    tries = sum(v.attempt + 1 for v in gen.variants)
    print(f"{len(gen.variants)} variants written to {a.output} ({tries} candidates drawn for "
          f"{len(ex.choices)} choices; rules: {', '.join(ex.settings.require) or 'none'})")
    return EXIT_OK
