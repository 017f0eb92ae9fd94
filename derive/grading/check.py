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

import tomllib
from collections import Counter
from fractions import Fraction
from pathlib import Path

from derive.regions.boundaries import analyse
from derive.errors import InputError
from derive.model.formula import Expr, evaluate
from derive.grading.linear import LinearError, parse_equation
from derive.model.network import MAX_FILE_BYTES, Network, load
from derive.model.numbers import MP, NumberError, TomlFloat, count_sig_digits, exact_str, to_mpf
from derive.regions.polyhedra import TooComplex
from derive.backprop.quantities import ERROR, delta, v, y
from derive.model.names import parse
from derive.grading.slips import diagnose, matches, parse_given, show
from derive.backprop.training import run, trained_network
from derive.regions.truth import MAX_TRUTH_INPUTS, truth_table

MAX_ANSWERS = 5000


# --------------------------------------------------------------------------- derivation
class Parts:
    """Parts (a) and (b) of a network, computed on first use and shared by a class."""

    def __init__(self, net: Network):
        self.net = net
        self._lines = self._table = None

    def lines(self):
        """Every distinct boundary line; [] for a network that is not all threshold, None if
        it is too large to enumerate exactly."""
        if self._lines is None:
            self._lines = _lines_or_none(self.net)
        return self._lines

    def table(self):
        if self._table is None:
            self._table = (truth_table(self.net) if self.net.threshold
                           and len(self.net.inputs) <= MAX_TRUTH_INPUTS else [])
        return self._table


class Derivation(Parts):
    """Everything the checker needs about a trained network, computed once per class."""

    def __init__(self, net: Network):
        super().__init__(net)
        self.tnet, self.F = trained_network(net)
        if net.training.mode != "online":
            raise InputError(net.source, "training.mode", "check supports online training steps "
                             "(each step one pattern); this network trains in batch mode")
        self.steps = run(net, (self.tnet, self.F))
        self.parts = self.F.delta_parts()
        self.updates = self.F.updates()
        self.slope = net.training.slope
        # every quantity's formula, in the order a student computes them: v, y per neuron,
        # E, δ from the outputs back, then the updated parameters
        self.formula: dict[str, Expr] = {}
        for q, j in self.F.forward_order:          # a softmax group's y after its last v
            self.formula[q] = self.F.field[j] if q == v(j) else self.F.output[j]
        self.formula[ERROR] = self.F.error
        self.formula.update({delta(j): p.formula for j, p in self.parts.items()})
        self.formula.update(self.updates)


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
            known = parse(q)
            errors.append({"quantity": q, "message": (f"no quantity {q!r} in this network" if known else
                           f"unknown quantity name {q!r} (use v[j], y[j], delta[j], w[j,k], b[j], E)")})
            continue
        try:
            given[q] = parse_given(raw)
        except NumberError as e:
            errors.append({"quantity": q, "message": f"not a number: {e}"})
    after_given = {q: g[1] for q, g in given.items() if q in D.updates}
    # what the student is given: the parameters before the update (under their own names:
    # the env of a pass holds those), x, d and eta; derived values are added as we go
    env_s = {k: val for k, val in env_exact.items() if k not in D.formula or k in D.updates}
    out = []
    for q in D.formula:
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
                                    f"follows from your earlier answers ({show(recomputed, text)}); "
                                    f"the exact value is {show(exact, text)}"))
        else:
            slip = diagnose(D, q, text, g, env_s, env_exact, after_given)
            msg = f"expected {show(exact, text)}"
            if not _close(recomputed, exact):
                msg += f" ({show(recomputed, text)} from your earlier answers)"
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
    truth = {bl.form.key(): bl for bl in D.lines()}
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
            out.append(_verdict(f"line[{i}]", text, _line_text(net, truth[key].form), "correct",
                                message="a boundary line"))
        else:
            out.append(_verdict(f"line[{i}]", text, None, "wrong", None, "not-a-boundary",
                                "no unit of the network has this boundary"))
    missing = [bl for k, bl in truth.items() if k not in found]
    if missing:
        where = []
        for bl in missing:
            states = ", ".join(f"y{k} = {s}" for k, s in bl.cell.states.items())
            where.append(f"{_line_text(net, bl.form)} (neuron {bl.neuron}{', where ' + states if states else ''})")
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
            data = tomllib.loads(path.read_bytes().decode("utf-8"), parse_float=TomlFloat)
        except FileNotFoundError:
            raise InputError(path, "", "no such file") from None
        except IsADirectoryError:
            raise InputError(path, "", "is a directory") from None
        except UnicodeDecodeError:
            raise InputError(path, "", "not UTF-8 text") from None
        except tomllib.TOMLDecodeError as e:
            raise InputError(path, "", f"not valid TOML: {e}") from None
        unknown = set(data) - {"network", "step", "digits", "answers", "lines", "truth_table", "student", "id"}
        if unknown:
            raise InputError(path, sorted(unknown)[0], "unknown field (expected network, step, digits, "
                             "answers, lines, truth_table, student, id)")
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
        # a blank answers file (handgrad template) leaves "" where nothing was answered
        answers = {q: a for q, a in answers.items() if not (isinstance(a, str) and not a.strip())}
        if len(answers) > MAX_ANSWERS:
            raise InputError(path, "answers", f"at most {MAX_ANSWERS} answers")
        errors: list = []
        results: list = []
        if isinstance(D, Network):                  # no [training]: parts (a) and (b) only
            if answers:
                raise InputError(path, "answers", f"network {spec!r} has no [training] table to check against")
            D = Parts(D)
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
    if not net.threshold:
        return []
    try:
        return analyse(net).distinct_lines()
    except TooComplex:
        return None


def check_files(paths) -> list[dict]:
    cache: dict = {}
    return [check_file(p, cache) for p in paths]


