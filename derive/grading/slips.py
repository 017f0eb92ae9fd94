"""The catalogue of known slips: each a change to the formula of a quantity.

A slip is data: its code, what it is (the message a student reads after "you ..."), and a
rule that builds the slipped formula of a quantity from the derivation's formulas (drop φ',
turn the error's sign, use the updated weight, ...). The checker evaluates the slipped formula
over the student's own earlier answers (as intervals, like error carried forward) and with the
exact earlier values; the first slip that reproduces the given number names the mistake.

The rules ``not-updated``, ``no-bias-update`` and ``too-few-digits`` are not formulas but
verdicts of the checker itself (:mod:`derive.grading.verdicts`); :data:`RULES` describes them
for the reports and the README.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Callable, Iterable

from derive.model.formula import Add, Expr, Mul, Neg, Num, Sym, substitute, symbols
from derive.model.losses import LOSSES
from derive.model.names import ETA, d, e, parse, v, y
from derive.model.numbers import to_mpf
from derive.grading.derivation import AFTER, Derivation, Quantity


@dataclass(frozen=True)
class Slip:
    code: str
    message: str
    #: (derivation, quantity) -> the slipped formulas of that quantity (none if it does not apply)
    variants: Callable[[Derivation, Quantity], Iterable[Expr]]
    #: whether the slip can explain an answer given under this name (a Given: its ``sign`` is
    #: −1 for a quantity the notation writes with the sign turned, s = −δ, θ = −b); None: always
    when: Callable | None = None
    #: a rule that is no formula: (the typed number, the exact value, the value from the
    #: student's own answers) -> does the slip give the number (truncation)
    test: Callable | None = None


def _index(q: Quantity) -> str:
    return parse(q.name)[1]


def _error_sign(D: Derivation, q: Quantity):
    j = _index(q)
    if q.kind == "e":
        yield Add((Sym(y(j)), Neg(Sym(d(j)))))
    elif q.kind == "delta":
        p = D.parts[j]
        if p.direct is not None:                  # cross-entropy d - y, a softmax group
            yield replace(p, direct=Neg(p.direct)).formula
        elif p.out_term is not None:              # the loss's output signal, turned
            yield Mul((p.dphi, Add((Neg(p.out_term), *p.back_terms))))


def _no_derivative(D: Derivation, q: Quantity):
    if q.kind == "delta":
        p = D.parts[_index(q)]
        if p.direct is None and p.dphi != Num(Fraction(1)):
            yield p.err


def _updated_weight(D: Derivation, q: Quantity):
    if q.kind == "delta" and D.parts[_index(q)].back_terms:
        p = D.parts[_index(q)]
        after = {t.factors[1].name: Sym(t.factors[1].name + AFTER) for t in p.back_terms}
        yield substitute(p.formula, after)


def _dphi_of_v(D: Derivation, q: Quantity):
    if q.kind in ("delta", "dphi"):
        j = _index(q)
        p = D.parts[j]
        if p.dphi is None:
            return
        slipped = substitute(p.dphi, {y(j): Sym(v(j))})
        if slipped != p.dphi:
            yield slipped if q.kind == "dphi" else replace(p, dphi=slipped).formula


def _step_derivative(D: Derivation, q: Quantity):
    """δ = 0 from the step function's φ' (the network's own units are threshold units)."""
    if q.kind in ("delta", "dphi"):
        j = _index(q)
        if D.net.neuron(j).activation.threshold and not D.tnet.neuron(j).activation.threshold:
            yield Num(Fraction(0))


def _wrong_slope(D: Derivation, q: Quantity):
    if q.kind not in ("y", "delta", "dphi"):
        return
    j = _index(q)
    act = D.tnet.neuron(j).activation
    if not act.takes_slope:
        return
    p = D.parts[j]
    for alt in (Fraction(1), Fraction(2), Fraction(1, 2)):
        if alt == act.a:
            continue
        other = act.with_params(a=alt)
        if q.kind == "y":
            yield other.phi(Sym(v(j)))
        elif q.kind == "dphi":
            yield other.dphi(Sym(v(j)), Sym(y(j)))
        elif p.direct is None:
            yield replace(p, dphi=other.dphi(Sym(v(j)), Sym(y(j)))).formula


def _update(D: Derivation, q: Quantity):
    """(old, change) of a parameter's textbook update old + change, None if it is fixed."""
    f = D.textbook(q.name)
    return (f.terms[0], f.terms[1]) if isinstance(f, Add) and len(f.terms) == 2 else None


def _field_for_output(D: Derivation, q: Quantity):
    if q.kind in ("w", "dw", "grad_w"):
        f = D.textbook(q.name)
        sources = [n for n in symbols(f) if n.startswith("y[")]
        if sources:
            yield substitute(f, {n: Sym("v" + n[1:]) for n in sources})


def _no_learning_rate(D: Derivation, q: Quantity):
    if q.kind in ("w", "b", "dw", "db") and D.net.training.learning_rate != 1 and ETA in symbols(D.textbook(q.name)):
        yield substitute(D.textbook(q.name), {ETA: Num(Fraction(1))})


def _update_sign(D: Derivation, q: Quantity):
    if q.kind in ("w", "b") and _update(D, q):
        old, inc = _update(D, q)
        yield Add((old, Neg(inc)))
    elif q.kind in ("dw", "db"):
        yield Neg(D.textbook(q.name))


def _gradient_sign(D: Derivation, q: Quantity):
    if q.kind in ("grad_w", "grad_b"):
        yield Neg(D.textbook(q.name))


def _error_factor(loss, factor):
    """E of ``loss`` off by ``factor``: a slip the loss object names (error-no-half)."""
    def variants(D: Derivation, q: Quantity):
        if q.kind == "E" and D.F.loss is loss:
            yield Mul((Num(Fraction(factor)), D.textbook(q.name)))
    return variants


def _negated(kinds):
    """The quantity with the sign turned: a book's δ = ±∂E/∂v, θ = −b."""
    def variants(D: Derivation, q: Quantity):
        if q.kind in kinds:
            yield Neg(D.textbook(q.name))
    return variants


def _half_or_double(D: Derivation, q: Quantity):
    """A factor 2 lost or gained between a loss with ½ and one without: the output δ from the
    other loss's signal, or the step with η = 2α (or α = η/2)."""
    if q.kind == "delta":
        p = D.parts[_index(q)]
        if p.out_term is not None and p.dphi is not None:
            for c in (Fraction(2), Fraction(1, 2)):
                yield replace(p, out_term=Mul((Num(c), p.out_term))).formula
    elif q.kind in ("w", "b", "dw", "db") and ETA in symbols(D.textbook(q.name)):
        for c in (Fraction(2), Fraction(1, 2)):
            yield substitute(D.textbook(q.name), {ETA: Mul((Num(c), Sym(ETA)))})


def _hidden_raw_error(D: Derivation, q: Quantity):
    """A hidden δ from the output error itself, without the weights: φ′(v_j) Σ e_k (as one
    published example does), or φ′(v_j) Σ δ_k."""
    if q.kind != "delta":
        return
    p = D.parts[_index(q)]
    if p.out_term is not None or not p.back_terms or p.dphi is None:
        return
    errors = [Sym(e(o)) for o in D.tnet.outputs]
    yield Mul((p.dphi, errors[0] if len(errors) == 1 else Add(tuple(errors))))
    deltas = [t.factors[0] for t in p.back_terms]
    yield Mul((p.dphi, deltas[0] if len(deltas) == 1 else Add(tuple(deltas))))


def _truncated(t, exact, recomputed) -> bool:
    """The number is the value cut after its last digit instead of rounded: the value lies
    beyond the number by less than one unit of its last digit, away from zero."""
    if t.exact or t.zero or t.unit is None:
        return False
    lo, hi = sorted((t.value, t.value + t.unit if t.value > 0 else t.value - t.unit))
    for x in (exact, recomputed):
        if x is None:
            continue
        if not isinstance(x, Fraction):     # an 80-digit value: compare in mpmath (its exponent
            x = to_mpf(x)                   # may be astronomically large: no exact Fraction)
            lo_, hi_, value = to_mpf(lo), to_mpf(hi), to_mpf(t.value)
        else:
            lo_, hi_, value = lo, hi, t.value
        if x == value or x == 0 or (x > 0) != (t.value > 0):
            continue
        if (x > 0 and lo_ <= x < hi_) or (x < 0 and lo_ < x <= hi_):
            return True
    return False


#: answers given under a name whose quantity is δ = −∂E/∂v (the contract's δ) or ∂E/∂v (s)
_AS_DELTA = (lambda g: g.sign == 1)
_AS_S = (lambda g: g.sign == -1)

SLIPS: list[Slip] = [
    Slip("delta-sign-convention", "gave delta = -dE/dv (Haykin's sign) where this notation's dE/dv is asked "
         "(Hagan's s, Nielsen's and Bishop's delta: s = -delta)", _negated(("delta",)), when=_AS_S),
    Slip("error-sign", "used (y - d) instead of (d - y) in the output error, so delta has the wrong sign",
         _error_sign),
    Slip("step-derivative", "used the derivative of the step function (0) for phi'(v), so delta is 0; "
         "training uses the smooth units' phi'", _step_derivative),
    Slip("no-derivative", "left out the factor phi'(v) of delta", _no_derivative),
    Slip("updated-weight", "used an already-updated weight in a hidden delta; "
         "delta_j uses the weights from before the update", _updated_weight),
    Slip("dphi-of-v", "wrote phi' with the local field v where it needs the output y "
         "(e.g. v(1 - v) instead of y(1 - y))", _dphi_of_v),
    Slip("wrong-slope", "used the wrong slope a of the sigmoid", _wrong_slope),
    Slip("field-for-output", "used the local field v of the input neuron instead of its output y "
         "in Delta w = eta delta y", _field_for_output),
    Slip("no-learning-rate", "left out the learning rate eta in the update", _no_learning_rate),
    Slip("update-sign", "subtracted the update; the rule is w + eta delta y (delta carries the sign)",
         _update_sign),
    Slip("gradient-sign", "wrote dE/dw = delta y; it is -delta y (delta = -dE/dv)", _gradient_sign),
    Slip("s-for-delta", "gave s = dE/dv = -delta (Hagan's sensitivity, Nielsen's and Bishop's delta) "
         "where delta = -dE/dv is asked", _negated(("delta",)), when=_AS_DELTA),
    Slip("theta-for-b", "gave the threshold theta = -b where the bias b is asked, or b where theta is "
         "asked (a threshold is a weight on a fixed input of -1)", _negated(("b", "db"))),
    Slip("eta-2alpha", "mixed a loss with 1/2 and one without: Haykin's eta with E = 1/2 sum e^2 is "
         "2 alpha of Hagan's F = sum e^2, so a factor 2 went missing or was doubled", _half_or_double),
    Slip("hidden-raw-error", "computed a hidden delta from the output error itself, without the "
         "weights: delta_j = phi'(v_j) sum_k delta_k w_kj", _hidden_raw_error),
    Slip("truncated", "cut the number after its last digit instead of rounding it (round the last "
         "digit: 0.06179 to 3 digits is 0.0618, not 0.0617)", lambda D, q: (), test=_truncated),
] + [Slip(code, message, _error_factor(loss, factor))         # error-no-half and the like
     for loss in LOSSES.values() for code, message, factor in loss.error_slips]

#: Verdicts of the checker's own rules (not formula changes), for reports and the README.
RULES = {
    "not-updated": "gave the weight's value from before the update; your own delta moves it",
    "no-bias-update": "did not update the bias: b <- b + eta delta (your own delta moves it)",
    "too-few-digits": "gave fewer significant digits than required",
    "missing-line": "left out a boundary line",
    "not-a-boundary": "gave a line that no unit of the network has as its boundary",
    "missing-row": "left out a row of the truth table",
    "extra-row": "gave a row the truth table does not have",
}


def variants(D: Derivation, q: Quantity) -> list[tuple[Slip, Expr]]:
    """Every (slip, slipped formula) that applies to ``q``, in catalogue order (cached)."""
    key = ("slips", q.name)
    if key not in D.memo:
        D.memo[key] = [(slip, f) for slip in SLIPS for f in slip.variants(D, q)]
    return D.memo[key]
