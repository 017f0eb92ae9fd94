"""Parts (a) and (b) of an answers file: separation lines and the truth table.

A line is read by :mod:`derive.grading.linear` and compared with every boundary line of the
network (each line printed as the worked solution prints it, ``x1 + x2 = 2.5``); every line
missing is named with the unit and the states where it holds. A truth-table row with the wrong
output shows the expected one; a row missing and a row the table does not have (inputs that are
not 0/1, a row given twice) are named.
"""
from __future__ import annotations

from itertools import product

from derive.grading.derivation import Parts
from derive.grading.linear import LinearError, parse_equation
from derive.regions.truth import MAX_TRUTH_INPUTS
from derive.render.math import text
from derive.render.mathprint import Printer

def _verdict(quantity, given, exact, verdict, diagnosis=None, message=""):
    return {"quantity": quantity, "given": given, "exact": exact, "verdict": verdict,
            "recomputed": None, "diagnosis": diagnosis, "message": message}


_PRINT = Printer()


def _line_text(net, form) -> str:
    """A boundary line as the worked solution prints it: ``x1 + x2 = 2.5``."""
    return text(_PRINT.relation_of(form, net.inputs))


def check_lines(D: Parts, lines: list, errors: list) -> list:
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
            out.append(_verdict(f"line[{i}]", text, None, "wrong", "not-a-boundary",
                                "no unit of the network has this boundary"))
    missing = [bl for k, bl in truth.items() if k not in found]
    extra = sum(1 for a in out if a["verdict"] == "wrong")
    if missing:
        where = []
        for bl in missing:
            states = ", ".join(f"y{k} = {s}" for k, s in bl.cell.states.items())
            where.append(f"{_line_text(net, bl.form)} (neuron {bl.neuron}{', where ' + states if states else ''})")
        out.append(_verdict("lines", f"{len(lines)} lines", None, "wrong", "missing-line",
                            "missing " + "; ".join(where)))
    else:
        out.append(_verdict("lines", f"{len(lines)} lines", None, "correct", message="every boundary line given"))
    out[-1].update(_found=len(found), _total=len(truth), _extra=extra)   # for points
    return out


def check_table(D: Parts, rows: list, errors: list) -> list:
    """Every row of the truth table: a wrong row shows the expected output; a missing row and
    an extra one (inputs that are not 0/1, or a row given twice) are named."""
    net = D.net
    if not net.threshold:
        errors.append({"quantity": "truth_table", "message": "truth tables are checked for threshold networks only"})
        return []
    if not D.table():
        errors.append({"quantity": "truth_table", "message": f"no truth table: more than {MAX_TRUTH_INPUTS} "
                       "inputs, or past the work budget"})
        return []
    table = {tuple(r["x"]): r["y"] for r in D.table()}
    n_in, n_out = len(net.inputs), len(net.outputs)
    outs = ", ".join(f"y{o}" for o in net.outputs)
    show = lambda ys: " ".join(map(str, ys))
    out, seen = [], set()
    for i, row in enumerate(rows, 1):
        if not (isinstance(row, list) and len(row) == n_in + n_out
                and all(isinstance(c, int) and not isinstance(c, bool) for c in row)):
            errors.append({"quantity": f"truth_table[{i}]",
                           "message": f"each row is {n_in} inputs then {n_out} outputs, as integers"})
            continue
        x, yv = tuple(row[:n_in]), row[n_in:]
        name = f"truth[{','.join(map(str, x))}]"
        if x not in table:
            out.append(_verdict(name, show(yv), None, "wrong", "extra-row",
                                f"extra row: the inputs are 0 or 1, there is no row x = ({', '.join(map(str, x))})"))
            continue
        if x in seen:
            out.append(_verdict(name, show(yv), show(table[x]), "wrong", "extra-row",
                                f"extra row: x = ({', '.join(map(str, x))}) is given twice"))
            continue
        seen.add(x)
        ok = list(yv) == table[x]
        out.append(_verdict(name, show(yv), show(table[x]), "correct" if ok else "wrong", None,
                            "correct" if ok else f"wrong output: expected {outs} = {show(table[x])}"))
    for x in product((0, 1), repeat=n_in):
        if x not in seen and x in table:
            out.append(_verdict(f"truth[{','.join(map(str, x))}]", "", show(table[x]), "wrong", "missing-row",
                                f"missing row: x = ({', '.join(map(str, x))}) gives {outs} = {show(table[x])}"))
    return out
