"""The range of a formula over intervals of its inputs — error carried forward by intervals.

Each earlier answer stands for the interval of values that round to it; the range of a
formula over those intervals holds every value a student could have computed from them,
whether they went on with the rounded or the unrounded numbers.

Plain interval arithmetic over-estimates a formula in which an input appears twice: y(1 − y)
over y ∈ [0.49, 0.51] gives [0.2401, 0.2601] where the true range is [0.2499, 0.25]. So
:func:`range_of` finds the monotone pieces instead: it encloses every partial derivative over
the box (forward-mode differentiation in interval arithmetic); where each one has a fixed sign
the formula is monotone in every input, and its exact range is its value at two corners,
computed exactly by :func:`derive.model.formula.evaluate`. An input whose derivative changes
sign is split in halves (at most ``MAX_PIECES`` pieces in all); only a piece that still does
not resolve falls back to the plain interval enclosure. The result is always an enclosure of
the true range, and equals it wherever the pieces resolve.

Endpoints are Fractions (exact) or 80-digit mpmath numbers; activations, exp and ln are
monotone, so φ([a, b]) is [φ(a), φ(b)] or [φ(b), φ(a)].
"""
from __future__ import annotations

import math
from fractions import Fraction
from functools import reduce
from typing import Mapping

from derive.model.formula import Arithmetic, Expr, Func, Sym, evaluate, fold, symbols
from derive.model.numbers import MP, to_mpf

INF = MP.inf
#: Pieces a range may be split into before the plain enclosure is used for what is left.
MAX_PIECES = 32

Interval = tuple  # (lo, hi), lo <= hi, each a Fraction or an mpf


def point(x) -> Interval:
    return (x, x)


def _is_zero(a) -> bool:
    return a == 0


def _mul(a, b):
    if _is_zero(a) or _is_zero(b):          # 0 * inf = 0: a derivative known to be 0 stays 0
        return Fraction(0)
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a * b
    return to_mpf(a) * to_mpf(b)


def _add(a, b):
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a + b
    return to_mpf(a) + to_mpf(b)


def _lt(a, b) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a < b
    return to_mpf(a) < to_mpf(b)


def _min(*xs):
    out = xs[0]
    for x in xs[1:]:
        if _lt(x, out):
            out = x
    return out


def _max(*xs):
    return -_min(*(-x for x in xs))


def iadd(a: Interval, b: Interval) -> Interval:
    return _add(a[0], b[0]), _add(a[1], b[1])


def ineg(a: Interval) -> Interval:
    return -a[1], -a[0]


def imul(a: Interval, b: Interval) -> Interval:
    if a[0] is a[1] and b[0] is b[1]:
        p = _mul(a[0], b[0])
        return p, p
    ps = (_mul(a[0], b[0]), _mul(a[0], b[1]), _mul(a[1], b[0]), _mul(a[1], b[1]))
    return _min(*ps), _max(*ps)


def ipow(a: Interval, n: int) -> Interval:
    acc: Interval = (Fraction(1), Fraction(1))
    if n % 2 == 0 and _lt(a[0], 0) and _lt(0, a[1]):   # the square of [-1, 2] is [0, 4]
        m = _max(-a[0], a[1])
        top = Fraction(1)
        for _ in range(n):
            top = _mul(top, m)
        return Fraction(0), top
    for _ in range(n):
        acc = imul(acc, a)
    return acc


def idiv(a: Interval, b: Interval) -> Interval:
    if contains_zero(b):
        return -INF, INF
    return imul(a, _inverse(b))


def _inverse(b: Interval) -> Interval:
    inv = [Fraction(1) / x if isinstance(x, Fraction) else 1 / to_mpf(x) for x in b]
    return _min(*inv), _max(*inv)


def ifunc(e: Func, arg: Interval) -> Interval:
    """A monotone function (every activation, exp, ln) over an interval: its values at the
    two ends."""
    lo, hi = e.act.exact(arg[0]), e.act.exact(arg[1])
    return (lo, hi) if not _lt(hi, lo) else (hi, lo)


def contains_zero(a: Interval) -> bool:
    return not _lt(0, a[0]) and not _lt(a[1], 0)


# --------------------------------------------------------------------------- plain enclosure
#: interval arithmetic over the formula tree (:func:`derive.model.formula.fold`)
INTERVALS = Arithmetic(
    num=point, neg=ineg, add=lambda values: reduce(iadd, values, point(Fraction(0))),
    mul=lambda values: reduce(imul, values, point(Fraction(1))), pow=ipow, div=idiv, func=ifunc)


def enclose(e: Expr, env: Mapping[str, Interval]) -> Interval:
    """Plain interval arithmetic: an enclosure of the range (wide where inputs repeat)."""
    return fold(e, INTERVALS, env.__getitem__)


# --------------------------------------------------------------------------- derivatives
_ZERO = point(Fraction(0))
_ONE = point(Fraction(1))
_RISING = (Fraction(0), INF)          # non-decreasing, slope unknown (a step's jump)
_FALLING = (-INF, Fraction(0))


#: derivatives of the functions that are not activations, from (argument, value): exp' = exp,
#: ln' = 1/v
_DERIVATIVES = {"exp": lambda arg, value: value, "ln": lambda arg, value: idiv(_ONE, arg)}


def _dphi(e: Func, arg: Interval, value: Interval) -> Interval:
    """An enclosure of φ'(v) for v in ``arg``: exp and ln by their rules, an activation by its
    φ' as a student writes it; a step-like function (threshold units, leaky_relu's φ') is
    constant over the interval or jumps inside it, up or down."""
    act = e.act
    if e.name in _DERIVATIVES:
        return _DERIVATIVES[e.name](arg, value)
    dphi = getattr(act, "dphi", None)
    if dphi is not None and not getattr(act, "threshold", False):
        v, y = Sym("\0v"), Sym("\0y")
        return enclose(dphi(v, y), {"\0v": arg, "\0y": value})
    lo, hi = act.exact(arg[0]), act.exact(arg[1])
    if lo == hi:
        return _ZERO
    return _RISING if _lt(lo, hi) else _FALLING


# A value with its derivatives: (enclosure of e, {name: enclosure of ∂e/∂name})
def _d_neg(a):
    val, der = a
    return ineg(val), {k: ineg(d) for k, d in der.items()}


def _d_add(parts):
    val, der = point(Fraction(0)), {}
    for tv, td in parts:
        val = iadd(val, tv)
        for k, d in td.items():
            der[k] = iadd(der[k], d) if k in der else d
    return val, der


def _d_mul(parts):
    n = len(parts)
    prefix = [_ONE] * (n + 1)
    for i, (v, _) in enumerate(parts):
        prefix[i + 1] = imul(prefix[i], v)
    suffix = [_ONE] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix[i] = imul(parts[i][0], suffix[i + 1])
    der: dict = {}
    for i, (_, d) in enumerate(parts):
        if not d:
            continue
        others = imul(prefix[i], suffix[i + 1])
        for k, dk in d.items():
            term = imul(others, dk)
            der[k] = iadd(der[k], term) if k in der else term
    return prefix[n], der


def _d_pow(base, k: int):
    bv, bd = base
    val = ipow(bv, k)
    if not bd:
        return val, {}
    outer = imul(point(Fraction(k)), ipow(bv, k - 1))
    return val, {name: imul(outer, d) for name, d in bd.items()}


def _d_div(num, den):
    (nv, nd), (dv, dd) = num, den
    val = idiv(nv, dv)
    der = {}
    for k in set(nd) | set(dd):               # (n' d - n d') / d²
        top = iadd(imul(nd.get(k, _ZERO), dv), ineg(imul(nv, dd.get(k, _ZERO))))
        der[k] = idiv(top, ipow(dv, 2))
    return val, der


def _d_func(e: Func, arg):
    av, ad = arg
    val = ifunc(e, av)
    if not ad:
        return val, {}
    outer = _dphi(e, av, val)
    return val, {k: imul(outer, d) for k, d in ad.items()}


#: forward-mode differentiation in interval arithmetic (values with their derivatives)
DERIVATIVES = Arithmetic(num=lambda value: (point(value), {}), neg=_d_neg, add=_d_add, mul=_d_mul,
                         pow=_d_pow, div=_d_div, func=_d_func)


def _walk(e: Expr, env, varying: frozenset) -> tuple[Interval, dict]:
    """(enclosure of e, {name: enclosure of ∂e/∂name}) over the box ``env``."""
    return fold(e, DERIVATIVES, lambda name: (env[name], {name: _ONE} if name in varying else {}))


# --------------------------------------------------------------------------- ranges
def _mid(a: Interval):
    if isinstance(a[0], Fraction) and isinstance(a[1], Fraction):
        return (a[0] + a[1]) / 2
    return (to_mpf(a[0]) + to_mpf(a[1])) / 2


def _width(a: Interval):
    return to_mpf(a[1]) - to_mpf(a[0])


def range_of(e: Expr, env: Mapping[str, Interval], names=None) -> Interval:
    """The range of ``e`` when each symbol ranges over its interval in ``env``.

    Exact (two corner evaluations) where ``e`` is monotone in every input over the box;
    otherwise split into monotone pieces (see the module docstring)."""
    names = symbols(e) if names is None else names
    box = {n: env[n] for n in names}
    varying = frozenset(n for n, iv in box.items() if iv[0] is not iv[1] and iv[0] != iv[1])
    if not varying:
        x = evaluate(e, {n: iv[0] for n, iv in box.items()})
        return x, x
    base = {n: iv[0] for n, iv in box.items() if n not in varying}
    queue = [{n: box[n] for n in varying}]
    lo = hi = None
    pieces = 1
    while queue:                       # breadth first: the widest pieces are split first
        piece = queue.pop(0)
        r, split = _piece(e, base, piece, varying, final=pieces >= MAX_PIECES)
        if r is None:
            n = max(split, key=lambda s: _width(piece[s]))
            m = _mid(piece[n])
            queue += [{**piece, n: (piece[n][0], m)}, {**piece, n: (m, piece[n][1])}]
            pieces += 1
            continue
        lo = r[0] if lo is None else _min(lo, r[0])
        hi = r[1] if hi is None else _max(hi, r[1])
    return lo, hi


def _piece(e: Expr, base: dict, piece: dict, varying: frozenset, final: bool):
    """(range, None) of one piece, or (None, inputs to split) when it is not monotone."""
    env = {n: point(x) for n, x in base.items()}
    env.update(piece)
    val, der = _walk(e, env, varying)
    lo_corner, hi_corner, split = {}, {}, []
    for n in varying:
        d = der.get(n, _ZERO)
        iv = piece[n]
        if not _lt(d[0], 0):                      # non-decreasing in n
            lo_corner[n], hi_corner[n] = iv[0], iv[1]
        elif not _lt(0, d[1]):                    # non-increasing
            lo_corner[n], hi_corner[n] = iv[1], iv[0]
        else:
            split.append(n)
    if not split:
        lo = evaluate(e, {**base, **lo_corner})
        hi = evaluate(e, {**base, **hi_corner})
        return ((lo, hi) if not _lt(hi, lo) else (hi, lo)), None
    if not final:
        return None, split
    # the mean-value form f(m) + f'(box)(x - m), tight near a stationary point, cut by the
    # plain enclosure
    mid = {n: _mid(iv) for n, iv in piece.items()}
    fm = evaluate(e, {**base, **mid})
    mv = point(fm)
    for n in varying:
        if n in der:
            mv = iadd(mv, imul(der[n], (_add(piece[n][0], -mid[n]), _add(piece[n][1], -mid[n]))))
    return (_max(mv[0], val[0]), _min(mv[1], val[1])), None


def meets(a: Interval, b: Interval) -> bool:
    """Do two closed intervals share a point? (With a margin of 1e-60 relative, below the
    80-digit working precision's rounding and far below any digits a student writes.) Decided
    in floating point where the answer is clear by a wide margin, exactly otherwise."""
    quick = _quick_meets(a, b)
    if quick is not None:
        return quick
    lo = _max(a[0], b[0])
    hi = _min(a[1], b[1])
    if not _lt(hi, lo):
        return True
    scale = abs(to_mpf(a[0])) + abs(to_mpf(a[1])) + abs(to_mpf(b[0])) + abs(to_mpf(b[1]))
    return to_mpf(lo) - to_mpf(hi) <= scale * MP.mpf(10) ** -60


def _quick_meets(a: Interval, b: Interval) -> bool | None:
    try:
        ends = [float(a[0]), float(a[1]), float(b[0]), float(b[1])]
    except (OverflowError, TypeError):
        return None
    scale = max(abs(x) for x in ends)
    if not math.isfinite(scale) or scale < 1e-250:
        return None
    gap = max(ends[0], ends[2]) - min(ends[1], ends[3])      # > 0: apart, < 0: overlapping
    margin = scale * 1e-9
    if gap > margin:
        return False
    if gap < -margin:
        return True
    return None


def distance(x, a: Interval):
    """How far the number x lies outside the interval a (0 inside)."""
    if _lt(x, a[0]):
        return to_mpf(a[0]) - to_mpf(x)
    if _lt(a[1], x):
        return to_mpf(x) - to_mpf(a[1])
    return MP.mpf(0)
