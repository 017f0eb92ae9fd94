"""Each activation's φ' as a student writes it equals sympy.diff of φ."""
from fractions import Fraction

import numpy as np
import pytest
import sympy

from derive.model.activations import ACTIVATIONS
from derive.model.formula import Sym, to_sympy
from derive.model.numbers import to_mpf


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.dphi is not None])
@pytest.mark.parametrize("slope", [1, 2, sympy.Rational(1, 3)])
def test_written_derivative_is_the_derivative(name, slope):
    act = ACTIVATIONS[name]
    v = sympy.Symbol("v", real=True)
    phi = to_sympy(act.phi(Sym("v"), slope), lambda n: v)
    written = to_sympy(act.derivative(Sym("v"), Sym("y"), slope),
                       lambda n: v if n == "v" else phi)
    for point in (-2, sympy.Rational(-1, 3), sympy.Rational(1, 2), 3):
        assert sympy.N((sympy.diff(phi, v) - written).subs(v, point), 50) == pytest.approx(0, abs=1e-40)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_numeric_phi_matches_symbolic(name):
    act = ACTIVATIONS[name]
    v = sympy.Symbol("v")
    phi = to_sympy(act.phi(Sym("v")), lambda n: v)
    xs = np.array([-3.0, -0.5, 0.0, 0.25, 2.0])
    ref = np.array([float(phi.subs(v, sympy.Float(x))) for x in xs])
    assert np.allclose(act.np_phi(xs), ref, rtol=1e-14, atol=0)
    # the exact φ of the training steps agrees with SymPy to 40 digits
    for q in (Fraction(-3), Fraction(-1, 2), Fraction(0), Fraction(1, 4), Fraction(2)):
        got = act.exact(q, None)
        want = sympy.N(phi.subs(v, sympy.Rational(q.numerator, q.denominator)), 50)
        assert abs(sympy.Float(str(to_mpf(got)), 60) - want) < sympy.Float("1e-40")


def test_numeric_sigmoid_and_tanh_stable_at_large_fields():
    v = np.array([-1e4, -800.0, 0.0, 800.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = ACTIVATIONS["sigmoid"].np_phi(v)
        t = ACTIVATIONS["tanh"].np_phi(v)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(t))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
