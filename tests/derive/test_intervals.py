"""Ranges for error carried forward: enclosures, tight (no dependency blow-up), and the guard
against over-wide intervals."""
from fractions import Fraction as F

import mpmath
from hypothesis import given, settings
from hypothesis import strategies as st
from mpmath import mp
from support import examples

import derive
from derive.grading.check import check_data
from derive.grading.derivation import Derivation
from derive.grading.intervals import enclose, range_of
from derive.grading.typed import read_number
from derive.grading.verdicts import Policy
from derive.model.activations import ACTIVATIONS
from derive.model.formula import Add, Mul, Neg, Pow, Sym, evaluate, substitute

mp.dps = 50
Y, D_, V = Sym("y"), Sym("d"), Sym("v")
SIGMOID_DELTA = Mul((Y, 1 - Y, Add((D_, Neg(Y)))))            # y(1 - y)(d - y)
TANH_DELTA = Mul((1 - Pow(Y, 2), Add((D_, Neg(Y)))))           # (1 - y²)(d - y)


def _true_range(poly, lo, hi):
    """min and max of a polynomial (coefficients, highest first) on [lo, hi], by calculus:
    the ends and the real roots of the derivative inside."""
    deriv = [c * (len(poly) - 1 - i) for i, c in enumerate(poly[:-1])]
    points = [lo, hi] + [r.real for r in mpmath.polyroots(deriv, maxsteps=200, extraprec=200)
                         if abs(r.imag) < 1e-30 and lo <= r.real <= hi]
    values = [mpmath.polyval(poly, p) for p in points]
    return min(values), max(values)


def test_y_one_minus_y_has_no_dependency_blow_up():
    box = {"y": (F(49, 100), F(51, 100))}
    assert enclose(Mul((Y, 1 - Y)), box) == (F(2401, 10000), F(2601, 10000))   # plain interval arithmetic
    assert range_of(Mul((Y, 1 - Y)), box) == (F(2499, 10000), F(1, 4))          # the true range


@settings(max_examples=examples(200), deadline=None)
@given(st.integers(-999, 999), st.integers(1, 400), st.sampled_from([-1, 0, 1, F(1, 2)]),
       st.sampled_from(["sigmoid", "tanh"]))
def test_ranges_are_the_true_ranges(centre, width, d, kind):
    """Over boxes from 1e-4 to 4e-2 wide anywhere in (-1, 1), the range of the output δ equals
    the true range found by calculus: its ends to 30 digits, its width to 1 part in 100
    (only a piece around a stationary point falls back to the mean-value form)."""
    lo, hi = F(centre, 1000) - F(width, 20000), F(centre, 1000) + F(width, 20000)
    if kind == "sigmoid":
        formula, poly = SIGMOID_DELTA, [1, -(1 + d), d, 0]          # y³ - (1+d)y² + d y
        lo, hi = max(lo, F(0)), min(hi, F(1))
    else:
        formula, poly = TANH_DELTA, [1, -d, -1, d]                  # y³ - d y² - y + d
    if lo >= hi:
        return
    got = range_of(formula, {"y": (lo, hi), "d": (F(d), F(d))})
    true = _true_range([mp.mpf(c.numerator) / c.denominator if isinstance(c, F) else mp.mpf(c) for c in poly],
                       mp.mpf(lo.numerator) / lo.denominator, mp.mpf(hi.numerator) / hi.denominator)
    g = [mp.mpf(x.numerator) / x.denominator if isinstance(x, F) else mp.mpf(x) for x in got]
    tol = mp.mpf(10) ** -30
    assert g[0] <= true[0] + tol and g[1] >= true[1] - tol          # an enclosure
    assert g[1] - g[0] <= (true[1] - true[0]) * mp.mpf("1.01") + tol  # and tight


@settings(max_examples=examples(200), deadline=None)
@given(st.integers(-4000, 4000), st.integers(1, 2000))
def test_activation_ranges_are_their_values_at_the_ends(centre, width):
    """σ(v)(1 − σ(v)) over a box: tight where monotone, an enclosure around v = 0."""
    lo, hi = F(centre, 1000) - F(width, 1000), F(centre, 1000) + F(width, 1000)
    sig = ACTIVATIONS["sigmoid"]().phi(V)
    got = range_of(Mul((sig, 1 - sig)), {"v": (lo, hi)})
    f = lambda t: mpmath.exp(-t) / (1 + mpmath.exp(-t)) ** 2
    ends = [f(mp.mpf(lo.numerator) / lo.denominator), f(mp.mpf(hi.numerator) / hi.denominator)]
    true = (min(ends), mp.mpf(1) / 4 if lo <= 0 <= hi else max(ends))
    tol = mp.mpf(10) ** -30
    assert got[0] <= true[0] + tol and got[1] >= true[1] - tol
    assert got[1] - got[0] <= (true[1] - true[0]) * mp.mpf("1.01") + tol


# --------------------------------------------------------------------------- the guard
def test_a_short_answer_stands_for_the_policy_precision_only():
    """The guard against over-wide intervals: "0.2" written with 1 digit under a 3-digit policy
    stands for [0.1995, 0.2005], not [0.15, 0.25]; 0, a fraction and an exactly right value
    stand for themselves."""
    p = Policy(3)
    assert p.interval(read_number("0.2")) == (F(1995, 10000), F(2005, 10000))
    assert read_number("0.2").interval() == (F(15, 100), F(25, 100))
    assert p.interval(read_number("0.182")) == (F(1815, 10000), F(1825, 10000))
    assert p.interval(read_number("0")) == (0, 0)
    assert p.interval(read_number("-3/2")) == (F(-3, 2), F(-3, 2))
    assert p.interval(read_number("-1.5"), F(-3, 2)) == (F(-3, 2), F(-3, 2))


def test_a_short_earlier_answer_does_not_open_a_wide_window():
    """y[1] = 0.2 (one digit) would carry any v[2] from -1.0 to -0.8; under the guard only
    -0.5 - 2 (0.2 ± 0.005), i.e. -0.91 .. -0.89, is carried."""
    D = Derivation(derive.load("xor"))
    r = check_data({"answers": {"y[1]": "0.2", "v[2]": "-0.85"}}, D)
    v = {a["quantity"]: a for a in r["answers"]}
    assert v["y[1]"]["diagnosis"] == "too-few-digits"
    assert v["v[2]"]["verdict"] == "wrong"
    r = check_data({"answers": {"y[1]": "0.2", "v[2]": "-0.9"}}, D)
    assert {a["quantity"]: a["verdict"] for a in r["answers"]}["v[2]"] == "carried"


@settings(max_examples=examples(200), deadline=None)
@given(st.sampled_from(sorted(n for n, c in ACTIVATIONS.items() if not c.group)),
       st.integers(-3000, 3000), st.integers(0, 2000))
def test_every_activation_and_its_derivative_are_enclosed(name, centre, width):
    """The ranges assume every activation is monotone: over any interval, φ's range is its
    values at the ends, and every sampled value of φ(v) and of φ' (as written) lies in the
    computed ranges."""
    act = ACTIVATIONS[name]()
    lo, hi = F(centre - width, 1000), F(centre + width, 1000)
    y = act.phi(V)
    got = range_of(y, {"v": (lo, hi)})
    dphi = act.dphi(V, Sym("y"))
    samples = [lo + (hi - lo) * F(i, 16) for i in range(17)]
    tol = mp.mpf(10) ** -40
    m = lambda x: mp.mpf(x.numerator) / x.denominator if isinstance(x, F) else mp.mpf(x)
    values = [m(act.exact(t)) for t in samples]
    assert min(values) >= m(got[0]) - tol and max(values) <= m(got[1]) + tol
    assert min(values) <= m(got[0]) + tol and max(values) >= m(got[1]) - tol     # the ends are attained
    if dphi is not None:
        d = substitute(dphi, {"y": y})
        dr = range_of(d, {"v": (lo, hi)})
        for t in samples:
            x = m(evaluate(d, {"v": t}))
            assert m(dr[0]) - tol <= x <= m(dr[1]) + tol, (name, t, x, dr)
