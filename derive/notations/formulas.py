"""The model's formulas in a notation's quantities, and their values.

The formulas of :mod:`derive.backprop.quantities` are written in the contract's quantities
(Haykin's: δ_j = −∂E/∂v_j, b_j). A notation with δ = ∂E/∂v writes s_j = −δ_j (Hagan's
sensitivity, Nielsen's and Bishop's δ), one with thresholds θ_j = −b_j: :func:`notate`
substitutes and moves the signs out of the products, the way the book prints the formula
(s_j = ḟ(n_j) Σ_k s_k w_kj, not −ḟ(n_j) Σ_k (−s_k) w_kj); :func:`values` adds the values of
the notation's quantities to a step's values. The numbers are the same.
"""
from __future__ import annotations

from fractions import Fraction

from derive.model.formula import Add, Div, Expr, Func, Mul, Neg, Num, Pow, Sym, rebuild, substitute, symbols
from derive.model.names import parse

#: a notation's quantity that is the contract's with the sign turned: kind -> (contract kind, when)
_TURNED = {"delta": ("s", "delta"), "b": ("theta", "threshold"), "db": ("dtheta", "threshold"),
           "db_prev": ("dtheta_prev", "threshold"), "grad_b": ("grad_theta", "threshold")}


def renames(N) -> dict[str, str]:
    """The contract kinds a notation writes as another quantity with the sign turned:
    ``{"delta": "s"}`` (δ = ∂E/∂v), ``{"b": "theta", "db": "dtheta", …}`` (thresholds)."""
    out = {}
    for kind, (other, when) in _TURNED.items():
        if (when == "delta" and N.delta_sign == -1) or (when == "threshold" and N.bias == "threshold"):
            out[kind] = other
    return out


def rename(N, q: str) -> tuple[str, int]:
    """(the notation's quantity for the contract's ``q``, the sign between them):
    ``b[3]`` -> (``theta[3]``, −1) with thresholds, ``delta[2]`` -> (``s[2]``, −1) with δ = ∂E/∂v."""
    kind, bracket, rest = q.partition("[")
    other = renames(N).get(kind)
    return (f"{other}{bracket}{rest}", -1) if other else (q, 1)


def _kind_index(name: str):
    p = parse(name)
    if p is not None:
        return p[0], name[len(p[0]):]
    kind, bracket, rest = name.partition("[")
    return (kind, bracket + rest) if bracket else (None, None)


def notate(e: Expr, N, numbers_first: bool = True) -> Expr:
    """``e`` in the notation's quantities, signs moved out of products and sums of negatives
    (with ``turn_difference``, −(d − y) written y − d)."""
    turned = renames(N)
    if turned:
        mapping = {}
        for name in symbols(e):
            kind, index = _kind_index(name)
            if kind in turned:
                mapping[name] = Neg(Sym(turned[kind] + index))
        e = substitute(e, mapping) if mapping else e
    e = tidy(e, numbers_first)
    return turn(e) if N.turn_difference else e


def values(env: dict, N) -> dict:
    """``env`` with the notation's own quantities added (s[j] = −delta[j], theta[j] = −b[j] …)."""
    turned = renames(N)
    if not turned:
        return env
    out = dict(env)
    for name, x in env.items():
        kind, index = _kind_index(name)
        if kind in turned:
            out[turned[kind] + index] = -x
    return out


def _strip(e: Expr) -> tuple[Expr, bool]:
    return (e.arg, True) if isinstance(e, Neg) else (e, False)


def tidy(e: Expr, numbers_first: bool = True, factor: bool = False) -> Expr:
    """Signs moved outward: −(−a) = a, a·(−b) = −(a·b), and in a product
    c·((−a) + (−b)) = −c·(a + b); nested products flattened, numbers first when
    ``numbers_first`` (2·ḟ·e, not ḟ·2·e). A sum that is not a factor keeps its terms
    (−2 y₁ − 0.5 stays so)."""
    if isinstance(e, (Sym, Num)):
        return e
    if isinstance(e, Neg):
        a = tidy(e.arg, numbers_first)
        if isinstance(a, Add) and len(a.terms) > 1 and all(isinstance(t, Neg) for t in a.terms):
            return Add(tuple(t.arg for t in a.terms))          # −(−a − b) = a + b
        return a.arg if isinstance(a, Neg) else Neg(a)
    if isinstance(e, Mul):
        neg, factors = False, []
        for f in e.factors:
            f, n = _strip(tidy(f, numbers_first, True))
            neg ^= n
            factors += list(f.factors) if isinstance(f, Mul) else [f]
        if numbers_first:
            factors = [f for f in factors if isinstance(f, Num)] + [f for f in factors if not isinstance(f, Num)]
        out = Mul(tuple(factors))
        return Neg(out) if neg else out
    if isinstance(e, Add):
        terms = [tidy(t, numbers_first) for t in e.terms]
        if factor and len(terms) > 1 and all(isinstance(t, Neg) for t in terms):
            return Neg(Add(tuple(t.arg for t in terms)))
        if len(terms) == 1:
            return terms[0]
        return Add(tuple(terms))
    if isinstance(e, Pow):
        return Pow(tidy(e.base, numbers_first), e.exp)
    if isinstance(e, Div):
        (num, a), (den, b) = _strip(tidy(e.num, numbers_first)), _strip(tidy(e.den, numbers_first))
        out = Div(num, den)
        return Neg(out) if a ^ b else out
    if isinstance(e, Func):
        return Func(e.act, tidy(e.arg, numbers_first))
    raise TypeError(e)


def _error(e: Expr) -> bool:
    """Is ``e`` an output error d_k − y_k?"""
    return isinstance(e, Add) and len(e.terms) == 2 and isinstance(e.terms[1], Neg) \
        and isinstance(e.terms[0], Sym) and e.terms[0].name.startswith("d[") \
        and isinstance(e.terms[1].arg, Sym) and e.terms[1].arg.name.startswith("y[")


def _swap(e: Add) -> Add:
    return Add((e.terms[1].arg, Neg(e.terms[0])))


def turn(e: Expr) -> Expr:
    """−(d − y)·c written (y − d)·c: Nielsen's (a − y)σ′(z), Bishop's y − t."""
    if isinstance(e, Neg):
        inner = e.arg
        if _error(inner):
            return _swap(inner)
        if isinstance(inner, Mul):
            for i, f in enumerate(inner.factors):
                if _error(f):
                    return Mul(inner.factors[:i] + (_swap(f),) + inner.factors[i + 1:])
        return e
    if isinstance(e, Add):
        return Add(tuple(turn(t) for t in e.terms))
    return e


def error_named(e: Expr, outputs) -> Expr:
    """``e`` with every d_k − y_k written e_k (Hagan's F = e², Negnevitsky's δ = y(1 − y) e)."""
    pairs = {Add((Sym(f"d[{k}]"), Neg(Sym(f"y[{k}]")))): Sym(f"e[{k}]") for k in outputs}
    return rebuild(e, pairs.get)


def minus_one() -> Num:
    """The fixed input of a threshold (Negnevitsky: Δθ = α · (−1) · δ)."""
    return Num(Fraction(-1))
