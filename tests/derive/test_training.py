"""Part (c): the seed's numbers, and the δ recursion against sympy.diff of the composed error."""
from dataclasses import replace
from fractions import Fraction

import mpmath
import sympy
from hypothesis import assume, given, settings
from support import examples

import derive
from derive.model.formula import evaluate, to_sympy
from derive.model.numbers import to_fraction
from derive.backprop.quantities import Formulas, d, v, y
from derive.backprop.training import one_pass, run
from numeric.testing import networks


def _independent_seed_values():
    """The seed's part (c), written out by hand with mpmath at 50 digits."""
    with mpmath.workdps(50):
        sig = lambda t: 1 / (1 + mpmath.exp(-t))
        v1 = mpmath.mpf(-3) / 2
        y1 = sig(v1)
        v2 = -mpmath.mpf(1) / 2 - 2 * y1
        y2 = sig(v2)
        d2 = y2 * (1 - y2) * (0 - y2)
        d1 = y1 * (1 - y1) * d2 * (-2)
        return {"v[1]": v1, "y[1]": y1, "v[2]": v2, "y[2]": y2, "delta[2]": d2, "delta[1]": d1,
                "E": (0 - y2) ** 2 / 2, "w[2,3]": -2 + d2 * y1, "b[2]": -mpmath.mpf(1) / 2 + d2,
                "b[1]": -mpmath.mpf(3) / 2 + d1, "w[1,1]": 1, "w[1,2]": 1, "w[2,1]": 1, "w[2,2]": 1}


def test_seed_part_c_to_25_digits():
    step = derive.solve("xor")["training"]["steps"][0]
    assert step["pattern"] == {"x": ["0", "0"], "d": ["0"]}
    got = {**step["forward"], **step["delta"], **step["after"], "E": step["error"]}
    ref = _independent_seed_values()
    assert set(ref) <= set(got)
    with mpmath.workdps(50):
        for q, val in ref.items():
            assert abs(mpmath.mpf(got[q]) - val) < mpmath.mpf(10) ** -25 * max(1, abs(val)), q
    # the seed's figures, as rounded in the brief
    for q, seed in {"y[1]": "0.1824", "delta[2]": "-0.0618", "w[2,3]": "-2.0113", "b[2]": "-0.5618",
                    "delta[1]": "0.01843", "b[1]": "-1.4816"}.items():
        unit = mpmath.mpf(10) ** -len(seed.split(".")[1])
        assert abs(mpmath.mpf(got[q]) - mpmath.mpf(seed)) < 0.51 * unit, q


def test_json_numbers_have_30_digits_or_are_exact():
    step = derive.solve("xor")["training"]["steps"][0]
    for q, s in {**step["forward"], **step["delta"], **step["after"]}.items():
        digits = s.lstrip("-").replace(".", "").lstrip("0")
        assert len(digits) >= 30 or len(digits) <= 3, (q, s)


def _composed_error(tnet, F, pattern):
    """E as one SymPy expression of the parameters, composed naively (the baseline), from the
    network's loss formula (its own values are checked against the textbook in test_losses)."""
    params = set(tnet.parameters())
    sym = {}
    exprs = {}

    def leaf(name):
        if name in exprs:
            return exprs[name]
        if name in params:
            return sym.setdefault(name, sympy.Symbol(name))
        return sympy.Symbol(name)
    for n in tnet.neurons:
        exprs[v(n.id)] = to_sympy(F.field[n.id], leaf)
        if not n.activation.group:
            exprs[y(n.id)] = to_sympy(F.output[n.id], leaf)
    for n in tnet.neurons:                 # a softmax group needs every field of the group
        if n.activation.group:
            exprs[y(n.id)] = to_sympy(F.output[n.id], leaf)
    for o, dk in zip(tnet.outputs, pattern.d):
        exprs[d(o)] = _rational(dk)
    x = {sympy.Symbol(k): sympy.Rational(q.numerator, q.denominator) for k, q in zip(tnet.inputs, pattern.x)}
    return to_sympy(F.error, leaf).xreplace(x), sym


def _rational(q):
    return sympy.Rational(q.numerator, q.denominator)


def _no_kinks(tnet, F, params, patterns):
    """relu's derivative jumps at v = 0; keep the property to points away from kinks."""
    for p in patterns:
        env = one_pass(F, params, p, Fraction(1)).env
        for n in tnet.neurons:
            if any(abs(to_fraction(env[v(n.id)]) - k) < Fraction(1, 1000) for k in n.activation.kinks):
                return False
    return True


def _sympy_reference(net, patterns):
    """The trained network, its formulas and parameters, and the naive SymPy gradient of
    Σ_p E_p at the network's parameters, for every parameter."""
    tnet = net.for_training()
    F = Formulas(tnet)
    params = tnet.parameter_values()
    assume(_no_kinks(tnet, F, params, patterns))
    total, sym = 0, {}
    for p in patterns:
        E, s = _composed_error(tnet, F, p)
        total += E
        sym.update(s)
    at = {s: _rational(params[name]) for name, s in sym.items()}
    grads = {q: sympy.diff(total, sym[q]).subs(at).evalf(50) if q in sym else 0 for q in tnet.parameters()}
    return tnet, F, params, grads


@settings(max_examples=examples(25))
@given(networks(max_inputs=2, max_neurons=4, modes=("online",), max_patterns=1))
def test_delta_recursion_equals_sympy_diff(net):
    p = net.training.patterns[0]
    tnet, F, params, grads = _sympy_reference(net, [p])
    env = one_pass(F, params, p, Fraction(1)).env
    for q, ref in grads.items():
        ours = to_fraction(evaluate(F.gradient(q), env))
        assert abs(_rational(ours) - ref) < sympy.Float("1e-40", 50), q


@settings(max_examples=examples(15))
@given(networks(max_inputs=2, max_neurons=3, modes=("batch",), max_patterns=3))
def test_batch_update_is_minus_eta_times_gradient_of_summed_error(net):
    tnet, F, params, grads = _sympy_reference(net, net.training.patterns)
    step = run(net)[0]
    assert step.batch and len(step.passes) == len(net.training.patterns)
    t = net.training
    # the first step's change: −η ∂E/∂w; Hagan's momentum form scales it by (1 − α)
    # (Δw(0) = 0), and a fixed parameter does not change
    factor = 1 - _rational(t.momentum) if t.momentum is not None and t.momentum_form.name == "hagan" else 1
    for q, grad in grads.items():
        change = to_fraction(step.after[q]) - params[q]
        expected = 0 if q in t.fixed else -factor * _rational(t.learning_rate) * grad
        assert abs(_rational(change) - expected) < sympy.Float("1e-40", 50), q


def test_exact_while_small_then_bounded():
    """Linear units keep rationals exact, but their digits triple every step (9, 18, 66, 189
    bits...): past MAX_EXACT_BITS a value continues as an 80-digit mpf instead of swelling."""
    from derive.model.numbers import MAX_EXACT_BITS
    net = derive.load("xor")
    net = replace(net, training=replace(net.training, activation="linear", steps=None, epochs=3,
                                        learning_rate=Fraction(1, 10)))
    steps = run(net)
    assert len(steps) == 12
    assert all(isinstance(val, Fraction) for s in steps[:4] for val in s.after.values())
    assert any(not isinstance(val, Fraction) for val in steps[-1].after.values())
    for s in steps:
        for val in s.after.values():
            if isinstance(val, Fraction):
                assert val.denominator.bit_length() <= MAX_EXACT_BITS


def test_many_steps_do_not_swell():
    net = derive.load("xor")
    net = replace(net, training=replace(net.training, steps=None, epochs=25))
    sol = derive.solve(net)
    steps = sol["training"]["steps"]
    assert len(steps) == 100
    # every value still a 40-digit decimal, not an ever-growing expression
    assert max(len(s) for st in steps for s in st["after"].values()) < 50
    assert mpmath.mpf(steps[-1]["error"]) >= 0


def test_online_steps_count_and_epochs():
    net = derive.load("xor")
    net = replace(net, training=replace(net.training, steps=6, epochs=3))
    steps = derive.solve(net)["training"]["steps"]
    assert [(s["index"], s["epoch"]) for s in steps] == [(1, 1), (2, 1), (3, 1), (4, 1), (5, 2), (6, 2)]
    # the second step starts from the first step's weights: v[1] = w11*0 + w12*1 + b1
    with mpmath.workdps(50):
        after = {k: mpmath.mpf(val) for k, val in steps[0]["after"].items()}
        assert abs(mpmath.mpf(steps[1]["forward"]["v[1]"]) - (after["w[1,2]"] + after["b[1]"])) < 1e-35
