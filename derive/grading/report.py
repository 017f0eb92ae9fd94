"""The results of ``handgrad check`` as text, JSON or CSV, with a class summary.

User text (file names, student names, quantity names, answers) reaches the text output with
control characters escaped (:func:`derive.errors.one_line`), and a CSV cell that a spreadsheet
would run as a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
gets a leading ``'``, unless it is a plain number such as ``-0.062``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

from derive.errors import one_line
from derive.grading.sources import student_id

VERDICTS = ("correct", "carried", "wrong")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def class_summary(results: list[dict]) -> dict:
    """Counts of the class: answers per verdict, and students per slip ("update-sign: 7
    students" is seven files with that slip, however often each made it)."""
    verdicts: Counter = Counter()
    slips: Counter = Counter()
    for r in results:
        for a in r.get("answers", []):
            verdicts[a["verdict"]] += 1
        slips.update({a["diagnosis"] for a in r.get("answers", []) if a["diagnosis"]})
    return {"files": len(results), "unreadable": sum(1 for r in results if "error" in r),
            "verdicts": {k: verdicts.get(k, 0) for k in VERDICTS},
            "slips": dict(sorted(slips.items(), key=lambda kv: (-kv[1], kv[0])))}


def public(result: dict) -> dict:
    """A result without the checker's private working (keys starting with ``_``)."""
    out = {k: v for k, v in result.items() if not k.startswith("_")}
    if "answers" in out:
        out["answers"] = [{k: v for k, v in a.items() if not k.startswith("_")} for a in out["answers"]]
    return out


# --------------------------------------------------------------------------- CSV
def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    s = "" if value is None else str(value)
    if s[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(s):
        return "'" + s
    return s


def write_csv(fields: list[str], rows) -> str:
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow(fields)
    for row in rows:
        wr.writerow([csv_cell(row.get(f)) for f in fields])
    return buf.getvalue()


def _shown(a: dict) -> str:
    """The quantity, with the name the student gave it in their notation: ``a[1,1] (y[h1])``."""
    q = one_line(a["quantity"])
    return f"{one_line(a['name'])} ({q})" if a.get("name") else q


CSV_FIELDS = ["file", "student", "quantity", "given", "exact", "verdict", "recomputed", "diagnosis", "message"]


def _csv_rows(results: list[dict]):
    for r in results:
        base = {"file": r["file"], "student": student_name(r)}
        if "error" in r:
            yield {**base, "verdict": "error", "message": r["error"]}
            continue
        for a in r["answers"]:
            yield {**base, **{k: a.get(k) for k in CSV_FIELDS[2:]}}
        for e in r["errors"]:
            yield {**base, "quantity": e["quantity"], "verdict": "error", "message": e["message"]}
        for n in r.get("notes", []):
            yield {**base, "quantity": "network", "verdict": "note", "message": n}


def student_name(r: dict) -> str:
    return r.get("student") or r.get("id") or ""


GRADE_FIELDS = ["file", "student", "id", "points", "max_points", "percent", "correct", "carried", "wrong", "slips"]


def _grade_rows(results: list[dict]):
    """One row per student, for an LMS grade import: ``id`` is the file's ``id`` key, else its
    file name's stem (the id ``--variants`` grades it by); an unreadable file has empty points
    and its error in ``slips``."""
    for r in results:
        row = {"file": r["file"], "student": student_name(r) or Path(r["file"]).stem,
               "id": student_id(r["file"], r)}
        if "error" in r:
            yield {**row, "slips": "error: " + r["error"]}
            continue
        s = r["summary"]
        pct = "" if not r["max_points"] else _decimal(100 * Fraction(str(r["points"])) / Fraction(str(r["max_points"])))
        codes = Counter(a["diagnosis"] for a in r["answers"] if a["diagnosis"])
        slips = "; ".join(f"{c} ({n})" if n > 1 else c for c, n in codes.most_common())
        yield {**row, "points": r["points"], "max_points": r["max_points"], "percent": pct,
               "correct": s["correct"], "carried": s["carried"], "wrong": s["wrong"], "slips": slips}


def _decimal(x: Fraction) -> str:
    """At most two decimals, no trailing zeros: 83.33, 50, 12.5."""
    s = f"{float(round(x, 2)):.2f}" if x.denominator != 1 else str(x.numerator)
    return s.rstrip("0").rstrip(".") if "." in s else s


# --------------------------------------------------------------------------- output
def format_results(results: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"files": [public(r) for r in results], "summary": class_summary(results)},
                          indent=2) + "\n"
    if fmt == "csv":
        return write_csv(CSV_FIELDS, _csv_rows(results))
    if fmt == "grades":
        return write_csv(GRADE_FIELDS, _grade_rows(results))
    return format_text(results)


def format_text(results: list[dict]) -> str:
    lines = []
    for r in results:
        if "error" in r:
            lines += [f"{one_line(r['error'])}", ""] if r["error"].startswith(r["file"]) else \
                     [f"{one_line(r['file'])}: cannot check: {one_line(r['error'])}", ""]
            continue
        who = f" ({one_line(student_name(r))})" if student_name(r) else ""
        steps = r.get("steps") or [r["step"]]
        step_text = f"step {steps[0]}" if len(steps) == 1 else "steps " + ", ".join(map(str, steps))
        numeric = any("step" in a for a in r["answers"]) or r.get("blank")
        lines.append(f"{one_line(r['file'])}{who}: network {one_line(r['network'])}"
                     + (f", {step_text}, {r.get('digits', 2)} significant digits required" if numeric else ""))
        for n in r.get("notes", []):
            lines.append(f"  note: {one_line(n)}")
        shown = {id(a): _shown(a) for a in r["answers"]}
        width = max([len(v) for v in shown.values()] + [8])
        several = len(steps) > 1
        current = None
        for a in r["answers"]:
            if several and a.get("step") != current and "step" in a:
                current = a["step"]
                lines.append(f"  step {current}")
            mark = {"correct": "ok", "carried": "carried", "wrong": "WRONG"}[a["verdict"]]
            lines.append(f"  {shown[id(a)]:<{width}}  {one_line(a['given']):>12}  {mark:<8} "
                         f"{one_line(a['message'])}")
        for e in r["errors"]:
            lines.append(f"  {one_line(e['quantity']):<{width}}  {'':>12}  ERROR    {one_line(e['message'])}")
        s = r["summary"]
        lines += [f"  {s['correct']} correct, {s['carried']} carried, {s['wrong']} wrong"
                  + (f", {len(r['errors'])} unreadable" if r["errors"] else "")
                  + (f", {len(r['blank'])} left blank" if r.get("blank") else ""), ""]
    if len(results) > 1:
        cs = class_summary(results)
        v = cs["verdicts"]
        lines.append(f"class: {cs['files']} files ({cs['unreadable']} unreadable): {v['correct']} correct, "
                     f"{v['carried']} carried, {v['wrong']} wrong answers")
        if cs["slips"]:
            lines.append("most common slips: " + ", ".join(
                f"{k}: {n} student{'s' if n != 1 else ''}" for k, n in cs["slips"].items()))
    return "\n".join(lines).rstrip() + "\n"
