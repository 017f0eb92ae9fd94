"""Feedback a student can read: one document per answers file (``handgrad check --feedback DIR``).

For every answer: the verdict and the expected value; for every answer that is not correct,
the worked line with the student's own numbers —

    δ_2 = y_2 (1 − y_2) (d_2 − y_2) = 0.297 · (1 − 0.297) · (0 − 0.297) = −0.06201

(the formula, the formula with the numbers they wrote, the value those numbers give) — and
what the named slip is. The document is a list of blocks rendered by :mod:`derive.render`'s
backends (Markdown, LaTeX, HTML with MathML); user text reaches it only escaped, control
characters included.
"""
from __future__ import annotations

import re
from pathlib import Path

from derive.errors import InputError, one_line
from derive.fileio import write_atomic
from derive.grading.typed import Typed, read_number
from derive.model.numbers import NumberError, parse_decimal, text_number
from derive.render import render_blocks
from derive.render.blocks import Equations, Heading, Para, Table, Title
from derive.render.math import Mn
from derive.render.mathprint import Printer

#: format -> file ending
FORMATS = {"markdown": ".md", "latex": ".tex", "html": ".html"}
VERDICT_WORDS = {"correct": "correct", "carried": "carried (follows from your answers)", "wrong": "wrong"}
_SAFE = re.compile(r"[^A-Za-z0-9_.@-]+")


class _Given(Printer):
    """Prints a student's number as they typed it (normalised: 1.84e-2, a decimal point)."""

    def value(self, x):
        if isinstance(x, Typed):
            if x.exact:
                return self.exact(x.value)
            sign = "-" if x.value < 0 else ""
            return Mn(sign + x.mantissa, x.exponent or None)
        return super().value(x)


def _cell(text) -> str:
    """User text for a table cell, on one line, control characters escaped (the backend makes
    the markup of its format literal)."""
    return one_line("" if text is None else str(text))


def _shown(x: str | None, given: str) -> str:
    """The expected value (the JSON's exact text) to two digits more than the answer has, at
    least 4."""
    if x is None:
        return ""
    try:
        sig = read_number(given).sig if given else None
        value = parse_decimal(x)
    except NumberError:
        return x
    return text_number(value, min(12, max(4, (sig or 2) + 2)))


def blocks(result: dict, fmt: str, digits: int = 4) -> list:
    """The feedback document of one checked file as blocks (:mod:`derive.render.blocks`), the
    same for every format."""
    P = _Given(digits)
    who = result.get("student") or result.get("id") or Path(result["file"]).stem
    out: list = [Title(f"Feedback for {one_line(who)}")]
    if "error" in result:
        out.append(Para(("This file could not be checked: " + one_line(result["error"]),)))
        return out
    steps = result.get("steps") or [result["step"]]
    s = result["summary"]
    facts = [f"File {one_line(result['file'])}, network {one_line(result['network'])}, "
             f"step{'s' if len(steps) > 1 else ''} {', '.join(map(str, steps))}. "
             f"Every number needs at least {result['digits']} significant digits. "
             f"{s['correct']} correct, {s['carried']} carried (they follow from your own earlier "
             f"answers), {s['wrong']} wrong"]
    if "points" in result:
        facts[0] += f"; {result['points']} of {result['max_points']} points"
    out.append(Para((facts[0] + ".",)))
    for n in result.get("notes", []):
        out.append(Para(("Note: " + one_line(n) + ".",)))
    header = ("answer", "you wrote", "verdict", "expected")
    rows = []
    for a in result["answers"]:
        expected = _shown(a.get("exact"), a["given"]) if "step" in a else (a.get("exact") or "")
        rows.append((_cell(a["quantity"]), _cell(a["given"]), _cell(VERDICT_WORDS[a["verdict"]]), _cell(expected)))
    for e in result.get("errors", []):
        rows.append((_cell(e["quantity"]), "", _cell("not read"), ""))
    out += [Heading(("Your answers",)), Table(header, tuple(rows))]
    look = [a for a in result["answers"] if a["verdict"] != "correct"]
    if look or result.get("errors"):
        out.append(Heading(("What to look at",)))
    for a in look:
        step = f" (step {a['step']})" if len(steps) > 1 and "step" in a else ""
        out.append(Heading((f"{one_line(a['quantity'])} = {one_line(a['given'])}{step}: "
                            f"{VERDICT_WORDS[a['verdict']]}",), 2))
        w = a.get("_work")
        if w is not None:
            out.append(Para(("With your own numbers:",)))
            out.append(Equations(((P.quantity(w.quantity), (P.formula(w.formula), P.formula(w.formula, w.values),
                                                              P.value(w.result))),)))
        message = one_line(a["message"])
        out.append(Para((message[:1].upper() + message[1:] + ".",)))
    for e in result.get("errors", []):
        out.append(Heading((f"{one_line(e['quantity'])}: not read",), 2))
        out.append(Para((one_line(e["message"]) + ".",)))
    return out


def render(result: dict, fmt: str = "markdown") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown feedback format {fmt!r} (one of {', '.join(FORMATS)})")
    return render_blocks(blocks(result, fmt), fmt)


class Feedback:
    """Where the feedback of a class goes: one file per answers file in ``folder``."""

    def __init__(self, folder, fmt: str = "markdown"):
        if fmt not in FORMATS:
            raise InputError("handgrad check", "--feedback-format", f"one of {', '.join(FORMATS)}")
        self.folder, self.fmt = Path(folder), fmt
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError(str(folder), "--feedback", "exists and is not a folder")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(str(folder), "--feedback", f"cannot create the folder: {e.strerror}") from None
        self.targets: dict[str, Path] = {}

    def plan(self, paths) -> None:
        """A file name per answers file: its stem, made safe, and unique in the class."""
        used: set[str] = set()
        for p in paths:
            stem = _SAFE.sub("_", Path(p).stem).strip("._") or "answers"
            name, n = stem, 2
            while name.lower() in used:
                name, n = f"{stem}-{n}", n + 1
            used.add(name.lower())
            self.targets[str(p)] = self.folder / (name + FORMATS[self.fmt])

    def write(self, result: dict) -> None:
        target = self.targets[result["file"]]
        write_atomic(target, render(result, self.fmt))
        result["feedback"] = str(target)
