"""A class of answers files for the check benchmarks: students who round to 2-5 digits, go on
with the rounded or the unrounded numbers, and a quarter of whom make one slip of the
catalogue (computing on from it). Reproducible from a seed; uses derive's formulas to work the
step, as the students' own arithmetic."""
from __future__ import annotations

import random
from pathlib import Path

from derive.grading.derivation import Derivation
from derive.grading.slips import variants
from derive.model.formula import evaluate
from derive.model.numbers import text_number
from derive.grading.typed import read_number

VISIBLE = ("v", "y", "E", "delta", "w", "b")


def student(D: Derivation, rng: random.Random, step: int = 1) -> dict[str, str]:
    """One student's answers to a step: every v, y, E, delta and updated parameter."""
    digits = rng.choice((2, 3, 3, 4, 4, 5))
    rounded = rng.random() < 0.7
    names = [q for q in D.order if D.quantities[q].kind in VISIBLE]
    slipped = None
    if rng.random() < 0.25:
        options = [(q, f) for q in names for _, f in variants(D, D.quantities[q])]
        slipped = rng.choice(options) if options else None
    env = {**D.base(step), **D.before(step)}
    answers = {}
    for q in D.order:
        Q = D.quantities[q]
        try:
            value = evaluate(slipped[1] if slipped and slipped[0] == q else D.textbook(q), env)
        except KeyError:                  # a slip that needs a later value (an updated weight)
            value = evaluate(D.textbook(q), env)
        if Q.kind in VISIBLE:
            text = text_number(value, digits)
            answers[q] = text
            if rounded:
                value = read_number(text).value
        env[Q.key] = value
    return answers


def write_class(folder: Path, D: Derivation, n: int, network: str, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        body = "\n".join(f'"{q}" = "{t}"' for q, t in student(D, rng).items())
        p = folder / f"s{i:05d}.toml"
        p.write_text(f'student = "student {i}"\nnetwork = "{network}"\n[answers]\n{body}\n')
        files.append(p)
    return files
