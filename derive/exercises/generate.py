"""``handgrad generate``: everything an instructor hands out and grades with, for every student
of a class, written into one folder (CONTRACT.md):

    variants/ID.toml   the student's network       answers/ID.toml  their blank answers file
    problems.tex       one page per student        solutions.tex    one worked solution each
    key.csv            id, quantity, exact, rounded, step             moodle.xml  Cloze questions

Nothing depends on the clock, the machine or the order of a dictionary: the same template, seed
and roster give byte-identical files.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from derive.errors import InputError
from derive.exercises import choices, moodle, sheets
from derive.exercises.answers import Questions, blank, key, step_quantities
from derive.exercises.variants import Variant, no_progress, draw, network_file
from derive.fileio import atomic_folder

KEY_HEADER = ["id", "quantity", "exact", "rounded", "step"]


@dataclass
class Generated:
    variants: list[Variant]
    files: dict[str, str]          # path inside the folder -> text


def questions(v: Variant) -> Questions:
    return Questions(v.candidate.F.net, v.candidate.steps, step_quantities(v.candidate.F))


def build(ex: choices.Exercise, students, seed: str, template_name: str, progress=no_progress) -> Generated:
    """Every file of the folder, as text (nothing is written here). ``progress(iterable, total=,
    unit=, desc=)`` may wrap the two loops over the class in a progress bar."""
    from derive.solution import solve
    variants = draw(ex, students, seed, progress)
    s = ex.settings
    title = s.title or f"Backpropagation exercise ({template_name})"
    files: dict[str, str] = {}
    key_csv = io.StringIO()
    wr = csv.writer(key_csv, lineterminator="\n")
    wr.writerow(KEY_HEADER)
    pages, sols, items = [], [], []
    for v in progress(variants, total=len(variants), unit="student", desc="sheets"):
        st, qs = v.student, questions(v)
        files[f"variants/{st.id}.toml"] = network_file(
            v.tree, f"{title}: the network of student {st.id}\n"
                    f"variant of {template_name}, seed {seed}, candidate {v.attempt + 1} (handgrad generate)")
        files[f"answers/{st.id}.toml"] = blank(qs, f"../variants/{st.id}.toml", student=st.name, sid=st.id,
                                               digits=s.digits, title=title)
        answers = key(qs, s.digits)
        wr.writerows([st.id, k.quantity, k.exact, k.rounded, k.step] for k in answers)
        pages.append((st, v.net, qs))
        items.append((st, v.net, qs, answers))
        sols.append((st, _solution(v, s.digits, len(variants), ex.source) if not sols
                     else solve(v.net, digits=s.digits)))
    files["key.csv"] = key_csv.getvalue()
    files["problems.tex"] = sheets.problems(pages, title, s.digits)
    files["solutions.tex"] = sheets.solutions(sols, title, s.digits)
    files["moodle.xml"] = moodle.quiz(items, title, s.digits)
    return Generated(variants, files)


def _solution(v: Variant, digits: int, students: int, source: str):
    """The first student's worked solution, and a check that the class's fit the budget: the
    variants share their structure, so each costs about what the first did."""
    from derive.budget import LIMITS, Budget
    from derive.solution import solve
    budget = Budget()
    sol = solve(v.net, digits=digits, budget=budget)
    for unit, (limit, what) in LIMITS.items():
        if budget.used[unit] * students > limit:
            raise InputError(source, "", f"the worked solutions of {students} students would pass the "
                             f"budget of {limit:,} {what} ({budget.used[unit]:,} each); generate for "
                             "fewer students at a time or use a smaller network")
    return sol


def check_target(target, force: bool) -> Path:
    """The output folder: a new path, an empty folder, or (with ``force``) a folder to replace."""
    if not str(target):
        raise InputError("generate", "-o", "needs a folder name")
    p = Path(target)
    if p.is_symlink() or (p.exists() and not p.is_dir()):
        raise InputError(str(target), "-o", "exists and is not a folder")
    if not p.parent.is_dir():
        raise InputError(str(target), "-o", f"its parent folder {p.parent} does not exist")
    if not os.access(p.parent, os.W_OK | os.X_OK):
        raise InputError(str(target), "-o", f"cannot write: the folder {p.parent} is not writable")
    if p.is_dir() and any(p.iterdir()) and not force:
        raise InputError(str(target), "-o", "exists and is not empty (use --force to replace it)")
    return p


def write(target, files: dict[str, str], force: bool) -> None:
    """All files into ``target`` at once: a temporary folder beside it, renamed when complete."""
    p = check_target(target, force)
    try:
        with atomic_folder(p, replace=force) as tmp:
            for rel, text in files.items():
                f = tmp / rel
                f.parent.mkdir(parents=True, exist_ok=True)
                f.write_bytes(text.encode("utf-8"))
    except FileExistsError:
        raise InputError(str(target), "-o", "exists and is not empty (use --force to replace it)") from None
    except OSError as e:
        raise InputError(str(target), "-o", f"cannot write: {e.strerror}") from None
