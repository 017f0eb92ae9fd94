"""The students of a class: a roster CSV (a header, the student id in the first column, a
``name`` column used when there) or ``--count N`` anonymous ids ``s001``, ``s002``, …

Ids name files (``variants/ID.toml``), so they are letters, digits and ``_ . @ -``, start with
a letter or digit, hold no ``..``, and are unique even ignoring case (two ids that differ only in case would be
one file on a case-insensitive disk).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from derive.errors import InputError
from derive.fileio import read_regular

MAX_STUDENTS = 2_000
MAX_ROSTER_BYTES = 2_000_000
MAX_NAME = 120
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""


def counted(n: int) -> list[Student]:
    """``n`` anonymous students ``s001`` … (three digits at least, so the first 999 ids do not
    depend on ``n``: adding students changes no one's id)."""
    if not 1 <= n <= MAX_STUDENTS:
        raise InputError("generate", "--count", f"must be from 1 to {MAX_STUDENTS}")
    width = max(3, len(str(n)))
    return [Student(f"s{i:0{width}d}") for i in range(1, n + 1)]


def read(path) -> list[Student]:
    raw = read_regular(path, MAX_ROSTER_BYTES)
    try:
        text = raw.decode("utf-8-sig")            # spreadsheets write a byte-order mark
    except UnicodeDecodeError:
        raise InputError(str(path), "", "not UTF-8 text (save the roster as CSV UTF-8)") from None
    return parse(text, str(path))


def parse(text: str, source: str = "<roster>") -> list[Student]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError(source, "line 1", "no header: the first line names the columns (id first)")
    # a spreadsheet set to a decimal comma writes ';' between cells
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(rows)]
        name_col = header.index("name") if "name" in header else None
        students: list[Student] = []
        seen: dict[str, int] = {}
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue                               # blank lines
            sid = row[0].strip()
            where = f"line {line}"
            if not sid:
                raise InputError(source, where, "no student id in the first column")
            if not ID.fullmatch(sid) or ".." in sid:
                raise InputError(source, where, f"id {sid!r}: use letters, digits and _ . @ - "
                                 "(at most 64, starting with a letter or digit, no '..')")
            key = sid.lower()
            if key in seen:
                raise InputError(source, where, f"duplicate id {sid!r} (also on line {seen[key]})")
            seen[key] = line
            name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
            if len(name) > MAX_NAME:
                raise InputError(source, where, f"name longer than {MAX_NAME} characters")
            students.append(Student(sid, name))
            if len(students) > MAX_STUDENTS:
                raise InputError(source, where, f"more than {MAX_STUDENTS} students")
    except csv.Error as e:
        raise InputError(source, f"line {rows.line_num}", f"not CSV: {e}") from None
    if not students:
        raise InputError(source, "", "no students: the roster has a header but no rows of ids")
    return students
