"""Points: what each answer is worth (``handgrad check --points RUBRIC.toml``).

A rubric::

    "delta[*]" = 2          # a quantity name, or a pattern: * stands for any index
    "w[2,*]" = 1
    "*" = 1                 # everything else (without it, quantities no pattern names are not asked)
    lines = 3               # part (a): 3 points for all boundary lines (each missing or wrong costs its share)
    truth_table = 2         # part (b): 2 points for all rows
    steps = [1, 2]          # the steps asked (default: the steps the answers file answers)

    [credit]                # the share of its points an answer earns; a diagnosis code beats its verdict
    correct = 1
    carried = 1
    too-few-digits = 0.5
    wrong = 0

Without a rubric every answer is worth 1 point and a carried answer earns full credit.
``max_points`` counts every quantity asked — answered, left blank or unreadable alike — so a
student who leaves a question out does not raise their percentage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from fractions import Fraction
from pathlib import Path

from derive.errors import InputError
from derive.grading.derivation import canonical
from derive.model.numbers import NumberError, parse_number

DEFAULT_CREDIT = {"correct": Fraction(1), "carried": Fraction(1), "wrong": Fraction(0)}
PARTS = ("lines", "truth_table")
#: the rubric's own keys; every other key is a quantity name or pattern (docs/formats.md)
FIELDS = ("steps", "credit") + PARTS


def credit_keys() -> set[str]:
    """What ``[credit]`` may name: a verdict, or a diagnosis code (a slip's or a rule's)."""
    from derive.grading.report import VERDICTS
    from derive.grading.slips import RULES, SLIPS
    return set(VERDICTS) | set(RULES) | {s.code for s in SLIPS}


def _pattern(text: str) -> re.Pattern:
    return re.compile(".*".join(re.escape(p) for p in text.split("*")))


@dataclass
class Rubric:
    patterns: list = field(default_factory=list)        # (pattern text, regex, points), most specific first
    parts: dict = field(default_factory=dict)           # lines / truth_table -> points
    credit: dict = field(default_factory=lambda: dict(DEFAULT_CREDIT))
    steps: tuple | None = None
    source: str | None = None
    _earned: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path) -> "Rubric":
        from derive.grading.check import read_toml
        return cls.from_dict(read_toml(Path(path)), str(path))

    @classmethod
    def from_dict(cls, data: dict, source: str = "<rubric>") -> "Rubric":
        r = cls(source=source)

        def points(key, value, where):
            try:
                p = parse_number(value)
            except NumberError as e:
                raise InputError(source, where, str(e)) from None
            if not isinstance(p, Fraction):
                raise InputError(source, where, f"points must be a decimal or a fraction such as 2, "
                                                f"0.5 or \"1/3\", not the constant {value!r}")
            if p < 0:
                raise InputError(source, where, "points cannot be negative")
            return p

        for key, value in data.items():
            if key == "credit":
                if not isinstance(value, dict):
                    raise InputError(source, "credit", "must be a table such as [credit] carried = 1")
                known = credit_keys()
                for k, v in value.items():
                    if k not in known:
                        close = get_close_matches(k, sorted(known), n=1)
                        raise InputError(source, f"credit.{k}", "not a verdict or diagnosis code ("
                                         + (f"did you mean {close[0]!r}? " if close else "")
                                         + "expected one of: " + ", ".join(sorted(known)) + ")")
                    r.credit[k] = points(k, v, f"credit.{k}")
            elif key == "steps":
                steps = [value] if isinstance(value, int) and not isinstance(value, bool) else value
                if not isinstance(steps, list) or not steps or not all(
                        isinstance(s, int) and not isinstance(s, bool) and s >= 1 for s in steps):
                    raise InputError(source, "steps", "must be a step number or a list of them, e.g. [1, 2]")
                r.steps = tuple(sorted(set(steps)))
            elif key in PARTS:
                r.parts[key] = points(key, value, key)
            elif isinstance(value, dict):
                raise InputError(source, key, "unknown table (expected [credit])")
            else:
                r.patterns.append((key, _pattern(key), points(key, value, key)))
        # an exact name first, then the pattern with the most literal characters
        r.patterns.sort(key=lambda p: ("*" in p[0], -len(p[0].replace("*", ""))))
        return r

    # -- points ----------------------------------------------------------------------------------
    def weight(self, name: str) -> Fraction:
        """The points of a quantity (``s[2]`` is worth what delta[2] is)."""
        if not self.patterns:
            return Fraction(1)
        for candidate in dict.fromkeys((name, canonical(name)[0])):
            for _, rx, p in self.patterns:
                if rx.fullmatch(candidate):
                    return p
        return Fraction(0)

    def share(self, answer: dict) -> Fraction:
        d = answer.get("diagnosis")
        if d and d in self.credit and answer["verdict"] != "correct":
            return self.credit[d]
        return self.credit.get(answer["verdict"], Fraction(0))

    def grade(self, result: dict, names: list[str] | None) -> None:
        """Add ``points`` to every answer and ``points``/``max_points`` to the result.
        ``names``: every name a step of the network answers to (None without training)."""
        total = maximum = Fraction(0)
        numeric = [a for a in result["answers"] if "step" in a]
        parts = {k: [a for a in result["answers"] if _part(a) == k] for k in PARTS}
        for a in numeric:                 # (quantity, verdict, diagnosis): a class repeats them
            k = (a["quantity"], a["verdict"], a["diagnosis"])
            if k not in self._earned:
                got = self.weight(a["quantity"]) * self.share(a)
                self._earned[k] = got, _num(got)
            got, a["points"] = self._earned[k]
            total += got
        if self.patterns and names is not None:
            steps = self.steps or tuple(result.get("steps") or ())
            asked: dict[str, Fraction] = {}
            for n in names:                    # delta[2] and s[2] are one question
                q = canonical(n)[0]
                asked[q] = max(asked.get(q, Fraction(0)), self.weight(n))
            maximum += sum(asked.values()) * len(steps)
        else:
            answered = [a["quantity"] for a in numeric] + [b["quantity"] for b in result.get("blank", [])]
            answered += [e["quantity"] for e in result.get("errors", []) if "step" in e]
            maximum += len(answered) if not self.patterns else sum(self.weight(q) for q in answered)
        for kind, rows in parts.items():
            if kind in self.parts:
                got = _part_share(kind, rows)
                for a in rows:
                    a["points"] = None
                total += self.parts[kind] * got
                maximum += self.parts[kind]
            elif not self.patterns:
                for a in rows:
                    a["points"] = _num(self.share(a))
                    total += self.share(a)
                maximum += len(rows)
        result["points"] = _num(total)
        result["max_points"] = _num(maximum)


def _part(answer: dict) -> str | None:
    q = answer["quantity"]
    if q == "lines" or q.startswith("line["):
        return "lines"
    if q.startswith("truth["):
        return "truth_table"
    return None


def _part_share(kind: str, rows: list) -> Fraction:
    """The share of part (a) or (b) earned: boundary lines found less wrong lines over all
    lines; correct rows over the rows of the table."""
    if kind == "lines":
        summary = next((a for a in rows if a["quantity"] == "lines"), None)
        if summary is None or not summary["_total"]:
            return Fraction(0)
        return Fraction(max(0, summary["_found"] - summary["_extra"]), summary["_total"])
    table = [a for a in rows if a.get("diagnosis") != "extra-row"]
    correct = sum(1 for a in table if a["verdict"] == "correct")
    return Fraction(correct, len(table)) if table else Fraction(0)


def _num(x):
    """Points as JSON: an integer, else a decimal of at most 4 places."""
    if x.denominator == 1:
        return int(x.numerator)
    return float(round(x, 4))
