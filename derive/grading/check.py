"""Checking a student's answers file: numbers of one or several training steps, separation lines
(part (a)) and the truth table (part (b)).

The verdicts of numbers (correct, carried, wrong; the precision policy; error carried forward by
intervals; several steps) are :mod:`derive.grading.verdicts`; numbers and names as students type
them are :mod:`derive.grading.typed` and :mod:`derive.grading.spelling`; which network a file is
graded against is :mod:`derive.grading.sources`. This module reads the file and puts the
results together:

    {"file", "network", "step", "steps", "digits", "answers": [...], "errors": [...],
     "notes": [...], "blank": [...], "summary": {"correct", "carried", "wrong"}}

or ``{"file", "error"}`` when the file cannot be checked at all. Python API::

    from derive.grading.check import check_files
    results = check_files(["a.toml", "b.toml"], network="xor", digits=3)
"""
from __future__ import annotations

import json
from fractions import Fraction
import multiprocessing
import re
import tomllib
from collections import Counter
from functools import partial
from pathlib import Path

from derive.errors import InputError
from derive.fileio import read_regular
from derive.grading.derivation import Derivation, canonical
from derive.grading.parts import check_lines, check_table
from derive.grading.rubric import Rubric
from derive.grading.sources import Networks
from derive.grading.spelling import NameError_, NameReader
from derive.grading.typed import read_number
from derive.grading.verdicts import DEFAULT_DIGITS, Given, Policy, walk
from derive.model.network import MAX_FILE_BYTES
from derive.model.numbers import NumberError, TomlFloat

MAX_ANSWERS = 5000
MAX_DIGITS = 30
KEYS = ("network", "id", "student", "step", "digits", "notation", "answers", "steps", "before", "lines",
        "truth_table")


# --------------------------------------------------------------------------- reading the file
def read_toml(path: Path) -> dict:
    """An answers or rubric file: a regular file, bounded, UTF-8 (a BOM is fine), TOML; a TOML
    error says how to fix the line (quote the name or the value)."""
    raw = read_regular(path, MAX_FILE_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "", "not UTF-8 text") from None
    try:
        return tomllib.loads(text, parse_float=TomlFloat)
    except tomllib.TOMLDecodeError as e:
        raise InputError(str(path), "", f"not valid TOML: {e}{toml_hint(text, e)}") from None
    except RecursionError:
        raise InputError(str(path), "", "not valid TOML: nested too deeply") from None


def _parses(line: str) -> bool:
    try:
        tomllib.loads(line)
        return True
    except (tomllib.TOMLDecodeError, RecursionError):
        return False


def toml_hint(text: str, err: Exception) -> str:
    """``; quote the name: "v[1]" = 0.5`` for the line the TOML error is on, when quoting the
    name or the value would make it valid."""
    m = re.search(r"at line (\d+)", str(err))
    lines = text.splitlines()
    if not m or not 1 <= int(m.group(1)) <= len(lines):
        return ""
    key, eq, value = lines[int(m.group(1)) - 1].partition("=")
    key, value = key.strip(), value.strip()
    if not eq or not key or not value or len(key) > 100 or len(value) > 200:
        return ""
    if "\\" in key and key.startswith('"') and key.endswith('"'):     # "\delta_1": a TOML escape
        return f" (line {m.group(1)}: use single quotes: '{key[1:-1]}' = {value})"
    qkey, qvalue = json.dumps(key, ensure_ascii=False), json.dumps(value, ensure_ascii=False)
    quoted_key, quoted_value = key.startswith(('"', "'")), value.startswith(('"', "'"))
    fixes = [(not quoted_key, f"{qkey} = {value}", "quote the name"),
             (not quoted_value, f"{key} = {qvalue}", "quote the value"),
             (not quoted_key and not quoted_value, f"{qkey} = {qvalue}", "quote the name and the value")]
    for applies, fixed, what in fixes:
        if applies and _parses(fixed):
            return f" (line {m.group(1)}: {what}: {fixed})"
    return ""


def _int(data: dict, key: str, path: Path, lo: int, hi: int | None = None):
    v = data[key]
    if not isinstance(v, int) or isinstance(v, bool) or v < lo or (hi is not None and v > hi):
        raise InputError(str(path), key, f"must be an integer from {lo}" + (f" to {hi}" if hi else " up"))
    return v


# --------------------------------------------------------------------------- one file
def check_file(path, cache=None, *, networks: Networks | None = None, digits: int | None = None,
               rubric: Rubric | None = None, work: bool = False) -> dict:
    """One answers file (see the module docstring). ``digits`` (the command line's ``--digits``)
    wins over the file's own; ``networks`` is the instructor's choice of network (default: the
    file's own ``network`` key, within the working directory). ``work``: keep the worked line
    of every answer that is not correct (``_work``, for feedback)."""
    path = Path(path)
    if networks is None:
        networks = Networks()
        if isinstance(cache, dict):           # version 1 API: a dict shared by a class
            networks._cache = cache
    data = {}
    try:
        data = read_toml(path)
        unknown = sorted(set(data) - set(KEYS))
        if unknown:
            raise InputError(str(path), unknown[0], "unknown field (expected " + ", ".join(KEYS) + ")")
        for key in ("student", "id"):
            if key in data and not isinstance(data[key], str):
                raise InputError(str(path), key, "must be a string")
        try:
            name, D, note = networks.choose(path, data)
        except InputError as e:
            if e.field:
                raise
            raise InputError(str(path), "network", f"cannot load {data.get('network', e.source)!r}: "
                             f"{e}") from None
        return check_data(data, D, str(path), name, digits=digits, notes=[note] if note else [],
                          rubric=rubric, work=work)
    except InputError as e:
        out = {"file": str(path), "error": str(e)}
        out.update({k: data[k] for k in ("student", "id") if isinstance(data.get(k), str)})
        return out


_DEFAULT_RUBRIC = Rubric()
#: files per task when a class is checked by several processes
CHUNK = 250


def check_files(paths, *, network: str | None = None, variants: str | None = None,
                digits: int | None = None, root: str | None = None, points: str | None = None,
                jobs: int = 1, feedback=None) -> list[dict]:
    """Many answers files, one result each, in order; every network is derived once (by
    content) per process. ``points``: a rubric file (see :mod:`derive.grading.rubric`).
    ``feedback``: a :class:`derive.grading.feedback.Feedback` that writes each student's
    document (its path lands in the result as ``feedback``). ``jobs`` > 1 checks a large class
    in that many processes (forked, so nothing is set up twice); the results are the same."""
    paths = [Path(p) for p in paths]
    networks = Networks(network, variants, root)
    rubric = Rubric.load(points) if points else None
    if feedback is not None:
        feedback.plan(paths)
    one = partial(_check_one, networks=networks, digits=digits, rubric=rubric, feedback=feedback)
    if jobs <= 1 or len(paths) < 2 * CHUNK or "fork" not in multiprocessing.get_all_start_methods():
        return [one(p) for p in paths]
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    global _WORKER
    _WORKER = one
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(chunks))) as pool:
            return [r for part in pool.imap(_check_chunk, chunks) for r in part]
    finally:
        _WORKER = None


_WORKER = None


def _check_one(path: Path, networks, digits, rubric, feedback) -> dict:
    r = check_file(path, networks=networks, digits=digits, rubric=rubric, work=feedback is not None)
    if feedback is not None:
        feedback.write(r)
        for a in r.get("answers", []):
            a.pop("_work", None)
    return r


def _check_chunk(paths: list[Path]) -> list[dict]:
    return [_WORKER(p) for p in paths]


def check_data(data: dict, D, source: str = "<answers>", network_name: str = "", *,
               digits: int | None = None, notes: list | None = None, rubric: Rubric | None = None,
               work: bool = False) -> dict:
    """The answers of a parsed answers file (a dict as TOML gives it) against a
    :class:`~derive.grading.derivation.Derivation` (or its :class:`~derive.grading.derivation.Parts`)."""
    file_digits = _int(data, "digits", Path(source), 1, MAX_DIGITS) if "digits" in data else None
    policy = Policy(digits or file_digits or DEFAULT_DIGITS)
    errors: list = []
    blank: list = []
    results: list = []
    step_answers = _step_tables(data, source)
    if any(step_answers.values()):
        if not isinstance(D, Derivation):
            why = D.training_error or f"network {network_name!r} has no [training] table to check against"
            raise InputError(source, "answers", str(why))
        reader = _reader(D, _notation(data, D, source))
        steps: dict[int, list[Given]] = {}
        for index in sorted(step_answers):
            if not 1 <= index <= D.step_count:
                raise InputError(source, "step", f"step {index} does not exist (the network's training has "
                                 f"{D.step_count} step{'s' if D.step_count != 1 else ''})")
        computed = D.steps_to(max(step_answers))      # only the steps asked for, not the whole training
        for index, table in sorted(step_answers.items()):
            if index > len(computed):
                raise InputError(source, "step", f"step {index} cannot be checked: {computed.notes[0]}")
            steps[index] = _givens(table, reader, index, errors, blank, len(step_answers) > 1)
        before = _before(data, D, reader, source)
        constants = {k: [g for g in gs if g.quantity in CONSTANTS] for k, gs in steps.items()}
        steps = {k: [g for g in gs if g.quantity not in CONSTANTS] for k, gs in steps.items()}
        if any(steps.values()):
            results += walk(D, {k: g for k, g in steps.items() if g}, policy, before, work)
        results += [_constant(D, g, k, policy) for k, gs in sorted(constants.items()) for g in gs]
    elif "before" in data:
        raise InputError(source, "before", "only with answers of a step")
    if "lines" in data:
        if not isinstance(data["lines"], list):
            raise InputError(source, "lines", "must be a list of equations")
        results += check_lines(D, data["lines"], errors)
    if "truth_table" in data:
        if not isinstance(data["truth_table"], list):
            raise InputError(source, "truth_table", "must be a list of rows")
        results += check_table(D, data["truth_table"], errors)
    if not results and not errors and not blank:
        raise InputError(source, "answers", "nothing to check (no answers, lines or truth_table)")
    first = min(step_answers) if step_answers else data.get("step", 1)
    out = {"file": source, "network": network_name, "step": first, "steps": sorted(step_answers),
           "digits": policy.digits, "answers": results, "errors": errors, "notes": notes or [],
           "blank": blank, "summary": summary(results)}
    for key in ("student", "id", "notation"):
        if isinstance(data.get(key), str):
            out[key] = data[key]
    (rubric or _DEFAULT_RUBRIC).grade(out, D.sorted_names if isinstance(D, Derivation) else None)
    return out


def _step_tables(data: dict, source: str) -> dict[int, dict]:
    """{step: {name: value}} from ``[answers]`` (with ``step``) or ``[steps.N]``."""
    if "answers" in data and "steps" in data:
        raise InputError(source, "steps", "use [answers] (with step = N) or [steps.N] tables, not both")
    if "steps" in data:
        if "step" in data:
            raise InputError(source, "step", "with [steps.N] tables each table names its step")
        tables = data["steps"]
        if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
            raise InputError(source, "steps", "must hold tables [steps.1], [steps.2], ... of quantity = value")
        out = {}
        for k, t in tables.items():
            if not re.fullmatch(r"[1-9][0-9]{0,4}", k):
                raise InputError(source, f"steps.{k}", "a step is a number from 1 up: [steps.1]")
            out[int(k)] = t
        total = sum(len(t) for t in out.values())
    else:
        step = _int(data, "step", Path(source), 1) if "step" in data else 1
        answers = data.get("answers", {})
        if not isinstance(answers, dict):
            raise InputError(source, "answers", "must be a table of quantity = value")
        out = {step: answers} if answers or "answers" in data else {}
        total = len(answers)
    # a line or a truth-table row is an answer too: 240,000 rows held 519 MB
    total += sum(len(data[k]) for k in ("lines", "truth_table") if isinstance(data.get(k), list))
    if total > MAX_ANSWERS:
        raise InputError(source, "answers", f"{total:,} answers (quantities, lines and truth-table "
                         f"rows); at most {MAX_ANSWERS:,}")
    return out


def _notation(data: dict, D: Derivation, source: str):
    """The notation the file's names are read in: its own ``notation``, else its network's
    (None: the contract's names only)."""
    from derive.notations import notation
    if "notation" in data:
        return notation(data["notation"], source, "notation")
    return notation(D.net.notation) if D.net.notation else None


def _reader(D: Derivation, N=None) -> NameReader:
    key = ("names", N.name if N is not None else None)
    if key not in D.memo:
        D.memo[key] = NameReader(D.names, notation=N, table=_table(D, N) if N is not None else None,
                                 others=lambda: _tables(D))
    return D.memo[key]


def _table(D: Derivation, N) -> dict:
    """The names of notation ``N`` for this network (once per class)."""
    from derive.notations.names import answer_names
    key = ("notation names", N.name)
    if key not in D.memo:
        D.memo[key] = answer_names(D.tnet, N, D.order)
    return D.memo[key]


#: the largest step (in quantities) whose names every notation lists for a hint (six tables of
#: a few µs a name; past it an unknown name's message names no notation)
MAX_HINT_QUANTITIES = 5000


def _tables(D: Derivation) -> dict:
    from derive.notations import NOTATIONS
    if len(D.order) > MAX_HINT_QUANTITIES:
        return {}
    return {name: _table(D, N) for name, N in NOTATIONS.items()}


def _givens(table: dict, reader: NameReader, index: int, errors: list, blank: list, tag: bool) -> list[Given]:
    """The answers of one step, each a number for one quantity: a vector or matrix answer of a
    notation (Hagan's ``a[1] = [0.321, 0.368]``) gives one per element."""
    from derive.notations.names import ShapeError, cells, flatten
    out: list[Given] = []
    seen: dict[str, str] = {}
    where = (lambda q: f"step {index}: {q}") if tag else (lambda q: q)
    for key, raw in table.items():
        try:
            m = reader.resolve(key)
        except NameError_ as e:
            errors.append({"quantity": where(key), "step": index, "message": str(e)})
            continue
        label = key if m.shape is not None or reader.table.get(key) or reader.meanings(key) else None
        if m.shape is not None and not (isinstance(raw, (list, str)) and (isinstance(raw, list) or
                                                                       raw.strip().startswith("["))):
            if _size(m.shape) != 1:
                errors.append({"quantity": where(key), "step": index,
                               "message": f"{m.what}: give {_size(m.shape)} values, e.g. [\"0.321\", \"0.368\"]"})
                continue
            raws = [raw]
        elif m.shape is not None:
            try:
                raws = flatten(cells(raw), m.shape)
            except ShapeError as e:
                errors.append({"quantity": where(key), "step": index, "message": f"{m.what}: {e}"})
                continue
        else:
            raws = [raw]
        for i, (q, alias, r) in enumerate(zip(m.quantities, m.alias, raws)):
            name_shown = m.elements[i] if m.elements else label
            try:
                typed = read_number(r)
            except NumberError as e:
                errors.append({"quantity": where(alias), "step": index, "message": f"not a number: {e}"})
                continue
            if alias in seen:
                errors.append({"quantity": where(alias), "step": index,
                               "message": f"answered twice (as {seen[alias]!r} and {key!r}); keep one"})
                continue
            seen[alias] = key
            if typed is None:
                blank.append({"quantity": alias, "step": index})
                continue
            out.append(Given(alias, q, m.sign, typed, typed.text, name_shown))
    return out


#: the constants of a step an answer may give in a notation's name (Hagan's alpha: the learning
#: rate; Haykin's alpha: the momentum constant), judged against the file
CONSTANTS = ("eta", "alpha")


def _constant(D: Derivation, g: Given, index: int, policy) -> dict:
    """The verdict of a constant the student states: the learning rate or the momentum
    constant; a learning rate off by a factor 2 is the eta-2alpha slip."""
    from derive.grading.slips import SLIPS
    from derive.model.numbers import exact_str
    t = D.net.training
    x = t.learning_rate if g.quantity == "eta" else t.momentum
    r = {"quantity": g.quantity, "given": g.raw, "exact": exact_str(x) if x is not None else "none",
         "verdict": "wrong", "recomputed": None, "diagnosis": None, "step": index}
    if g.label and g.label != g.quantity:
        r["name"] = g.label
    if x is None:
        return {**r, "message": "this network trains without momentum"}
    if g.typed.value == x or (policy.enough(g.typed) and g.typed.holds(x)):
        return {**r, "verdict": "correct", "message": "correct"}
    if g.quantity == "eta" and any(g.typed.holds(c * x) for c in (2, Fraction(1, 2))):
        slip = next(s for s in SLIPS if s.code == "eta-2alpha")
        return {**r, "diagnosis": slip.code, "message": f"expected {exact_str(x)}: you {slip.message}"}
    return {**r, "message": f"expected {exact_str(x)}, the network file's"}


def _size(shape: tuple) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _before(data: dict, D: Derivation, reader: NameReader, source: str) -> dict | None:
    table = data.get("before")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise InputError(source, "before", "must be a table of the parameters before the step (w[j,k], b[j])")
    out = {}
    for key, raw in table.items():
        try:
            m = reader.resolve(key)
        except NameError_ as e:
            raise InputError(source, f"before.{key}", str(e)) from None
        if m.shape is not None:
            raise InputError(source, f"before.{key}", "give the parameters one by one (w[j,k], b[j])")
        quantity, sign = m.quantities[0], m.sign
        if not D.quantities[quantity].parameter:
            raise InputError(source, f"before.{key}", "only parameters (w[j,k], b[j]) go in [before]")
        try:
            typed = read_number(raw)
        except NumberError as e:
            raise InputError(source, f"before.{key}", str(e)) from None
        if typed is not None:
            out[quantity] = typed if sign == 1 else typed.negated()
    return out


def summary(answers: list) -> dict:
    c = Counter(a["verdict"] for a in answers)
    return {k: c.get(k, 0) for k in ("correct", "carried", "wrong")}

