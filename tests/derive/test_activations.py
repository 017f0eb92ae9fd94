"""Every registered activation: φ' as a student writes it equals sympy.diff of φ; its exact,
SymPy, NumPy and torch forms agree; threshold units are what their states say (hardlim and
hardlims are 1 at v = 0, step and sign are not); Hagan's aliases are the same functions."""
import ast
from fractions import Fraction

import numpy as np
import pytest
import sympy

from derive.model.activations import ACTIVATIONS, SPELLINGS, Activation, SpecError, activation
from derive.model.formula import Sym, evaluate, to_sympy
from derive.model.numbers import to_mpf
from support import ROOT

ELEMENTWISE = [n for n, c in ACTIVATIONS.items() if not c.group]
TRAINABLE = [n for n in ELEMENTWISE if ACTIVATIONS[n].kind != "threshold"]
POINTS = (Fraction(-2), Fraction(-1, 3), Fraction(1, 2), Fraction(3))


def _instances(name):
    """The activation with its defaults, and with every parameter at the ends of its range."""
    cls = ACTIVATIONS[name]
    out = [cls()]
    if cls.ranges:
        out.append(cls(**{k: lo for k, (lo, hi) in cls.ranges.items()}))
        out.append(cls(**{k: hi for k, (lo, hi) in cls.ranges.items()}))
    return out


def _cases(names):
    return [pytest.param(a, id=repr(a)) for n in names for a in _instances(n)]


def _q(x):
    return sympy.Rational(x.numerator, x.denominator)


@pytest.mark.parametrize("act", _cases(TRAINABLE))
def test_written_derivative_is_the_derivative(act):
    v = sympy.Symbol("v", real=True)
    phi = act.sympy(v)
    written = to_sympy(act.dphi(Sym("v"), Sym("y")), lambda n: v if n == "v" else phi)
    for point in POINTS:
        diff = (sympy.diff(phi, v) - written).subs(v, _q(point))
        assert abs(sympy.N(diff, 50)) < 1e-40


@pytest.mark.parametrize("act", _cases(ELEMENTWISE))
def test_every_form_of_phi_agrees(act):
    v = sympy.Symbol("v")
    phi = act.sympy(v)
    # the worked solution's formula (parameters shown) is the same function
    shown = to_sympy(act.phi(Sym("v")), lambda n: v)
    for q in POINTS + (Fraction(0),):
        want = sympy.N(phi.subs(v, _q(q)), 60)
        assert abs(sympy.N(shown.subs(v, _q(q)), 60) - want) < 1e-40
        for got in (act.exact(q), evaluate(act.phi(Sym("v")), {"v": q})):
            assert abs(sympy.Float(str(to_mpf(got)), 60) - want) < sympy.Float("1e-40")
    xs = np.array([-3.0, -0.5, 0.0, 0.25, 2.0])
    ref = np.array([float(phi.subs(v, sympy.Float(x))) for x in xs])
    assert np.allclose(act.numpy(xs), ref, rtol=1e-14, atol=0)
    torch = pytest.importorskip("torch")
    assert np.allclose(act.torch(torch.tensor(xs, dtype=torch.float64)).numpy(), ref, rtol=1e-14, atol=0)


@pytest.mark.parametrize("act", _cases(TRAINABLE))
def test_numeric_derivative_matches_symbolic(act):
    v = sympy.Symbol("v")
    dphi = sympy.diff(act.sympy(v), v)
    xs = np.array([-3.0, -0.5, 0.25, 2.0])             # away from kinks
    ref = np.array([float(dphi.subs(v, sympy.Float(x))) for x in xs])
    ys = act.numpy(xs)
    assert np.allclose(act.np_dphi(xs, ys), ref, rtol=1e-13, atol=1e-15)
    G = np.array([0.5, -1.0, 2.0, 3.0])
    assert np.allclose(act.backward_from(G.copy(), xs, ys), G * ref, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name,at_zero", [("step", 0), ("sign", 0), ("hardlim", 1), ("hardlims", 1)])
def test_threshold_values_at_zero(name, at_zero):
    act = ACTIVATIONS[name]()
    assert act.exact(Fraction(0)) == at_zero
    assert act.numpy(np.array([0.0]))[0] == at_zero
    assert sympy.sympify(act.sympy(sympy.Integer(0))) == at_zero


@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if ACTIVATIONS[n].kind == "threshold"])
def test_threshold_states_describe_the_function(name):
    """Each state's condition on v holds exactly where φ(v) is that state (the regions of part (a)
    are built from the states)."""
    act = ACTIVATIONS[name]()
    ops = {">": lambda c: c > 0, ">=": lambda c: c >= 0, "<": lambda c: c < 0,
           "<=": lambda c: c <= 0, "==": lambda c: c == 0}
    for q in (Fraction(-1), Fraction(0), Fraction(1, 7)):
        holding = [state for state, op in act.states if ops[op](q)]
        assert holding == [act.exact(q)]
    assert act.dphi(Sym("v"), Sym("y")) is None


@pytest.mark.parametrize("alias,name", [("logsig", "sigmoid"), ("tansig", "tanh"),
                                        ("purelin", "linear"), ("poslin", "relu")])
def test_hagan_names_are_the_same_functions(alias, name):
    assert activation(alias) == activation(name)
    assert activation({"name": alias}) == ACTIVATIONS[name]()


def test_every_activation_describes_itself():
    for name, cls in ACTIVATIONS.items():
        act = cls()
        assert cls.kind in ("smooth", "kink", "threshold")
        assert set(cls.names) >= {"text", "latex", "unicode"}, name
        assert act.formula_text, name
        assert set(cls.ranges) <= set(cls.defaults), name
        assert (cls.kind == "kink") == bool(cls.kinks), name
        assert activation(act.to_json()) == act


def test_parameters_are_read_and_checked():
    t = activation({"name": "tanh", "a": 1.7159, "b": "2/3"})
    assert (t.a, t.b) == (Fraction(17159, 10000), Fraction(2, 3))
    assert t.to_json() == {"name": "tanh", "a": "1.7159", "b": "2/3"}
    with pytest.raises(SpecError, match="relu has no parameter 'a'"):
        activation({"name": "relu", "a": 2})
    with pytest.raises(SpecError, match="must be positive"):
        activation({"name": "sigmoid", "a": 0})
    with pytest.raises(SpecError, match="from 0 to 1"):
        activation({"name": "leaky_relu", "alpha": 1})
    with pytest.raises(SpecError, match="unknown activation 'swish'"):
        activation("swish")


def test_bipolar_sigmoid_is_tanh_with_half_b():
    """Haykin: 2/(1 + e^(−v)) − 1 = tanh(v/2)."""
    act = activation({"name": "tanh", "b": "1/2"})
    for q in POINTS:
        assert abs(to_mpf(act.exact(q)) - (2 / (1 + np_exp(-q)) - 1)) < 1e-60


def np_exp(q):
    from derive.model.numbers import MP
    return MP.exp(to_mpf(q))


def test_numeric_sigmoid_and_tanh_stable_at_large_fields():
    v = np.array([-1e4, -800.0, 0.0, 800.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = ACTIVATIONS["sigmoid"]().numpy(v)
        t = ACTIVATIONS["tanh"]().numpy(v)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(t))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5


def test_softmax_group():
    sm = ACTIVATIONS["softmax"]()
    V = np.array([[0.5, -1.0, 2.0], [800.0, 0.0, -800.0]])
    Y = sm.numpy(V)
    assert np.allclose(Y.sum(axis=1), 1.0, rtol=0, atol=1e-15) and np.all(np.isfinite(Y))
    # the Jacobian-vector product against the Jacobian written out: dy_j/dv_k = y_j (1[j=k] − y_k)
    G = np.array([[1.0, -2.0, 0.5], [0.3, 0.1, -0.7]])
    for p in range(2):
        J = np.diag(Y[p]) - np.outer(Y[p], Y[p])
        assert np.allclose(sm.np_backward(V, Y, G)[p], J.T @ G[p], rtol=1e-13, atol=1e-16)
    assert np.allclose(sm.np_backward(V.T, Y.T, G.T, axis=0).T, sm.np_backward(V, Y, G), rtol=0, atol=0)


def test_registering_an_activation_takes_one_class():
    """Defining the subclass is all it takes (then it is removed again)."""
    class Cube(Activation):
        name = "cube_for_test"
        names = {"text": "cube", "latex": "c", "unicode": "c"}
        formula_text = "v^3"

        def exact(self, v):
            return v ** 3

        def sympy(self, x):
            return x ** 3
    try:
        assert activation("cube_for_test") == Cube()
    finally:
        del ACTIVATIONS["cube_for_test"], SPELLINGS["cube_for_test"]


def test_no_activation_is_checked_by_name_outside_its_module():
    """No ``act.name == "relu"``, ``"sigmoid" in acts`` or name-keyed table anywhere: what an
    activation is, its object says. (String constants naming an activation may appear as data,
    such as the seed's network, but never in a comparison or as the keys of a table.)"""
    names = set(SPELLINGS)
    found = []
    for path in sorted([*(ROOT / "derive").rglob("*.py"), *(ROOT / "numeric").rglob("*.py"),
                        *(ROOT / "handgrad").rglob("*.py")]):
        if "activations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            consts = []
            if isinstance(node, ast.Compare):           # act.name == "relu", "sigmoid" in acts
                operands = [node.left, *node.comparators]
                if any(not isinstance(c, ast.Constant) and ("act" in ast.unparse(c) or "name" in ast.unparse(c))
                       for c in operands):
                    for c in operands:
                        consts += c.elts if isinstance(c, (ast.Tuple, ast.List, ast.Set)) else [c]
            elif isinstance(node, ast.Dict):               # a table keyed by activation names
                keys = [k for k in node.keys if isinstance(k, ast.Constant) and k.value in names]
                consts = keys if len(keys) >= 2 else []
            found += [f"{path.relative_to(ROOT)}:{c.lineno}: {c.value!r}" for c in consts
                      if isinstance(c, ast.Constant) and c.value in names]
    assert not found, found


def test_the_readme_table_lists_every_activation():
    readme = (ROOT / "README.md").read_text()
    for name, cls in ACTIVATIONS.items():
        assert f"| `{name}`" in readme, name
        for alias in cls.aliases:
            assert f"`{alias}`" in readme, alias
