"""Checking a student's numbers: correct, carried (error carried forward) or wrong, with the slip
that explains a wrong one.

For each quantity of a training step, in the order a student computes them (v, y per neuron, E,
δ from the outputs back, then the updated weights and biases):

- **correct**: the given value is the exact value correctly rounded to the digits written
  (|given − exact| < 0.51 units of the last written digit), or equals it exactly;
- **carried**: not correct, but correct for the value recomputed by the same formula from the
  student's own earlier answers (their value where they gave one, the carried value where not);
- **wrong**: neither; a catalogue of known slips, each a change to the formula, is tried with
  the student's inputs and with exact inputs, and the one that reproduces the number is named.

Whatever the verdict, later quantities are recomputed from the student's value, so one slip is
penalised once.
"""
from __future__ import annotations

import csv
import io
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

from .activations import ACTIVATIONS
from .boundaries import all_lines, cells, field_under
from .errors import InputError, one_line
from .formula import Add, Expr, Mul, Neg, Sym, evaluate, substitute
from .linear import LinearError, parse_equation
from .network import MAX_FILE_BYTES, Network, load
from .numbers import (MP, NumberError, count_sig_digits, exact_str, format_sig, last_digit_unit,
                      parse_decimal, to_mpf)
from .quantities import ERROR, ETA, d, delta, v, y
from .training import run, trained_network
from .polyhedra import TooComplex
from .truth import MAX_TRUTH_INPUTS, truth_table

_QUANTITY = re.compile(r"(v|y|delta|b)\[([A-Za-z0-9_]+)\]|w\[([A-Za-z0-9_]+),([0-9]+)\]|E")
MAX_ANSWERS = 5000
TOLERANCE = Fraction(51, 100)


# --------------------------------------------------------------------------- matching
def parse_given(value) -> tuple[str, Fraction]:
    """A student's answer: the text as typed (digits kept) and its exact value."""
    if isinstance(value, bool):
        raise NumberError("a boolean is not a number")
    if isinstance(value, int):
        return str(value), Fraction(value)
    if isinstance(value, float):
        text = repr(value)
        if text in ("nan", "inf", "-inf"):
            raise NumberError(f"{text} is not a finite number")
        return text, parse_decimal(text)
    if isinstance(value, str):
        return value.strip(), parse_decimal(value)
    raise NumberError(f"expected a number, got {type(value).__name__}")


def matches(text: str, given: Fraction, value) -> bool:
    """Is ``text`` the value correctly rounded to the digits written, or exactly it?"""
    if isinstance(value, Fraction) and given == value:
        return True
    if "/" in text:
        return abs(to_mpf(given) - to_mpf(value)) < MP.mpf(10) ** -30
    unit = last_digit_unit(text)
    return abs(to_mpf(given) - to_mpf(value)) < to_mpf(TOLERANCE * unit)


def _show(x, text: str | None = None) -> str:
    """A value for a message: two digits more than the student wrote (at least 4)."""
    digits = max(4, (count_sig_digits(text) if text and "/" not in text else 2) + 2)
    mant, exp = format_sig(x, min(digits, 12))
    return mant if exp is None else f"{mant}e{exp}"


# --------------------------------------------------------------------------- derivation
class Derivation:
    """Everything the checker needs about one network, computed once (a class shares it)."""

    def __init__(self, net: Network):
        self.net = net
        self.tnet, self.F = trained_network(net)
        if net.training.mode != "online":
            raise InputError(net.source, "training.mode", "check supports online training steps "
                             "(each step one pattern); this network trains in batch mode")
        self.steps = run(net)
        self.parts = self.F.delta_parts()
        self.updates = self.F.updates()
        self.slope = net.training.slope
        order = []
        for n in self.tnet.neurons:
            order += [v(n.id), y(n.id)]
        order.append(ERROR)
        order += [delta(j) for j in self.parts]
        order += list(self.updates)
        self.order = order
        self.formula: dict[str, Expr] = {}
        for n in self.tnet.neurons:
            self.formula[v(n.id)] = self.F.field[n.id]
            self.formula[y(n.id)] = self.F.output[n.id]
        self.formula[ERROR] = self.F.error
        self.formula.update({delta(j): p.formula for j, p in self.parts.items()})
        self.formula.update(self.updates)
        self._lines = None
        self._table = None

    def lines(self):
        if self._lines is None:
            self._lines = _lines_or_none(self.net)
        return self._lines

    def table(self):
        if self._table is None:
            self._table = (truth_table(self.net) if self.net.threshold
                           and len(self.net.inputs) <= MAX_TRUTH_INPUTS else [])
        return self._table


# --------------------------------------------------------------------------- slips
@dataclass(frozen=True)
class Slip:
    code: str
    message: str
    #: (derivation, quantity, env, given-after values) -> the slipped value, or None
    apply: Callable


def _kind(q: str) -> tuple[str, str]:
    m = _QUANTITY.fullmatch(q)
    if q == ERROR:
        return "E", ""
    if m.group(1):
        return m.group(1), m.group(2)
    return "w", m.group(3)


def _delta_variant(D: Derivation, q, env, transform):
    kind, j = _kind(q)
    if kind != "delta":
        return None
    expr = transform(D, j, D.parts[j])
    return None if expr is None else evaluate(expr, env)


def _error_sign(D, j, p):
    if p.out_term is None:
        return None
    flipped = Add((Sym(y(j)), Neg(Sym(d(j)))))
    terms = [flipped] + list(p.back_terms)
    return Mul((p.dphi, terms[0] if len(terms) == 1 else Add(tuple(terms))))


def _updated_weight(D: Derivation, q, env, after):
    kind, j = _kind(q)
    if kind != "delta" or not D.parts[j].back_terms:
        return None
    env2 = dict(env)
    for term in D.parts[j].back_terms:
        wq = term.factors[1].name
        env2[wq] = after[wq] if wq in after else evaluate(D.updates[wq], env)
    return evaluate(D.parts[j].formula, env2)


def _update_variant(D: Derivation, q, env, build):
    kind, j = _kind(q)
    if kind not in ("w", "b") or q not in D.updates:
        return None
    old = Sym(q)
    inc = D.updates[q].terms[1]          # η δ_j y_k  (or η δ_j)
    expr = build(D, q, old, inc)
    return None if expr is None else evaluate(expr, env)


def _field_for_output(D, q, old, inc):
    src = inc.factors[2].name if len(inc.factors) == 3 else None
    if src is None or not src.startswith("y["):
        return None
    return Add((old, Mul(inc.factors[:2] + (Sym("v" + src[1:]),))))


def _slope_variant(D: Derivation, q, env, after):
    kind, j = _kind(q)
    n = D.tnet.neuron(j) if kind in ("y", "delta") else None
    if n is None or n.activation != "sigmoid":
        return None
    for alt in (Fraction(1), Fraction(2), Fraction(1, 2)):
        if alt == D.slope:
            continue
        act = ACTIVATIONS["sigmoid"]
        if kind == "y":
            return evaluate(act.phi(Sym(v(j)), alt), env)
        p = D.parts[j]
        return evaluate(Mul((act.derivative(Sym(v(j)), Sym(y(j)), alt), p.err)), env)
    return None


SLIPS: list[Slip] = [
    Slip("error-sign", "used (y - d) instead of (d - y) in the output error, so delta has the wrong sign",
         lambda D, q, env, after: _delta_variant(D, q, env, _error_sign)),
    Slip("no-derivative", "left out the factor phi'(v) of delta",
         lambda D, q, env, after: _delta_variant(D, q, env, lambda D, j, p: p.err)),
    Slip("updated-weight", "used an already-updated weight in a hidden delta; "
         "delta_j uses the weights from before the update",
         _updated_weight),
    Slip("dphi-of-v", "wrote phi' with the local field v where it needs the output y "
         "(e.g. v(1 - v) instead of y(1 - y))",
         lambda D, q, env, after: _delta_variant(D, q, env, lambda D, j, p: Mul((
             substitute(p.dphi, {y(j): Sym(v(j))}), p.err)))),
    Slip("wrong-slope", "used the wrong slope a of the sigmoid", _slope_variant),
    Slip("field-for-output", "used the local field v of the input neuron instead of its output y "
         "in Delta w = eta delta y",
         lambda D, q, env, after: _update_variant(D, q, env, _field_for_output)),
    Slip("no-learning-rate", "left out the learning rate eta in the update",
         lambda D, q, env, after: None if env[ETA] == 1 else _update_variant(
             D, q, env, lambda D, q, old, inc: Add((old, Mul(inc.factors[1:]) if len(inc.factors) > 2
                                                     else inc.factors[1])))),
    Slip("update-sign", "subtracted the update; the rule is w + eta delta y (delta carries the sign)",
         lambda D, q, env, after: _update_variant(D, q, env, lambda D, q, old, inc: Add((old, Neg(inc))))),
    Slip("no-bias-update", "did not update the bias: b <- b + eta delta",
         lambda D, q, env, after: env[q] if _kind(q)[0] == "b" else None),
    Slip("error-no-half", "left out the 1/2 in E = 1/2 sum (d - y)^2",
         lambda D, q, env, after: None if q != ERROR else 2 * to_mpf(evaluate(D.F.error, env))),
]


def diagnose(D: Derivation, q: str, text: str, given: Fraction, env_student: dict, env_exact: dict,
             after: dict) -> Slip | None:
    for slip in SLIPS:
        # with the student's inputs, their own updated weights; with exact ones, the exact
        for env, upd in ((env_student, after), (env_exact, {})):
            try:
                val = slip.apply(D, q, env, upd)
            except (KeyError, ZeroDivisionError):
                val = None
            if val is not None and matches(text, given, val):
                return slip
    return None


# --------------------------------------------------------------------------- one file
def _verdict(quantity, text, exact, verdict, recomputed=None, diagnosis=None, message=""):
    return {"quantity": quantity, "given": text, "exact": exact, "verdict": verdict,
            "recomputed": recomputed, "diagnosis": diagnosis, "message": message}


def _check_numbers(D: Derivation, step_index: int, answers: dict, digits: int | None, errors: list) -> list:
    step = D.steps[step_index - 1]
    env_exact = dict(step.passes[0].env)
    exact_after = step.after
    given: dict[str, tuple[str, Fraction]] = {}
    for q, raw in answers.items():
        if q not in D.formula:
            known = _QUANTITY.fullmatch(q)
            errors.append({"quantity": q, "message": (f"no quantity {q!r} in this network" if known else
                           f"unknown quantity name {q!r} (use v[j], y[j], delta[j], w[j,k], b[j], E)")})
            continue
        try:
            given[q] = parse_given(raw)
        except NumberError as e:
            errors.append({"quantity": q, "message": f"not a number: {e}"})
    after_given = {q: g[1] for q, g in given.items() if q in D.updates}
    env_s = {k: val for k, val in env_exact.items()
             if k not in D.formula or k in D.updates}        # parameters, inputs, d, eta
    for k in D.updates:                                        # old parameters by their names
        env_s[k] = step.before[k]
    out = []
    for q in D.order:
        recomputed = evaluate(D.formula[q], env_s)
        exact = exact_after[q] if q in D.updates else env_exact[q]
        if q not in given:
            if q not in D.updates:
                env_s[q] = recomputed
            continue
        text, g = given[q]
        if q not in D.updates:
            env_s[q] = g
        few = digits is not None and count_sig_digits(text) < digits and not (
            isinstance(exact, Fraction) and g == exact)
        if matches(text, g, exact):
            if few:
                out.append(_verdict(q, text, exact_str(exact), "wrong", None, "too-few-digits",
                                    f"right to the {count_sig_digits(text)} digits given, but at least "
                                    f"{digits} significant digits are required"))
            else:
                out.append(_verdict(q, text, exact_str(exact), "correct", message="correct"))
        elif matches(text, g, recomputed):
            if few:
                out.append(_verdict(q, text, exact_str(exact), "wrong", exact_str(recomputed), "too-few-digits",
                                    f"follows from your earlier answers, but at least {digits} significant "
                                    "digits are required"))
            else:
                out.append(_verdict(q, text, exact_str(exact), "carried", exact_str(recomputed), None,
                                    f"follows from your earlier answers ({_show(recomputed, text)}); "
                                    f"the exact value is {_show(exact, text)}"))
        else:
            slip = diagnose(D, q, text, g, env_s, env_exact, after_given)
            msg = f"expected {_show(exact, text)}"
            if not _close(recomputed, exact):
                msg += f" ({_show(recomputed, text)} from your earlier answers)"
            if slip:
                msg += f": you {slip.message}"
            out.append(_verdict(q, text, exact_str(exact), "wrong", None, slip.code if slip else None, msg))
    return out


def _close(a, b) -> bool:
    return abs(to_mpf(a) - to_mpf(b)) <= MP.mpf(10) ** -40 * (1 + abs(to_mpf(b)))


def _line_text(net: Network, form) -> str:
    lhs = " + ".join(f"{c}*{x}" if c != 1 else x for c, x in zip(form.coeffs, net.inputs) if c)
    return f"{lhs.replace('+ -', '- ')} = {-form.const}"


def _check_lines(D: Derivation, lines: list, errors: list) -> list:
    net = D.net
    if not net.threshold:
        errors.append({"quantity": "lines", "message": "separation lines are checked for threshold networks only"})
        return []
    if D.lines() is None:
        errors.append({"quantity": "lines", "message": "too many threshold units to enumerate the lines exactly"})
        return []
    truth = {f.key(): f for f in D.lines()}
    found, out = set(), []
    for i, text in enumerate(lines, 1):
        if not isinstance(text, str):
            errors.append({"quantity": f"line[{i}]", "message": "must be a string such as \"x2 = -x1 + 1.5\""})
            continue
        try:
            coeffs, const = parse_equation(text, net.inputs)
        except LinearError as e:
            errors.append({"quantity": f"line[{i}]", "message": f"cannot read {text!r}: {e}"})
            continue
        lead = next(c for c in coeffs if c)
        key = tuple(c / lead for c in coeffs) + (const / lead,)
        if key in truth:
            found.add(key)
            out.append(_verdict(f"line[{i}]", text, _line_text(net, truth[key]), "correct", message="a boundary line"))
        else:
            out.append(_verdict(f"line[{i}]", text, None, "wrong", None, "not-a-boundary",
                                "no unit of the network has this boundary"))
    missing = [f for k, f in truth.items() if k not in found]
    if missing:
        where = []
        for f in missing:
            for n in net.neurons:
                for cell in cells(net, net.ancestors(n.id)):
                    if field_under(net, n.id, cell.states).key() == f.key():
                        states = ", ".join(f"y{k} = {s}" for k, s in cell.states.items())
                        where.append(f"{_line_text(net, f)} (neuron {n.id}{', where ' + states if states else ''})")
                        break
                else:
                    continue
                break
        out.append(_verdict("lines", f"{len(lines)} lines", None, "wrong", None, "missing-line",
                            "missing " + "; ".join(where)))
    else:
        out.append(_verdict("lines", f"{len(lines)} lines", None, "correct", message="every boundary line given"))
    return out


def _check_table(D: Derivation, rows: list, errors: list) -> list:
    net = D.net
    if not net.threshold:
        errors.append({"quantity": "truth_table", "message": "truth tables are checked for threshold networks only"})
        return []
    if not D.table():
        errors.append({"quantity": "truth_table", "message": f"no truth table: more than {MAX_TRUTH_INPUTS} inputs"})
        return []
    table = {tuple(r["x"]): r["y"] for r in D.table()}
    n_in, n_out = len(net.inputs), len(net.outputs)
    out = []
    for i, row in enumerate(rows, 1):
        if not (isinstance(row, list) and len(row) == n_in + n_out
                and all(isinstance(c, int) and not isinstance(c, bool) for c in row)):
            errors.append({"quantity": f"truth_table[{i}]",
                           "message": f"each row is {n_in} inputs then {n_out} outputs, as integers"})
            continue
        x, yv = tuple(row[:n_in]), row[n_in:]
        name = f"truth[{','.join(map(str, x))}]"
        if x not in table:
            errors.append({"quantity": name, "message": "inputs must be 0 or 1"})
            continue
        ok = list(yv) == table[x]
        out.append(_verdict(name, " ".join(map(str, yv)), " ".join(map(str, table[x])),
                            "correct" if ok else "wrong", message="correct" if ok else "wrong output"))
    return out


def _summary(answers: list) -> dict:
    c = Counter(a["verdict"] for a in answers)
    return {k: c.get(k, 0) for k in ("correct", "carried", "wrong")}


def check_file(path, cache: dict | None = None) -> dict:
    """One answers file: {"file", "network", "step", "answers": [...], "errors": [...],
    "summary": {...}}, or {"file", "error"} when the file cannot be checked at all."""
    cache = {} if cache is None else cache
    path = Path(path)
    try:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise InputError(path, "", f"file larger than {MAX_FILE_BYTES} bytes")
            data = tomllib.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            raise InputError(path, "", "no such file") from None
        except IsADirectoryError:
            raise InputError(path, "", "is a directory") from None
        except UnicodeDecodeError:
            raise InputError(path, "", "not UTF-8 text") from None
        except tomllib.TOMLDecodeError as e:
            raise InputError(path, "", f"not valid TOML: {e}") from None
        unknown = set(data) - {"network", "step", "digits", "answers", "lines", "truth_table", "student"}
        if unknown:
            raise InputError(path, sorted(unknown)[0], "unknown field (expected network, step, digits, "
                             "answers, lines, truth_table, student)")
        spec = data.get("network")
        if not isinstance(spec, str):
            raise InputError(path, "network", "missing: a built-in name or a network file's path")
        target = spec if (spec in ("xor",) and not (path.parent / spec).exists()) else str(path.parent / spec)
        key = target if spec == target else str(Path(target).resolve())
        if key not in cache:
            try:
                net = load(target)
                cache[key] = Derivation(net) if net.training is not None else net
            except InputError as e:
                cache[key] = e
        D = cache[key]
        if isinstance(D, InputError):
            raise InputError(path, "network", f"cannot load {spec!r}: {D}")
        step = data.get("step", 1)
        if not isinstance(step, int) or isinstance(step, bool):
            raise InputError(path, "step", "must be an integer")
        digits = data.get("digits")
        if digits is not None and (not isinstance(digits, int) or isinstance(digits, bool) or not 1 <= digits <= 30):
            raise InputError(path, "digits", "must be an integer from 1 to 30")
        answers = data.get("answers", {})
        if not isinstance(answers, dict):
            raise InputError(path, "answers", "must be a table of quantity = value")
        if len(answers) > MAX_ANSWERS:
            raise InputError(path, "answers", f"at most {MAX_ANSWERS} answers")
        errors: list = []
        results: list = []
        if isinstance(D, Network):                  # no [training]: parts (a) and (b) only
            if answers:
                raise InputError(path, "answers", f"network {spec!r} has no [training] table to check against")
            D = _ThresholdOnly(D)
        elif answers:
            if not 1 <= step <= len(D.steps):
                raise InputError(path, "step", f"step {step} does not exist (the network's training has "
                                 f"{len(D.steps)} step{'s' if len(D.steps) != 1 else ''})")
            results += _check_numbers(D, step, answers, digits, errors)
        if "lines" in data:
            if not isinstance(data["lines"], list):
                raise InputError(path, "lines", "must be a list of equations")
            results += _check_lines(D, data["lines"], errors)
        if "truth_table" in data:
            if not isinstance(data["truth_table"], list):
                raise InputError(path, "truth_table", "must be a list of rows")
            results += _check_table(D, data["truth_table"], errors)
        if not results and not errors:
            raise InputError(path, "answers", "nothing to check (no answers, lines or truth_table)")
        out = {"file": str(path), "network": spec, "step": step, "answers": results,
               "errors": errors, "summary": _summary(results)}
        if isinstance(data.get("student"), str):
            out["student"] = data["student"]
        return out
    except InputError as e:
        return {"file": str(path), "error": str(e)}


def _lines_or_none(net: Network):
    """Every boundary line, [] for a network that is not all threshold, None if too complex."""
    if not net.threshold:
        return []
    try:
        return all_lines(net)
    except TooComplex:
        return None


class _ThresholdOnly:
    """A network without training: lines and truth tables can still be checked."""

    def __init__(self, net: Network):
        self.net = net
        self._lines = _lines_or_none(net)
        self._table = truth_table(net) if net.threshold and len(net.inputs) <= MAX_TRUTH_INPUTS else []

    def lines(self):
        return self._lines

    def table(self):
        return self._table


def check_files(paths) -> list[dict]:
    cache: dict = {}
    return [check_file(p, cache) for p in paths]


def class_summary(results: list[dict]) -> dict:
    verdicts = Counter()
    slips = Counter()
    for r in results:
        for a in r.get("answers", []):
            verdicts[a["verdict"]] += 1
            if a["diagnosis"]:
                slips[a["diagnosis"]] += 1
    return {"files": len(results), "unreadable": sum(1 for r in results if "error" in r),
            "verdicts": {k: verdicts.get(k, 0) for k in ("correct", "carried", "wrong")},
            "slips": dict(slips.most_common())}


# --------------------------------------------------------------------------- output
CSV_FIELDS = ["file", "student", "quantity", "given", "exact", "verdict", "recomputed", "diagnosis", "message"]


def format_results(results: list[dict], fmt: str) -> str:
    import json
    if fmt == "json":
        return json.dumps({"files": results, "summary": class_summary(results)}, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        wr = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
        wr.writeheader()
        for r in results:
            base = {"file": r["file"], "student": r.get("student", "")}
            if "error" in r:
                wr.writerow({**base, "verdict": "error", "message": r["error"]})
                continue
            for a in r["answers"]:
                wr.writerow({**base, **{k: ("" if a.get(k) is None else a[k]) for k in CSV_FIELDS[2:]}})
            for e in r["errors"]:
                wr.writerow({**base, "quantity": e["quantity"], "verdict": "error", "message": e["message"]})
        return buf.getvalue()
    lines = []
    for r in results:
        if "error" in r:
            lines += [f"{r['file']}: cannot check: {r['error']}", ""]
            continue
        lines.append(f"{r['file']}: network {r['network']}, step {r['step']}")
        width = max([len(a["quantity"]) for a in r["answers"]] + [8])
        for a in r["answers"]:
            mark = {"correct": "ok", "carried": "carried", "wrong": "WRONG"}[a["verdict"]]
            lines.append(f"  {one_line(a['quantity']):<{width}}  {one_line(a['given']):>12}  {mark:<8} "
                         f"{one_line(a['message'])}")
        for e in r["errors"]:
            lines.append(f"  {one_line(e['quantity']):<{width}}  {'':>12}  ERROR    {one_line(e['message'])}")
        s = r["summary"]
        lines += [f"  {s['correct']} correct, {s['carried']} carried, {s['wrong']} wrong"
                  + (f", {len(r['errors'])} unreadable" if r["errors"] else ""), ""]
    if len(results) > 1:
        cs = class_summary(results)
        v = cs["verdicts"]
        lines.append(f"class: {cs['files']} files ({cs['unreadable']} unreadable): {v['correct']} correct, "
                     f"{v['carried']} carried, {v['wrong']} wrong")
        if cs["slips"]:
            lines.append("most common slips: " + ", ".join(f"{k} ({n})" for k, n in cs["slips"].items()))
    return "\n".join(lines).rstrip() + "\n"
