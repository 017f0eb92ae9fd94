"""Matching a student's number, and the catalogue of known slips that explain a wrong one.

Each slip is a rule applied to the formula of a quantity (from :mod:`derive.backprop.quantities`): flip
the sign of the error term, drop φ', use the updated weight, ... It is evaluated with the
student's own earlier values and with the exact ones; the first that reproduces the given
number (to the digits written) names the mistake.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from derive.model.losses import LOSSES
from derive.model.formula import Add, Mul, Neg, Sym, evaluate, substitute
from derive.model.numbers import MP, NumberError, TomlFloat, count_sig_digits, last_digit_unit, parse_decimal, text_number, to_mpf
from derive.model.names import ERROR, ETA, d, parse, v, y

TOLERANCE = Fraction(51, 100)


# --------------------------------------------------------------------------- matching
def parse_given(value) -> tuple[str, Fraction]:
    """A student's answer: the text as typed (digits kept) and its exact value."""
    if isinstance(value, bool):
        raise NumberError("a boolean is not a number")
    if isinstance(value, int):
        return str(value), Fraction(value)
    if isinstance(value, TomlFloat):             # digits as typed: 0.1820 keeps its zero
        if value.text.lstrip("+-") in ("inf", "nan"):
            raise NumberError(f"{value.text} is not a finite number")
        return value.text, parse_decimal(value.text)
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


def show(x, text: str | None = None) -> str:
    """A value for a message: two digits more than the student wrote (at least 4)."""
    digits = max(4, (count_sig_digits(text) if text and "/" not in text else 2) + 2)
    return text_number(x, min(digits, 12))


# --------------------------------------------------------------------------- slips
@dataclass(frozen=True)
class Slip:
    code: str
    message: str
    #: (derivation, quantity, env, given-after values) -> the slipped value, or None
    apply: Callable


def _kind(q: str) -> tuple[str, str]:
    kind, j, _ = parse(q)
    return kind, j


def _delta_variant(D, q, env, transform):
    kind, j = _kind(q)
    if kind != "delta" or D.parts[j].direct is not None:   # the slips below are of φ'·err
        return None
    expr = transform(D, j, D.parts[j])
    return None if expr is None else evaluate(expr, env)


def _error_sign(D, j, p):
    if p.out_term is None:
        return None
    flipped = Add((Sym(y(j)), Neg(Sym(d(j)))))
    terms = [flipped] + list(p.back_terms)
    return Mul((p.dphi, terms[0] if len(terms) == 1 else Add(tuple(terms))))


def _updated_weight(D, q, env, after):
    kind, j = _kind(q)
    if kind != "delta" or not D.parts[j].back_terms:
        return None
    env2 = dict(env)
    for term in D.parts[j].back_terms:
        wq = term.factors[1].name
        env2[wq] = after[wq] if wq in after else evaluate(D.updates[wq], env)
    return evaluate(D.parts[j].formula, env2)


def _update_variant(D, q, env, build):
    kind, j = _kind(q)
    incs = D.F.increments()
    if kind not in ("w", "b") or q not in incs or D.F.momentum is not None:
        return None
    old = Sym(q)
    inc = incs[q]                        # η δ_j y_k  (or η δ_j)
    expr = build(D, q, old, inc)
    return None if expr is None else evaluate(expr, env)


def _field_for_output(D, q, old, inc):
    src = inc.factors[2].name if len(inc.factors) == 3 else None
    if src is None or not src.startswith("y["):
        return None
    return Add((old, Mul(inc.factors[:2] + (Sym("v" + src[1:]),))))


def _slope_variant(D, q, env, after):
    kind, j = _kind(q)
    n = D.tnet.neuron(j) if kind in ("y", "delta") else None
    if n is None or not n.activation.takes_slope:
        return None
    act = n.activation
    for alt in (Fraction(1), Fraction(2), Fraction(1, 2)):
        if alt == act.a:
            continue
        other = act.with_params(a=alt)
        if kind == "y":
            return evaluate(other.phi(Sym(v(j))), env)
        p = D.parts[j]
        if p.direct is not None:
            return None
        return evaluate(Mul((other.dphi(Sym(v(j)), Sym(y(j))), p.err)), env)
    return None


def _error_slip(loss, factor):
    """E of this loss off by ``factor`` (a slip the loss object names)."""
    def apply(D, q, env, after):
        if q != ERROR or D.F.loss is not loss:
            return None
        return to_mpf(factor) * to_mpf(evaluate(D.F.error, env))
    return apply


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
] + [Slip(code, message, _error_slip(loss, factor))       # error-no-half and the like
      for loss in LOSSES.values() for code, message, factor in loss.error_slips]


def diagnose(D, q: str, text: str, given: Fraction, env_student: dict, env_exact: dict,
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
